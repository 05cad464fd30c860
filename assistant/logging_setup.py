"""Where log records go: details to a log file, never a traceback on a user's screen.

Users see Swedish messages; the log file keeps the technical detail (tracebacks of
unexpected errors) for whoever runs the service. With ASSISTANT_DEBUG=1 the detail goes
to stderr as well.
"""

from __future__ import annotations

import logging
import sys

from assistant.config import Settings

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


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
    for handler in root.handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
    logging.getLogger("pypdf").setLevel(logging.ERROR)
