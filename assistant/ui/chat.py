"""The "Fråga" tab: chat with streamed, cited answers, a sources panel, example questions, filters."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.answering.models import Answer, Citation
from assistant.indexing.errors import IndexMissing, IndexProblem
from assistant.retrieval.search import QueryProblem
from assistant.server.services import Services
from assistant.ui.formatting import (
    ALL,
    DOC_KINDS,
    ITEM_KINDS,
    NO_SOURCES,
    THINKING,
    FilterProblem,
    answer_markdown,
    filters_of,
    history_of,
    sources_markdown,
)
from assistant.ui.refresh import Refresh

log = logging.getLogger(__name__)

EXAMPLES = [
    "Vad beslutades om den nya blanketten för sjukskrivning av personer med försörjningsstöd?",
    "Vem ansvarar för att implementera den nya blanketten?",
    "Vad beslutade samrådet om strategin för suicidprevention?",
    "Vilka var frånvarande på Länssamverkansgruppens möte?",
    "Vem föredrog ärendet om Lifecare?",
    "Vad har hänt med arbetsordningen för LSG?",
]
NO_INDEX = (
    "Det finns inga dokument att söka i ännu. Ladda upp protokoll under fliken «Dokument» "
    "(eller be förvaltningen köra `assistant ingest`)."
)
UNEXPECTED = (
    "Ett oväntat fel inträffade, så frågan kunde inte besvaras. Försök igen; kvarstår felet, kontakta förvaltningen."
)
PLACEHOLDER = (
    "**Ställ en fråga om protokollen och överenskommelserna.**\n\n"
    "Svaren bygger bara på dokumenten och hänvisar till ärendet de kommer från, till exempel "
    "*LSG 2026-02-20 §12*. Klicka på hänvisningen för att läsa ärendet."
)
Messages = list[dict[str, Any]]


def problem_text(error: Exception) -> str:
    """A Swedish sentence for what went wrong, never a traceback."""
    if isinstance(error, IndexMissing):
        return NO_INDEX
    if isinstance(error, (FilterProblem, QueryProblem, IndexProblem)):
        return str(error)
    log.exception("unexpected error in the chat", exc_info=error)
    return UNEXPECTED


def body_choices(services: Services) -> list[str]:
    """The choice "Alla" and the bodies the index holds meetings of (just "Alla" before the first ingest)."""
    try:
        return [ALL, *sorted(services.answering().bodies())]
    except IndexProblem:
        return [ALL]


class Chat:
    """The chat's event handlers over the answering service."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def respond(
        self,
        question: str,
        messages: Messages | None,
        body: str | None,
        since: str | None,
        until: str | None,
        item_kind: str | None,
        doc_kind: str | None,
    ) -> Iterator[tuple[Messages, Any, str]]:
        """Stream the answer into the chat; yields (chat, sources panel, cleared question box)."""
        question = (question or "").strip()
        shown = list(messages or [])
        if not question:
            gr.Warning("Skriv en fråga först, eller klicka på ett av exemplen.")
            yield shown, gr.skip(), ""
            return
        history = history_of(shown)
        shown += [{"role": "user", "content": question}, {"role": "assistant", "content": THINKING}]
        yield shown, gr.skip(), ""
        try:
            filters = filters_of(body, since, until, item_kind, doc_kind)
            written = ""
            for part in self.services.answering().stream(question, history, filters):
                if isinstance(part, Answer):
                    shown[-1] = {"role": "assistant", "content": answer_markdown(part)}
                    yield shown, sources_markdown(part, self.snippet), ""
                    return
                written += part
                shown[-1] = {"role": "assistant", "content": html.escape(written, quote=False)}
                yield shown, gr.skip(), ""
        except Exception as error:  # noqa: BLE001 - every failure becomes a Swedish message
            shown[-1] = {"role": "assistant", "content": problem_text(error)}
            yield shown, NO_SOURCES, ""

    def snippet(self, cited: Citation) -> str | None:
        """The start of the cited item's text, for the sources panel."""
        own = getattr(cited, "snippet", None)
        if own:
            return str(own)
        try:
            found = self.services.search().item(cited.id)
        except Exception:  # noqa: BLE001 - a missing snippet must not break the answer
            log.warning("no snippet for %s", cited.id, exc_info=True)
            return None
        return found.snippet if found else None


def build_chat_tab(services: Services) -> list[Refresh]:
    """The chat tab's components and events; returns what to re-read when the index changes."""
    chat = Chat(services)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                label="Samtal",
                height=520,
                placeholder=PLACEHOLDER,
                examples=[{"text": q} for q in EXAMPLES],
                buttons=["copy"],
                feedback_options=None,
                elem_id="chat",
            )
            with gr.Row():
                question = gr.Textbox(
                    label="Din fråga",
                    placeholder="Skriv en fråga, till exempel «Vad beslutades om …?», och tryck Enter",
                    lines=1,
                    max_lines=4,
                    scale=5,
                    autofocus=True,
                    elem_id="question",
                )
                send = gr.Button("Skicka", variant="primary", scale=1, min_width=100, elem_id="send")
            clear = gr.Button("Rensa samtalet", variant="secondary", size="sm", elem_id="clear")
            with gr.Accordion("Avgränsa sökningen (valfritt)", open=False):
                with gr.Row():
                    body = gr.Dropdown(choices=[ALL], value=ALL, label="Organ", allow_custom_value=True)
                    item_kind = gr.Radio(list(ITEM_KINDS), value=ALL, label="Ärendetyp")
                    doc_kind = gr.Radio(list(DOC_KINDS), value=ALL, label="Dokumenttyp")
                with gr.Row():
                    since = gr.Textbox(label="Från datum", placeholder="ÅÅÅÅ-MM-DD", max_lines=1)
                    until = gr.Textbox(label="Till datum", placeholder="ÅÅÅÅ-MM-DD", max_lines=1)
        with gr.Column(scale=2):
            gr.Markdown("### Källor")
            sources = gr.Markdown(NO_SOURCES, label="Källor", elem_id="sources")

    inputs = [question, chatbot, body, since, until, item_kind, doc_kind]
    outputs = [chatbot, sources, question]
    gr.on(
        [question.submit, send.click],
        chat.respond,
        inputs,
        outputs,
        api_name="chat",
        api_description="Ställ en fråga; svaret strömmas in i samtalet med hänvisningar som länkar.",
        show_progress="minimal",
        concurrency_limit=4,
    )
    chatbot.example_select(
        _example, None, question, api_visibility="private", show_progress="hidden", queue=False
    ).then(chat.respond, inputs, outputs, api_visibility="private", show_progress="minimal", concurrency_limit=4)
    clear.click(_cleared, None, [chatbot, sources, question], api_name="clear_chat", queue=False)
    chatbot.clear(_cleared, None, [chatbot, sources, question], api_visibility="private", queue=False)
    return [Refresh(lambda: gr.Dropdown(choices=body_choices(services)), [], [body])]


def _example(selected: gr.SelectData) -> str:
    value = selected.value
    return str(value.get("text") or "") if isinstance(value, dict) else str(value or "")


def _cleared() -> tuple[Messages, str, str]:
    return [], NO_SOURCES, ""
