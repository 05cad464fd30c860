"""Which PDF text extraction reads Swedish protocol layouts right: pypdf, pdfplumber or PyMuPDF.

    .venv/bin/python eval/compare_pdf.py [folder ...]   (default: every tests/data/outside13* folder)

Every PDF that a folder's `expected.json` describes (written by helpers who had not seen the
parser, in the layouts of common protocol templates: the § number in a margin column, a header
table, signature boxes and `Utdragsbestyrkande` in every footer, an ANSLAG/BEVIS block) is read
with each backend and parsed by the same parser. Prints, per backend: documents with the exact
item list, with item list, kind, body and date, and extraction time per page.
pdfplumber and pymupdf are not project dependencies; a backend that is not installed is skipped.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.documents.errors import DocumentError  # noqa: E402
from assistant.documents.loaders import pdf  # noqa: E402
from assistant.documents.loaders.text import normalise  # noqa: E402
from assistant.documents.organisations import bare_body  # noqa: E402
from assistant.documents.parser import parse_text  # noqa: E402


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [
        f for f in sorted((ROOT / "tests" / "data").glob("outside13*")) if (f / "expected.json").exists()
    ]
    cases = []
    for folder in folders:
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        cases += [(folder / name, want) for name, want in sorted(expected.items()) if name.endswith(".pdf")]
    print(f"{len(cases)} PDFs from {', '.join(f.name for f in folders)}")
    print("| backend | exact item list | item list, kind, body and date | ms per page |")
    print("|---|---|---|---|")
    for backend, read in pdf.PAGE_TEXTS.items():
        items_ok = all_ok = pages = 0
        seconds = 0.0
        wrong: list[str] = []
        try:
            for path, want in cases:
                data = path.read_bytes()
                started = time.perf_counter()
                texts = read(data, path)
                seconds += time.perf_counter() - started
                pages += len(texts)
                text = normalise(pdf.PAGE_BREAK.join(texts))
                try:
                    document = parse_text(text, source=str(path), fmt="pdf")
                except DocumentError:
                    wrong.append(path.name)
                    continue
                same = [i.number for i in document.items] == want["items"]
                kind = "protocol" if want["kind"] == "protocol" else "agreement"
                facts = document.kind == kind and bare_body(document.body) == bare_body(want["body"]) and document.date == want["date"]
                items_ok += same
                all_ok += same and facts
                if not (same and facts):
                    wrong.append(f"{path.name} ({document.body!r}, {len(document.items)} items)")
        except ImportError:
            print(f"| {backend} | not installed | | |")
            continue
        n = len(cases)
        print(f"| {backend} | {items_ok}/{n} | {all_ok}/{n} | {1000 * seconds / max(pages, 1):.1f} |")
        for name in wrong:
            print(f"    {backend} wrong: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
