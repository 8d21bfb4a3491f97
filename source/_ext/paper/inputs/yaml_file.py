"""YAML files (CITATION.cff, the data file), read by YAML 1.2 rules into plain Python values.

ruamel.yaml reads the file as YAML 1.2 says: ``1:1`` and ``No`` are the
text written (YAML 1.1, which PyYAML follows, made them 61 and False),
and a number keeps the digits it was written with (``1.10`` is a number
that prints as "1.10", :class:`WrittenFloat`), so that where the paper
prints a value it prints what the author typed. A date is checked
to exist and kept as the text written (the readers that want a date read
it from that text). The reader builds the
values itself from ruamel.yaml's node tree, so that each value's line is
known (:class:`YamlDocument`) and every message can name it.

Whatever is wrong with the file is said in one line naming the file and the
line: a key given twice in a mapping (YAML would keep one value, silently),
a key that is not a single value, an impossible date such as ``2026-02-30``,
bytes that are not UTF-8, and every syntax error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML, MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from .errors import InputError
from .text_file import read_utf8

MERGE = "tag:yaml.org,2002:merge"
#: Scalars read as what YAML 1.2 says they are; any other (plain) scalar is text.
NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class WrittenInt(int):
    """An integer that prints as the author wrote it (``007``, ``1_000``)."""

    written: str

    def __str__(self) -> str:
        return self.written

    __repr__ = __str__


class WrittenFloat(float):
    """A decimal that prints as the author wrote it: ``1.10``, not "1.1"."""

    written: str

    def __str__(self) -> str:
        return self.written

    __repr__ = __str__


def written(kind: type, value, text: str):
    number = kind(value)
    number.written = text
    return number


#: A place in a document: the keys and (0-based) item numbers leading to a value.
Location = tuple


@dataclass(frozen=True)
class YamlDocument:
    """A YAML file's top-level mapping, with the line of every key and item in it."""

    path: Path
    data: dict
    lines: dict[Location, int] = field(default_factory=dict)

    def line(self, location: Location) -> int:
        """The line of the value at ``location``, or of the nearest enclosing value that is there."""
        location = tuple(location)
        while location not in self.lines:
            location = location[:-1]
        return self.lines[location]

    def at(self, location: Location) -> str:
        """The start of a message about the value at ``location``: "file: line 7"."""
        return f"{self.path}: line {self.line(location)}"


class _ValueFault(Exception):
    """A value the YAML syntax allows but the file cannot mean, at a place in the file."""

    def __init__(self, node, problem: str):
        super().__init__(problem)
        self.mark, self.problem = node.start_mark, problem


def _where(mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


class _Builder:
    """Plain values from ruamel.yaml's nodes, noting the line of each."""

    def __init__(self):
        self.lines: dict[Location, int] = {}
        #: The lists and mappings being read, outermost first: an alias to one of them would never end.
        self.open: list = []
        self.scalars = YAML(typ="safe", pure=True).constructor

    def value(self, node, location: Location):
        self.lines.setdefault(location, node.start_mark.line + 1)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if any(node is enclosing for enclosing in self.open):
            raise _ValueFault(node, "an alias names the list or mapping it is in, which would never end")
        self.open.append(node)
        try:
            if isinstance(node, MappingNode):
                return self.mapping(node, location)
            return [self.value(item, (*location, number)) for number, item in enumerate(node.value)]
        finally:
            self.open.pop()

    def scalar(self, node: ScalarNode):
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            value = self.scalars.construct_object(node)
        except ValueError as exc:
            raise _ValueFault(node, f"{node.value!r} is not a date or time that exists ({exc})") from exc
        if node.tag in NUMBER_TAGS and not isinstance(value, bool):
            return written(WrittenInt if isinstance(value, int) else WrittenFloat, value, node.value)
        if node.tag == TIMESTAMP:
            # A date that exists, kept as written: JSON Schema checks dates as text (CFF's
            # schema says so), and a date where text belongs (a unit, a label) is that text.
            return node.value
        return value

    def key(self, node) -> str:
        """A key as the text written: keys name things, and a name is text (as in JSON)."""
        if not isinstance(node, ScalarNode):
            raise _ValueFault(node, "a key must be a single word or text, not a list or mapping")
        return node.value

    def pairs(self, node: MappingNode) -> list:
        """The mapping's key and value nodes: those merged in with ``<<: *anchor`` first, then its own.

        Only the keys written in the mapping itself are compared: a key that
        overrides one merged in is YAML's way to vary a copy.
        """
        merged, own = [], []
        for key_node, value_node in node.value:
            if key_node.tag != MERGE:
                own.append((key_node, value_node))
                continue
            for source in value_node.value if isinstance(value_node, SequenceNode) else [value_node]:
                if not isinstance(source, MappingNode):
                    raise _ValueFault(source, "'<<' merges a mapping (an anchor such as *base) into this one")
                merged.extend(self.pairs(source))
        first_nodes: dict[str, object] = {}
        for key_node, _ in own:
            key = self.key(key_node)
            first = first_nodes.setdefault(key, key_node)
            if first is not key_node:
                raise _ValueFault(
                    key_node,
                    f"key {key!r} is given twice in one mapping (first on {_where(first.start_mark)}); "
                    "YAML would keep only one value",
                )
        return [*merged, *own]

    def mapping(self, node: MappingNode, location: Location) -> dict:
        result = {}
        for key_node, value_node in self.pairs(node):
            key = self.key(key_node)
            self.lines[(*location, key)] = key_node.start_mark.line + 1
            result[key] = self.value(value_node, (*location, key))
        return result


def _syntax_error(path: Path, text: str, exc: YAMLError) -> str:
    """ruamel.yaml's several lines (problem, context, their places) in one."""
    if isinstance(exc, MarkedYAMLError) and exc.problem_mark is not None:
        message = f"{path}: {_where(exc.problem_mark)}: is not valid YAML: {exc.problem}"
        if exc.context:
            message += f" ({exc.context}, {_where(exc.context_mark)})" if exc.context_mark else f" ({exc.context})"
        return message
    if isinstance(exc, ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return f"{path}: line {line}: is not valid YAML: character U+{character:04X} ({exc.reason})"
    return f"{path}: is not valid YAML: {' '.join(str(exc).split())}"


def read_yaml_document(path: Path, error: type[InputError]) -> YamlDocument:
    """A YAML file's top-level mapping and the lines of its values, or ``error`` naming the file and the fault."""
    text = read_utf8(path, error)
    builder = _Builder()
    try:
        # The safe composer: the round-trip one marks each fold of a folded scalar (``>``) with
        # U+0007 in the text it gives, for its own writer to fold the same way again.
        root = YAML(typ="safe", pure=True).compose(text)
        data = builder.value(root, ()) if root is not None else None
    except _ValueFault as exc:
        raise error(f"{path}: {_where(exc.mark)}: {exc.problem}") from exc
    except YAMLError as exc:
        raise error(_syntax_error(path, text, exc)) from exc
    if not isinstance(data, dict):
        raise error(f"{path}: must be a YAML mapping")
    return YamlDocument(path=path, data=data, lines=builder.lines)


def read_yaml_mapping(path: Path, error: type[InputError]) -> dict:
    """A YAML file's top-level mapping, or ``error`` naming the file and the fault."""
    return read_yaml_document(path, error).data
