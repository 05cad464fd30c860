"""The application: FastAPI with the API routers, and the Gradio UI mounted at "/"."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from assistant import __version__
from assistant.config import Settings
from assistant.server.access.guard import AccessGuard
from assistant.server.access.keys import ApiKeys
from assistant.server.access.schemes import declared
from assistant.server.ask.ask_router import router as ask_router
from assistant.server.decisions.decisions_router import router as decisions_router
from assistant.server.documents.documents_router import router as documents_router
from assistant.server.documents.upload_limit import UploadLimit, upload_limit
from assistant.server.errors import error_responses, install_error_handlers
from assistant.server.health.health_router import router as health_router
from assistant.server.items.items_router import router as items_router
from assistant.server.openai_compat.openai_router import router as openai_router
from assistant.server.routing import ApiRouting
from assistant.server.search.search_router import router as search_router
from assistant.server.services import Services
from assistant.server.topics.topics_router import router as topics_router
from assistant.ui import mount_ui
from assistant.ui.login import UiSessions


def create_app(settings: Settings, index_dir: Path) -> FastAPI:
    keys = ApiKeys(settings.api_key_list())
    app = FastAPI(title="Protokollassistenten", version=__version__, docs_url="/docs")
    app.state.services = Services(settings, index_dir)
    install_error_handlers(app)
    app.add_middleware(UploadLimit, limit=upload_limit(settings), file_limit=app.state.services.documents().max_bytes)
    app.include_router(health_router)
    guarded = declared(keys)
    statuses = (400, *((401,) if keys else ()), 422, 500, 503)
    for router in (search_router, ask_router, documents_router, items_router, decisions_router, topics_router):
        app.include_router(router, dependencies=guarded, responses=error_responses(*statuses))
    app.include_router(openai_router, dependencies=guarded, responses=error_responses(*statuses, openai=True))

    # Last: the UI at "/" would shadow every route added after it.
    app = mount_ui(app, app.state.services, path="/", keys=keys)
    app.add_middleware(ApiRouting, router=app.router)
    # Outermost: a request without a key is refused before anything reads its body.
    app.add_middleware(AccessGuard, keys=keys, session=UiSessions(app, "/"))
    return app
