"""A matter's history across meetings for /topics, /api/topics and its CSV, from the answering service."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from urllib.parse import quote_plus

from assistant.answering.labels import citation
from assistant.answering.service import AnsweringService
from assistant.answering.timeline import topic_url
from assistant.indexing.errors import IndexProblem
from assistant.retrieval.search import QueryProblem
from assistant.server.errors import UNEXPECTED, index_message
from assistant.server.items.item_page import ENVIRONMENT, Page, error_page
from assistant.server.topics.topics_models import TopicRow, TopicView

log = logging.getLogger(__name__)

CSV_COLUMNS = ["datum", "organ", "paragraf", "rubrik", "vad hände", "sammanfattning", "hänvisning", "länk"]
_BOM = "\ufeff"  # so that Excel, which Swedish offices open CSV files in, reads it as UTF-8
MAX_QUERY = 300


class TopicsService:
    """The timeline of a matter as data, as CSV and as the page /topics?q=…."""

    def __init__(self, answering: Callable[[], AnsweringService]) -> None:
        self._answering = answering

    def topic(self, query: str) -> TopicView:
        """Every meeting that handled the matter `query` names, oldest first."""
        query = " ".join(query.split())[:MAX_QUERY]
        try:
            steps = self._answering().timeline(query) if query else []
        except QueryProblem:  # nothing searchable (control characters, punctuation): no meeting handled it
            steps = []
        rows = []
        for step in steps:
            cited = citation(step.result)
            rows.append(
                TopicRow(
                    date=step.result.date,
                    body=step.result.body,
                    item=step.result.item,
                    title=step.result.title,
                    status=step.status,
                    summary=step.summary,
                    label=cited.label,
                    url=cited.url,
                    meeting_url=cited.meeting_url,
                )
            )
        return TopicView(query=query, rows=rows, csv_url=f"/api/topics?q={quote_plus(query)}&format=csv",
                         page_url=topic_url(query))  # fmt: skip

    def csv(self, query: str) -> str:
        """The timeline as CSV with Swedish headings (opens in Excel)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for row in self.topic(query).rows:
            writer.writerow([row.date or "", row.body or "", row.item or "", row.title, row.status, row.summary,
                             row.label, row.url])  # fmt: skip
        return _BOM + out.getvalue()

    def page(self, query: str) -> Page:
        """The topic page: a search box, and the matter's meetings as a table with links and CSV."""
        try:
            view = self.topic(query)
        except IndexProblem as problem:
            return error_page(503, "Tidslinjen kan inte visas just nu", index_message(problem))
        except Exception:  # noqa: BLE001 - a browser gets a page, the log the detail
            log.exception("the topic page of %r failed", query[:200])
            return error_page(500, "Ett oväntat fel inträffade", UNEXPECTED)
        return Page(200, ENVIRONMENT.get_template("topic.html").render(topic=view))

