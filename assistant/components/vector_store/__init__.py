"""The vector store: Chroma, embedded in the index folder or a Chroma server."""
