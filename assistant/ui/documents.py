"""The "Dokument" tab: the documents the assistant searches, upload and delete, over DocumentsService."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant.indexing.errors import IndexMissing, IndexProblem
from assistant.indexing.ingest import INDEXING, SCANNING
from assistant.indexing.progress import Progress, Step
from assistant.server.documents.documents_errors import DocumentNotFound, DocumentRejected
from assistant.server.documents.documents_models import DocumentInfo, UploadResult
from assistant.server.services import Services
from assistant.ui.formatting import KIND_NAMES, STRUCTURE_NAMES, link
from assistant.ui.refresh import Refresh

log = logging.getLogger(__name__)

COLUMNS = ["Titel", "Typ", "Organ", "Datum", "Indelning", "Delar", "Status", "Fil"]
FORMATS = "PDF, Word (.docx), text (.txt, .md) eller HTML"
INTRO = (
    "Här är dokumenten som assistenten söker i. Ladda upp ett protokoll eller en överenskommelse "
    f"({FORMATS}): det läses in direkt, och sedan går det att ställa frågor om det."
)
UNEXPECTED = "Ett oväntat fel inträffade. Försök igen; kvarstår felet, kontakta förvaltningen."
# Asks before deleting; a cancel sends "" (nothing chosen sends null).
CONFIRM_DELETE = "(doc) => doc && !window.confirm('Ta bort dokumentet? Det går sedan inte att söka i det.') ? '' : doc"
_SHOWN_ITEMS = 5
PROGRESS = gr.Progress()  # a marker: Gradio passes each call its own tracker


def document_rows(documents: list[DocumentInfo]) -> pd.DataFrame:
    rows = [
        [
            d.title,
            KIND_NAMES.get(d.kind or "", "okänd"),
            d.body or "",
            d.date or "datum okänt",
            STRUCTURE_NAMES.get(d.structure or "", "okänd"),
            d.items,
            "sökbart" if d.status == "indexerad" else f"fel: {d.error or 'kunde inte läsas'}",
            d.source,
        ]
        for d in documents
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def document_choices(documents: list[DocumentInfo]) -> list[tuple[str, str]]:
    return [(f"{d.title} ({d.date or d.source})", d.id) for d in documents]


def uploaded_text(name: str, result: UploadResult) -> str:
    """What an upload gave: the document and its first items as links to their pages."""
    document = result.document
    if result.duplicate:
        return f"«{name}» finns redan inläst som «{document.title}»; inget ändrades."
    text = f"«{name}» är inläst: «{document.title}», {document.items} ärenden."
    if result.items:
        shown = [
            link(f"§{i.number}" if i.number else i.title, i.url) + f" {i.title}" for i in result.items[:_SHOWN_ITEMS]
        ]
        more = len(result.items) - _SHOWN_ITEMS
        text += "\n" + "\n".join(f"- {s}" for s in shown) + (f"\n- … och {more} till" if more > 0 else "")
    return text


def file_progress(progress: gr.Progress, n: int, paths: list[str]) -> Progress:
    """The ingest's steps for file `n` of `paths`, shown on the upload's progress bar."""
    name = Path(paths[n]).name

    def show(step: Step) -> None:
        if step.stage == INDEXING:
            what = f"{step.nodes} stycken inlästa" if step.nodes else "läser"
        else:
            what = step.stage.lower()
        within = {SCANNING: 0.0, INDEXING: step.fraction}.get(step.stage, 1.0)  # the lexical index comes last
        fraction = (n + within) / len(paths)
        progress(fraction, desc=f"«{name}» ({n + 1} av {len(paths)}): {what} …")

    return show


class Documents:
    """The tab's event handlers over `services.documents()`."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def listing(self) -> tuple[pd.DataFrame, Any, str]:
        """(table, delete choices, message)."""
        try:
            documents = self.services.documents().list()
        except IndexMissing:
            documents = []
        except IndexProblem as problem:
            return document_rows([]), gr.Dropdown(choices=[], value=None), str(problem)
        except Exception:  # noqa: BLE001 - never a traceback to the user
            log.exception("listing the documents failed")
            return document_rows([]), gr.Dropdown(choices=[], value=None), UNEXPECTED
        message = "" if documents else "Inga dokument ännu. Ladda upp det första nedan."
        return document_rows(documents), gr.Dropdown(choices=document_choices(documents), value=None), message

    def upload(
        self, files: list[str] | str | None, progress: gr.Progress = PROGRESS
    ) -> tuple[pd.DataFrame, Any, str, None]:
        """Read in each file; (table, delete choices, report, emptied upload box)."""
        paths = [files] if isinstance(files, str) else list(files or [])
        if not paths:
            return *self.listing()[:2], "Välj en eller flera filer att ladda upp.", None
        lines = []
        for n, path in enumerate(paths):
            name = Path(path).name
            progress(n / len(paths), desc=f"Läser in «{name}» ({n + 1} av {len(paths)}) …")
            try:
                result = self.services.documents().upload(name, Path(path).read_bytes(), file_progress(progress, n, paths))
                lines.append(uploaded_text(name, result))
            except DocumentRejected as rejected:
                lines.append(str(rejected))
                gr.Warning(str(rejected))
            except Exception:  # noqa: BLE001 - every failure becomes a Swedish message
                log.exception("uploading %s failed", name)
                lines.append(f"«{name}» kunde inte läsas in: {UNEXPECTED}")
        progress(1.0, desc="Klart")
        table, choices, _ = self.listing()
        return table, choices, "\n\n".join(lines), None

    def delete(self, doc_id: str | None) -> tuple[Any, Any, str]:
        """Remove the chosen document; (table, delete choices, message)."""
        if doc_id == "":
            return gr.skip(), gr.skip(), "Inget togs bort."
        if not doc_id:
            return gr.skip(), gr.skip(), "Välj först vilket dokument som ska tas bort."
        try:
            self.services.documents().delete(doc_id)
            message = "Dokumentet är borttaget och går inte längre att söka i."
        except DocumentNotFound:
            message = "Dokumentet finns inte längre; listan är uppdaterad."
        except Exception:  # noqa: BLE001 - never a traceback to the user
            log.exception("deleting %s failed", doc_id)
            message = UNEXPECTED
        table, choices, _ = self.listing()
        return table, choices, message


def build_documents_tab(services: Services) -> tuple[list[Any], list[Refresh]]:
    """The tab; returns the events after which the documents may have changed (upload, delete), and
    what to re-read on page load."""
    documents = Documents(services)
    gr.Markdown(INTRO)
    table = gr.Dataframe(
        value=document_rows([]),
        headers=COLUMNS,
        label="Dokument",
        interactive=False,
        wrap=True,
        column_widths=["28%", "10%", "18%", "10%", "8%", "12%", "14%"],
        elem_id="documents",
    )
    message = gr.Markdown(label="Meddelande", elem_id="documents-message")
    with gr.Row(equal_height=False):
        with gr.Column():
            files = gr.File(
                label=f"Ladda upp dokument ({FORMATS})", file_count="multiple", type="filepath", elem_id="upload"
            )
            report = gr.Markdown(label="Resultat", elem_id="upload-report")
        with gr.Column():
            chosen = gr.Dropdown(label="Dokument att ta bort", choices=[], value=None, allow_custom_value=True)
            delete = gr.Button("Ta bort dokumentet", variant="stop")
            deleted = gr.Markdown(label="Borttaget", elem_id="delete-report")

    uploaded = files.upload(documents.upload, files, [table, chosen, report, files], api_name="upload_documents")
    removed = delete.click(
        documents.delete, chosen, [table, chosen, deleted], api_name="delete_document", js=CONFIRM_DELETE
    )
    gr.Button("Uppdatera listan", size="sm").click(
        documents.listing, None, [table, chosen, message], api_name="list_documents"
    )
    return [uploaded, removed], [Refresh(documents.listing, [], [table, chosen, message])]
