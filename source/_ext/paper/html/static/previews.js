// Previews of citations and cross-references on hover and keyboard focus
// (source/_ext/paper/html/previews.py writes what each link points at into
// the page). WCAG 2.2 SC 1.4.13: Esc dismisses the box, the pointer can move
// onto it, and it stays while the link or the box is hovered or the link focused.
(() => {
  const data = document.getElementById("paper-previews");
  if (!data) return;
  const previews = JSON.parse(data.textContent);
  const box = document.createElement("div");
  box.id = "paper-preview";
  box.className = "paper-preview";
  box.setAttribute("role", "tooltip");
  box.hidden = true;
  document.body.append(box);
  // The time the pointer has to cross from the link to the box.
  const GRACE_MS = 300;
  let owner = null;
  let timer = 0;

  const paragraph = (className, text) => {
    const p = document.createElement("p");
    if (className) p.className = className;
    p.textContent = text;
    return p;
  };

  const fill = (link, preview) => {
    box.replaceChildren();
    if (preview.kind === "reference") {
      const p = document.createElement("p");
      // Written by the build from the paper's own references; it holds their links.
      p.innerHTML = `<span class="paper-preview-title">${preview.number}</span> ${preview.html}`;
      box.append(p);
      return;
    }
    box.append(paragraph("paper-preview-title", preview.title));
    if (preview.text) box.append(paragraph("", preview.text));
    const href = link.getAttribute("href");
    const target = href.startsWith("#") ? document.getElementById(href.slice(1)) : null;
    const image = preview.kind === "figure" && target ? target.querySelector("img") : null;
    if (image) {
      // The figure's own drawing, small; the caption above says what it shows.
      const copy = document.createElement("img");
      copy.src = image.currentSrc || image.src;
      copy.alt = "";
      box.append(copy);
    }
  };

  const place = (link) => {
    const rect = link.getBoundingClientRect();
    const margin = 8;
    const width = box.offsetWidth;
    const left = Math.min(Math.max(margin, rect.left), document.documentElement.clientWidth - width - margin);
    const below = rect.bottom + 4;
    const fitsBelow = below + box.offsetHeight <= window.innerHeight - margin || rect.top < box.offsetHeight + margin;
    const top = fitsBelow ? below : rect.top - box.offsetHeight - 4;
    box.style.left = `${left + window.scrollX}px`;
    box.style.top = `${top + window.scrollY}px`;
  };

  const show = (link) => {
    clearTimeout(timer);
    if (owner === link) return;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = link;
    fill(link, previews[link.getAttribute("href")]);
    box.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", box.id);
  };

  const hide = () => {
    clearTimeout(timer);
    if (!owner) return;
    owner.removeAttribute("aria-describedby");
    owner = null;
    box.hidden = true;
  };

  const hideUnlessHeld = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (owner && !owner.matches(":hover") && !box.matches(":hover") && document.activeElement !== owner) hide();
    }, GRACE_MS);
  };

  for (const link of document.querySelectorAll("a[href]")) {
    if (!Object.hasOwn(previews, link.getAttribute("href"))) continue;
    // The preview says more than the browser's own tooltip, which would cover it.
    link.removeAttribute("title");
    link.addEventListener("mouseenter", () => show(link));
    link.addEventListener("focus", () => show(link));
    link.addEventListener("mouseleave", hideUnlessHeld);
    link.addEventListener("blur", hideUnlessHeld);
  }
  box.addEventListener("mouseenter", () => clearTimeout(timer));
  box.addEventListener("mouseleave", hideUnlessHeld);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && owner) hide();
  });
})();
