"""Finding the items that answer a question: dense, lexical, fused, filtered."""
