"""Access with ASSISTANT_API_KEYS over real HTTP: every /api and /v1 route needs a key, item pages and
downloads a key or the UI's login, the UI asks for a login; /healthz, /docs and /openapi.json stay open
and say nothing secret. Without keys, `assistant serve` refuses to listen beyond this machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from assistant.config import Settings
from assistant.server.access.binding import is_loopback, open_bind_refusal
from assistant.server.access.guard import KEY_MISSING, KEY_WRONG, zone
from assistant.server.access.keys import ApiKeys, presented_keys
from tests.api_support import TIMEOUT, Writable, assert_clean_error, protocol_text, writable_server
from tests.live_server import free_port

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
from gradio_client import Client  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting", "ignore:The copy keyword is deprecated"),
]

KEY = "nyckel-for-personalen-7Qx2"
OTHER_KEY = "andra-nyckeln-Zk81pW0"
KEYS = f" {KEY} , {OTHER_KEY},"
ITEM = "lanssamverkansgruppen-2026-02-20--12"
DOC = "lanssamverkansgruppen-2026-02-20"
QUESTION = "Vem ansvarar för implementeringen av den nya blanketten?"
ASSISTANT = Path(sys.executable).with_name("assistant")


def _auth(key: str = KEY) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, corpus_index: Path) -> Iterator[Writable]:
    with writable_server(tmp_path_factory.mktemp("access"), corpus_index, api_keys=KEYS) as running:
        yield running


def _operations(server: Writable) -> list[tuple[str, str]]:
    schema = httpx.get(f"{server.url}/openapi.json", timeout=TIMEOUT).json()
    return [
        (method.upper(), path.replace("{item_id}", ITEM).replace("{doc_id}", DOC))
        for path, operations in schema["paths"].items()
        for method in operations
        if path != "/healthz"
    ]


def test_every_api_route_needs_a_key(server: Writable) -> None:
    operations = _operations(server)
    assert {p for _, p in operations} >= {"/api/ask", "/api/ask/stream", "/api/search", "/api/documents",
                                          f"/api/documents/{DOC}", f"/api/items/{ITEM}", "/api/meetings",
                                          "/api/decisions", "/v1/chat/completions", "/v1/models"}  # fmt: skip
    for method, path in [*operations, ("GET", "/api/finns-inte"), ("POST", "/v1/embeddings"), ("GET", "/api")]:
        response = httpx.request(method, server.url + path, json={"question": QUESTION}, timeout=TIMEOUT)
        assert_clean_error(response, 401, KEY_MISSING)
        assert response.headers["www-authenticate"].startswith("Bearer")
        if path.startswith("/v1"):
            assert response.json()["error"]["code"] == "invalid_api_key"
    # nothing was changed by the refused DELETE
    assert httpx.get(f"{server.url}/api/items/{ITEM}", headers=_auth(), timeout=TIMEOUT).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        _auth(),
        _auth(OTHER_KEY),
        {"Authorization": f"bearer   {OTHER_KEY}"},
        {"X-API-Key": OTHER_KEY},
        {"X-API-Key": "fel", "Authorization": f"Bearer {OTHER_KEY}"},
    ],
)
def test_a_valid_key_opens_the_api(server: Writable, headers: dict[str, str]) -> None:
    response = httpx.post(f"{server.url}/api/ask", json={"question": QUESTION}, headers=headers, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    assert ITEM in {c["id"] for c in response.json()["citations"]}


@pytest.mark.parametrize(
    "headers",
    [
        _auth("fel-nyckel"),
        _auth(KEY[:-1]),
        _auth(KEY + "x"),
        {"Authorization": f"Basic {KEY}"},
        {"Authorization": KEY},
        {"X-API-Key": KEY.upper()},
        {"X-Api-Key": ""},
    ],
)
def test_a_wrong_key_is_refused(server: Writable, headers: dict[str, str]) -> None:
    response = httpx.post(f"{server.url}/api/search", json={"query": QUESTION}, headers=headers, timeout=TIMEOUT)
    presented = any(v.strip() and (k != "Authorization" or v.startswith("Bearer")) for k, v in headers.items())
    assert_clean_error(response, 401, KEY_WRONG if presented else KEY_MISSING)
    assert KEY not in response.text and OTHER_KEY not in response.text


def test_upload_without_a_key_is_refused_before_the_body_is_read(server: Writable) -> None:
    received = 0

    def body() -> Iterator[bytes]:  # a slow, endless body: only a refusal before reading it ends the request
        nonlocal received
        yield b'--gr\r\nContent-Disposition: form-data; name="file"; filename="smyg.txt"\r\n\r\n'
        for _ in range(2000):
            received += 1
            yield b"x" * 65536
        yield b"\r\n--gr--\r\n"

    started = time.monotonic()
    response = httpx.post(f"{server.url}/api/documents", content=body(),
                          headers={"content-type": "multipart/form-data; boundary=gr"}, timeout=TIMEOUT)  # fmt: skip
    assert_clean_error(response, 401, KEY_MISSING)
    assert time.monotonic() - started < 30
    assert not (server.corpus / "smyg.txt").exists()
    content = protocol_text("Nyckelnämnden", "2025-02-02", [("1", "Lås", ["Nyckelnämnden beslutar att byta lås."])])
    allowed = httpx.post(f"{server.url}/api/documents", files={"file": ("las.txt", content.encode())},
                         headers={"X-API-Key": KEY}, timeout=TIMEOUT)  # fmt: skip
    assert allowed.status_code == 200, allowed.text


def test_health_and_docs_stay_open_and_say_nothing_secret(server: Writable) -> None:
    health = httpx.get(f"{server.url}/healthz", timeout=TIMEOUT)
    assert health.status_code == 200 and health.json()["index"] == "ok"
    assert set(health.json()) == {"status", "index", "nodes"}
    schema = httpx.get(f"{server.url}/openapi.json", timeout=TIMEOUT)
    docs = httpx.get(f"{server.url}/docs", timeout=TIMEOUT)
    assert schema.status_code == 200 and docs.status_code == 200
    schemes = schema.json()["components"]["securitySchemes"]
    assert schemes["Bearer"] == {"type": "http", "scheme": "bearer", "description": schemes["Bearer"]["description"]}
    assert schemes["ApiKey"]["in"] == "header" and schemes["ApiKey"]["name"] == "X-API-Key"
    assert schema.json()["paths"]["/api/ask"]["post"]["security"] == [{"Bearer": []}, {"ApiKey": []}]
    for response in (health, schema, docs):
        text = response.text
        assert KEY not in text and OTHER_KEY not in text and str(server.root) not in text


def test_item_pages_and_downloads_need_a_key_or_the_ui_login(server: Writable) -> None:
    page, source = f"{server.url}/items/{ITEM}", f"{server.url}/documents/{DOC}/source"
    refused = httpx.get(page, timeout=TIMEOUT)
    assert refused.status_code == 401 and "Inloggning krävs" in refused.text and 'href="/"' in refused.text
    assert "sjukskrivning" not in refused.text.lower() and "script-src" not in refused.text
    assert refused.headers["content-security-policy"].startswith("default-src 'none'")
    assert_clean_error(httpx.get(source, timeout=TIMEOUT), 401, KEY_MISSING)
    assert httpx.get(page, headers=_auth(), timeout=TIMEOUT).status_code == 200
    assert httpx.get(source, headers={"X-API-Key": OTHER_KEY}, timeout=TIMEOUT).status_code == 200

    with httpx.Client(base_url=server.url, timeout=TIMEOUT) as browser:
        wrong = browser.post("/login", data={"username": "personal", "password": "gissning"})
        assert wrong.status_code == 400 and not browser.cookies
        assert browser.get(f"/items/{ITEM}").status_code == 401
        assert browser.post("/login", data={"username": "vem-som-helst", "password": KEY}).status_code == 200
        assert browser.get(f"/items/{ITEM}").status_code == 200
        assert browser.get(f"/documents/{DOC}/source").status_code == 200
        # the session opens pages, not the API (a cross-site form cannot send a key header)
        assert_clean_error(browser.post("/api/ask", json={"question": QUESTION}), 401, KEY_MISSING)
        browser.get("/logout")
        assert browser.get(f"/items/{ITEM}").status_code == 401
    forged = httpx.get(page, cookies={"access-token-unsecure-x": "y", "access-token-x": "y"}, timeout=TIMEOUT)
    assert forged.status_code == 401


def test_ui_asks_for_a_login(server: Writable) -> None:
    config = httpx.get(f"{server.url}/config", timeout=TIMEOUT)
    assert config.status_code == 401 and "API-nycklar som lösenord" in config.json()["detail"]["auth_message"]
    assert httpx.get(f"{server.url}/gradio_api/info", timeout=TIMEOUT).status_code == 401
    with pytest.raises(ValueError):
        Client(server.url + "/", verbose=False)
    with pytest.raises(ValueError):
        Client(server.url + "/", auth=("personal", "fel-nyckel"), verbose=False)
    client = Client(server.url + "/", auth=("personal", KEY), verbose=False)
    form = {"body": "Alla", "since": "", "until": "", "item_kind": "Alla", "doc_kind": "Alla"}
    messages, _, _ = client.predict(QUESTION, [], *form.values(), api_name="/chat")
    answer = messages[-1]["content"]
    answer = answer if isinstance(answer, str) else "".join(p.get("text", "") for p in answer)
    assert f'href="/items/{ITEM}"' in answer


def test_openai_client_with_and_without_the_key(server: Writable) -> None:
    question = [{"role": "user", "content": QUESTION}]
    client = openai.OpenAI(base_url=f"{server.url}/v1", api_key=KEY, max_retries=0)
    reply = client.chat.completions.create(model="protokollassistenten", messages=question)  # type: ignore[arg-type]
    assert "LSG 2026-02-20 §12" in (reply.choices[0].message.content or "")
    wrong = openai.OpenAI(base_url=f"{server.url}/v1", api_key="fel", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as refused:
        wrong.chat.completions.create(model="protokollassistenten", messages=question)  # type: ignore[arg-type]
    assert KEY_WRONG in str(refused.value)


# --- without keys: open API, loopback only ------------------------------------------------------------


def test_without_keys_everything_is_open(tmp_path: Path, corpus_index: Path) -> None:
    with writable_server(tmp_path, corpus_index) as running:
        assert httpx.get(f"{running.url}/api/items/{ITEM}", timeout=TIMEOUT).status_code == 200
        assert httpx.get(f"{running.url}/items/{ITEM}", timeout=TIMEOUT).status_code == 200
        assert httpx.get(f"{running.url}/config", timeout=TIMEOUT).status_code == 200
        assert "securitySchemes" not in httpx.get(f"{running.url}/openapi.json", timeout=TIMEOUT).json()["components"]


def _serve(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return subprocess.Popen([str(ASSISTANT), "serve", *args], env={**clean, **env}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--host", "0.0.0.0"], {}), ([], {"ASSISTANT_HOST": "0.0.0.0"}), (["--host", "::"], {}),
     (["--host", "protokoll.example.org"], {}), (["--host", "0.0.0.0"], {"ASSISTANT_API_KEYS": " , "})],
)  # fmt: skip
def test_serve_refuses_an_open_network_address_without_keys(tmp_path: Path, args: list[str], env: dict) -> None:
    port = free_port()
    env = {**env, "ASSISTANT_LOG_FILE": str(tmp_path / "a.log"), "ASSISTANT_INDEX_DIR": str(tmp_path / "index")}
    process = _serve(*args, "--port", str(port), env=env)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "ingen API-nyckel är satt" in err and "--allow-open" in err and "ASSISTANT_API_KEYS" in err
    assert "Traceback" not in err + out and not _listening(port)


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--host", "0.0.0.0", "--allow-open"], {}), (["--host", "0.0.0.0"], {"ASSISTANT_ALLOW_OPEN": "1"}),
     (["--host", "0.0.0.0"], {"ASSISTANT_API_KEYS": KEY}), (["--host", "localhost"], {})],
)  # fmt: skip
def test_serve_starts_when_keys_are_set_or_open_is_meant(tmp_path: Path, args: list[str], env: dict) -> None:
    port = free_port()
    env = {**env, "ASSISTANT_LOG_FILE": str(tmp_path / "a.log"), "ASSISTANT_INDEX_DIR": str(tmp_path / "index")}
    process = _serve(*args, "--port", str(port), env=env)
    try:
        deadline = time.monotonic() + 120
        while not _listening(port):
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=TIMEOUT).json()["status"] == "ok"
        documents = httpx.get(f"http://127.0.0.1:{port}/api/documents", timeout=TIMEOUT)
        assert documents.status_code == (401 if "ASSISTANT_API_KEYS" in env else 200)
    finally:
        process.terminate()
        process.communicate(timeout=30)


# --- units --------------------------------------------------------------------------------------------


def test_binding_rules() -> None:
    for host in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.1.10", "example.org", ""):
        assert not is_loopback(host), host
    open_ = Settings()
    assert open_bind_refusal("127.0.0.1", open_) is None
    assert open_bind_refusal("0.0.0.0", open_) is not None
    assert open_bind_refusal("0.0.0.0", open_, allow_open=True) is None
    assert open_bind_refusal("0.0.0.0", Settings(allow_open=True)) is None
    assert open_bind_refusal("0.0.0.0", Settings(api_keys="k")) is None
    assert open_bind_refusal("0.0.0.0", Settings(api_keys=" ,, ")) is not None


def test_keys_are_parsed_compared_and_never_shown() -> None:
    settings = Settings(api_keys=KEYS)
    assert settings.api_key_list() == (KEY, OTHER_KEY)
    assert KEY not in repr(settings) and KEY not in str(settings.model_dump())
    keys = ApiKeys(settings.api_key_list())
    assert KEY not in repr(keys) and keys and not ApiKeys([])
    assert keys.matches(KEY) and keys.matches(OTHER_KEY.encode()) and keys.matches(KEY.encode("utf-8"))
    assert not keys.matches(KEY[:-1]) and not keys.matches("") and not keys.matches(None)
    assert not ApiKeys([]).matches("")
    assert ApiKeys(["nyckel-för-alla"]).matches("nyckel-för-alla".encode()) and not ApiKeys(
        ["nyckel-för-alla"]
    ).matches("nyckel-for-alla")
    headers = [(b"Authorization", b"Bearer  a "), (b"x-api-key", b" b"), (b"authorization", b"Basic c")]
    assert presented_keys(headers) == [b"a", b"b"]
    assert [zone(p) for p in ("/api/ask", "/api", "/v1/models", "/items/x", "/documents/x/source",
                              "/healthz", "/docs", "/openapi.json", "/", "/apix", "/gradio_api/info")] == [
        "api", "api", "api", "page", "page", "open", "open", "open", "open", "open", "open"]  # fmt: skip
