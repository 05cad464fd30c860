"""The `assistant` command line: a thin layer over the library.

Each command calls one library function and renders its result; user-facing output is
Swedish. Errors users can cause become a Swedish message and a non-zero exit code, never
a traceback (set ASSISTANT_DEBUG=1 to see one).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import track

from assistant.config import get_settings
from assistant.documents import DocumentError, parse_file, parse_folder
from assistant.documents.summary import describe
from assistant.logging_setup import configure_logging

app = typer.Typer(
    help="Protokollassistenten: läser protokoll och överenskommelser och svarar med hänvisningar.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
log = logging.getLogger("assistant")


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"Fel: {message}", err=True)
    return typer.Exit(code)


@app.callback()
def _main() -> None:
    """Protokollassistenten."""
    configure_logging(get_settings())


@app.command()
def parse(
    path: Annotated[Path, typer.Argument(help="Ett dokument eller en mapp med dokument.")],
    as_json: Annotated[bool, typer.Option("--json", help="Skriv ut resultatet som JSON.")] = False,
) -> None:
    """Läs ett protokoll eller en överenskommelse och visa möte, närvaro och ärenden."""
    if path.is_dir():
        _parse_folder(path, as_json)
        return
    try:
        document = parse_file(path)
    except DocumentError as error:
        raise _fail(str(error)) from None
    if as_json:
        typer.echo(document.model_dump_json(indent=2))
    else:
        typer.echo(describe(document))


def _progress(paths: Sequence[Path]) -> Iterable[Path]:
    """A progress bar on stderr while reading many files (hidden when stderr is not a terminal)."""
    return track(
        paths,
        description="Läser dokument",
        console=Console(stderr=True),
        disable=len(paths) < 2 or not sys.stderr.isatty(),
        transient=True,
    )


def _parse_folder(folder: Path, as_json: bool) -> None:
    result = parse_folder(folder, progress=_progress)
    if as_json:
        payload = {
            "documents": [d.model_dump(mode="json") for d in result.documents],
            "failures": [{"source": e.source, "reason": e.reason, "message": str(e)} for e in result.failures],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for document in result.documents:
            typer.echo(describe(document))
            typer.echo("")
        items = sum(len(d.items) for d in result.documents)
        typer.echo(f"Läste {len(result.documents)} dokument med sammanlagt {items} ärenden/avsnitt i {folder}.")
    if result.failures:
        typer.echo(f"{len(result.failures)} fil(er) kunde inte läsas:", err=True)
        for error in result.failures:
            typer.echo(f"  - {error}", err=True)
    if not result.documents:
        raise _fail(f"inga dokument kunde läsas i {folder}")


def main() -> None:
    """Entry point that turns unexpected errors into a Swedish message instead of a traceback."""
    try:
        app()
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - last line of defence for users
        if get_settings().debug:
            raise
        log.debug("unexpected error", exc_info=error)
        typer.echo(
            f"Fel: ett oväntat fel inträffade ({type(error).__name__}). Kör med ASSISTANT_DEBUG=1 för detaljer.",
            err=True,
        )
        sys.exit(2)
