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

__all__ = [
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
