"""A build that ended with a problem is never forgotten by the next one.

Sphinx reads again only the documents whose sources changed, so a problem
found while reading or writing an unchanged document (an unknown citation
key, a duplicate label, a figure without alt text) is not raised again: a
strict build that failed passes when it is run a second time, with the bad
input still there and "[]" in the page. Sphinx already forgets its saved
environment when a build raises, so that the next one starts afresh; a
build that only warned (``--keep-going`` counts warnings, and ``-W`` makes
them fail the build at the end) is treated the same way here. The next
build, by whichever builder, since ``sphinx-build -M`` builders share the
doctree folder, reads every document and so meets every problem again, until
a build passes. The cost falls only on the build after a failed one; a
passing build is incremental as before.
"""

from __future__ import annotations

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx


def forget_a_build_with_problems(app: Sphinx, exception: Exception | None) -> None:
    # Sphinx removes the environment itself when the build raised; its count of
    # warnings has no public name.
    if exception is None and app._warncount:
        (app.doctreedir / ENV_PICKLE_FILENAME).unlink(missing_ok=True)
