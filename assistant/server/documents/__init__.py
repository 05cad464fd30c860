"""Documents in the corpus: list, upload (parse and index), delete, download the original."""
