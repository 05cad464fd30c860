"""The item page, /items/{id}: what a citation links to, readable without the chat.

Rendered with Jinja2 with autoescaping on: every value on the page comes from documents,
which anyone who can add a file controls, so none of it may become markup. The page has
no scripts, and its Content-Security-Policy forbids them, as a second line of defence.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from assistant.indexing.errors import IndexProblem
from assistant.server.errors import UNEXPECTED, index_message
from assistant.server.items.highlight import segments
from assistant.server.items.items_errors import ItemNotFound
from assistant.server.items.items_service import ItemsService

log = logging.getLogger(__name__)
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
KIND_NAMES = {"beslut": "Beslutsärende", "information": "Informationsärende", "avsnitt": "Avsnitt", "möte": "Mötet"}
ENVIRONMENT = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Page:
    status: int
    html: str


class ItemPageService:
    """Renders items as HTML pages; unknown ids, a missing index and unexpected errors as Swedish pages."""

    def __init__(self, items: ItemsService) -> None:
        self.items = items

    def page(self, item_id: str) -> Page:
        try:
            return self._page(item_id)
        except IndexProblem as problem:
            return error_page(503, "Ärendet kan inte visas just nu", index_message(problem))
        except Exception:  # noqa: BLE001 - a browser gets a page, the log the detail
            log.exception("the item page of %r failed", item_id[:200])
            return error_page(500, "Ett oväntat fel inträffade", UNEXPECTED)

    def meeting_page(self, doc_id: str) -> Page:
        """The whole protocol: header, attendance, every item with its decision."""
        try:
            meeting = self.items.meeting(doc_id)
        except ItemNotFound as missing:
            return Page(404, ENVIRONMENT.get_template("not_found.html").render(message=str(missing)))
        except IndexProblem as problem:
            return error_page(503, "Mötet kan inte visas just nu", index_message(problem))
        except Exception:  # noqa: BLE001 - a browser gets a page, the log the detail
            log.exception("the meeting page of %r failed", doc_id[:200])
            return error_page(500, "Ett oväntat fel inträffade", UNEXPECTED)
        return Page(200, ENVIRONMENT.get_template("meeting.html").render(meeting=meeting, kind_names=KIND_NAMES))

    def _page(self, item_id: str) -> Page:
        try:
            item = self.items.item(item_id)
        except ItemNotFound as missing:
            html = ENVIRONMENT.get_template("not_found.html").render(message=str(missing))
            return Page(404, html)
        html = ENVIRONMENT.get_template("item.html").render(
            item=item,
            kind_name=KIND_NAMES.get(item.kind or "", ""),
            segments=segments(item.text, item.decision),
        )
        return Page(200, html)


def error_page(status: int, title: str, message: str) -> Page:
    return Page(status, ENVIRONMENT.get_template("error.html").render(title=title, message=message))
