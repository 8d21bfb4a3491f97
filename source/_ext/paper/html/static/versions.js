// "You are reading version X; the latest is Y."
//
// The page carries the static line (source/_ext/paper/versions.py). When it is
// served over HTTP from a release site, where each version lives under
// v/<version>/ and the newest is copied to latest/, this script reads the
// site's versions.json from the same server and adds which version is the
// latest, linking to this same page and anchor there. From disk it fetches
// nothing, and if anything fails the static line stays as it is.
(() => {
  const banner = document.querySelector(".paper-version");
  if (!banner || !location.protocol.startsWith("http")) return;
  const page = banner.dataset.page; // this page's address within its version
  let path = location.pathname;
  if (!path.endsWith(`/${page}`) && path.endsWith("/")) path += "index.html"; // a folder's index page
  if (!path.endsWith(`/${page}`)) return;
  const versionRoot = path.slice(0, path.length - page.length);
  const site = versionRoot.match(/^(.*\/)(?:v\/[^/]+|latest)\/$/);
  if (!site) return;
  const siteRoot = site[1];

  const spelled = (iso) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(
    "en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

  fetch(`${siteRoot}versions.json`)
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((versions) => {
      const latest = versions.find((entry) => entry.preferred);
      if (!latest) return;
      const note = document.createElement("span");
      note.className = "paper-version-latest";
      if (latest.version === banner.dataset.version) {
        note.textContent = " This is the latest version.";
      } else {
        const link = document.createElement("a");
        const target = `${siteRoot}v/${encodeURIComponent(latest.version)}/${page}`;
        const follow = () => { link.href = target + location.hash; };
        follow();
        window.addEventListener("hashchange", follow);
        link.textContent = `version ${latest.version}`;
        const released = latest.date ? ` of ${spelled(latest.date)}` : "";
        note.append(" The latest is ", link, `${released}.`);
      }
      banner.append(note);
    })
    .catch(() => {});
})();
