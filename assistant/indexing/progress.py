"""How far long work has come (ingest, uploads, rebuilds), told to whoever is watching.

The ingest reports a `Step` as it goes. A terminal gets a bar (the CLI draws it); anything else,
a log file or a server's log, gets `ProgressLog`'s line every few seconds: a bar redrawn into a
log is either noise or, as before, nothing at all until the end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_INTERVAL_S = 5.0


@dataclass(frozen=True)
class Step:
    """Where a stage of the work stands.

    `done` of `total` units (documents, or 1 for a stage that is one piece of work); `nodes` the
    nodes embedded so far in the stage; `document` the file at work and `part` how far into it
    (0–1, from its nodes embedded), so one large upload does not sit at 0 % until it is done.
    """

    stage: str
    done: int
    total: int
    nodes: int = 0
    document: str = ""
    part: float = 0.0

    @property
    def fraction(self) -> float:
        if self.total <= 0:
            return 1.0
        return min(1.0, (self.done + min(max(self.part, 0.0), 1.0)) / self.total)

    @property
    def finished(self) -> bool:
        return self.done >= self.total


Progress = Callable[[Step], None]
"""Called with each step of an ingest; stages are Swedish words for what is going on."""


def no_progress(step: Step) -> None:
    """A Progress for callers that watch nothing."""


@dataclass
class _Seen:
    started: float
    logged: float
    finished: bool = False


@dataclass
class ProgressLog:
    """A Progress that writes one line per stage every `interval_s` seconds and when it ends.

    Lines say documents done of all, nodes per second and the time left at the rate so far, e.g.
    "Indexerar dokument: 120 av 465 (26 %), 1843 noder, 17,2 noder/s, cirka 3 min 20 s kvar".
    """

    emit: Callable[[str], None]
    interval_s: float = DEFAULT_INTERVAL_S
    clock: Callable[[], float] = time.monotonic
    _stages: dict[str, _Seen] = field(default_factory=dict)

    def __call__(self, step: Step) -> None:
        now = self.clock()
        seen = self._stages.get(step.stage)
        if seen is None:
            # The first report of a stage is its start, not news: the line comes after interval_s.
            self._stages[step.stage] = _Seen(started=now, logged=now, finished=step.finished and step.total > 0)
            return
        if seen.finished:
            return
        if step.finished or now - seen.logged >= self.interval_s:
            seen.logged = now
            seen.finished = step.finished
            self.emit(progress_line(step, now - seen.started))


def progress_line(step: Step, elapsed_s: float) -> str:
    """One line, in Swedish, on where `step` stands after `elapsed_s` seconds of its stage."""
    parts = [f"{step.stage}: {step.done} av {step.total} ({round(100 * step.fraction)} %)"]
    if step.nodes:
        parts.append(f"{step.nodes} noder")
        if elapsed_s > 0:
            parts.append(f"{_decimal(step.nodes / elapsed_s)} noder/s")
    if step.finished:
        parts.append(f"klart på {duration_text(elapsed_s)}")
    elif step.fraction > 0 and elapsed_s > 0:
        left = elapsed_s * (1 - step.fraction) / step.fraction
        parts.append(f"cirka {duration_text(left)} kvar")
    if step.document and not step.finished:
        parts.append(f"nu {step.document}")
    return ", ".join(parts)


def duration_text(seconds: float) -> str:
    """`3 min 20 s`, `45 s`, `1 h 5 min`: how long, to the precision anyone reads a log with."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")
