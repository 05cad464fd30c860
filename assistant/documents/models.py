"""The parsed shape of a document: a meeting (or agreement) and its citable items.

These models are the contract between parsing and everything after it (indexing,
retrieval, answering, the API). They serialise to the JSON that `assistant parse --json`
prints, so field names are stable public API.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

# protocol: minutes of a meeting; agenda: a notice of a meeting with its items and proposals (kallelse,
# föredragningslista, a meeting's web page); agreement: agreements and governing documents, cited by
# section; document: any other readable text (a tjänsteskrivelse, a report), cited by heading or passage.
DocumentKind = Literal["protocol", "agenda", "agreement", "document"]
MEETING_KINDS: tuple[str, ...] = ("protocol", "agenda")  # the kinds that record one meeting
# The finest structure found in a document, finest first: numbered items of a meeting, numbered
# sections, unnumbered headings, and passages cited by page or paragraph when nothing else is found.
Structure = Literal["items", "sections", "headings", "passages"]
ItemKind = Literal["beslut", "information", "förslag", "avsnitt"]
AssignmentType = Literal["uppdrag", "ansvar", "delegering", "återrapportering", "rekommendation"]


class Person(BaseModel):
    """Someone named in an attendance list."""

    name: str
    organisation: str | None = None
    party: str | None = None
    role: str | None = Field(default=None, description="e.g. 'ordförande', 'protokollförare'")


class Attendance(BaseModel):
    """Who took part, grouped the way Swedish protocols group them.

    `unspecified` holds people listed before any group heading (for example when the
    first page of a protocol is missing): their role is unknown, so it is not guessed.
    """

    present: list[Person] = Field(default_factory=list)
    absent: list[Person] = Field(default_factory=list)
    substitutes: list[Person] = Field(default_factory=list)
    co_opted: list[Person] = Field(default_factory=list)
    others: list[Person] = Field(default_factory=list)
    unspecified: list[Person] = Field(default_factory=list)
    chair: str | None = None
    vice_chair: str | None = None
    secretary: str | None = None
    adjusters: list[str] = Field(default_factory=list)


class Assignment(BaseModel):
    """Who is tasked with, responsible for, or reports on something in an item."""

    type: AssignmentType
    assignee: str | None = None
    task: str | None = None
    report_to: str | None = None
    assigned_by: str | None = None
    deadline: str | None = None
    in_decision: bool = False
    sentence: str


class Item(BaseModel):
    """A citable unit: an ärende/paragraf of a protocol or a numbered section of an agreement.

    `start`/`end` are character offsets into the document's loaded text
    (`Document.text`), so a view can show the item in its context.
    """

    number: str
    title: str
    kind: ItemKind | None = None
    presenters: list[str] = Field(default_factory=list)
    text: str
    decision: str | None = None
    assignments: list[Assignment] = Field(default_factory=list)
    diarienummer: str | None = Field(default=None, description="the item's own registration number, if written")
    cited_as: str | None = Field(
        default=None,
        description="how a governing document's section is cited when it is numbered with §: '2 §' or '§ 2'",
    )
    numbered: bool = Field(
        default=True,
        description="False for the units a document falls back to: its preamble, a heading's part, a passage",
    )
    start: int
    end: int


class Document(BaseModel):
    """A parsed protocol or agenda (one meeting), agreement or other document."""

    kind: DocumentKind
    structure: Structure = "items"
    body: str | None = None
    date: str | None = Field(default=None, description="ISO date, YYYY-MM-DD")
    title: str | None = None
    source: str
    format: str = Field(description="the loader used: txt, md, pdf, docx, html")
    sha256: str = Field(description="hash of the file's bytes, for incremental indexing")
    diarienummer: str | None = None
    time: str | None = None
    place: str | None = None
    attendance: Attendance | None = None
    items: list[Item] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    record_text: str = Field(
        default="",
        description="a meeting's own text outside its items (header, attendance, signatures), chrome removed",
    )
    record_spans: list[tuple[int, int]] = Field(
        default_factory=list, description="where `record_text` stands in the text: offsets, like an item's"
    )
    text: str = Field(default="", exclude=True, repr=False)

    def numbered_items(self) -> list[Item]:
        """The items and sections the document numbers itself: what a reader would list."""
        return [item for item in self.items if item.numbered]

    @property
    def is_meeting(self) -> bool:
        """Whether the document records one meeting (a protocol or an agenda), with a body and a date."""
        return self.kind in MEETING_KINDS

    def item(self, number: str) -> Item:
        """The item with this number as written; KeyError if there is none."""
        for item in self.items:
            if item.number == number:
                return item
        raise KeyError(number)
