"""Bad input files are refused in one line naming the file and the fault; valid ones load unchanged.

Pure tests of :mod:`paper.inputs` (no build). Every expected value is typed
here, worked out by hand, never computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from paper.inputs import trial_data
from paper.inputs.errors import InputError
from paper.inputs.yaml_file import read_yaml_mapping


def write_bytes(tmp_path: Path, data: bytes, name: str = "input.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(call, *args) -> str:
    """The one-line message with which ``call`` refuses its input."""
    with pytest.raises(InputError) as error:
        call(*args)
    message = str(error.value)
    assert "\n" not in message, f"not one line: {message!r}"
    return message


@pytest.mark.parametrize("data, expected", [
    (b"a: 1\nb:\n  c: 1\n  c: 2\n", "line 4, column 3: key 'c' is given twice in one mapping (first on line 3, column 3)"),
    (b"a: 1\na: 1\n", "line 2, column 1: key 'a' is given twice"),
    (b"x: {k: 1, k: 2}\n", "line 1, column 11: key 'k' is given twice"),
    (b"list:\n  - {a: 1, b: 2, b: 3}\n", "line 2, column 18: key 'b' is given twice"),
    (b"d: 2026-02-30\n", "line 1, column 4: '2026-02-30' is not a date or time that exists"),
    (b"d: 2026-13-01\n", "'2026-13-01' is not a date or time that exists"),
    (b"d: 2026-01-01 25:00:00\n", "'2026-01-01 25:00:00' is not a date or time that exists"),
    ("a: 1\nb: caf\u00e9\n".encode("latin-1"), "line 2: byte 11 (0xE9) is not UTF-8"),
    (b"a: [\n  b: 1\n", "line 3, column 1: is not valid YAML: did not find expected ',' or ']'"),
    (b"a: ok\nb: \x07\n", "line 2: is not valid YAML: character U+0007"),
    (b"a: 1\n---\nb: 2\n", "line 2, column 1: is not valid YAML: but found another document"),
])
def test_a_bad_yaml_file_is_refused_in_one_line_naming_file_and_place(tmp_path, data, expected):
    path = write_bytes(tmp_path, data)
    message = refusal(read_yaml_mapping, path, InputError)
    assert message.startswith(f"{path}: ") and expected in message


@pytest.mark.parametrize("data, expected", [
    ("t: \u2212 \u00b5 \u00b1 \u2264 \u03b1\u03b2 Ren\u00e9e\n".encode(), {"t": "\u2212 \u00b5 \u00b1 \u2264 \u03b1\u03b2 Ren\u00e9e"}),
    (b"\xef\xbb\xbfa: 1\n", {"a": 1}),
    # The same key in two mappings, or as a number and as text, is no repetition.
    (b"l:\n  - {a: 1}\n  - {a: 2}\n", {"l": [{"a": 1}, {"a": 2}]}),
    (b"1: x\n'1': y\n", {1: "x", "1": "y"}),
    # A key that overrides one merged in from an anchor varies the copy.
    (b"base: &b {a: 1, b: 2}\ncopy:\n  <<: *b\n  a: 3\n", {"base": {"a": 1, "b": 2}, "copy": {"a": 3, "b": 2}}),
    (b"d: 2024-02-29\n", {"d": dt.date(2024, 2, 29)}),
])
def test_a_valid_yaml_file_loads_unchanged(tmp_path, data, expected):
    assert read_yaml_mapping(write_bytes(tmp_path, data), InputError) == expected


DATA = """
facts:
  a.n: {value: 1068, source: k}
  a.hr: {value: "1.4", ci: ["0.79", "1.40"], source: [k, l]}
  a.day: {value: 2022-08-17, source: k}
forest:
  - {label: "A", fact: a.hr}
"""


def data_file(tmp_path: Path, text: str) -> Path:
    return write_bytes(tmp_path, text.encode(), "trials.yaml")


@pytest.mark.parametrize("change, expected", [
    (('ci: ["0.79", "1.40"]', 'ci: ["1.40", "0.79"]'), "fact 'a.hr': 'ci' ['1.40', '0.79'] is swapped"),
    (('value: "1.4"', 'value: "1.5"'), "fact 'a.hr': 'ci' ['0.79', '1.40'] does not contain the value '1.5'"),
    (('value: "1.4"', 'value: "0.5"'), "fact 'a.hr': 'ci' ['0.79', '1.40'] does not contain the value '0.5'"),
    (("{value: 2022-08-17, source: k}", '{value: 2022-08-17, ci: ["1", "2"], source: k}'),
     "fact 'a.day': 'ci' ['1', '2'] does not contain the value datetime.date(2022, 8, 17)"),
    (("{value: 1068, source: k}", "{value: [1068], source: k}"), "fact 'a.n': value [1068] is not a number"),
    (("{value: 1068, source: k}", "{value: 1068, source: 2023}"), "fact 'a.n': 'source' must be a reference key"),
    (("{value: 1068, source: k}", "{value: 1068, source: [k, 7]}"), "fact 'a.n': 'source' must be a reference key"),
    (('value: "1.4", ci: ["0.79", "1.40"]', 'value: "\u22120.1", ci: ["\u22120.3", "0.1"]'),
     "forest: row 1: fact 'a.hr' has a 'ci' from \u22120.3, which the plot's log scale cannot draw"),
    (("source: k}\nforest", "source: k}\ntables:\n  t: {columns: [A, B], rows: [['{a.n}']]}\nforest"),
     "table 't': row 1 must have 2 cells, like 'columns'"),
])
def test_a_bad_fact_is_refused_in_one_line_naming_file_and_fact(tmp_path, change, expected):
    old, new = change
    assert old in DATA
    path = data_file(tmp_path, DATA.replace(old, new))
    message = refusal(trial_data.load, path)
    assert message.startswith(f"{path}: ") and expected in message


@pytest.mark.parametrize("value, ci, rendered, number", [
    # A typographic minus prints as written and counts as a minus.
    ("\u22120.1", ("\u22120.3", "0.1"), "\u22120.1 (95%\u00a0CI \u22120.3\u20130.1)", -0.1),
    ("-0.1", ("-0.3", "0.1"), "-0.1 (95%\u00a0CI -0.3\u20130.1)", -0.1),
    ("\u22122", ("\u22122", "\u22121.5"), "\u22122 (95%\u00a0CI \u22122\u2013\u22121.5)", -2.0),
    # An estimate on a bound, or an interval of one value, is what rounding gives.
    ("0.79", ("0.79", "1.40"), "0.79 (95%\u00a0CI 0.79\u20131.40)", 0.79),
    ("1.40", ("1.40", "1.40"), "1.40 (95%\u00a0CI 1.40\u20131.40)", 1.4),
])
def test_a_valid_fact_with_its_interval_loads_as_written(tmp_path, value, ci, rendered, number):
    text = f'facts:\n  a.x: {{value: "{value}", ci: ["{ci[0]}", "{ci[1]}"], source: k}}\n'
    fact = trial_data.load(data_file(tmp_path, text)).fact("a.x")
    assert (fact.value, fact.ci, fact.render(), fact.number) == (value, ci, rendered, number)
