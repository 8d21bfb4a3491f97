"""The author's files, read and checked: CITATION.cff, the data file, the ``.bib`` files.

Pure Python: nothing here imports Sphinx. A fault in a file is an
:class:`.errors.InputError` whose message names the file and the fault; the
Sphinx side (:mod:`paper.errors`) turns it into one line and a stopped build.
"""
