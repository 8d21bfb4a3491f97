"""Build the paper strictly, in a temporary copy, and show it to Chromium.

The one home of what the tests (tests/conftest.py, tests/test_reader.py),
``make bench`` (scripts/bench.py) and ``make audit`` (scripts/audit.py)
share, so that they build and load the paper exactly as each other and as
the Makefile do:

* the strict Sphinx options (``python3 scripts/paperbuild.py strict-options``
  prints them for the Makefile);
* the build environment: dates from the last commit, never the clock, and
  the commit every output names;
* a copy of the project's sources in a temporary folder, and a build of it;
* a static HTTP server on the loopback interface, which compresses text as
  any web host does, and Debian's Chromium with the options it needs here
  (Playwright and Lighthouse both drive it);
* ``make preview`` run in a copy of the project on a free port, and how long
  an edited section takes to be served rebuilt (the test of ``make preview``
  and its row in ``make bench``).

Only the standard library is imported at the top: the Makefile runs this
file before the virtual environment exists.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.client
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Where a project keeps the paper extension (installed from ROOT's in editable mode: pyproject.toml).
EXTENSION_FOLDER = Path("source") / "_ext"
#: Every warning is an error, every reference must resolve, and all problems
#: are reported before the build stops.
STRICT = ("-W", "--keep-going", "-n")
#: What a copy of the project leaves behind: outputs, caches, the environment. Compiled modules
#: (``__pycache__``) go with it, as the Makefile compiles the extension when it installs it: without
#: them, every build of a copy compiled the extension again where PYTHONDONTWRITEBYTECODE is set
#: (0.05 s, 4% of a cold build); Python compiles afresh any module whose source has since changed.
NOT_SOURCES = (".venv", "_build", ".git", ".pytest_cache", "node_modules", "*.egg-info")

CHROMIUM = "/usr/bin/chromium"
#: As root Chromium needs --no-sandbox; the rest keep it from calling home.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True).stdout.strip()


def build_env(project: Path | None = None) -> dict[str, str]:
    """The environment for a build, as the Makefile sets it: dates from the last
    commit (reproducible output), and that commit's hash for every output to show.

    What these builds print is read by programs (the tests, the benchmark),
    never by a terminal, so it is plain text: Sphinx colours its output
    wherever ``CI`` or ``FORCE_COLOR`` is set, and ``NO_COLOR`` wins over both.

    A copy of the project (``project``) is built with its own copy of the
    paper extension, which a test may have changed, ahead of the one the
    environment has installed from this checkout."""
    env = dict(os.environ, FORCE_SOURCE_DATE="1", NO_COLOR="1")
    env.setdefault("SOURCE_DATE_EPOCH", git("log", "-1", "--format=%ct") or "0")
    env.setdefault("PAPER_COMMIT", git("rev-parse", "HEAD"))
    if project is not None and (project / EXTENSION_FOLDER).is_dir():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project / EXTENSION_FOLDER), env.get("PYTHONPATH")]))
    return env


def doctree_folder(outdir: Path, target: str) -> Path:
    """Where a build keeps its environment, as the Makefile says: one folder per builder
    (``latexpdf`` is the ``latex`` builder's)."""
    return outdir / "doctrees" / {"latexpdf": "latex"}.get(target, target)


def build(project: Path, builder: str, outdir: Path, *options: str,
          timeout: float | None = None) -> subprocess.CompletedProcess:
    """``sphinx-build -M builder`` run strictly on a project folder (sources in
    ``source/``, ``conf.py`` beside it), with the builder's own environment and extra options. It raises only
    if the build outlasts ``timeout`` seconds, after ending it and every
    process it started."""
    command = [sys.executable, "-m", "sphinx", "-M", builder, str(project / "source"), str(outdir),
               "-c", str(project), "-d", str(doctree_folder(outdir, builder)), *STRICT, *options]
    # A session of its own, so that a build that hangs can be ended whole.
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=build_env(project), start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def project_copy(parent: Path) -> Path:
    """A copy of the project's sources as ``parent/project``."""
    return Path(shutil.copytree(ROOT, parent / "project", ignore=shutil.ignore_patterns(*NOT_SOURCES)))


#: What a web host sends gzipped to a browser that accepts it.
COMPRESSED_TYPES = {"text/html", "text/css", "text/javascript", "application/javascript",
                    "image/svg+xml", "application/json", "text/plain", "application/xml"}


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Files of a folder, text gzipped when the browser accepts it; no log lines."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        content_type = self.guess_type(str(path))
        if (not path.is_file() or content_type not in COMPRESSED_TYPES
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        # mtime=0: the same bytes every time, like a host's precompressed files.
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) while the block runs; yield its base URL."""
    handler = functools.partial(StaticHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page at ``url``, or None while nothing answers there with one."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
        # Nothing listening yet, or a page read while the build rewrites it.
        return None


@contextlib.contextmanager
def preview(project: Path, log: Path, timeout: float = 300) -> Iterator[str]:
    """``make preview`` in a project folder, on a free port, while the block runs.

    Yields the server's base URL once it serves the root page (after the
    first build); what make and sphinx-autobuild print goes to ``log``. The
    preview and every process it started end with the block. ``-o venv``
    and this Python: the copy uses the environment already made.
    """
    port = free_port()
    command = ["make", "--no-print-directory", "-o", "venv", "preview", f"PREVIEW_PORT={port}",
               f"PYTHON={sys.executable}"]
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as output, subprocess.Popen(command, cwd=project, env=build_env(project), stdout=output,
                                                   stderr=subprocess.STDOUT, start_new_session=True) as process:
        try:
            deadline = time.monotonic() + timeout
            while fetch(f"{base}/index.html") is None:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"make preview served nothing at {base}:\n{log.read_text()[-3000:]}")
                time.sleep(0.2)
            yield base
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def edit_to_visible(project: Path, base: str, section: str, timeout: float = 120) -> float:
    """Seconds from adding a sentence to a section's file to the preview serving its page with it."""
    sentence = f"Edited for the preview check {uuid.uuid4().hex}."
    source = project / "source" / f"{section}.md"
    text = source.read_text(encoding="utf-8")
    start = time.perf_counter()
    source.write_text(f"{text}\n{sentence}\n", encoding="utf-8")
    while sentence not in (fetch(f"{base}/{section}.html") or ""):
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{section}.html did not show the edit within {timeout:g} s")
        time.sleep(0.05)
    return time.perf_counter() - start


def launch_chromium(playwright):
    """Debian's Chromium under Playwright (which never downloads a browser here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))


if __name__ == "__main__":
    if sys.argv[1:] != ["strict-options"]:
        sys.exit(f"usage: {sys.argv[0]} strict-options")
    print(" ".join(STRICT))
