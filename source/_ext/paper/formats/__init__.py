"""What the paper is written as for other programs and readers: pure Python, no Sphinx.

The record of a citable work and its downloads (RIS, BibTeX, CSL-JSON), its
APA and Vancouver references, the Vancouver reference list's style, JATS
pieces, the MECA bundle, and text helpers shared by the outputs.
"""
