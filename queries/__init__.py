"""The catalogue of named questions, answered identically by every store."""
