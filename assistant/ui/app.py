"""The web interface: one page with the tabs Fråga, Dokument and Beslut, mounted at "/"."""

from __future__ import annotations

import gradio as gr
from fastapi import FastAPI

from assistant.server.access.keys import ApiKeys
from assistant.server.services import Services
from assistant.ui.chat import build_chat_tab
from assistant.ui.decisions import build_decisions_tab
from assistant.ui.documents import build_documents_tab
from assistant.ui.login import LOGIN_MESSAGE, login_check

TITLE = "Protokollassistenten"
INTRO = (
    f"# {TITLE}\n"
    "Ställ frågor om protokollen och överenskommelserna. Varje svar hänvisar till ärendet det bygger på; "
    "klicka på hänvisningen för att läsa ärendet. Finns svaret inte i dokumenten säger assistenten det."
)
# System fonts: the default theme would fetch its fonts from the internet.
THEME = gr.themes.Soft(
    font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "Consolas", "monospace"],
)
CSS = """
#sources blockquote { font-size: 0.9em; margin: 0.3em 0 0.8em 0; }
#documents, #documents *, #decisions, #decisions * { font-family: var(--font) !important; }
"""
HOUR = 3600


def build_ui(services: Services) -> gr.Blocks:
    """The Gradio app: a thin shell over the services, no logic of its own."""
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(HOUR, 24 * HOUR)) as ui:
        gr.Markdown(INTRO)
        with gr.Tabs():
            with gr.Tab("Fråga", id="chat"):
                refreshes = build_chat_tab(services)
            with gr.Tab("Dokument", id="documents"):
                changes, documents_refreshes = build_documents_tab(services)
            with gr.Tab("Beslut", id="decisions"):
                refreshes += build_decisions_tab(services)
        # What the index holds is read on page load, and again whenever a document is read in or removed.
        for refresh in refreshes:
            refresh.on(ui.load)
            for change in changes:
                refresh.on(change.then)
        for refresh in documents_refreshes:
            refresh.on(ui.load)
    return ui


def mount_ui(app: FastAPI, services: Services, path: str = "/", keys: ApiKeys | None = None) -> FastAPI:
    """Mount the UI on the API's app (after every API route, which would otherwise be shadowed).

    With API keys, Gradio's login form comes first; the password is one of the keys."""
    return gr.mount_gradio_app(
        app,
        build_ui(services),
        path=path,
        footer_links=[],
        run_history=False,
        theme=THEME,
        css=CSS,
        ssr_mode=False,
        mcp_server=False,
        # A backstop against huge uploads filling the disk; below it, DocumentsService refuses files
        # over ASSISTANT_MAX_FILE_MB with a Swedish message (Gradio's own message is English).
        max_file_size=int(2 * services.settings.max_file_mb * 1024 * 1024),
        auth=login_check(keys) if keys else None,
        auth_message=LOGIN_MESSAGE if keys else None,
    )
