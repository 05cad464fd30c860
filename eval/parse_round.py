"""How the parser reads a round of outside documents, and how well questions over them are answered.

    .venv/bin/python eval/parse_round.py [FOLDER ...] [--questions] [--quiet]

Each folder holds the documents and `expected.json` ({file: {"kind": "protocol" | "agenda" |
"governing" | "agreement" | "other", "body", "date", "level"?: "items" | "sections" | "headings" |
"passages", "items": [numbers], "titles": [...]}}), written by someone who has not seen the parser;
optionally `questions.jsonl` ({"file", "question", "gold_item", "key_fact"}). Governing documents
are expected as the parser's agreement-like kind.

Per round it prints: documents refused, fallen back to passages, exact item lists, body, date and
kind right; with `--questions` it indexes the round (real embeddings) and reports for the questions:
right item first in search, R@5, cited first by the answer and key fact in the answer, beside naive
retrieval over the same documents in the same run (600-character chunks, the same e5 model, no
structure): key fact in the first chunk and in the first three.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.documents import parse_file  # noqa: E402
from assistant.documents.errors import DocumentError  # noqa: E402
from assistant.documents.loaders import load_text  # noqa: E402
from assistant.documents.models import Document  # noqa: E402
from assistant.documents.organisations import bare_body  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "outside13"
NAIVE_CHUNK_CHARS = 600  # the naive baseline of issue 21: fixed 600-character chunks
_KINDS = {"protocol": "protocol", "agenda": "agenda", "governing": "agreement", "agreement": "agreement"}


def numbered(document: Document) -> list[str]:
    """The item numbers a reader would list: items or numbered sections, not a preamble or passages."""
    return [i.number for i in document.numbered_items()]


def _same_body(found: str | None, want: str | None) -> bool:
    if not want:
        return not found
    return bool(found) and bare_body(found).lower() == bare_body(want).lower()


def _kind_right(found: str, want: str) -> bool:
    expected = _KINDS.get(want)
    return found == expected if expected else found in ("document", "agreement")


@dataclass
class RoundFigures:
    documents: int = 0
    refused: int = 0
    passages: int = 0
    exact: int = 0
    body: int = 0
    date: int = 0
    kind: int = 0
    seconds: float = 0.0
    items: int = 0
    lines: list[str] = field(default_factory=list)


def parse_round(folder: Path, expected: dict[str, dict]) -> RoundFigures:
    figures = RoundFigures()
    for name, want in sorted(expected.items()):
        figures.documents += 1
        started = time.perf_counter()
        try:
            document = parse_file(folder / name)
        except DocumentError as error:
            figures.refused += 1
            figures.lines.append(f"REFUSED {name}: {error}")
            continue
        finally:
            figures.seconds += time.perf_counter() - started
        figures.items += len(document.items)
        want_items = [str(x) for x in want.get("items") or []]
        level = want.get("level") or ("items" if want_items else "passages")
        found = numbered(document)
        exact = found == want_items if level in ("items", "sections") else document.structure in ("headings", "passages")
        body_ok = _same_body(document.body, want.get("body"))
        date_ok = document.date == want.get("date")
        kind_ok = _kind_right(document.kind, want.get("kind", "other"))
        figures.passages += document.structure == "passages"
        figures.exact += exact
        figures.body += body_ok
        figures.date += date_ok
        figures.kind += kind_ok
        marks = "".join(m if ok else "-" for m, ok in (("I", exact), ("B", body_ok), ("D", date_ok), ("K", kind_ok)))
        line = f"{marks} {name}: {document.kind}/{document.structure}, {document.body!r}, {document.date}"
        if not exact:
            line += f"\n      items {found[:14]} want {want_items[:14]}"
        if not body_ok:
            line += f"\n      body want {want.get('body')!r}"
        if not date_ok:
            line += f"  date want {want.get('date')}"
        figures.lines.append(line)
    return figures


# --- questions ----------------------------------------------------------------------------


@dataclass
class QuestionFigures:
    questions: int = 0
    first: int = 0
    top5: int = 0
    cited_first: int = 0
    fact: int = 0
    naive_first: int = 0
    naive_three: int = 0


def _chunks(text: str) -> list[str]:
    """Fixed windows of about NAIVE_CHUNK_CHARS characters, cut at a space where one is near."""
    chunks, start = [], 0
    while start < len(text):
        end = min(len(text), start + NAIVE_CHUNK_CHARS)
        if end < len(text):
            space = text.rfind(" ", start + NAIVE_CHUNK_CHARS // 2, end)
            end = space if space > 0 else end
        chunks.append(text[start:end])
        start = end
    return [c for c in chunks if c.strip()]


def question_round(folders: Sequence[Path], verbose: bool) -> QuestionFigures:
    from assistant.answering.service import AnsweringService
    from assistant.config import Settings
    from assistant.documents.parser import document_paths
    from assistant.indexing.ids import document_id, item_id
    from assistant.indexing.ingest import IngestService
    from assistant.retrieval.ranker import load_ranker
    from assistant.retrieval.search import SearchService
    from eval.evaluate import contains_fact

    questions = []
    for folder in folders:
        path = folder / "questions.jsonl"
        if path.exists():
            questions += [(folder, json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    figures = QuestionFigures()
    if not questions:
        return figures
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for folder in folders:  # one corpus of every round's documents, each under its round's name
            shutil.copytree(folder, corpus / folder.name, ignore=shutil.ignore_patterns("raw", "tools", "README.md", "report.md"))
        settings = Settings(corpus_dir=corpus, answer_cache_size=0)
        IngestService(settings, Path(tmp) / "index").ingest([corpus])
        search = SearchService(settings, Path(tmp) / "index")
        answering = AnsweringService(settings, search, None, load_ranker())
        embedding = search.embedding
        texts: list[tuple[str, str]] = []
        for folder in folders:
            for path in document_paths(folder):
                try:
                    text = load_text(path).text
                except DocumentError:
                    continue
                texts += [(f"{folder.name}/{path.name}", chunk) for chunk in _chunks(text)]
        vectors = np.array(embedding.get_text_embedding_batch([c for _, c in texts]), dtype=np.float32)
        for folder, q in questions:
            figures.questions += 1
            doc_id = document_id(corpus / folder.name / q["file"], corpus)
            gold = item_id(doc_id, str(q["gold_item"])) if q.get("gold_item") is not None else None
            fact = q["key_fact"]

            def right(result_id: str, text: str, gold: str | None = gold, doc_id: str = doc_id, fact: str = fact) -> bool:
                if gold is not None:
                    return result_id == gold
                return result_id.startswith(f"{doc_id}--") and contains_fact(text, fact)

            results = search.search(q["question"], top_k=5)
            first = bool(results) and right(results[0].id, results[0].text)
            figures.first += first
            figures.top5 += any(right(r.id, r.text) for r in results)
            answer = answering.answer(q["question"])
            cited = (not answer.abstained) and bool(answer.citations) and right(answer.citations[0].id, answer.answer)
            figures.cited_first += cited
            has_fact = (not answer.abstained) and contains_fact(answer.answer, fact)
            figures.fact += has_fact
            query = np.array(embedding.get_query_embedding(q["question"]), dtype=np.float32)
            order = np.argsort(-(vectors @ query))[:3]
            figures.naive_first += contains_fact(texts[order[0]][1], fact)
            figures.naive_three += any(contains_fact(texts[k][1], fact) for k in order)
            if verbose and not (first and has_fact):
                top = results[0].id if results else "-"
                print(f"  Q {q['question']!r} gold {gold} top {top} fact {has_fact} cited {cited}")
                print(f"    A {answer.answer[:300]!r}")
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--questions", action="store_true", help="index the round and measure its questions")
    parser.add_argument("--quiet", action="store_true", help="only the figures, not one line per document")
    args = parser.parse_args(argv)
    for folder in args.folders:
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        f = parse_round(folder, expected)
        if not args.quiet:
            print("\n".join(f.lines))
        n = max(1, f.documents)
        print(
            f"{folder}: {f.documents} documents: refused {f.refused}, fell back to passages {f.passages}, "
            f"exact items {f.exact}/{n} = {f.exact / n:.2f}, body {f.body / n:.2f}, date {f.date / n:.2f}, "
            f"kind {f.kind / n:.2f}; {f.items / max(f.seconds, 1e-9):.0f} items/s"
        )
    if args.questions:  # each round indexed on its own: rounds harvested apart may hold the same document
        for folder in args.folders:
            q = question_round([folder], not args.quiet)
            n = max(1, q.questions)
            print(
                f"{folder}: questions {q.questions}: right item first {q.first / n:.2f}, R@5 {q.top5 / n:.2f}, "
                f"answer cites it first {q.cited_first / n:.2f}, key fact in answer {q.fact / n:.2f}; naive "
                f"600-character chunks: key fact in first {q.naive_first / n:.2f}, in first three {q.naive_three / n:.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
