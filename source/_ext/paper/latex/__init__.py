"""The PDF: its first page, typesetting, reference list and document metadata."""
