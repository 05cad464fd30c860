"""Protokollassistenten: answers Swedish questions about protocols and agreements, citing the item."""

__version__ = "0.1.0"
