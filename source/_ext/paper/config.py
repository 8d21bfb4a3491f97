"""Every option of the paper extension: one ``paper_*`` configuration value each.

An author sets them in ``conf.py``; the README's "The paper extension"
section lists them from this table. Each is registered with Sphinx (so
``-D paper_basename=…`` works, and a changed value rebuilds what depends on
it) by :func:`add_config_values`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sphinx.config import Config


@dataclass(frozen=True)
class Option:
    """One configuration value: its name, default, what a change rebuilds, its type, what it does."""

    name: str
    default: object
    #: Sphinx's rebuild level: "env" re-reads every source, "html" rewrites the pages, "" nothing.
    rebuild: str
    types: tuple[type, ...]
    description: str


OPTIONS = (
    Option("paper_citation_file", "CITATION.cff", "env", (str,),
           "The CITATION.cff file, relative to the configuration folder: the paper's title, authors, "
           "version, date, licence, keywords and abstract, and how it is cited."),
    Option("paper_data_file", "", "env", (str,),
           "The data file (YAML), relative to the source folder: every figure the paper quotes, its "
           "tables and its forest plot. Empty: the paper quotes no data."),
    Option("paper_basename", "paper", "env", (str,),
           "The name of every output file: <basename>.pdf, .epub, .xml (JATS), .bib, .ris, .json."),
    Option("paper_commit", os.environ.get("PAPER_COMMIT", ""), "html", (str,),
           "The commit the paper is built from, shown in every output (default: the PAPER_COMMIT "
           "environment variable, which the Makefile sets from git; empty: none shown)."),
    Option("paper_jats_catalog", "node_modules/@jats4r/dtds/schema/catalog.xml", "", (str,),
           "The XML catalogue of the JATS DTDs, relative to the configuration folder, which the jats "
           "builder validates its output against (npm package @jats4r/dtds)."),
    Option("paper_tagged_pdf", "", "", (str,),
           "The file name of the accessible PDF that the typst builder writes (tagged, PDF/UA-1). "
           "Empty: <basename>-tagged.pdf."),
    Option("paper_shared_navigation", True, "", (bool,),
           "Build Furo's navigation sidebar once per build and mark each page's entry, instead of once "
           "per page (the pages are the same byte for byte)."),
    Option("paper_freeze_garbage", True, "", (bool,),
           "Keep what lives as long as the build out of the garbage collector's full collections "
           "(gc.freeze() once the builder is ready, and again when writing starts)."),
)


def add_config_values(app) -> None:
    for option in OPTIONS:
        app.add_config_value(option.name, option.default, option.rebuild, types=option.types,
                             description=option.description)
    # Not an option: CITATION.cff as read, set from paper_citation_file when the
    # configuration is loaded (content.settings). Kept with the configuration,
    # so that an edited CITATION.cff re-reads every page, all of which show it.
    app.add_config_value("paper_metadata", None, "env")


def output_name(config: Config, suffix: str) -> str:
    """An output file's name: ``paper_basename`` and the suffix, ``amcenestrant.pdf``."""
    return f"{config.paper_basename}{suffix}"


def tagged_pdf_name(config: Config) -> str:
    """The accessible PDF's name: ``paper_tagged_pdf``, or ``amcenestrant-tagged.pdf``."""
    return config.paper_tagged_pdf or output_name(config, "-tagged.pdf")
