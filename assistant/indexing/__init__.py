"""Turning parsed documents into an index: nodes, embeddings, Chroma, and the lexical index."""
