"""Named points where a test can kill the ingest process, to prove the index survives it.

`ASSISTANT_FAILPOINT=after-add` makes the ingest SIGKILL itself right after it has stored a
document's new nodes and before it commits them: exactly the crash a power cut or an OOM
kill would cause there; `after-add:sleep=3` pauses there for 3 seconds instead, so a test can
hold a writer in the middle of its work. Unset (always, outside tests) it costs one dictionary
lookup.
"""

from __future__ import annotations

import os
import signal
import time

ENV = "ASSISTANT_FAILPOINT"


def failpoint(name: str) -> None:
    """Die here, as if killed, when the environment names this point (or pause, with `:sleep=S`)."""
    point, _, action = os.environ.get(ENV, "").partition(":")
    if point != name:
        return
    if action.startswith("sleep="):
        time.sleep(float(action.removeprefix("sleep=")))
    else:
        os.kill(os.getpid(), signal.SIGKILL)
