"""The EPUB, byte for byte the same from the same commit, with what Sphinx leaves out.

Sphinx zips the EPUB with each file's modification time, so two builds of the
same sources differ. A released version must never change (``make release``
compares a rebuild with what was published), so once the EPUB is written its
entries are stamped with ``SOURCE_DATE_EPOCH``, the time the Makefile takes
from the last commit, and given fixed permissions; order, names, contents and
compression stay as Sphinx wrote them. In the same pass, the package and the
table of contents get what :mod:`.accessibility` adds.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zipfile import ZipFile

from sphinx.application import Sphinx

from ..config import output_name
from ..content.settings import metadata
from ..formats.zip_entries import stamped
from .accessibility import amend

def rewrite(epub: Path, epoch: int | None, released: dt.date) -> None:
    """Rewrite the archive amended (published on ``released``), and with every entry dated ``epoch``
    (if given) and readable by all."""
    with ZipFile(epub) as archive:
        infos = archive.infolist()
        files = amend({info.filename: archive.read(info) for info in infos}, released)
    with ZipFile(epub, "w") as archive:
        for info in infos:
            archive.writestr(stamped(info, epoch), files[info.filename])


def finish_the_book(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.name == "epub":
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        rewrite(Path(app.outdir) / output_name(app.config, ".epub"), int(epoch) if epoch else None,
                metadata(app).date)
