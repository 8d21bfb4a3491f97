"""An author's text file, read as UTF-8, or one line saying where it is not."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError


class SourceFileError(InputError):
    """A source file of the paper cannot be read as text."""

    category = "Source file error"


def read_utf8(path: Path, error: type[InputError]) -> str:
    """The file's text, or ``error`` naming the file, the line and the first byte that is not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(
            f"{path}: line {line}: byte {exc.start} (0x{data[exc.start]:02X}) is not UTF-8; save the file as UTF-8"
        ) from exc
