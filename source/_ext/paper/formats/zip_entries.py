"""Zip entries that are the same bytes from the same inputs: dated from the last commit, readable by all.

A zip entry carries its file's modification time and permissions, so two
archives of the same files differ; the EPUB and the MECA bundle stamp each
entry instead (the Makefile takes ``SOURCE_DATE_EPOCH`` from the last commit).
"""

from __future__ import annotations

import time
from zipfile import ZipInfo

#: The earliest time a zip entry can carry: 1 January 1980.
ZIP_EPOCH = 315532800
FILE_MODE = 0o100644


def stamped(info: ZipInfo, epoch: int | None) -> ZipInfo:
    """The entry dated ``epoch`` (if given; a zip dates nothing before 1980) and readable by all."""
    if epoch is not None:
        info.date_time = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    info.external_attr = FILE_MODE << 16
    return info
