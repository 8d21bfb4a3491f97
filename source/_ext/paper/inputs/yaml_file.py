"""YAML files (CITATION.cff, the data file), read into plain Python values.

Whatever is wrong with the file is said in one line naming the file and the
line. PyYAML alone would let three faults through: a key given twice in a
mapping (it keeps the last value, silently), an impossible date such as
``2026-02-30`` (a bare ``ValueError``, with no file or line) and bytes that
are not UTF-8 (a ``UnicodeDecodeError``).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError
from .text_file import read_utf8

#: PyYAML's safe loader, in C where libyaml is there (ten times faster: 16 ms
#: less for the data file, on every build).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ValueFault(Exception):
    """A value the YAML syntax allows but the file cannot mean, at a place in the file."""

    def __init__(self, mark: yaml.Mark, problem: str):
        super().__init__(problem)
        self.mark, self.problem = mark, problem


class StrictLoader(SAFE_LOADER):
    """The safe loader, refusing keys given twice and dates that do not exist."""

    def construct_mapping(self, node, deep=False):
        # Only the keys written in this mapping are compared: a key that
        # overrides one merged in with ``<<: *anchor`` is YAML's way to vary a copy.
        first_marks = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = first_marks.setdefault(key, key_node.start_mark)
            except TypeError:
                continue  # an unhashable key, which PyYAML itself reports
            if first is not key_node.start_mark:
                raise _ValueFault(
                    key_node.start_mark,
                    f"key {key!r} is given twice in one mapping (first on {_where(first)}); "
                    "YAML would keep only the last value",
                )
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise _ValueFault(
                node.start_mark,
                f"{node.value!r} is not a date or time that exists ({exc})",
            ) from exc


StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)


def _where(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _syntax_error(path: Path, text: str, exc: yaml.YAMLError) -> str:
    """PyYAML's several lines (problem, context, their places) in one."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        message = f"{path}: {_where(exc.problem_mark)}: is not valid YAML: {exc.problem}"
        if exc.context:
            message += f" ({exc.context}, {_where(exc.context_mark)})" if exc.context_mark else f" ({exc.context})"
        return message
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return f"{path}: line {line}: is not valid YAML: character U+{character:04X} ({exc.reason})"
    return f"{path}: is not valid YAML: {' '.join(str(exc).split())}"


def read_yaml_mapping(path: Path, error: type[InputError]) -> dict:
    """A YAML file's top-level mapping, or ``error`` naming the file and the fault."""
    text = read_utf8(path, error)
    try:
        raw = yaml.load(text, Loader=StrictLoader)
    except _ValueFault as exc:
        raise error(f"{path}: {_where(exc.mark)}: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise error(_syntax_error(path, text, exc)) from exc
    if not isinstance(raw, dict):
        raise error(f"{path}: must be a YAML mapping")
    return raw
