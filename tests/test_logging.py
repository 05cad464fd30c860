"""Unexpected errors leave their traceback in the log file, never on the user's screen."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.logging_setup import configure_logging
from tests.logging_support import restored_root_logging


@pytest.fixture(autouse=True)
def _restore_logging():
    with restored_root_logging():
        yield


def _fail_and_log() -> None:
    try:
        raise ValueError("injected")
    except ValueError:
        logging.getLogger("assistant.test").exception("unexpected error while parsing x.txt")


def test_traceback_goes_to_the_log_file_not_stderr(tmp_path: Path, capfd) -> None:
    log_file = tmp_path / "logs" / "assistant.log"
    configure_logging(Settings(log_file=log_file, debug=False))
    _fail_and_log()
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "injected" not in captured.err
    written = log_file.read_text(encoding="utf-8")
    assert "Traceback" in written and "ValueError: injected" in written


def test_debug_also_shows_the_detail(tmp_path: Path, capfd) -> None:
    configure_logging(Settings(log_file=tmp_path / "a.log", debug=True))
    _fail_and_log()
    assert "ValueError: injected" in capfd.readouterr().err
