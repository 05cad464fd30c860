"""The UI in a real headless browser (Debian's chromium through Playwright): ask, read the cited
answer, open the citation and see the item; examples and clearing; upload and delete a document.
Screenshots go to test-output/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api_support import Writable, writable_server

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"
PROTOCOL = ROOT / "tests" / "data" / "socialnamnden-2025-03-12.txt"
# The machine's network is closed: keep chromium from reaching out (and from waiting for it).
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 120_000
ITEM_12 = "/items/lanssamverkansgruppen-2026-02-20--12"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no browser: {CHROMIUM} is not installed (apt-get install chromium)"
    ),
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting", "ignore:The copy keyword is deprecated"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, corpus_index: Path) -> Iterator[Writable]:
    """Private copies of the corpus and the index: the upload test may change them."""
    with writable_server(tmp_path_factory.mktemp("ui-browser"), corpus_index) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


def _open(context: Any, server: Writable) -> Any:
    page = context.new_page()
    page.goto(server.url + "/")
    page.locator("#question textarea").wait_for()
    return page


def test_ask_follow_the_citation_and_read_the_item(context: Any, server: Writable) -> None:
    page = _open(context, server)
    question = page.locator("#question textarea")
    question.fill("Vem ansvarar för implementeringen av den nya blanketten?")
    question.press("Enter")

    citation = page.locator('#chat a[href^="/items/"]').first
    citation.wait_for()
    assert citation.get_attribute("href") == ITEM_12
    assert citation.get_attribute("target") == "_blank"
    assert citation.inner_text() == "LSG 2026-02-20 §12"
    assert "huvudman" in page.locator("#chat").inner_text()
    assert page.locator(f'#sources a[href="{ITEM_12}"]').count() == 1
    assert question.input_value() == ""
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "ui-chat-answered.png"), full_page=True)

    with context.expect_page() as opened:
        citation.click()
    item = opened.value
    item.wait_for_load_state()
    assert item.url == server.url + ITEM_12
    text = item.locator("body").inner_text()
    assert "LSG 2026-02-20 §12" in text
    assert "Ny blankett fastställs enligt förslag." in text
    assert "Informerade Sara Hjalmarsson om att en justering av befintlig rutin" in text


def test_example_question_then_clear(context: Any, server: Writable) -> None:
    page = _open(context, server)
    page.get_by_text("Vad beslutade samrådet om strategin för suicidprevention?").click()
    page.locator('#chat a[href="/items/samrad-halsa-vard-och-omsorg-2025-varen--5"]').first.wait_for()
    assert "suicidprevention" in page.locator("#chat").inner_text()
    page.get_by_role("button", name="Rensa samtalet").click()
    page.locator('#chat a[href^="/items/"]').first.wait_for(state="detached")
    page.get_by_text("Vem ansvarar för att implementera den nya blanketten?").wait_for()
    assert page.locator('#sources a[href^="/items/"]').count() == 0


def test_upload_and_delete_a_document(context: Any, server: Writable) -> None:
    page = _open(context, server)
    page.get_by_role("tab", name="Dokument").click()
    table = page.locator("#documents")
    table.get_by_text("Protokoll Länssamverkansgruppen").wait_for()

    page.locator("#upload input[type=file]").set_input_files(str(PROTOCOL))
    report = page.locator("#upload-report")
    report.get_by_text("är inläst").wait_for()
    assert "«Protokoll Socialnämnden», 5 ärenden" in report.inner_text()
    assert report.locator('a[href="/items/socialnamnden-2025-03-12--45"]').count() == 1
    table.get_by_text("Protokoll Socialnämnden").wait_for()
    assert (server.corpus / PROTOCOL.name).is_file()
    page.screenshot(path=str(OUTPUT / "ui-documents.png"), full_page=True)

    page.get_by_role("tab", name="Beslut").click()
    decisions = page.locator("#decisions")
    decisions.get_by_text("Socialnämnden 2025-03-12 §47").wait_for()
    page.locator("#search input, #search textarea").first.fill("hemtjänst")
    page.locator("#decisions-message").get_by_text("1 beslut.").wait_for()
    page.screenshot(path=str(OUTPUT / "ui-decisions.png"), full_page=True)

    page.get_by_role("tab", name="Dokument").click()
    page.get_by_label("Dokument att ta bort").click()
    page.get_by_role("option", name="Protokoll Socialnämnden (2025-03-12)").click()
    remove = page.get_by_role("button", name="Ta bort dokumentet")
    page.once("dialog", lambda dialog: dialog.dismiss())
    remove.click()
    page.locator("#delete-report").get_by_text("Inget togs bort.").wait_for()
    assert (server.corpus / PROTOCOL.name).is_file()
    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    page.locator("#delete-report").get_by_text("Dokumentet är borttaget").wait_for()
    table.get_by_text("Protokoll Socialnämnden").wait_for(state="detached")
    assert not (server.corpus / PROTOCOL.name).exists()


def test_timeline_table_then_meeting_and_topic_pages(context: Any, server: Writable) -> None:
    """A timeline answer is a table; its citation opens the item, whose link opens the whole protocol;
    the answer's topic link opens the topic page with its table and CSV link."""
    page = _open(context, server)
    question = page.locator("#question textarea")
    question.fill("Vad har hänt med Lifecare?")
    question.press("Enter")
    table = page.locator("#chat table").first
    table.wait_for()
    assert "Vad hände" in table.inner_text()
    page.screenshot(path=str(OUTPUT / "ui-timeline.png"), full_page=True)

    citation = table.locator('a[href^="/items/"]').first
    with context.expect_page() as opened:
        citation.click()
    item = opened.value
    item.wait_for_load_state()
    meeting_link = item.locator("a.meeting-link")
    meeting_url = meeting_link.get_attribute("href")
    assert meeting_url and meeting_url.startswith("/meetings/")
    meeting_link.click()
    item.wait_for_url(f"**{meeting_url}")
    assert "Ärenden (" in item.locator("body").inner_text()
    assert item.locator('table.items a[href^="/items/"]').count() >= 5
    item.screenshot(path=str(OUTPUT / "meeting-page.png"), full_page=True)

    topic_link = page.locator('#chat a[href^="/topics?q="]').first
    with context.expect_page() as opened:
        topic_link.click()
    topic = opened.value
    topic.wait_for_load_state()
    assert "Vad har hänt med «Lifecare»" in topic.locator("h1").inner_text()
    assert topic.locator("table.timeline tbody tr").count() >= 1
    assert topic.locator("a.csv").get_attribute("href").startswith("/api/topics?q=")
    topic.screenshot(path=str(OUTPUT / "topic-page.png"), full_page=True)
