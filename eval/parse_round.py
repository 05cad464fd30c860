"""How the parser reads a round of outside test documents: exact item lists, kind, body and date.

    .venv/bin/python eval/parse_round.py [tests/data/outside13]

The folder holds the documents and `expected.json` ({file: {"kind": "protocol" | "governing",
"body", "date", "items": [numbers], "titles": [...]}}), written by someone who has not seen the
parser. Governing documents are expected as the parser's agreement-like kind. Prints one line per
document and the two rates issue 13 reports (before and after).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.documents import parse_file  # noqa: E402
from assistant.documents.errors import DocumentError  # noqa: E402
from assistant.documents.organisations import bare_body  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "outside13"


def main(argv: list[str] | None = None) -> int:
    folder = Path((argv or sys.argv[1:] or [str(DEFAULT)])[0])
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    items_ok = all_ok = 0
    for name, want in sorted(expected.items()):
        try:
            document = parse_file(folder / name)
            items, kind, body, day = [i.number for i in document.items], document.kind, document.body, document.date
        except DocumentError as error:
            items, kind, body, day = None, f"refused ({error})", None, None
        want_kind = "protocol" if want["kind"] == "protocol" else "agreement"
        same_items = items == want["items"]
        same_body = bare_body(body) == bare_body(want["body"])  # the parser keeps "…, Lillby kommun"
        same_all = same_items and kind == want_kind and same_body and day == want["date"]
        items_ok += same_items
        all_ok += same_all
        found = len(items) if items is not None else "–"
        print(f"{'ok ' if same_all else ('items ok' if same_items else 'WRONG')} {name}: {kind}, {body!r}, {day}, "
              f"{found}/{len(want['items'])} items")
    total = len(expected)
    print(f"exact item list {items_ok}/{total} = {items_ok / total:.2f}; "
          f"item list, kind, body and date {all_ok}/{total} = {all_ok / total:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
