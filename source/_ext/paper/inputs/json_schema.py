"""A YAML document checked against a JSON Schema, each problem said in one line at its line.

The schemas are JSON Schema draft 7 (the Citation File Format's own, and
the data file's, ``trial-data.schema.json``), checked by ``jsonschema``.
A date is checked as its text, as CFF's schema tells tools to do (the
reader keeps dates as written). A value written without quotes that YAML
1.2 reads as a number (a version ``1.10``, a keyword ``2024``) is, where
the schema wants text, the text the author wrote, never "1.1". Where the
schema wants text and gets ``true`` or an empty value, the author is told
to quote it.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jsonschema
from jsonschema.exceptions import ValidationError

from .yaml_file import Location, WrittenFloat, WrittenInt, YamlDocument

WRITTEN_NUMBERS = (WrittenInt, WrittenFloat)
#: How much of a value a message quotes.
SHOWN_LENGTH = 80


@functools.cache
def validator(schema_path: Path) -> jsonschema.Draft7Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def _leaves(error: ValidationError):
    """An error and the errors of the alternatives (anyOf, oneOf) it stands for."""
    yield error
    for alternative in error.context or ():
        yield from _leaves(alternative)


def _wants_text(error: ValidationError) -> bool:
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    return error.validator == "type" and "string" in expected


def _replace(container, location: Location, value) -> None:
    for step in location[:-1]:
        container = container[step]
    container[location[-1]] = value


def _numbers_as_written_text(data: dict, checker: jsonschema.Draft7Validator) -> None:
    """Where the schema wants text and finds a number written without quotes, put the text written."""
    while True:
        numbers = {
            tuple(leaf.absolute_path): leaf.instance for error in checker.iter_errors(data) for leaf in _leaves(error)
            if _wants_text(leaf) and isinstance(leaf.instance, WRITTEN_NUMBERS)
        }
        if not numbers:
            return
        for location, number in numbers.items():
            _replace(data, location, str(number))


def place(location: Location) -> str:
    """A value's place as an author finds it: "authors: item 2: orcid"."""
    return ": ".join(f"item {step + 1}" if isinstance(step, int) else str(step) for step in location)


def _shown(value) -> str:
    """A value as a message quotes it, cut short if long."""
    text = repr(value)
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _said(error: ValidationError) -> str:
    """The problem in words, with what the schema describes the value to be."""
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    if error.validator in ("anyOf", "oneOf"):
        # CFF's descriptions are sentences ("An SPDX license identifier."), the paper's noun phrases.
        expected = description[:1].lower() + description[1:].rstrip(".") if description else "of a form this field allows"
        return f"{_shown(error.instance)} is not {expected}"
    message = error.message
    if error.validator == "format":
        message = f"{error.instance!r} is not a {error.validator_value} that exists"
    if _wants_text(error) and (error.instance is None or isinstance(error.instance, bool)):
        message += " (YAML reads true, false, null, ~ and an empty value as no text: write the text in quotes)"
    if description and error.validator not in ("required", "additionalProperties"):
        message += f" ({description})"
    return message


def _closest(error: ValidationError) -> ValidationError:
    """Of the alternatives (anyOf, oneOf) a value fails, the problem of the one it came closest to.

    That is the one whose problem lies deepest in the value: an author with
    a malformed ORCID fails "person" at the ORCID and "organisation" for
    having no name, and meant a person. Between equals the first listed wins.
    """
    if not error.context:
        return error
    candidates = [_closest(alternative) for alternative in error.context]
    closest = max(candidates, key=lambda candidate: len(candidate.absolute_path))
    # An alternative that fails at the value itself is no closer than the others: say what the value should be.
    return closest if len(closest.absolute_path) > len(error.absolute_path) else error


def _location(error: ValidationError) -> Location:
    """Where the problem is: the value's place, or for a key the schema does not allow, the key's."""
    location = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        unexpected = [key for key in error.instance if key not in allowed]
        if unexpected:
            return (*location, unexpected[0])
    return location


def _problem(document: YamlDocument, error: ValidationError) -> tuple[int, str]:
    error = _closest(error)
    location = _location(error)
    if location != tuple(error.absolute_path):
        field = f"{place(location[:-1])}: " if location[:-1] else ""
        allowed = ", ".join(error.schema.get("properties", {}))
        said = f"unknown field {location[-1]!r}" + (f" (the fields here are {allowed})" if allowed else "")
    else:
        field = f"{place(location)}: " if location else ""
        said = _said(error)
    return document.line(location), f"{document.at(location)}: {field}{said}"


def problems(document: YamlDocument, schema_path: Path) -> list[str]:
    """Where the document breaks the schema, one line each in the file's order (empty if nowhere).

    Numbers where the schema wants text become the text written, in ``document.data`` itself.
    """
    checker = validator(schema_path)
    _numbers_as_written_text(document.data, checker)
    found = sorted(_problem(document, error) for error in checker.iter_errors(document.data))
    return [message for _, message in dict.fromkeys(found)]


def check(document: YamlDocument, schema_path: Path, error: type[Exception]) -> None:
    """Raise ``error`` with the first problem (in the file's order), if there is one."""
    found = problems(document, schema_path)
    if found:
        raise error(found[0])
