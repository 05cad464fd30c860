"""The real `assistant` command, run as a subprocess the way users and `make run` run it."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ASSISTANT = Path(sys.executable).with_name("assistant")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ASSISTANT), *args], capture_output=True, text=True, timeout=120)


def test_parse_json_of_one_protocol() -> None:
    result = run("parse", str(CORPUS / "lanssamverkansgruppen-2026-02-20.txt"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["kind"], data["body"], data["date"]) == ("protocol", "Länssamverkansgruppen", "2026-02-20")
    assert data["source"].endswith("lanssamverkansgruppen-2026-02-20.txt")
    assert data["title"] == "Protokoll Länssamverkansgruppen"
    assert [i["number"] for i in data["items"]] == [str(n) for n in range(1, 22)]
    item = data["items"][11]
    assert set(item) >= {"number", "title", "kind", "presenters", "text", "decision", "assignments", "start", "end"}
    assert item["assignments"][0]["assignee"] == "Respektive huvudman"
    assert data["attendance"]["chair"] == "Ida Lestander"
    assert "text" not in data  # the full source text is not dumped; offsets refer to the file


def test_parse_summary_is_swedish() -> None:
    result = run("parse", str(CORPUS / "samrad-halsa-vard-och-omsorg-2025-varen.txt"))
    assert result.returncode == 0, result.stderr
    assert "Organ: Samråd hälsa, vård och omsorg" in result.stdout
    assert "Datum: okänt" in result.stdout
    assert "13 ärenden" in result.stdout
    assert "Indelning: numrerade ärenden" in result.stdout
    assert "§ 5 Regionala strategin för suicidprevention [beslut]" in result.stdout


def test_parse_bad_file_exits_non_zero_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "trasig.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage")
    result = run("parse", str(bad), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Fel: trasig.pdf: ")
    assert "Traceback" not in result.stderr


def test_parse_missing_file() -> None:
    result = run("parse", "/finns/inte.txt")
    assert result.returncode == 1
    assert "Fel: inte.txt: filen finns inte" in result.stderr


def test_parse_folder_reports_failures_and_goes_on(tmp_path: Path) -> None:
    for source in CORPUS.iterdir():
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "tom.txt").write_bytes(b"")
    result = run("parse", str(tmp_path))
    assert result.returncode == 0
    assert "Läste 2 dokument med sammanlagt 34 ärenden/avsnitt" in result.stdout
    assert "1 fil(er) kunde inte läsas" in result.stderr and "tom.txt: filen är tom" in result.stderr
    result = run("parse", str(tmp_path), "--json")
    data = json.loads(result.stdout)
    assert len(data["documents"]) == 2
    assert data["failures"][0]["reason"] == "filen är tom"


def test_parse_json_of_an_agreement() -> None:
    data_dir = Path(__file__).resolve().parent / "data"
    result = run("parse", str(data_dir / "riktlinje_egenvard.md"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "agreement"
    assert data["attendance"] is None
    assert all(item["kind"] == "avsnitt" for item in data["items"])
    section = next(item for item in data["items"] if item["number"] == "3.1")
    (responsibility,) = section["assignments"]
    assert responsibility["assignee"] == "Den legitimerade yrkesutövaren"
    assert responsibility["task"].startswith("Bedömningen görs utifrån den enskildes förutsättningar; Planeringen")
    assert responsibility["task"].endswith("Kontaktuppgifter lämnas till den enskilde")


def test_ingest_then_search_from_the_command_line(tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    root = Path(__file__).resolve().parent.parent
    every_step = {**os.environ, "ASSISTANT_PROGRESS_INTERVAL_S": "0"}  # stderr is a pipe: log lines, not a bar
    first = subprocess.run(
        [str(ASSISTANT), "ingest", "--index", index], capture_output=True, text=True, timeout=600, cwd=root,
        env=every_step,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "2 nya" in first.stdout and "Traceback" not in first.stderr
    # Where the ingest stands, while it goes (nodes/s, time left, the file at work) and when each stage ends.
    assert re.search(r"^Indexerar dokument: [01] av 2 \(\d+ %\), \d+ noder, [\d,]+ noder/s, cirka .+ kvar, nu \S+\.txt$",
                     first.stderr, re.M), first.stderr  # fmt: skip
    assert re.search(r"^Indexerar dokument: 2 av 2 \(100 %\), \d+ noder, [\d,]+ noder/s, klart på \d+", first.stderr, re.M)
    assert re.search(r"^Bygger sökindex: 1 av 1 \(100 %\), klart på", first.stderr, re.M)
    second = subprocess.run(
        [str(ASSISTANT), "ingest", "--index", index], capture_output=True, text=True, timeout=600, cwd=root
    )
    assert "0 nya, 0 ändrade, 0 borttagna, 2 oförändrade" in second.stdout
    found = subprocess.run(
        [str(ASSISTANT), "search", "Vem presenterade utbildningspaketet i personcentrering?", "--json", "-k", "2",
         "--index", index, "--kind", "information"],
        capture_output=True, text=True, timeout=120, cwd=root,
    )  # fmt: skip
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)["results"]
    assert results[0]["id"] == "lanssamverkansgruppen-2026-02-20--11"
    readable = subprocess.run(
        [str(ASSISTANT), "search", "SIP", "--index", index], capture_output=True, text=True, timeout=120, cwd=root
    )
    assert readable.returncode == 0 and "/items/" in readable.stdout


def test_search_without_index_says_what_to_run(tmp_path: Path) -> None:
    result = run("search", "SIP", "--index", str(tmp_path / "inget"))
    assert result.returncode == 1
    assert "Bygg det med `assistant ingest`" in result.stderr and "Traceback" not in result.stderr


def test_search_with_a_bad_filter(tmp_path: Path) -> None:
    result = run("search", "SIP", "--since", "förra våren", "--index", str(tmp_path))
    assert result.returncode == 1 and "ogiltigt filter: since" in result.stderr


def test_ask_and_decision_register(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    index = str(tmp_path / "index")
    subprocess.run([str(ASSISTANT), "ingest", "--index", index], capture_output=True, text=True, timeout=600, cwd=root)
    asked = subprocess.run(
        [str(ASSISTANT), "ask", "Vem ansvarar för implementering av ny blankett?", "--json", "--index", index],
        capture_output=True, text=True, timeout=120, cwd=root,
    )  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    data = json.loads(asked.stdout)
    assert set(data) >= {"answer", "citations", "abstained", "mode"}
    assert data["citations"][0]["label"] == "LSG 2026-02-20 §12"
    explained = subprocess.run(
        [str(ASSISTANT), "ask", "Vem var ordförande på samrådet i våras?", "--explain", "--index", index],
        capture_output=True, text=True, timeout=120, cwd=root, env={**os.environ, "ASSISTANT_TODAY": "2025-12-01"},
    )  # fmt: skip
    assert explained.returncode == 0, explained.stderr
    understood = json.loads(explained.stdout.split("Så förstods frågan:", 1)[1])
    assert understood["fråga"]["avsikt"] == "närvaro" and understood["fråga"]["roll"] == "Ordförande"
    assert understood["fråga"]["organ"] == ["Samråd hälsa, vård och omsorg"]
    assert understood["fråga"]["period"]["text"] == "våren 2025"
    assert understood["rankning"] == "inlärd" and understood["kandidater"]
    register = subprocess.run(
        [str(ASSISTANT), "decisions", "--format", "csv", "--body", "Länssamverkansgruppen", "--index", index],
        capture_output=True, text=True, timeout=120, cwd=root,
    )  # fmt: skip
    assert register.returncode == 0, register.stderr
    rows = list(csv.reader(io.StringIO(register.stdout)))
    assert rows[0] == ["hänvisning", "organ", "datum", "paragraf", "rubrik", "beslut", "ansvar", "länk"]
    assert [row[3] for row in rows[1:]] == ["2", "3", "4", "7", "8", "12", "13", "14", "15", "16", "17", "20"]
    assert any("Respektive huvudman" in row[6] for row in rows[1:])


def test_ingest_summary_says_which_documents_fell_back_to_passages(tmp_path: Path) -> None:
    """A letter with no numbering is indexed, not refused, and the summary says how it was read."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    forms = Path(__file__).resolve().parent / "data" / "forms21"
    shutil.copy(forms / "p01_brev_hemsjukvard.txt", corpus / "brev.txt")
    result = run("ingest", str(corpus), "--index", str(tmp_path / "index"))
    assert result.returncode == 0, result.stderr
    assert "1 nya" in result.stdout
    assert "1 dokument utan numrerade ärenden eller avsnitt: 0 lästes in efter rubriker, 1 i stycken" in result.stdout
    assert "brev.txt: Inga numrerade ärenden, avsnitt eller rubriker hittades" in result.stdout
