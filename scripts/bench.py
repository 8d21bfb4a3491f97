"""Time the paper's builds and weigh its output; print one table (`make bench`).

Each timing is the median of several runs, each in a fresh copy of the
project in a temporary folder (the working tree's _build is never touched),
built strictly as the Makefile builds it (scripts/paperbuild.py). Every run
times every row once, one after the other, so that each ratio compares
figures measured side by side under the same load (ratios are of the
medians of this one run, but for the cold build's to the floor):

* cold HTML build, and the same for a one-page empty project with the same
  third-party Sphinx extensions and theme: the floor our build is compared to,
  each run's cold build against the floor built just before it (paired runs;
  the median of their ratios, and their range);
* rebuild with nothing changed; rebuild after touching one section, after
  editing one reference's title and after raising the version, each
  against the cold build (every page is written again after any change:
  paper.rebuilds); `make html` with nothing changed (it runs the LaTeX,
  single-page and HTML builders and latexmk, which find nothing to do);
* cold PDF build, and how many LaTeX passes latexmk made;
* cold HTML builds of the paper enlarged 5 and 20 times (every section
  repeated with fresh labels), against the straight line through the
  original and the fivefold paper: a build whose cost grows faster than the
  paper shows up as the twentyfold one lying above that line.

Then, once: what the root page weighs when Chromium loads it from a local
static server (every response gzipped as a server would send it, and the
request count), and the PDF's size and page count; and, in one `make preview`
of a fresh copy, how long an edit to a section takes to be served rebuilt
(from saving the file to the page with the edit on the server), the median
of as many edits as there are runs.

Targets are the README's ("Performance"); a missed one is marked, not fatal:
this measures, the tests check.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from paperbuild import ROOT, build, build_env, edit_to_visible, launch_chromium, preview, project_copy, serve

PDF_NAME = "amcenestrant.pdf"
TOUCHED_SECTION = "source/introduction.md"
#: An edit of one reference's title (old, new), and of the version in CITATION.cff.
REFERENCE_EDIT = ("title        = {Randomized", "title        = {Randomised")
VERSION_EDIT = ('version: &version "', 'version: &version "9.')
#: The section `make preview` is timed editing.
PREVIEWED_SECTION = "introduction"
#: How many times the enlarged papers repeat the original.
SCALES = (5, 20)
#: A toctree with ``:numbered:``: its entries are the paper's sections.
NUMBERED_TOCTREE = re.compile(r"^```\{toctree\}\n(?::[^\n]*\n)*?:numbered:.*?\n\n(.*?)```", re.M | re.S)
LABEL = re.compile(r"^\(([\w-]+)\)=$|^:name: ([\w-]+)$", re.M)
CITATION_LINK = re.compile(r'<a class="reference internal" href="[^"]*#cite-')
LATEX_PASS = re.compile(r"Run number \d+ of rule '(pdf|xe|lua)?latex'")

# Targets, from the issue that asked for this benchmark.
MAX_RATIO_TO_FLOOR = 1.5
MAX_ONE_SECTION_REBUILD = 1.5  # seconds, on a 2-core machine
MAX_ROOT_PAGE_GZIP = 150 * 1024  # bytes
MAX_LATEX_PASSES = 3  # the first, and at most two more
MAX_RATIO_TO_LINE = 1.2  # the twentyfold paper against the line through x1 and x5
MAX_PREVIEW_EDIT = 3.0  # seconds from saving a section to its page served rebuilt (our own target)


def sphinx(project: Path, builder: str, out: Path) -> tuple[float, str]:
    """Build strictly; return the wall-clock seconds and everything printed."""
    start = time.perf_counter()
    result = build(project, builder, out, "-q")
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {builder} build of {project} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return seconds, result.stdout + result.stderr


def enlarge(project: Path, factor: int) -> int:
    """Repeat the paper's sections ``factor`` times in all; return how many there are.

    Copy ``k`` of a section file is ``name-k.md``, with every label of the
    sections (``(sec-x)=`` targets, ``:name:`` options) renamed ``label-k``
    wherever it occurs, so that each copy refers to its own sections,
    figures and tables. The copies follow the originals in the numbered
    table of contents.
    """
    source = project / "source"
    index = source / "index.md"
    toctree = NUMBERED_TOCTREE.search(index.read_text(encoding="utf-8"))
    sections = toctree.group(1).split()
    texts = {name: (source / f"{name}.md").read_text(encoding="utf-8") for name in sections}
    labels = {first or second for text in texts.values() for first, second in LABEL.findall(text)}
    label = re.compile(r"(?<![\w-])(%s)(?![\w-])" % "|".join(map(re.escape, sorted(labels))))
    entries = list(sections)
    for k in range(2, factor + 1):
        for name, text in texts.items():
            (source / f"{name}-{k}.md").write_text(label.sub(rf"\1-{k}", text), encoding="utf-8")
            entries.append(f"{name}-{k}")
    start, end = toctree.span(1)
    text = index.read_text(encoding="utf-8")
    index.write_text(text[:start] + "".join(f"{entry}\n" for entry in entries) + text[end:], encoding="utf-8")
    return len(entries)


def citations(site: Path) -> int:
    """How many citation links the built pages hold."""
    return sum(len(CITATION_LINK.findall(page.read_text(encoding="utf-8"))) for page in site.glob("*.html"))


def edited(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        sys.exit(f"bench: {old!r} is not in {path}: update the benchmark's edits")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_html_unchanged(project: Path) -> float:
    """Seconds of `make html` in a built project where nothing changed (the ready environment linked in)."""
    for ready in (".venv", "node_modules"):
        (project / ready).symlink_to(ROOT / ready)
    def make_html() -> float:
        start = time.perf_counter()
        result = subprocess.run(["make", "--no-print-directory", "-o", "venv", "html", f"PYTHON={sys.executable}"],
                                cwd=project, env=build_env(project), capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"bench: make html failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
        return time.perf_counter() - start

    make_html()  # built once
    return make_html()


def floor_project(destination: Path) -> Path:
    """One empty page, with conf.py's third-party extensions and theme and nothing of the paper."""
    conf = runpy.run_path(str(ROOT / "conf.py"))
    local = {path.name for path in (ROOT / "source" / "_ext").iterdir()}
    extensions = [name for name in conf["extensions"] if name.split(".")[0] not in local]
    (destination / "source").mkdir(parents=True)
    (destination / "source" / "index.md").write_text("# Empty\n\nOne page.\n")
    (destination / "references.bib").write_text("")
    (destination / "conf.py").write_text(
        f"extensions = {extensions!r}\n"
        f"html_theme = {conf['html_theme']!r}\n"
        "bibtex_bibfiles = ['references.bib']\n"
    )
    return destination


def root_page_weight(site: Path) -> tuple[int, int, int]:
    """(requests, bytes, gzipped bytes) of loading index.html in Chromium."""
    from playwright.sync_api import sync_playwright

    loaded = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.on("requestfinished", lambda request: loaded.append(request.url))
        page.goto(f"{base}/index.html", wait_until="networkidle")
        browser.close()
    outside = [url for url in loaded if not url.startswith(base)]
    if outside:
        sys.exit(f"bench: the root page loads from outside the site: {outside}")
    bodies = [(site / unquote(urlparse(url).path).lstrip("/")).read_bytes() for url in loaded]
    return len(bodies), sum(map(len, bodies)), sum(len(gzip.compress(body, 6)) for body in bodies)


def preview_edit_to_visible(edits: int, work: Path) -> float:
    """The median seconds from saving an edited section to `make preview` serving its page with the edit."""
    project = project_copy(work / "preview")
    with preview(project, work / "preview.log") as base:
        return statistics.median(edit_to_visible(project, base, PREVIEWED_SECTION) for _ in range(edits))


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def on_the_line(timings: dict) -> float:
    """The twentyfold build's time over the straight line through x1 and x5."""
    low, top = SCALES
    x1, x5 = timings["cold_html"], timings[f"x{low}"]
    return timings[f"x{top}"] / (x1 + (x5 - x1) * (top - 1) / (low - 1))


def measure(runs: int, work: Path) -> dict:
    rows = ("floor", "cold_html", "noop", "one_section", "reference", "version", "make_noop", "cold_pdf",
            *(f"x{factor}" for factor in SCALES))
    timings = {key: [] for key in rows}
    passes = []
    for run in range(runs):
        here = work / f"run{run}"
        timings["floor"].append(sphinx(floor_project(here / "floor"), "html", here / "floor-out")[0])
        project = project_copy(here / "html")
        out = here / "html-out"
        timings["cold_html"].append(sphinx(project, "html", out)[0])
        timings["noop"].append(sphinx(project, "html", out)[0])
        (project / TOUCHED_SECTION).touch()
        timings["one_section"].append(sphinx(project, "html", out)[0])
        edited(project / "references.bib", *REFERENCE_EDIT)
        timings["reference"].append(sphinx(project, "html", out)[0])
        edited(project / "CITATION.cff", *VERSION_EDIT)
        timings["version"].append(sphinx(project, "html", out)[0])
        timings["make_noop"].append(make_html_unchanged(project_copy(here / "make")))
        seconds, printed = sphinx(project_copy(here / "pdf"), "latexpdf", here / "pdf-out")
        timings["cold_pdf"].append(seconds)
        passes.append(len(LATEX_PASS.findall(printed)))
        sizes = {}
        for factor in SCALES:
            enlarged = project_copy(here / f"x{factor}")
            sections = enlarge(enlarged, factor)
            timings[f"x{factor}"].append(sphinx(enlarged, "html", here / f"x{factor}-out")[0])
            sizes[factor] = (sections, citations(here / f"x{factor}-out" / "html"))
        print(f"  run {run + 1}/{runs} done", file=sys.stderr)
    last = work / f"run{runs - 1}"
    pdf = last / "pdf-out" / "latex" / PDF_NAME
    medians = {key: statistics.median(values) for key, values in timings.items()}
    # Each run's cold build against the floor built just before it: a pair
    # under the same load, so that the machine's drift between runs cancels.
    paired = [cold / floor for cold, floor in zip(timings["cold_html"], timings["floor"])]
    return {
        **medians,
        "ratio_floor": statistics.median(paired),
        "ratio_floor_range": (min(paired), max(paired)),
        "ratio_line": on_the_line(medians),
        "sizes": sizes,
        "passes": max(passes),
        "weight": root_page_weight(last / "html-out" / "html"),
        "pdf_bytes": pdf.stat().st_size,
        "pdf_pages": pdf_pages(pdf),
        "preview_edit": preview_edit_to_visible(runs, work),
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def table(m: dict, runs: int, loads: tuple[float, float]) -> str:
    ratio, line = m["ratio_floor"], m["ratio_line"]
    lowest, highest = m["ratio_floor_range"]
    requests, raw, gzipped = m["weight"]
    rows = [
        ("Cold HTML build", f"{m['cold_html']:.2f} s",
         f"{ratio:.2f}x floor ({lowest:.2f}-{highest:.2f}); target <= {MAX_RATIO_TO_FLOOR:g}x: "
         f"{verdict(ratio <= MAX_RATIO_TO_FLOOR)}"),
        ("  floor: empty one-page project", f"{m['floor']:.2f} s", "same extensions and theme"),
        ("Rebuild, nothing changed", f"{m['noop']:.2f} s", ""),
        ("Rebuild, one section touched", f"{m['one_section']:.2f} s",
         f"{m['one_section'] / m['cold_html']:.2f}x cold; target <= {MAX_ONE_SECTION_REBUILD:g} s: "
         f"{verdict(m['one_section'] <= MAX_ONE_SECTION_REBUILD)}"),
        ("Rebuild, one reference edited", f"{m['reference']:.2f} s", f"{m['reference'] / m['cold_html']:.2f}x cold"),
        ("Rebuild, version raised", f"{m['version']:.2f} s", f"{m['version'] / m['cold_html']:.2f}x cold"),
        ("make html, nothing changed", f"{m['make_noop']:.2f} s", "LaTeX, single page, HTML; latexmk"),
        ("Cold PDF build", f"{m['cold_pdf']:.2f} s",
         f"{m['passes']} LaTeX passes; target <= {MAX_LATEX_PASSES}: {verdict(m['passes'] <= MAX_LATEX_PASSES)}"),
        *((f"Cold HTML build, paper x{factor}", f"{m[f'x{factor}']:.2f} s",
           f"{sections} sections, {cited:,} citations") for factor, (sections, cited) in m["sizes"].items()),
        (f"  x{SCALES[-1]} against the line through x1, x{SCALES[0]}", f"{line:.2f}x",
         f"target <= {MAX_RATIO_TO_LINE:g}x: {verdict(line <= MAX_RATIO_TO_LINE)}"),
        ("Root page, gzip", f"{gzipped / 1024:.1f} KB",
         f"{requests} requests, {raw / 1024:.1f} KB raw; target <= {MAX_ROOT_PAGE_GZIP // 1024} KB: "
         f"{verdict(gzipped <= MAX_ROOT_PAGE_GZIP)}"),
        ("PDF", f"{m['pdf_bytes'] / 1024:.1f} KB", f"{m['pdf_pages']} pages"),
        ("make preview: section saved to served", f"{m['preview_edit']:.2f} s",
         f"{runs} edits; target <= {MAX_PREVIEW_EDIT:g} s: {verdict(m['preview_edit'] <= MAX_PREVIEW_EDIT)}"),
    ]
    widths = [max(len(row[column]) for row in [("What", "Median", "Notes"), *rows]) for column in range(3)]
    # A Markdown table, to paste into the README as it is. The cold build's
    # ratio to the floor is the median of the runs' own (their range in
    # brackets); the other ratios are of the medians above (the line's slope,
    # from a 4-step difference, would carry each run's noise into x20 nearly
    # five times over).
    lines = [f"Median of {runs} runs; {os.cpu_count()} CPU cores; Python {sys.version.split()[0]}; "
             f"load average {loads[0]:.2f} before, {loads[1]:.2f} after", ""]
    for row in [("What", "Median", "Notes"), tuple("-" * width for width in widths), *rows]:
        lines.append("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (default 5)")
    args = parser.parse_args()
    # Other work on the machine slows every build; the load says how much there was.
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="paper-bench-") as work:
        measured = measure(args.runs, Path(work))
    print(table(measured, args.runs, (before, os.getloadavg()[0])))


if __name__ == "__main__":
    main()
