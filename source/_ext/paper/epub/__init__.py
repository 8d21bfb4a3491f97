"""The EPUB: byte for byte the same from the same commit."""
