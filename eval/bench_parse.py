"""Parse throughput: how long reading documents into items takes, against the cost of loading them.

Prints, for the corpus and for a synthetic protocol with many items, the time to load the
text (the baseline: decoding and splitting lines, which any reader must do) and the time to
parse it fully, and their ratio. Run: `.venv/bin/python eval/bench_parse.py`.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from assistant.documents import parse_file
from assistant.documents.lines import mark_furniture, split_lines
from assistant.documents.loaders import load_text

ROOT = Path(__file__).resolve().parent.parent


def _median_seconds(work: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _synthetic_protocol(items: int) -> str:
    parts = ["Protokoll Socialnämnden", "Datum: 2025-01-01", "Närvarande", "Anna Berg (S), ordförande", ""]
    for n in range(1, items + 1):
        parts += [
            f"§ {n} Ärende nummer {n}",
            "Föredragande: Anna Berg",
            "Förvaltningen har tagit fram ett förslag som beskrivs i tjänsteskrivelsen och som omfattar",
            "1. en första punkt,",
            "2. en andra punkt.",
            "Beslut",
            "Socialnämnden beslutar att anta förslaget. Förvaltningen får i uppdrag att återrapportera.",
            "",
        ]
    return "\n".join(parts)


def _row(name: str, path: Path) -> str:
    def baseline() -> object:
        return mark_furniture(split_lines(load_text(path).text))

    base = _median_seconds(baseline)
    full = _median_seconds(lambda: parse_file(path))
    items = len(parse_file(path).items)
    return f"| {name} | {items} | {base * 1000:.1f} | {full * 1000:.1f} | {full / base:.1f}x | {items / full:,.0f} |"


def _long_paragraph(kilobytes: int) -> str:
    """One item whose text lost its paragraph breaks (a PDF export): a single huge paragraph."""
    line = "Förvaltningen redogjorde för läget inom hemsjukvården och de åtgärder som planeras under"
    body = "\n".join(line for _ in range(kilobytes * 1024 // (len(line) + 1)))
    return f"Protokoll Socialnämnden\nDatum: 2025-01-01\n\n§ 1 Lång text\n{body}\n"


def main() -> None:
    rows = [
        "| document | items | load+lines ms (baseline) | full parse ms | ratio | items/s |",
        "|---|---|---|---|---|---|",
    ]
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        rows.append(_row(path.name, path))
    with tempfile.TemporaryDirectory() as tmp:
        for items in (100, 1000, 4000):
            path = Path(tmp) / f"synthetic-{items}.txt"
            path.write_text(_synthetic_protocol(items), encoding="utf-8")
            rows.append(_row(f"synthetic ({path.stat().st_size / 1e6:.2f} MB)", path))
        path = Path(tmp) / "long-paragraph.txt"
        path.write_text(_long_paragraph(1024), encoding="utf-8")
        rows.append(_row(f"one 1 MB paragraph ({path.stat().st_size / 1e6:.2f} MB)", path))
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    section = "\n".join(
        [f"## Parsing ({when})", "", "Command: `.venv/bin/python eval/bench_parse.py` (median of 5).", "", *rows, ""]
    )
    print(section)
    results = ROOT / "eval" / "RESULTS.md"
    previous = results.read_text(encoding="utf-8") if results.exists() else "# Results\n\n"
    head, _, rest = previous.partition("## Parsing (")
    tail = rest.split("\n## ", 1)[1] if "\n## " in rest else ""
    results.write_text(head.rstrip() + "\n\n" + section + ("\n## " + tail if tail else ""), encoding="utf-8")


if __name__ == "__main__":
    main()
