"""Answers in Swedish that cite the exact item, or say that the documents are silent."""
