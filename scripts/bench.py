"""Time the paper's builds and weigh its output; print one table (`make bench`).

Each timing is the median of several runs, each in a fresh copy of the
project in a temporary folder (the working tree's _build is never touched),
built strictly as the Makefile builds it:

* cold HTML build, and the same for a one-page empty project with the same
  third-party Sphinx extensions and theme: the floor our build is compared to;
* rebuild with nothing changed; rebuild after touching one section;
* cold PDF build, and how many LaTeX passes latexmk made.

Then, once: what the root page weighs when Chromium loads it from a local
static server (every response gzipped as a server would send it, and the
request count), and the PDF's size and page count.

Targets are the README's ("Performance"); a missed one is marked, not fatal:
this measures, the tests check.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import re
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
STRICT = ["-W", "--keep-going", "-n"]
PDF_NAME = "amcenestrant.pdf"
TOUCHED_SECTION = "source/introduction.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LATEX_PASS = re.compile(r"Run number \d+ of rule '(pdf|xe|lua)?latex'")

# Targets, from the issue that asked for this benchmark.
MAX_RATIO_TO_FLOOR = 2.0
MAX_ONE_SECTION_REBUILD = 1.5  # seconds, on a 2-core machine
MAX_ROOT_PAGE_GZIP = 150 * 1024  # bytes
MAX_LATEX_PASSES = 3  # the first, and at most two more


def environment() -> dict[str, str]:
    """Dated like the Makefile's builds: by the last commit, not the clock."""
    env = dict(os.environ, FORCE_SOURCE_DATE="1")
    if "SOURCE_DATE_EPOCH" not in env:
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        env["SOURCE_DATE_EPOCH"] = stamp or "0"
    return env


def sphinx(project: Path, builder: str, out: Path) -> tuple[float, str]:
    """Build strictly; return the wall-clock seconds and everything printed."""
    command = [sys.executable, "-m", "sphinx", "-M", builder, str(project / "source"), str(out),
               "-c", str(project), *STRICT, "-q"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=environment())
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {builder} build of {project} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return seconds, result.stdout + result.stderr


def fresh_copy(destination: Path) -> Path:
    ignore = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache")
    return Path(shutil.copytree(ROOT, destination, ignore=ignore))


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


def serve(folder: Path):
    """A static server for the folder on the loopback interface; returns (server, base URL)."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def root_page_weight(site: Path) -> tuple[int, int, int]:
    """(requests, bytes, gzipped bytes) of loading index.html in Chromium."""
    from playwright.sync_api import sync_playwright

    httpd, base = serve(site)
    loaded = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("requestfinished", lambda request: loaded.append(request.url))
            page.goto(f"{base}/index.html", wait_until="networkidle")
            browser.close()
    finally:
        httpd.shutdown()
    outside = [url for url in loaded if not url.startswith(base)]
    if outside:
        sys.exit(f"bench: the root page loads from outside the site: {outside}")
    bodies = [(site / unquote(urlparse(url).path).lstrip("/")).read_bytes() for url in loaded]
    return len(bodies), sum(map(len, bodies)), sum(len(gzip.compress(body, 6)) for body in bodies)


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def measure(runs: int, work: Path) -> dict:
    timings = {key: [] for key in ("floor", "cold_html", "noop", "one_section", "cold_pdf")}
    passes = []
    for run in range(runs):
        here = work / f"run{run}"
        timings["floor"].append(sphinx(floor_project(here / "floor"), "html", here / "floor-out")[0])
        project = fresh_copy(here / "html-project")
        out = here / "html-out"
        timings["cold_html"].append(sphinx(project, "html", out)[0])
        timings["noop"].append(sphinx(project, "html", out)[0])
        (project / TOUCHED_SECTION).touch()
        timings["one_section"].append(sphinx(project, "html", out)[0])
        seconds, printed = sphinx(fresh_copy(here / "pdf-project"), "latexpdf", here / "pdf-out")
        timings["cold_pdf"].append(seconds)
        passes.append(len(LATEX_PASS.findall(printed)))
        print(f"  run {run + 1}/{runs} done", file=sys.stderr)
    last = work / f"run{runs - 1}"
    pdf = last / "pdf-out" / "latex" / PDF_NAME
    return {
        **{key: statistics.median(values) for key, values in timings.items()},
        "passes": max(passes),
        "weight": root_page_weight(last / "html-out" / "html"),
        "pdf_bytes": pdf.stat().st_size,
        "pdf_pages": pdf_pages(pdf),
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def table(m: dict, runs: int) -> str:
    ratio = m["cold_html"] / m["floor"]
    requests, raw, gzipped = m["weight"]
    rows = [
        ("Cold HTML build", f"{m['cold_html']:.2f} s",
         f"{ratio:.2f}x floor; target <= {MAX_RATIO_TO_FLOOR:g}x: {verdict(ratio <= MAX_RATIO_TO_FLOOR)}"),
        ("  floor: empty one-page project", f"{m['floor']:.2f} s", "same extensions and theme"),
        ("Rebuild, nothing changed", f"{m['noop']:.2f} s", ""),
        ("Rebuild, one section touched", f"{m['one_section']:.2f} s",
         f"target <= {MAX_ONE_SECTION_REBUILD:g} s: {verdict(m['one_section'] <= MAX_ONE_SECTION_REBUILD)}"),
        ("Cold PDF build", f"{m['cold_pdf']:.2f} s",
         f"{m['passes']} LaTeX passes; target <= {MAX_LATEX_PASSES}: {verdict(m['passes'] <= MAX_LATEX_PASSES)}"),
        ("Root page, gzip", f"{gzipped / 1024:.1f} KB",
         f"{requests} requests, {raw / 1024:.1f} KB raw; target <= {MAX_ROOT_PAGE_GZIP // 1024} KB: "
         f"{verdict(gzipped <= MAX_ROOT_PAGE_GZIP)}"),
        ("PDF", f"{m['pdf_bytes'] / 1024:.1f} KB", f"{m['pdf_pages']} pages"),
    ]
    widths = [max(len(row[column]) for row in [("What", "Median", "Notes"), *rows]) for column in range(3)]
    # A Markdown table, to paste into the README as it is.
    lines = [f"Median of {runs} runs; {os.cpu_count()} CPU cores; Python {sys.version.split()[0]}", ""]
    for row in [("What", "Median", "Notes"), tuple("-" * width for width in widths), *rows]:
        lines.append("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paper-bench-") as work:
        print(table(measure(args.runs, Path(work)), args.runs))


if __name__ == "__main__":
    main()
