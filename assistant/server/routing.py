"""Wrong methods and unknown addresses of the API are answered by the API, in Swedish.

The UI is mounted at "/" and so matches every path; without this, `PUT /api/ask` or
`GET /api/finns-inte` would fall through to Gradio and get its English 404. Here a path that
one of the app's own routes knows, asked with another method, is a 405 with `Allow`, and an
unknown path under /api or /v1 a 404, both as the API's usual JSON errors.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.routing import Match, Mount, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.server.access.guard import zone
from assistant.server.errors import HTTP_MESSAGES, error_content

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class ApiRouting:
    def __init__(self, app: ASGIApp, router: Router) -> None:
        self.app = app
        self.router = router

    def _known(self, scope: Scope, method: str) -> bool:
        """Whether one of the app's own routes (not the UI's mount) takes `method` on this path."""
        probe = {**scope, "method": method}
        routes = (route for route in self.router.routes if not isinstance(route, Mount))
        return any(route.matches(probe)[0] is Match.FULL for route in routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._known(scope, scope["method"]):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        allowed = [method for method in _METHODS if self._known(scope, method)]
        if allowed:
            headers = {"Allow": ", ".join(allowed)}
            response = JSONResponse(error_content(path, 405, HTTP_MESSAGES[405]), status_code=405, headers=headers)
        elif zone(path) == "api":
            response = JSONResponse(error_content(path, 404, HTTP_MESSAGES[404]), status_code=404)
        else:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)
