"""Plain text, cut and escaped the same way wherever the paper shows it."""

from __future__ import annotations

import re

#: A description is whole sentences, as many as fit in this many characters (at least one).
DESCRIPTION_LENGTH = 200


#: Spaces and line breaks as a source's layout has them: not a no-break space, which an author
#: writes on purpose ("8.4 months", "95 %") and which every output keeps.
LAYOUT_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def one_line(text: str) -> str:
    """Text on one line, each run of layout spaces and line breaks one space."""
    return LAYOUT_SPACE.sub(" ", text).strip()


def sentences(text: str) -> list[str]:
    """A text's sentences: it breaks after a full stop (or ? or !) that a space and a capital or a
    digit follow, so "e.g. a" and "(95% CI 0.79–1.40)." do not end one early."""
    return re.split(r"(?<=[.!?]) (?=[A-Z0-9])", one_line(text))


def summary(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """The first sentences of a text, as many as fit in ``length`` characters (at least one)."""
    parts = sentences(text)
    kept = parts[:1]
    for sentence in parts[1:]:
        if len(" ".join([*kept, sentence])) > length:
            break
        kept.append(sentence)
    return " ".join(kept)


def markdown_literal(text: str) -> str:
    """Text that MyST prints as written: every ASCII punctuation mark backslash-escaped, as CommonMark allows."""
    return re.sub(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""", r"\\\1", text)
