"""Captions read "Figure 1. Text" and "Table 1. Text" in both outputs.

``numfig_format`` ("Figure %s") names a figure both in its caption and in
the cross-references to it ("as Figure 1 shows"), so the period belongs to
the caption's delimiter, not to the format. LaTeX's caption package puts it
there (``labelsep=period``, see :mod:`.pdf`); Sphinx's HTML writer ends a
caption's number with a space, and the writers set up here end it with a
period and a space instead, in every HTML-based builder (HTML, EPUB).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

CAPTION_NUMBER = '<span class="caption-number">'


class CaptionDelimiter:
    """Mixin for an HTML translator: "Figure 1. " where Sphinx writes "Figure 1 "."""

    def add_fignumber(self, node) -> None:
        start = len(self.body)
        super().add_fignumber(node)
        for index in range(start, len(self.body) - 1):
            if self.body[index] == CAPTION_NUMBER:
                self.body[index + 1] = self.body[index + 1].rstrip() + ". "


def use_caption_delimiter(app: Sphinx) -> None:
    # Asked of the registry, not the builder: builders that write no pages
    # (gettext, linkcheck, changes, dummy) have no translator, and asking
    # them for one raises.
    translator = app.registry.translators.get(app.builder.name) or getattr(app.builder, "default_translator_class", None)
    if isinstance(translator, type) and issubclass(translator, HTML5Translator) \
            and not issubclass(translator, CaptionDelimiter):
        app.set_translator(
            app.builder.name, type(translator.__name__, (CaptionDelimiter, translator), {}), override=True
        )
