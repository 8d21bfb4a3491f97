"""The MECA bundle (`make meca`): what a journal's submission system takes in.

The bundle is written by scripts/meca.py, as `make meca` runs it, from the
session's PDF and a JATS build beside it, and read back with zipfile and
lxml: its manifest against the MECA manifest DTD of the npm package meca,
its JATS XML against the JATS Archiving 1.4 DTD (the npm package
@jats4r/dtds), every file against the manifest. (The meca package's own
`meca validate` checks the JATS XML only up to JATS 1.3, against DTDs it
downloads, so it is not used.)
"""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from lxml import etree

from conftest import ROOT, assert_built, build
from test_jats import archiving_dtd

MECA_DTD = ROOT / "node_modules" / "meca" / "dist" / "manifest-1.0.dtd"
MECA_PUBLIC_ID = "-//MECA//DTD Manifest v1.0//en"
MANIFEST_NS = {"m": "https://manuscriptexchange.org/schema/manifest", "xlink": "http://www.w3.org/1999/xlink"}
#: The item types MECA 1.0 defines, as the meca package lists them (its ItemTypes).
ITEM_TYPES = {"article-metadata", "article-supporting-file", "manuscript", "manuscript-supporting-file",
              "article-source", "article-source-environment", "article-source-directory", "transfer-metadata"}
EPOCH = "1764547200"


def write_meca(jats, pdf, out) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "meca.py"), str(jats), str(pdf), str(out)],
                          capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": EPOCH, "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def jats_file(built):
    assert_built(build(ROOT, "jats", built.html.parent))
    return built.html.parent / "jats" / "amcenestrant.xml"


@pytest.fixture(scope="module")
def meca(built, jats_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("meca") / "amcenestrant-meca.zip"
    result = write_meca(jats_file, built.pdf, out)
    assert result.returncode == 0, result.stderr
    return out


def manifest_of(bundle) -> etree._Element:
    with zipfile.ZipFile(bundle) as archive:
        return etree.fromstring(archive.read("manifest.xml"))


def instances(manifest) -> dict[str, str]:
    """Each instance's path -> its item's type."""
    return {instance.get(f"{{{MANIFEST_NS['xlink']}}}href"): instance.getparent().get("item-type")
            for instance in manifest.iterfind("m:item/m:instance", MANIFEST_NS)}


def test_the_manifest_is_valid_against_the_meca_dtd(meca):
    with zipfile.ZipFile(meca) as archive:
        text = archive.read("manifest.xml")
    document = etree.fromstring(text).getroottree()
    assert document.docinfo.public_id == MECA_PUBLIC_ID
    dtd = etree.DTD(str(MECA_DTD))
    assert dtd.validate(document.getroot()), dtd.error_log.filter_from_errors()


def test_the_archive_holds_exactly_what_the_manifest_lists_manifest_first(meca):
    with zipfile.ZipFile(meca) as archive:
        names = archive.namelist()
    listed = instances(manifest_of(meca))
    assert names[0] == "manifest.xml"
    assert sorted(names[1:]) == sorted(listed)
    assert set(listed.values()) <= ITEM_TYPES
    assert sorted(listed.values()).count("article-metadata") == sorted(listed.values()).count("manuscript") == 1


def test_the_jats_and_the_pdf_are_the_builds_own_and_the_jats_is_valid(meca, built, jats_file):
    listed = instances(manifest_of(meca))
    by_type = {kind: path for path, kind in listed.items() if kind in ("article-metadata", "manuscript")}
    with zipfile.ZipFile(meca) as archive:
        jats, pdf = archive.read(by_type["article-metadata"]), archive.read(by_type["manuscript"])
    assert jats == jats_file.read_bytes() and pdf == built.pdf.read_bytes()
    dtd = archiving_dtd()
    assert dtd.validate(etree.fromstring(jats)), dtd.error_log.filter_from_errors()


def test_every_figure_of_the_jats_is_in_the_archive(meca, jats_file):
    figures = etree.parse(str(jats_file)).xpath("//graphic/@xlink:href", namespaces=MANIFEST_NS)
    listed = instances(manifest_of(meca))
    assert len(figures) == 4
    assert all(listed.get(href) == "article-supporting-file" for href in figures)


def test_the_bundle_is_the_same_bytes_every_time(meca, built, jats_file, tmp_path):
    again = tmp_path / "again.zip"
    assert write_meca(jats_file, built.pdf, again).returncode == 0
    assert again.read_bytes() == meca.read_bytes()


def test_a_missing_figure_or_pdf_stops_it_with_one_line(built, jats_file, tmp_path):
    folder = tmp_path / "jats"
    folder.mkdir()
    (folder / jats_file.name).write_bytes(jats_file.read_bytes())  # its figures left behind
    result = write_meca(folder / jats_file.name, built.pdf, tmp_path / "out.zip")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and f"{folder / jats_file.name}: " in result.stderr
    assert "_images/" in result.stderr and "is not there" in result.stderr
    result = write_meca(jats_file, tmp_path / "none.pdf", tmp_path / "out.zip")
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "none.pdf" in result.stderr
