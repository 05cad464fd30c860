"""The Swedish chat UI (Gradio), mounted at "/" on the API's app: a thin shell over the services."""

from __future__ import annotations

import os

# Nothing may call home at run time: set before Gradio is imported.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant.ui.app import build_ui, mount_ui  # noqa: E402

__all__ = ["build_ui", "mount_ui"]
