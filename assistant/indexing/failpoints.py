"""Named points where a test can kill the ingest process, to prove the index survives it.

`ASSISTANT_FAILPOINT=after-add` makes the ingest SIGKILL itself right after it has stored a
document's new nodes and before it commits them: exactly the crash a power cut or an OOM
kill would cause there. Unset (always, outside tests) it costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

ENV = "ASSISTANT_FAILPOINT"


def failpoint(name: str) -> None:
    """Die here, as if killed, when the environment names this point."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
