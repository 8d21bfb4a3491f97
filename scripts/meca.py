"""Write the paper's MECA bundle from its JATS XML and its PDF (`make meca`).

    python scripts/meca.py JATS_XML PDF OUT.zip

The bundle (paper.formats.meca): manifest.xml, the JATS XML, the PDF and
the figures the JATS XML points at. A missing or broken input stops it with
one line naming the file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from paper.formats.meca import MecaError, write_bundle


def main(arguments: list[str]) -> int:
    if len(arguments) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    jats, pdf, out = map(Path, arguments)
    try:
        listed = write_bundle(jats, pdf, out, int(os.environ.get("SOURCE_DATE_EPOCH") or 0))
    except MecaError as error:
        print(f"make meca: {error}", file=sys.stderr)
        return 1
    print(f"{out}: {len(listed)} files and the manifest")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
