"""An edited paper is the paper a clean build makes, whatever was edited and whichever builder runs.

Sphinx reads again only the documents whose sources or noted dependencies
changed, each builder writes only the pages it finds out of date, and
nothing removes what a build no longer makes. Left so, an edit can leave a
stale page behind with exit 0: a page that shows another page's heading,
number or reference; a page the last build of *another* builder already
read the edit into, when builders share an environment (``sphinx-build -M``
keeps one doctree folder for all); the page, drawing or download of
something since removed. These rules, all here, close each gap:

1. **An environment serves the builder that read it.** Builders read the
   same source differently (smart quotes are off for text and manual pages;
   extensions ask which builder reads), and a document re-read for one
   builder is no longer "changed" for the next. `make` gives each builder
   an environment folder of its own (``-d _build/doctrees/<builder>``), so
   this rule costs it nothing; where builders do share one, the first
   build by another builder reads every source again.
2. **A build that ended with a problem leaves no environment behind.**
   A problem met while reading an unchanged document would otherwise not be
   met again: a strict build that failed would pass when run a second time,
   with the bad input still there. Sphinx forgets its environment when a
   build raises; a build that only warned (``-W --keep-going`` fails it at
   the end) is treated alike, so the next build reads every source again.
3. **When anything changed, every page is written again.** A page shows
   other pages' numbers, headings and captions, the references' numbers
   and the paper's metadata; Sphinx rewrites only the pages it knows to
   depend on a change (a table of contents, a renumbering). So when any
   document was read or removed, or any setting that reaches an output
   changed, or a file every page uses (a style sheet, whose checksum each
   page carries), no page is left as it was. What is not a document but reaches
   one is one of its dependencies, where it is read: the data file
   (:mod:`.content.facts`), the ``.bib`` files (:mod:`.content.references`),
   CITATION.cff (a configuration value, :mod:`.config`), a figure's source
   (``sphinx.ext.graphviz`` notes it).
4. **What a build no longer makes is removed.** Every build records the
   files it made for its pages, drawings, images and downloads (beside its
   environment); a build that wrote every page removes what the record
   holds and it did not make again: the page of a removed section, the
   drawing of a figure's old source, the download of a renamed label.

The costs are in ``make bench`` (README, "Performance").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from .content.domain import paper_domain

#: Beside the environment: the files a builder's builds made, relative to its output folder.
RECORD = "paper-outputs-{builder}.json"


def _stable(value) -> str:
    """A setting's value as text that is the same in every process (sets and dicts in sorted order)."""
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(f"{_stable(key)}: {_stable(item)}" for key, item in value.items())) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(map(_stable, value))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(_stable, value)) + "]"
    return repr(value)


#: Settings naming files that every page uses as they are (style sheets, scripts, templates, icons).
FILES_EVERY_PAGE_USES = ("html_static_path", "html_extra_path", "templates_path", "html_favicon", "html_logo")


def _files_every_page_uses(app: Sphinx) -> Iterator[Path]:
    for name in FILES_EVERY_PAGE_USES:
        value = app.config[name] if name in app.config else None
        for entry in [value] if isinstance(value, str) else value or []:
            path = Path(app.confdir) / entry
            yield from sorted(found for found in path.rglob("*") if found.is_file()) if path.is_dir() else [path]


def written_with(app: Sphinx) -> str:
    """A digest of what every page is written with: every setting that reaches an output (a rebuild level
    other than "") and the files every page uses, whose checksums the pages carry (``style.css?v=…``)."""
    settings = sorted(f"{item.name}={_stable(item.value)}" for item in app.config if item.rebuild)
    files = [f"{path}={hashlib.sha256(path.read_bytes()).hexdigest()}"
             for path in _files_every_page_uses(app) if path.is_file()]
    return hashlib.sha256("\n".join([*settings, *files]).encode()).hexdigest()


# -- Rule 1 and the start of rule 3: what is read -----------------------------------------------


def read_for_this_builder(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Every document, when the environment was last read for another builder; note what was removed."""
    domain = paper_domain(env)
    domain.removed_docs = set(removed)
    read_for, domain.data["read_for"] = domain.data.get("read_for"), app.builder.name
    return sorted(env.found_docs) if read_for not in (None, app.builder.name) else []


def note_documents_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    paper_domain(env).read_docs = set(docnames)


# -- Rule 3: every page written when anything changed ----------------------------------------------


def write_every_page_after_a_change(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = paper_domain(env)
    last, domain.data["written_with"] = domain.data.get("written_with"), written_with(app)
    domain.writes_every_page = bool(domain.read_docs or domain.removed_docs or last != domain.data["written_with"])
    return sorted(env.found_docs) if domain.writes_every_page else []


def index_every_page_afresh(app: Sphinx, builder) -> None:
    """A search index made anew when every page is written, not the last one pruned.

    Sphinx loads the last build's index and prunes the pages it writes again,
    which leaves every word they no longer hold in the index with no page.
    """
    index = getattr(builder, "searchindex_filename", None)
    if index and paper_domain(app.env).writes_every_page:
        (Path(app.outdir) / index).unlink(missing_ok=True)


# -- Rule 4: what this build made, and what it no longer makes -------------------------------------


def note_documents_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A resolved document is about to be written; a whole book holds every document it took in."""
    written = paper_domain(app.env).written_docs
    written.add(docname)
    written.update(node["docname"] for node in doctree.findall(addnodes.start_of_file))


def note_page_written(app: Sphinx, pagename: str, templatename, context, doctree) -> None:
    domain = paper_domain(app.env)
    domain.made(app.builder.get_outfilename(pagename))
    if app.config.html_copy_source and context.get("sourcename"):
        domain.made(Path(app.outdir) / "_sources" / context["sourcename"])


def _pages_and_images(app: Sphinx) -> set[Path]:
    """The pages, images and downloads a build that wrote every document made, besides those noted with ``made``."""
    builder, outdir, env = app.builder, Path(app.outdir), app.env
    # The images and downloads are copied at the end, from what the written pages use.
    made = {outdir / getattr(builder, "imagedir", "") / name for name in getattr(builder, "images", {}).values()}
    if isinstance(builder, StandaloneHTMLBuilder):
        # Its pages were noted as they were written.
        made |= {outdir / "_downloads" / name for _, name in env.dlfiles.values()}
    elif suffix := getattr(builder, "out_suffix", None):
        made |= {outdir / f"{docname}{suffix}" for docname in paper_domain(env).written_docs}
    return {path.resolve() for path in made}


def _record_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / RECORD.format(builder=app.builder.name)


def remove_what_is_no_longer_made(app: Sphinx, *, passed: bool) -> None:
    """Record what this build made; once it wrote every document and passed, remove what it did not make again."""
    domain, outdir = paper_domain(app.env), Path(app.outdir).resolve()
    current = domain.outputs_made | _pages_and_images(app)
    record = _record_path(app)
    try:
        recorded = {outdir / name for name in json.loads(record.read_text(encoding="utf-8"))}
    except (OSError, ValueError):
        recorded = set()
    if passed and domain.written_docs >= app.env.found_docs:
        # Sphinx's copy of the build information a changed setting made out of date: no clean build has one.
        for stale in sorted(recorded - current | {outdir / ".buildinfo.bak"}):
            stale.unlink(missing_ok=True)
        recorded = set()
    kept = sorted(path.relative_to(outdir).as_posix() for path in recorded | current if path.is_relative_to(outdir))
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(kept, indent=0) + "\n", encoding="utf-8")


def before_the_book_is_packed(app: Sphinx) -> list:
    """The EPUB builder packs every file of its folder before the build ends: remove what it no longer makes first."""
    if isinstance(app.builder, Epub3Builder):
        domain = paper_domain(app.env)
        remove_what_is_no_longer_made(app, passed=not app._warncount)
        domain.outputs_recorded = True
    return []


# -- The end of the build: rules 2 and 4 ----------------------------------------------------------


def finish(app: Sphinx, exception: Exception | None) -> None:
    # Sphinx's count of warnings has no public name. Sphinx removes the environment itself when the build raised.
    passed = exception is None and not app._warncount
    if exception is None and not passed:
        (Path(app.doctreedir) / ENV_PICKLE_FILENAME).unlink(missing_ok=True)
    if not paper_domain(app.env).outputs_recorded:
        remove_what_is_no_longer_made(app, passed=passed)


def setup(app: Sphinx, *, last: int) -> None:
    """Connect the rules; ``last`` is the priority after every other handler of the build's end."""
    app.connect("env-get-outdated", read_for_this_builder)
    app.connect("env-before-read-docs", note_documents_read)
    app.connect("env-updated", write_every_page_after_a_change)
    app.connect("write-started", index_every_page_afresh)
    app.connect("doctree-resolved", note_documents_written)
    app.connect("html-page-context", note_page_written)
    # Before the EPUB's list of the build's own files is made (paper.epub.build_files, at the default
    # priority, 500), so that the list takes in the record.
    app.connect("html-collect-pages", before_the_book_is_packed, priority=400)
    # After every other handler of the build's end, which may warn or write too.
    app.connect("build-finished", finish, priority=last)
