"""What a tab shows of the index (bodies, documents, decisions), re-read on page load and after uploads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr


@dataclass(frozen=True)
class Refresh:
    fn: Callable[..., Any]
    inputs: Sequence[gr.components.Component]
    outputs: Sequence[gr.components.Component]

    def on(self, trigger: Callable[..., Any]) -> None:
        """Run on an event, e.g. `Blocks.load`; not part of the public API."""
        trigger(self.fn, list(self.inputs), list(self.outputs), api_visibility="private", show_progress="hidden")
