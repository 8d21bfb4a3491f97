"""Persistent identifiers the input files give: DOIs and ORCID iDs."""

from __future__ import annotations

import re

#: A DOI: "10.", the registrant's number (perhaps with subdivisions, 10.1000.10),
#: a slash and the registrant's suffix, which may hold any character but a space.
DOI = re.compile(r"^10\.\d+(\.\d+)*/\S+$")
#: An ORCID iD, bare or as the address CFF writes: four groups of four, the last character a check digit.
ORCID = re.compile(r"^(?:https://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")


def orcid_check_digit(digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of an ORCID iD's first fifteen digits."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)
