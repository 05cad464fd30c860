"""The `assistant` command line: a thin layer over the library.

Each command calls one library function and renders its result; user-facing output is
Swedish. Errors users can cause become a Swedish message and a non-zero exit code, never
a traceback (set ASSISTANT_DEBUG=1 to see one).
"""

from __future__ import annotations

import csv
import json
import logging
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    track,
)

from assistant.answering.service import build_answering
from assistant.config import get_settings
from assistant.documents import DocumentError, parse_file, parse_folder
from assistant.documents.summary import describe
from assistant.indexing.errors import IndexProblem
from assistant.indexing.ingest import IngestService
from assistant.indexing.progress import Progress as ProgressFn
from assistant.indexing.progress import ProgressLog, Step
from assistant.indexing.store import IndexStore
from assistant.logging_setup import configure_logging
from assistant.retrieval.models import SearchFilters
from assistant.retrieval.register import decision_register
from assistant.retrieval.search import QueryProblem, SearchService
from assistant.understanding.periods import PeriodNotUnderstood, parse_period

app = typer.Typer(
    help="Protokollassistenten: läser protokoll och överenskommelser och svarar med hänvisningar.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
log = logging.getLogger("assistant")
MIN_KEY_CHARS = 16


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


class _ProgressBar:
    """A rich progress bar per stage on stderr, with nodes/s and the time left (a terminal only)."""

    def __init__(self) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}
        self._started: dict[str, float] = {}

    def __enter__(self) -> _ProgressBar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def __call__(self, step: Step) -> None:
        if step.stage not in self._tasks:
            self._tasks[step.stage] = self._progress.add_task(step.stage, total=step.total, rate="")
            self._started[step.stage] = time.monotonic()
        elapsed = time.monotonic() - self._started[step.stage]
        rate = f"{step.nodes / elapsed:.1f} noder/s" if step.nodes and elapsed > 0 else ""
        self._progress.update(
            self._tasks[step.stage], completed=step.done + step.part, total=step.total, rate=rate
        )


@contextmanager
def _ingest_progress() -> Iterator[ProgressFn]:
    """A bar on a terminal; elsewhere (a log, a pipe) a line on stderr every few seconds."""
    if sys.stderr.isatty():
        with _ProgressBar() as bar:
            yield bar
    else:
        yield ProgressLog(lambda line: typer.echo(line, err=True), get_settings().progress_interval_s)


def _index_dir(index: Path | None) -> Path:
    return index or get_settings().index_dir


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Dokument eller mappar (standard: corpus/).")] = None,
    index: Annotated[Path | None, typer.Option("--index", help="Indexmappen (standard: index/).")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Bygg om hela indexet från början.")] = False,
) -> None:
    """Läs in dokument i sökindexet; bara det som ändrats sedan förra gången."""
    settings = get_settings()
    targets = paths or [settings.corpus_dir]
    missing = [p for p in targets if not p.exists()]
    if missing:
        raise _fail(f"{', '.join(map(str, missing))} finns inte")
    try:
        with _ingest_progress() as bar:
            report = IngestService(settings, _index_dir(index)).ingest(targets, rebuild=rebuild, progress=bar)
    except IndexProblem as problem:
        raise _fail(str(problem)) from None
    typer.echo(
        f"Klart på {report.seconds:.1f} s: {len(report.added)} nya, {len(report.updated)} ändrade, "
        f"{len(report.removed)} borttagna, {len(report.unchanged)} oförändrade dokument; {report.nodes} nya noder."
    )
    if report.coarse:
        by = {s: sum(1 for c in report.coarse if c[1] == s) for s in ("headings", "passages")}
        typer.echo(
            f"{len(report.coarse)} dokument utan numrerade ärenden eller avsnitt: {by['headings']} lästes in efter "
            f"rubriker, {by['passages']} i stycken (hänvisas med sida eller stycke):"
        )
        for name, _structure, why in report.coarse:
            typer.echo(f"  - {name}: {why}")
    if report.failed:
        typer.echo(f"{len(report.failed)} fil(er) kunde inte läsas in:", err=True)
        for error in report.failed:
            typer.echo(f"  - {error}", err=True)


# Options shared by the commands that search.
_Body = Annotated[str | None, typer.Option("--body", help="Bara detta organ, t.ex. Länssamverkansgruppen.")]
_Since = Annotated[str | None, typer.Option("--since", help="Från och med datum (ÅÅÅÅ-MM-DD).")]
_Until = Annotated[str | None, typer.Option("--until", help="Till och med datum (ÅÅÅÅ-MM-DD).")]
_Kind = Annotated[str | None, typer.Option("--kind", help="beslut eller information.")]
_DocKind = Annotated[str | None, typer.Option("--doc-kind", help="protocol eller agreement.")]
_Index = Annotated[Path | None, typer.Option("--index", help="Indexmappen (standard: index/).")]
_Json = Annotated[bool, typer.Option("--json", help="Skriv ut resultatet som JSON.")]


def _filters(
    body: str | None, since: str | None, until: str | None, kind: str | None, doc_kind: str | None
) -> SearchFilters:
    try:
        return SearchFilters.model_validate(
            {"body": body, "since": since, "until": until, "item_kind": kind, "doc_kind": doc_kind}
        )
    except ValidationError as error:
        raise _fail(f"ogiltigt filter: {', '.join(str(e['loc'][0]) for e in error.errors())}") from None


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Frågan, på svenska.")],
    top_k: Annotated[int, typer.Option("-k", "--top-k", help="Antal träffar.")] = 5,
    as_json: _Json = False,
    body: _Body = None,
    since: _Since = None,
    until: _Until = None,
    kind: _Kind = None,
    doc_kind: _DocKind = None,
    mode: Annotated[str, typer.Option("--mode", help="hybrid, dense eller bm25.")] = "hybrid",
    index: _Index = None,
) -> None:
    """Sök efter de ärenden som bäst svarar på frågan."""
    filters = _filters(body, since, until, kind, doc_kind)
    if mode not in ("hybrid", "dense", "bm25"):
        raise _fail("--mode måste vara hybrid, dense eller bm25")
    try:
        service = SearchService(get_settings(), _index_dir(index))
        results = service.search(query, top_k=top_k, filters=filters, mode=mode)  # type: ignore[arg-type]
    except (IndexProblem, QueryProblem) as problem:
        raise _fail(str(problem)) from None
    if as_json:
        typer.echo(json.dumps({"results": [r.model_dump() for r in results]}, ensure_ascii=False, indent=2))
        return
    if not results:
        typer.echo("Inga träffar.")
    for n, result in enumerate(results, 1):
        where = " ".join(x for x in (result.body or "", result.date or "datum okänt") if x)
        mark = f"§ {result.item} " if result.item else ""
        typer.echo(f"{n}. {where} {mark}{result.title}  [{result.score:.3f}]  {result.url}")
        typer.echo(f"   {' '.join(result.snippet.split())[:200]}")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Frågan, på svenska.")],
    as_json: _Json = False,
    body: _Body = None,
    since: _Since = None,
    until: _Until = None,
    kind: _Kind = None,
    doc_kind: _DocKind = None,
    index: _Index = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Visa hur frågan förstods och hur kandidaterna rankades.")
    ] = False,
) -> None:
    """Få ett svar med hänvisningar till de ärenden det bygger på."""
    filters = _filters(body, since, until, kind, doc_kind)
    settings = get_settings()
    try:
        answering = build_answering(settings, SearchService(settings, _index_dir(index)))
        answer = answering.answer(question, filters=filters)
        if explain:
            answer.debug = answering.explain(question, filters=filters)
    except (IndexProblem, QueryProblem) as problem:
        raise _fail(str(problem)) from None
    if as_json:
        typer.echo(
            json.dumps(
                answer.model_dump(exclude={"suggestions"})
                | {"suggestions": [s.model_dump() for s in answer.suggestions]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    typer.echo(answer.answer)
    if answer.citations:
        typer.echo("\nKällor:")
        for c in answer.citations:
            typer.echo(f"  [{c.label}] {c.title}  {c.url}")
    if answer.debug is not None:
        typer.echo("\nSå förstods frågan:")
        typer.echo(json.dumps(answer.debug, ensure_ascii=False, indent=2))


@app.command()
def decisions(
    body: _Body = None,
    since: _Since = None,
    until: _Until = None,
    output: Annotated[str, typer.Option("--format", help="table, csv eller json.")] = "table",
    period: Annotated[str | None, typer.Option(help="Period i ord, t.ex. «våren 2025» eller «förra året».")] = None,
    newest: Annotated[bool, typer.Option("--senaste", help="Senaste först.")] = False,
    index: _Index = None,
) -> None:
    """Beslutsregistret: alla beslut med beslutstext och ansvar."""
    filters = _filters(body, since, until, None, None)
    if output not in ("table", "csv", "json"):
        raise _fail("--format måste vara table, csv eller json")
    settings = get_settings()
    try:
        named = parse_period(period, settings.today or date.today())
        store = IndexStore.open(settings, _index_dir(index), create=False)
        entries = decision_register(
            store, body=filters.body, since=filters.since, until=filters.until, period=named, newest_first=newest
        )
    except (IndexProblem, PeriodNotUnderstood) as problem:
        raise _fail(str(problem)) from None
    if output == "json":
        typer.echo(json.dumps([e.model_dump() for e in entries], ensure_ascii=False, indent=2))
    elif output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["hänvisning", "organ", "datum", "paragraf", "rubrik", "beslut", "ansvar", "länk"])
        for e in entries:
            responsible = "; ".join(
                f"{a.get('assignee') or ''}: {a.get('task') or ''}".strip(": ") for a in e.assignments
            )
            writer.writerow([e.label, e.body or "", e.date or "", e.item, e.title, e.decision, responsible, e.url])
    else:
        for e in entries:
            typer.echo(f"[{e.label}] {e.title}\n    {' '.join(e.decision.split())[:300]}")
            for a in e.assignments:
                typer.echo(f"    → {a.get('assignee') or '(ej angivet)'}: {a.get('task') or a.get('report_to') or ''}")
        typer.echo(f"{len(entries)} beslut.")


@app.command()
def serve(
    index: Annotated[Path | None, typer.Option("--index", help="Indexmappen (standard: index/).")] = None,
    host: Annotated[str | None, typer.Option("--host", help="Adress att lyssna på.")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port.")] = None,
    allow_open: Annotated[
        bool,
        typer.Option(
            "--allow-open",
            help="Tillåt att lyssna på andra adresser än 127.0.0.1 utan API-nycklar (ASSISTANT_ALLOW_OPEN=1).",
        ),
    ] = False,
) -> None:
    """Starta servern (API och webbgränssnitt) på http://127.0.0.1:7860.

    Med ASSISTANT_API_KEYS kräver API:et en nyckel och webbgränssnittet inloggning. Utan nycklar
    lyssnar servern bara på den här datorn, om inte --allow-open anges."""
    from assistant.server.access.binding import open_bind_refusal

    settings = get_settings()
    where = host or settings.host
    if refusal := open_bind_refusal(where, settings, allow_open=allow_open):
        raise _fail(refusal)
    if any(len(key) < MIN_KEY_CHARS for key in settings.api_key_list()):
        typer.echo(f"Varning: en API-nyckel är kortare än {MIN_KEY_CHARS} tecken och lätt att gissa.", err=True)

    import uvicorn

    from assistant.server.app import create_app

    app_ = create_app(settings, _index_dir(index))
    uvicorn.run(app_, host=where, port=port or settings.port, log_level="warning")


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
