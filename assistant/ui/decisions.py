"""The "Beslut" tab: the decision register as a searchable table, downloadable as CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant.indexing.errors import IndexMissing, IndexProblem
from assistant.retrieval.register import DecisionEntry
from assistant.server.decisions.decisions_service import as_csv
from assistant.server.services import Services
from assistant.ui.chat import NO_INDEX, body_choices
from assistant.ui.formatting import ALL, FilterProblem, filters_of, link
from assistant.ui.refresh import Refresh

log = logging.getLogger(__name__)

COLUMNS = ["Hänvisning", "Datum", "Organ", "Rubrik", "Beslut", "Ansvar och uppdrag"]
INTRO = (
    "Alla beslut i protokollen, äldst först. Skriv i sökrutan för att bara visa beslut som innehåller orden, "
    "och ladda ner det som visas som CSV (öppnas i Excel). Klicka på hänvisningen för att läsa ärendet."
)
UNEXPECTED = "Ett oväntat fel inträffade. Försök igen; kvarstår felet, kontakta förvaltningen."
_DOWNLOADS = Path(tempfile.gettempdir()) / "protokollassistenten-csv"
_BOM = "\ufeff"


def matches(text: str, search: str | None) -> bool:
    """Whether every word of the search occurs in the text (case does not matter)."""
    haystack = text.casefold()
    return all(word in haystack for word in (search or "").casefold().split())


def responsible(entry: DecisionEntry) -> str:
    return "; ".join(f"{a.get('assignee') or ''}: {a.get('task') or ''}".strip(": ") for a in entry.assignments)


def decision_rows(entries: list[DecisionEntry], search: str | None) -> pd.DataFrame:
    rows = [
        [
            link(e.label, e.url),
            e.date or "datum okänt",
            e.body or "",
            e.title,
            " ".join(e.decision.split()),
            responsible(e),
        ]
        for e in entries
    ]
    rows = [row for row, e in zip(rows, entries) if matches(" ".join([e.label, *row[1:]]), search)]
    return pd.DataFrame(rows, columns=COLUMNS)


def filtered_csv(text: str, search: str | None) -> str:
    """The service's CSV with only the rows that match the search (the heading row kept)."""
    rows = list(csv.reader(io.StringIO(text.removeprefix(_BOM))))
    out = io.StringIO()
    csv.writer(out).writerows(rows[:1] + [row for row in rows[1:] if matches(" ".join(row), search)])
    return _BOM + out.getvalue()


def csv_file(text: str) -> str:
    """The CSV as a file named beslutsregister.csv for the download button (one per distinct content)."""
    folder = _DOWNLOADS / hashlib.sha256(text.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "beslutsregister.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


class Decisions:
    """The tab's event handler over `services.decisions()`."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def show(
        self, search: str | None, body: str | None, since: str | None, until: str | None
    ) -> tuple[pd.DataFrame, str | None, str]:
        """(table, CSV file for the download button, message) for the register narrowed by the form."""
        empty = decision_rows([], None)
        try:
            filters = filters_of(body, since, until, None, None)
            scope = (filters.body, filters.since, filters.until) if filters else (None, None, None)
            service = self.services.decisions()
            entries = service.register(*scope)
            table = decision_rows(entries, search)
            download = csv_file(filtered_csv(as_csv(entries), search))
        except IndexMissing:
            return empty, None, NO_INDEX
        except (FilterProblem, IndexProblem) as problem:
            return empty, None, str(problem)
        except Exception:  # noqa: BLE001 - never a traceback to the user
            log.exception("showing the decision register failed")
            return empty, None, UNEXPECTED
        term = (search or "").strip()
        message = f"{len(table)} beslut." if len(table) or not term else f"Inga beslut innehåller «{term}»."
        return table, download, message

    def bodies(self) -> Any:
        return gr.Dropdown(choices=body_choices(self.services))


def build_decisions_tab(services: Services) -> list[Refresh]:
    """The tab; returns what to re-read on page load and when the documents change."""
    decisions = Decisions(services)
    gr.Markdown(INTRO)
    with gr.Row():
        search = gr.Textbox(
            label="Sök bland besluten", placeholder="t.ex. blankett, suicid, arbetsordning", scale=3, elem_id="search"
        )
        body = gr.Dropdown(choices=[ALL], value=ALL, label="Organ", allow_custom_value=True, scale=2)
        since = gr.Textbox(label="Från datum", placeholder="ÅÅÅÅ-MM-DD", max_lines=1, scale=1)
        until = gr.Textbox(label="Till datum", placeholder="ÅÅÅÅ-MM-DD", max_lines=1, scale=1)
    with gr.Row():
        message = gr.Markdown(label="Antal", elem_id="decisions-message")
        download = gr.DownloadButton("Ladda ner som CSV (Excel)", value=None, size="sm", scale=0)
    table = gr.Dataframe(
        value=decision_rows([], None),
        headers=COLUMNS,
        datatype=["markdown", "str", "str", "str", "str", "str"],
        label="Beslut",
        interactive=False,
        wrap=True,
        column_widths=["14%", "9%", "12%", "20%", "27%", "18%"],
        elem_id="decisions",
    )
    form = [search, body, since, until]
    outputs = [table, download, message]
    gr.on(
        [search.change, body.change, since.submit, until.submit, since.blur, until.blur],
        decisions.show,
        form,
        outputs,
        api_name="decisions",
        trigger_mode="always_last",
        show_progress="minimal",
    )
    return [Refresh(decisions.bodies, [], [body]), Refresh(decisions.show, form, outputs)]
