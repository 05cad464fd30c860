"""The gate in front of the application: which requests need a key, and the Swedish refusal.

With API keys configured:
  * /api/* and /v1/* need a key (see keys.py); without one: 401, JSON with a Swedish `detail`
    (under /v1 also OpenAI's error shape, code `invalid_api_key`), before the body is read;
  * the pages that show document text, /items/{id} and /documents/{id}/source, need a key or
    the session cookie of the UI's login, so a citation link opened from the chat just works;
  * everything else is open: /healthz (says only whether there is an index), the OpenAPI
    description at /openapi.json and /docs (the API's shape, already public in the README; no data),
    and the Gradio UI, which asks for its own login (assistant/ui/login.py).
Without keys the gate lets everything through; `assistant serve` then listens only on loopback
(binding.py). It is an ASGI middleware rather than a FastAPI dependency so that an upload
without a key is refused before its body is received.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.server.access.keys import ApiKeys, Headers, presented_keys
from assistant.server.errors import error_content
from assistant.server.items.item_page import PAGE_HEADERS

log = logging.getLogger(__name__)

KEY_MISSING = (
    "Åtkomst kräver en API-nyckel. Skicka den i huvudet «Authorization: Bearer <nyckel>» eller «X-API-Key: <nyckel>»."
)
KEY_WRONG = "API-nyckeln gäller inte. Kontrollera nyckeln, eller be förvaltningen av tjänsten om en giltig."
LOGIN_TITLE = "Inloggning krävs"
LOGIN_PAGE = f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{LOGIN_TITLE} – Protokollassistenten</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.5">
<h1>{LOGIN_TITLE}</h1>
<p>Sidan visar text ur dokumenten och kräver att du är inloggad. <a href="/">Logga in</a> i
Protokollassistenten och öppna sedan länken igen.</p>
</body></html>
"""
_NO_STORE = {"Cache-Control": "no-store"}
Zone = Literal["open", "api", "page"]
SessionCheck = Callable[[Headers], bool]


def zone(path: str) -> Zone:
    """What a path needs: "api" a key, "page" a key or the UI's session, "open" nothing."""
    if path in ("/api", "/v1") or path.startswith(("/api/", "/v1/")):
        return "api"
    if path.startswith(("/items/", "/documents/", "/meetings/", "/topics")):
        return "page"
    return "open"


class AccessGuard:
    """ASGI middleware: refuses requests without a valid key (or, for pages, a UI session) when keys are set."""

    def __init__(self, app: ASGIApp, keys: ApiKeys, session: SessionCheck | None = None) -> None:
        self.app = app
        self.keys = keys
        self.session = session

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not self.keys:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        needs = zone(path)
        headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
        presented = presented_keys(headers)
        allowed = any(self.keys.matches(key) for key in presented)
        if not allowed and needs == "page" and self.session is not None:
            allowed = self.session(headers)
        if needs == "open" or allowed:
            await self.app(scope, receive, send)
            return
        client = scope.get("client") or ("?", 0)
        log.info("refused %s %s from %s: %s", scope.get("method", "WS"), path, client[0],
                 "wrong key" if presented else "no key")  # fmt: skip
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await _refusal(needs, path, bool(presented))(scope, receive, send)


def _refusal(needs: Zone, path: str, presented: bool) -> Response:
    if needs == "page" and path.startswith("/items/"):
        return HTMLResponse(LOGIN_PAGE, status_code=401, headers={**PAGE_HEADERS, **_NO_STORE})
    message = KEY_WRONG if presented else KEY_MISSING
    headers = {**_NO_STORE, "WWW-Authenticate": 'Bearer realm="Protokollassistenten"'}
    return JSONResponse(error_content(path, 401, message, "invalid_api_key"), status_code=401, headers=headers)
