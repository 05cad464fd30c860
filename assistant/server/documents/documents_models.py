"""What the documents API gives: a document as the corpus and the index see it, and an upload's outcome."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.documents.models import DocumentKind, Structure

DocumentStatus = Literal["indexerad", "fel"]


class DocumentInfo(BaseModel):
    """One document: indexed and searchable ("indexerad"), or in the corpus folder but not searchable ("fel")."""

    id: str
    title: str
    kind: DocumentKind | None = Field(description="None when the file could not be read")
    structure: Structure | None = Field(
        default=None, description="the finest structure found: items, sections, headings or passages"
    )
    body: str | None = None
    date: str | None = Field(default=None, description="ISO date, YYYY-MM-DD")
    source: str = Field(description="the file name in the corpus folder")
    items: int = Field(description="citable items (the meeting's own node is not counted)")
    status: DocumentStatus
    error: str | None = Field(default=None, description="why the document is not searchable, in Swedish")


class ItemSummary(BaseModel):
    """An item of an uploaded document, with the page that shows it."""

    id: str
    number: str | None
    title: str
    kind: str | None
    url: str


class UploadResult(BaseModel):
    """The indexed document and its items; `duplicate` when the same bytes were already indexed."""

    document: DocumentInfo
    items: list[ItemSummary]
    duplicate: bool = False
