"""Swappable backends: the embedding model and the vector store."""
