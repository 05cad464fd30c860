"""Loading documents and parsing them into meetings and citable items.

Public surface: `parse_file`, `parse_folder`, `parse_text`, the models and `DocumentError`.
"""

from assistant.documents.errors import DocumentError
from assistant.documents.models import Assignment, Attendance, Document, Item, Person
from assistant.documents.parser import (
    FolderResult,
    parse_file,
    parse_folder,
    parse_text,
)

# Mixed into every document's version in the index (indexing/ingest.py), so an index built by an
# earlier parser is re-read on the next ingest. Change it whenever parsing results change.
PARSE_VERSION = "2026-12-08"

__all__ = [
    "PARSE_VERSION",
    "Assignment",
    "Attendance",
    "Document",
    "DocumentError",
    "FolderResult",
    "Item",
    "Person",
    "parse_file",
    "parse_folder",
    "parse_text",
]
