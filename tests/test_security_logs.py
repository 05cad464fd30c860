"""No secret in any log: the real `assistant serve` with ASSISTANT_DEBUG=1 (everything logged, from every
library), API keys, and a language model whose server echoes the key it was sent back in its error
(as OpenAI's own 401 does). After requests with keys, wrong keys, a UI login and failures, neither
the log file nor the process's output holds an API key, the model's key or a session token."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from assistant.config import Settings
from assistant.logging_setup import REDACTED, configure_logging, redact
from tests.api_support import CORPUS, TIMEOUT, protocol_text
from tests.live_server import free_port
from tests.logging_support import restored_root_logging

KEY = "personalens-nyckel-Hq73mZ"
OTHER_KEY = "integrationens-nyckel-8Jd2"
LLM_KEY = "sk-modellnyckel0123456789abcdef"
ASSISTANT = Path(sys.executable).with_name("assistant")
QUESTION = "Vem ansvarar för implementeringen av den nya blanketten?"


def _echoing_model(received: list[str]) -> FastAPI:
    """A model server that refuses every key and repeats it in the error, as real ones do."""
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def completions(request: Request) -> JSONResponse:
        sent = request.headers.get("authorization", "")
        received.append(sent)
        message = f"Incorrect API key provided: {sent.removeprefix('Bearer ')} (header was {sent!r})"
        return JSONResponse({"error": {"message": message, "type": "invalid_request_error"}}, status_code=401)

    return app


@pytest.fixture()
def model_server() -> Iterator[tuple[str, list[str]]]:
    received: list[str] = []
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(_echoing_model(received), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/v1", received
    server.should_exit = True
    thread.join(timeout=10)


def _wait(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 180
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        assert process.poll() is None, "the server stopped"
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)


@pytest.mark.slow
def test_no_secret_reaches_the_logs(tmp_path: Path, corpus_index: Path, model_server: tuple[str, list[str]]) -> None:
    model_url, received = model_server
    corpus, index, log_file = tmp_path / "corpus", tmp_path / "index", tmp_path / "logs" / "assistant.log"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(corpus_index, index)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update({
        "ASSISTANT_API_KEYS": f"{KEY},{OTHER_KEY}", "ASSISTANT_LLM": "openai", "ASSISTANT_LLM_BASE_URL": model_url,
        "ASSISTANT_LLM_MODEL": "echo", "ASSISTANT_LLM_API_KEY": LLM_KEY, "ASSISTANT_DEBUG": "1",
        "ASSISTANT_LOG_FILE": str(log_file), "ASSISTANT_CORPUS_DIR": str(corpus),
    })  # fmt: skip
    out_file, err_file = tmp_path / "stdout", tmp_path / "stderr"  # files: debug output would fill a pipe
    with open(out_file, "w") as out_handle, open(err_file, "w") as err_handle:
        process = subprocess.Popen([str(ASSISTANT), "serve", "--index", str(index), "--port", str(port)], env=env,
                                   text=True, stdout=out_handle, stderr=err_handle)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(port, process)
        bearer, header = {"Authorization": f"Bearer {KEY}"}, {"X-API-Key": OTHER_KEY}
        ask = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, headers=bearer, timeout=TIMEOUT)
        assert ask.status_code == 200 and ask.json()["mode"] == "llm-fallback", ask.text
        stream = httpx.post(f"{url}/api/ask/stream", json={"question": QUESTION}, headers=header, timeout=TIMEOUT)
        assert stream.status_code == 200 and "event: answer" in stream.text
        client = openai.OpenAI(base_url=f"{url}/v1", api_key=KEY, max_retries=0)
        messages = [{"role": "user", "content": QUESTION}]
        assert client.chat.completions.create(model="x", messages=messages).choices  # type: ignore[arg-type]
        assert list(client.chat.completions.create(model="x", messages=messages, stream=True))  # type: ignore[arg-type]
        for wrong in (KEY[:-1], KEY + "0", OTHER_KEY.upper()):
            assert httpx.get(f"{url}/api/meetings", headers={"X-API-Key": wrong}, timeout=TIMEOUT).status_code == 401
        bad = httpx.post(f"{url}/api/search", json={"query": "x", "top_k": 0}, headers=bearer, timeout=TIMEOUT)
        assert bad.status_code == 422
        content = protocol_text("Loggnämnden", "2025-03-03", [("1", "Loggar", ["Loggnämnden beslutar om loggar."])])
        upload = httpx.post(f"{url}/api/documents", files={"file": ("logg.txt", content.encode())}, headers=header,
                            timeout=TIMEOUT)  # fmt: skip
        assert upload.status_code == 200, upload.text
        refused = httpx.post(
            f"{url}/api/documents", files={"file": ("x.pdf", b"inte pdf")}, headers=bearer, timeout=TIMEOUT
        )
        assert refused.status_code == 415
        with httpx.Client(base_url=url, timeout=TIMEOUT) as browser:
            assert browser.post("/login", data={"username": "personal", "password": KEY}).status_code == 200
            session = next(iter(browser.cookies.values()))
            assert browser.get("/items/lanssamverkansgruppen-2026-02-20--12").status_code == 200
            assert browser.post("/login", data={"username": "personal", "password": OTHER_KEY[:-1]}).status_code == 400
    finally:
        process.terminate()
        process.wait(timeout=60)
    out, err = out_file.read_text(encoding="utf-8"), err_file.read_text(encoding="utf-8")

    assert received and all(r == f"Bearer {LLM_KEY}" for r in received)  # the model's key was really sent
    logged = log_file.read_text(encoding="utf-8")
    assert "generative answer unavailable" in logged and " DEBUG " in logged  # the model was asked, all was logged
    assert "refused GET /api/meetings" in logged  # debug logging was on: wrong keys were logged, without the key
    for secret in (KEY, OTHER_KEY, LLM_KEY, session, KEY[:-1], OTHER_KEY[:-1], OTHER_KEY.upper()):
        for name, text in (("log file", logged), ("stdout", out), ("stderr", err)):
            assert secret not in text, f"{secret[:6]}… in {name}"


def test_redaction_of_secrets_headers_and_urls() -> None:
    secrets = [KEY, LLM_KEY, "abc"]  # too short to redact: it would blank out ordinary words
    cases = {
        f"failed with Authorization: Bearer {KEY}": f"failed with Authorization: Bearer {REDACTED}",
        f"headers={{'authorization': 'Bearer unknown-token-1'}} x-api-key: {OTHER_KEY}":
            f"headers={{'authorization': 'Bearer {REDACTED}'}} x-api-key: {REDACTED}",
        f"[(b'x-api-key', b'{OTHER_KEY}')]": f"[(b'x-api-key', b'{REDACTED}')]",
        f"model said: Incorrect API key provided: {LLM_KEY}.": f"model said: Incorrect API key provided: {REDACTED}.",
        "key sk-unknownkey1234567890 leaked": f"key {REDACTED} leaked",
        "http://admin:hemligt@chroma:8000/api": f"http://admin:{REDACTED}@chroma:8000/api",
        "abc and the abacus; password is required": "abc and the abacus; password is required",
        "api_key=None": f"api_key={REDACTED}",
    }  # fmt: skip
    for text, expected in cases.items():
        assert redact(text, secrets) == expected


def test_formatter_redacts_tracebacks(tmp_path: Path) -> None:
    with restored_root_logging():
        configure_logging(Settings(log_file=tmp_path / "a.log", api_keys=f"{KEY},{OTHER_KEY}", llm_api_key=LLM_KEY))
        try:
            raise RuntimeError(f"request {KEY!r} to model with {LLM_KEY}")
        except RuntimeError:
            logging.getLogger("assistant.test").exception("failed for %s", {"x-api-key": OTHER_KEY})
    text = (tmp_path / "a.log").read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: request '[dold]' to model with [dold]" in text
    assert KEY not in text and OTHER_KEY not in text and LLM_KEY not in text
