"""Progress of long work as a log shows it: a line every few seconds with rate and time left."""

from __future__ import annotations

from assistant.indexing.progress import ProgressLog, Step, duration_text, progress_line


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_line_every_interval_and_one_when_the_stage_ends() -> None:
    clock, lines = Clock(), []
    log = ProgressLog(lines.append, interval_s=5.0, clock=clock)
    log(Step("Indexerar dokument", 0, 100))  # the start: nothing to say yet
    for done in range(1, 100):
        clock.now += 0.5
        log(Step("Indexerar dokument", done, 100, nodes=done * 20, document=f"p{done}.pdf"))
    assert len(lines) == 9  # 49.5 s of work, a line per 5 s
    assert lines[0] == "Indexerar dokument: 10 av 100 (10 %), 200 noder, 40,0 noder/s, cirka 45 s kvar, nu p10.pdf"
    clock.now += 0.5
    log(Step("Indexerar dokument", 100, 100, nodes=2000))
    log(Step("Indexerar dokument", 100, 100, nodes=2000))  # said once
    assert lines[-1] == "Indexerar dokument: 100 av 100 (100 %), 2000 noder, 40,0 noder/s, klart på 50 s"
    assert len(lines) == 10


def test_stages_are_timed_apart_and_a_document_part_moves_the_estimate() -> None:
    clock, lines = Clock(), []
    log = ProgressLog(lines.append, interval_s=1.0, clock=clock)
    log(Step("Letar efter ändringar", 0, 3))
    clock.now += 2
    log(Step("Letar efter ändringar", 3, 3))
    log(Step("Indexerar dokument", 0, 1, document="stor.pdf"))
    clock.now += 30
    log(Step("Indexerar dokument", 0, 1, nodes=150, document="stor.pdf", part=0.25))
    assert lines == [
        "Letar efter ändringar: 3 av 3 (100 %), klart på 2 s",
        "Indexerar dokument: 0 av 1 (25 %), 150 noder, 5,0 noder/s, cirka 1 min 30 s kvar, nu stor.pdf",
    ]


def test_an_empty_stage_is_done_at_once_and_durations_read_as_people_write_them() -> None:
    assert progress_line(Step("Indexerar dokument", 0, 0), 0.0) == "Indexerar dokument: 0 av 0 (100 %), klart på 0 s"
    assert [duration_text(s) for s in (0.4, 59.6, 200, 3900)] == ["0 s", "1 min 0 s", "3 min 20 s", "1 h 5 min"]
