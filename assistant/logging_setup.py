"""Where log records go: details to a log file, never a traceback on a user's screen.

Users see Swedish messages; the log file keeps the technical detail (tracebacks of
unexpected errors) for whoever runs the service. With ASSISTANT_DEBUG=1 the detail goes
to stderr as well.

No secret is ever written: every record is formatted and then cleaned of the configured
API keys and the language model's key (wherever they appear, e.g. echoed back in a model
server's error message), of the values of `Authorization` and `X-API-Key` headers, of
OpenAI-style `sk-…` keys, and of the password in URLs such as `http://user:pass@host`.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

from assistant.config import Settings

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[dold]"
_MIN_SECRET_CHARS = 4  # shorter "secrets" would blank out ordinary words (and are no protection anyway)
_PATTERNS = (
    # a header or parameter that carries a credential: keep its name, hide its value
    re.compile(
        r"(?i)\b(authorization|proxy-authorization|x-api-key|api[_-]?key|access[_-]?token|password)"
        r"(['\"]?\s*[:=,]\s*\(?\s*(?:b?['\"])?)((?:bearer|basic|token)\s+)?([^\s'\",;)}\]]+)"
    ),
    re.compile(r"\bsk-[A-Za-z0-9_\-]{12,}"),  # OpenAI-style keys
    re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)([^/\s:@]+):([^/\s@]+)@"),  # credentials in URLs
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` without the given secrets, credential headers, sk- keys or passwords in URLs."""
    header, openai_key, url = _PATTERNS
    text = header.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3) or ''}{REDACTED}", text)
    text = openai_key.sub(REDACTED, text)
    text = url.sub(lambda m: f"{m.group(1)}{m.group(2)}:{REDACTED}@", text)
    for secret in sorted({s for s in secrets if len(s) >= _MIN_SECRET_CHARS}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter whose output (message, arguments and traceback alike) never contains a secret."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self.secrets = tuple(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


def secrets_of(settings: Settings) -> tuple[str, ...]:
    """Every secret the settings hold: the API keys and the language model's key."""
    return (*settings.api_key_list(), *((settings.llm_api_key,) if settings.llm_api_key else ()))


def configure_logging(settings: Settings) -> None:
    """Send WARNING and above to the log file (and to stderr when debugging)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if settings.debug else logging.WARNING)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    try:
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
        root.addHandler(logging.FileHandler(settings.log_file, encoding="utf-8"))
    except OSError:
        pass  # no writable log folder: logging must never stop the work
    if settings.debug:
        root.addHandler(logging.StreamHandler(sys.stderr))
    formatter = RedactingFormatter(_FORMAT, secrets_of(settings))
    for handler in root.handlers:
        handler.setFormatter(formatter)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    # What an operator watches of long writes: ingest progress and who holds the write lock.
    logging.getLogger("assistant.indexing").setLevel(logging.DEBUG if settings.debug else logging.INFO)
