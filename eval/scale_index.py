"""An index at a realistic scale for evaluation: `corpus/` (and any extra documents) plus
hundreds of generated protocols, with real embeddings, built once and cached.

    .venv/bin/python eval/scale_index.py --seed 7 --items 8000

Every passage vector is cached by its text (`eval/.cache/passages-<model>.sqlite`), so a change
to the parser or to how nodes are cut re-embeds only the texts that changed, and the index
itself is cached under `eval/.cache/scale/` keyed by the generator's seed and size, the
generator's and the indexing code's hash and the extra documents. Nothing here is committed.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import synth_corpus  # noqa: E402

from assistant.components.embedding import build_embedding  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.indexing.ingest import IngestService  # noqa: E402
from assistant.indexing.progress import ProgressLog, no_progress  # noqa: E402

CACHE = ROOT / "eval" / ".cache"
CORPUS = ROOT / "corpus"
HELDOUT_DOCS = ROOT / "eval" / "heldout2"
_CODE = ("assistant/documents", "assistant/indexing", "eval/synth_corpus.py")
log = logging.getLogger("scale_index")


def code_hash(paths: Sequence[Path] = ()) -> str:
    """What the index is a function of: the parser, the indexing code, the generator and `paths`."""
    digest = hashlib.sha256()
    files: list[Path] = []
    for name in _CODE:
        target = ROOT / name
        files += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    for path in [*files, *sorted(paths)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class PassageCache:
    """Passage vectors by the sha1 of their text, in one SQLite file per model."""

    def __init__(self, model_name: str) -> None:
        CACHE.mkdir(parents=True, exist_ok=True)
        (CACHE / ".gitignore").write_text("*\n")  # never committed
        name = hashlib.sha1(model_name.encode()).hexdigest()[:12]
        self.db = sqlite3.connect(CACHE / f"passages-{name}.sqlite", timeout=120)
        self.db.execute("CREATE TABLE IF NOT EXISTS v (k TEXT PRIMARY KEY, vec BLOB)")

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()

    def get(self, texts: Sequence[str]) -> dict[str, list[float]]:
        keys = [self.key(t) for t in texts]
        found: dict[str, list[float]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for k, blob in self.db.execute(f"SELECT k, vec FROM v WHERE k IN ({marks})", chunk):
                found[k] = np.frombuffer(blob, dtype=np.float32).tolist()
        return found

    def put(self, texts: Sequence[str], vectors: Sequence[Sequence[float]]) -> None:
        rows = [(self.key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)]
        self.db.executemany("INSERT OR REPLACE INTO v VALUES (?, ?)", rows)
        self.db.commit()


def cached_passages(real: Any) -> Any:
    """The real model, with passage vectors looked up in (and added to) the PassageCache."""
    cache = PassageCache(real.model_name)

    class Cached(type(real)):  # type: ignore[misc,valid-type]  # the configured backend, whichever it is
        def __init__(self) -> None:
            super().__init__()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            found = cache.get(texts)
            missing = [t for t in dict.fromkeys(texts) if cache.key(t) not in found]
            if missing:
                fresh = super()._get_text_embeddings(missing)
                cache.put(missing, fresh)
                found.update({cache.key(t): v for t, v in zip(missing, fresh)})
            return [found[cache.key(t)] for t in texts]

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._get_text_embeddings([text])[0]

    return Cached()


def extra_documents(folders: Sequence[Path] = (CORPUS, HELDOUT_DOCS)) -> list[Path]:
    """The real documents that join the generated ones (sidecars travel with their document)."""
    return sorted(
        p
        for folder in folders
        if folder.exists()
        for p in folder.iterdir()
        if p.suffix in {".txt", ".md", ".toml"} and p.name != "glossary.toml" and not p.stem.upper().startswith("README")
    )


def build(seed: int, items: int, extra: Sequence[Path] | None = None, *, quiet: bool = False) -> Path:
    """The folder holding `corpus/`, `manifest.json` and a built `index/` (cached)."""
    extra = extra_documents() if extra is None else list(extra)
    key = f"{seed}-{items}-{code_hash(extra)}"
    work = CACHE / "scale" / key
    index = work / "index"
    if (work / "done").exists():
        return work
    corpus = work / "corpus"
    if work.exists():
        shutil.rmtree(work / "corpus", ignore_errors=True)
    synth_corpus.generate(corpus, items=items, seed=seed)
    for path in extra:
        shutil.copy2(path, corpus / path.name)
    shutil.copy2(CORPUS / "glossary.toml", corpus / "glossary.toml")
    settings = Settings(corpus_dir=corpus, index_dir=index, answer_cache_size=0)
    progress = no_progress if quiet else ProgressLog(lambda line: print(f"  {line}", file=sys.stderr, flush=True), 10.0)
    report = IngestService(settings, index, cached_passages(build_embedding(Settings()))).ingest([corpus], progress=progress)
    if report.failed:
        print(f"  {len(report.failed)} documents failed: {report.failed[:3]}", file=sys.stderr)
    (work / "done").write_text(f"{report.nodes} nodes in {report.seconds:.0f} s\n")
    # Older builds of other code versions are dead weight.
    for old in (CACHE / "scale").iterdir():
        if old != work and old.name.startswith(f"{seed}-{items}-"):
            shutil.rmtree(old, ignore_errors=True)
    return work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--items", type=int, default=8000)
    parser.add_argument("--no-extra", action="store_true", help="generated documents only")
    args = parser.parse_args(argv)
    work = build(args.seed, args.items, [] if args.no_extra else None)
    print(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
