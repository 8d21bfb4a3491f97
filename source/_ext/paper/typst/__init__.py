"""The ``typst`` builder and its translator: the accessible, tagged PDF (PDF/UA-1)."""
