"""The UI's login when API keys are set: Gradio's own login form, the password being one of the keys.

The user name can be anything (for example «personal»); what counts is the key. Gradio keeps
the sessions of those who logged in (a random token in an http-only cookie); `UiSessions`
reads the same cookie so that item pages and document downloads, which the chat links to,
open for a logged-in user without a key of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from starlette.requests import cookie_parser
from starlette.routing import Mount

from assistant.server.access.keys import ApiKeys, Headers

LOGIN_MESSAGE = (
    "Protokollassistenten kräver inloggning. Skriv valfritt användarnamn (till exempel «personal») "
    "och en av tjänstens API-nycklar som lösenord."
)


def login_check(keys: ApiKeys) -> Callable[[str, str], bool]:
    """Gradio's `auth` function: any user name, and a password that is one of the keys."""

    def check(username: str, password: str) -> bool:
        return keys.matches(password)

    return check


class UiSessions:
    """Whether a request carries the cookie of a session that logged in to the mounted Gradio app."""

    def __init__(self, app: FastAPI, path: str = "/") -> None:
        mount_path = path.rstrip("/")
        self._ui = next(route.app for route in app.routes if isinstance(route, Mount) and route.path == mount_path)

    def __call__(self, headers: Headers) -> bool:
        cookie = b"; ".join(value for name, value in headers if name.lower() == b"cookie")
        if not cookie:
            return False
        cookies = cookie_parser(cookie.decode("latin-1"))
        cookie_id = getattr(self._ui, "cookie_id", None)
        tokens: dict[str, str] = getattr(self._ui, "tokens", {})
        if cookie_id is None:
            return False
        names = (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}")
        return any(cookies.get(name) in tokens for name in names if cookies.get(name))
