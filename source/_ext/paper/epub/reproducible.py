"""The EPUB, byte for byte the same from the same commit.

Sphinx zips the EPUB with each file's modification time, so two builds of the
same sources differ. A released version must never change (``make release``
compares a rebuild with what was published), so once the EPUB is written its
entries are stamped with ``SOURCE_DATE_EPOCH``, the time the Makefile takes
from the last commit, and given fixed permissions; order, names, contents and
compression stay as Sphinx wrote them.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from zipfile import ZipFile

from sphinx.application import Sphinx

from ..config import output_name

#: The earliest time a zip entry can carry: 1 January 1980.
ZIP_EPOCH = 315532800
FILE_MODE = 0o100644


def stamp(epub: Path, epoch: int) -> None:
    """Rewrite the archive with every entry dated ``epoch`` and readable by all."""
    with ZipFile(epub) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    date_time = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with ZipFile(epub, "w") as archive:
        for info, data in entries:
            info.date_time = date_time
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, data)


def stamp_after_build(app: Sphinx, exception: Exception | None) -> None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if exception is None and app.builder.name == "epub" and epoch:
        stamp(Path(app.outdir) / output_name(app.config, ".epub"), int(epoch))
