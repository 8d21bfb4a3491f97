"""The paper's web site (the ``html`` and ``dirhtml`` builders; EPUB where it says so):
its <head>, the "Cite this" blocks and downloads, the data and drawing files, the
link previews, the PDF and the single page in the site, the version line, and what
Sphinx's and the theme's HTML needs to be valid and accessible."""
