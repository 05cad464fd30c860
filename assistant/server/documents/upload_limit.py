"""A cap on upload requests, applied while the body arrives.

Starlette spools a multipart upload to disk before any handler runs, so the service's own
size check would come only after an arbitrarily large body had been received. This ASGI
middleware refuses a declared Content-Length over the limit at once, and stops a body sent
without one (chunked) as soon as it passes the limit. Both answers are the API's usual
Swedish JSON error with status 413.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.config import Settings
from assistant.server.documents.rejections import size_text
from assistant.server.errors import SwedishHTTPException

UPLOAD_PATH = "/api/documents"
_MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around the file


def upload_limit(settings: Settings) -> int:
    """The largest upload request: the file size limit plus room for the multipart framing."""
    return int(settings.max_file_mb * 1024 * 1024) + _MULTIPART_OVERHEAD


class UploadLimit:
    def __init__(self, app: ASGIApp, limit: int, file_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.message = f"Filen är för stor; gränsen är {size_text(file_limit)}."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].rstrip("/") != UPLOAD_PATH:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await JSONResponse({"detail": self.message}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:  # FastAPI passes an HTTPException from here on to the handlers
                    raise SwedishHTTPException(413, self.message)
            return message

        await self.app(scope, counted, send)
