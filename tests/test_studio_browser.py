"""The studio's page in a real browser: Playwright for Python driving Debian's headless chromium
on the bundled example, against the real server (uvicorn in a thread, 127.0.0.1, a free port).

Set QUOTES_STUDIO_SCREENSHOT=docs/studio.png to write the README's screenshot on the way.
"""

from __future__ import annotations

import http.server
import math
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)
pytest.importorskip("starlette", reason="the studio's web parts are not installed (pip install 'quotes[studio]')")
playwright = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright (pip install playwright)")

from quotes.formats import read_transcript_file  # noqa: E402
from quotes.studio.app import Server, bind  # noqa: E402
from quotes.studio.service import Studio, paragraphs  # noqa: E402
from quotes.timecode import format_timecode  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
VIDEO = "qUoTeSdEm01"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SUMMARY = "She was a land surveyor who only baked for fun until the old mill came up for sale."


@pytest.fixture(scope="module")
def transcript():
    return read_transcript_file(EXAMPLES / "interview.en.json", video_id=VIDEO, is_generated=True)


@pytest.fixture(scope="module")
def lines(transcript):
    """The transcript's lines as the page shows them: [start, end, text]."""
    return [line for p in paragraphs(transcript) for line in p["lines"]]


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Running:
    def __init__(self, path: Path, transcript):
        self.path = path
        self.server = Server(Studio(path, transcript), bind("127.0.0.1", 0))
        self.thread = self.server.start_in_thread()
        self.url = self.server.url

    def stop(self):
        self.server.stop()
        self.thread.join(5)


@pytest.fixture
def studio(tmp_path, transcript):
    path = tmp_path / "notes.quotes.yaml"
    shutil.copy(EXAMPLES / "notes.quotes.yaml", path)
    running = Running(path, transcript)
    yield running
    running.stop()


@pytest.fixture
def page(browser):
    # (Playwright's waits evaluate strings, which the page's Content-Security-Policy forbids:
    # test_page_runs_under_its_policy runs the page under it.)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(5000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # No network here: the YouTube player's script fails at once, as it does offline.
    page.route("**/*youtube.com/**", lambda route: route.abort())
    yield page
    context.close()
    assert errors == []


def open_page(page, studio, offline=True):
    page.goto(studio.url + ("&offline=1" if offline else ""))
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector(".card .badge:not(.none)")  # the statuses are in


def wait_saved(page):
    page.wait_for_function("document.getElementById('status').textContent.startsWith('saved')")


def click_line(page, lines, n):
    page.locator(".ln").nth(n).click()
    return lines[n]


def test_page_runs_under_its_policy(browser, studio, lines):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.route("**/*youtube.com/**", lambda route: route.abort())
    try:
        open_page(page, studio)
        start = click_line(page, lines, 12)[0]
        assert page.inner_text("#time") == format_timecode(start)
        assert page.locator("#preview").inner_text().startswith("### Surveyor Turned Baker")
        page.select_option("#template", "chapters")
        page.wait_for_selector("#preview-problems li")  # no section has a start yet: as render warns
        assert page.locator("#preview-problems li").first.inner_text().startswith("sections without a start cannot be chapters")
    finally:
        context.close()
    assert problems == []


def test_click_a_line_seeks(page, studio, lines):
    open_page(page, studio)
    start, _, text = click_line(page, lines, 40)
    assert page.inner_text("#time") == format_timecode(start)
    assert page.locator(".ln.now").inner_text().strip() == text
    assert page.evaluate("window.studio.clock().time()") == start
    # Space plays on from there (the page's own clock, offline).
    page.keyboard.press(" ")
    page.wait_for_timeout(1200)
    page.keyboard.press(" ")
    assert start + 1 <= page.evaluate("window.studio.clock().time()") < start + 3
    page.keyboard.press("l")
    page.keyboard.press("j")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.studio.clock().time()") > start + 5


def test_mark_a_range_with_keys_and_save(page, studio, lines, transcript):
    open_page(page, studio)
    start = click_line(page, lines, 60)[0]
    page.keyboard.press("n")
    end = click_line(page, lines, 66)[0]
    page.keyboard.press("]")  # the end at the current time: where line 66 begins
    t0, t1 = math.floor(start), math.ceil(end)
    said = transcript.cleaned().text_between(t0, t1)
    page.wait_for_function("document.getElementById('f-quote').value.length > 0")
    assert page.input_value("#f-quote") == said
    card = page.locator(".card").last
    assert card.locator(".span").inner_text() == f"{format_timecode(t0)}–{format_timecode(t1)}"
    assert page.input_value("#f-start") == format_timecode(t0)
    page.keyboard.press("e")
    page.keyboard.type("The bank said no")
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    wait_saved(page)
    text = studio.path.read_text(encoding="utf-8")
    assert text.endswith(
        f"  - title: The bank said no\n    start: '{format_timecode(t0)}'\n    end: '{format_timecode(t1)}'\n"
        f"    quote: {said}\n"
    )
    assert "# Dana: check the spelling of Kaowool" in text


def test_summary_suggestions_accept_and_save(page, studio):
    open_page(page, studio)
    page.locator(".card").first.click()
    page.fill("#f-summary", "")
    page.locator("#f-summary").press_sequentially(SUMMARY[:40])
    page.locator("#f-summary").press_sequentially(SUMMARY[40:])
    page.wait_for_selector("#suggestions li.confident")
    assert page.inner_text("#suggest-note") == "Said at:"
    first = page.locator("#suggestions li").first
    assert first.locator(".jump").inner_text() == "use 1:16"
    assert page.locator("#suggestions li").count() > 1  # the runner-ups
    if os.environ.get("QUOTES_STUDIO_SCREENSHOT"):
        page.set_viewport_size({"width": 1400, "height": 1350})
        page.locator(".ln").nth(30).click()
        page.click("#check")
        page.wait_for_selector(".card:not(.stale)")  # the statuses judged again
        page.locator("#f-summary").click()
        page.screenshot(path=os.environ["QUOTES_STUDIO_SCREENSHOT"])
    first.locator(".jump").click()
    assert page.input_value("#f-start") == "1:16"
    link = "[2024-10-12 Field Notes Interview 1:16](https://youtu.be/qUoTeSdEm01?t=76)"
    page.wait_for_selector(f"#f-link:has-text('{link}')")
    page.wait_for_selector(f"#preview:has-text('{link}')")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("#copy")
    page.wait_for_selector("#status:has-text('copied the preview')")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#preview").text_content()
    page.click("#save")
    wait_saved(page)
    text = studio.path.read_text(encoding="utf-8")
    # The new start goes after the title; the summary keeps the editor's folded style.
    assert f"  - title: Surveyor Turned Baker\n    start: '1:16'\n    summary: >-\n      {SUMMARY}\n\n" in text
    assert text.startswith("# Field Notes #12")


def test_select_words_proposes_a_section(page, studio, lines):
    open_page(page, studio)
    page.evaluate(
        """() => {
          const spans = document.querySelectorAll('.ln');
          const range = document.createRange();
          range.setStart(spans[50].firstChild, 0);
          range.setEnd(spans[52].firstChild, spans[52].firstChild.length - 1);
          const sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }"""
    )
    page.wait_for_selector("#selection-bar:not([hidden])")
    page.click("#selection-add")
    quote = " ".join(line[2] for line in lines[50:53])
    assert page.input_value("#f-quote") == quote
    assert page.input_value("#f-start") == format_timecode(math.floor(lines[50][0]))
    assert page.input_value("#f-end") == format_timecode(math.ceil(lines[52][1]))
    assert page.input_value("#f-title") == " ".join(quote.split()[:6]) + "…"


def test_search_box_jumps(page, studio):
    open_page(page, studio)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search"
    page.keyboard.type("the bank said no twice so we sold bread shares instead")
    page.wait_for_selector("#search-results li .jump")
    first = page.locator("#search-results li").first
    assert first.locator(".conf").inner_text().endswith("✓")
    first.locator(".jump").click()
    assert page.inner_text("#time") == first.locator(".jump").inner_text()
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()


def test_sections_reorder_delete_and_status(page, studio):
    open_page(page, studio)
    assert page.locator(".card").first.locator(".badge").inner_text() == "set"
    assert page.locator(".card").last.locator(".badge").inner_text() == "unsure"
    titles = page.locator(".card .title").all_inner_texts()
    page.locator(".card").nth(1).locator("[data-action=up]").click()
    page.locator(".card").last.locator("[data-action=delete]").click()
    assert page.locator(".card .title").all_inner_texts() == [titles[1], titles[0], *titles[2:-1]]
    page.click("#save")
    wait_saved(page)
    text = studio.path.read_text(encoding="utf-8")
    assert text.index(titles[1]) < text.index(titles[0]) and titles[-1] not in text


def test_offline_page_without_the_player(page, studio, lines):
    open_page(page, studio, offline=False)
    page.wait_for_selector("#no-player:not([hidden])")
    start = click_line(page, lines, 10)[0]
    assert page.inner_text("#time") == format_timecode(start)


def test_stale_file_is_not_overwritten(page, studio):
    open_page(page, studio)
    edited = studio.path.read_text(encoding="utf-8").replace("Paid For in Bread", "Paid in Bread Shares")
    studio.path.write_text(edited, encoding="utf-8")
    page.locator(".card").first.click()
    page.fill("#f-title", "Surveyor, then baker")
    page.click("#save")
    page.wait_for_selector("#conflict:not([hidden])")
    assert "changed on disk since the page loaded it" in page.inner_text("#conflict-text")
    assert studio.path.read_text(encoding="utf-8") == edited
    page.click("#reload")
    page.wait_for_selector(".card .title:has-text('Paid in Bread Shares')")
    assert page.locator(".card .title").first.inner_text() == "Surveyor Turned Baker"


class _EvilPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body>another site</body></html>")

    def log_message(self, *args):
        pass


def test_api_refuses_without_token_and_from_another_origin(page, studio):
    open_page(page, studio)
    no_token = page.evaluate("fetch('/api/state').then(async r => [r.status, (await r.json()).error])")
    assert no_token == [403, "missing or wrong token: open the address the studio printed, token included"]
    before = studio.path.read_bytes()
    base, token = studio.url.split("/?token=")
    evil = http.server.HTTPServer(("127.0.0.1", 0), _EvilPage)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{evil.server_address[1]}/")
        outcome = page.evaluate(
            """([base, token]) => fetch(base + '/api/save', {method: 'POST',
                 headers: {'X-Quotes-Token': token, 'Content-Type': 'application/json'},
                 body: JSON.stringify({version: 'x', sections: []})})
               .then(r => 'answered ' + r.status, e => 'refused')""",
            [base, token],
        )
    finally:
        evil.shutdown()
    assert outcome == "refused"
    response = page.request.get(base + "/api/state", headers={"X-Quotes-Token": token, "Origin": "http://evil.example"})
    assert response.status == 403
    assert studio.path.read_bytes() == before


# A stand-in for YouTube's IFrame Player API: a player whose clock the test reads.
_STUB_API = """
window.YT = { Player: class {
  constructor(element, options) {
    window.stubPlayer = this; this.t = options.playerVars.start || 0; this.state = 2; this.seeks = [];
    setTimeout(() => options.events.onReady({target: this}), 0);
  }
  getCurrentTime() { return this.t; }
  getPlayerState() { return this.state; }
  seekTo(t) { this.t = t; this.seeks.push(t); }
  playVideo() { this.state = 1; }
  pauseVideo() { this.state = 2; }
}};
window.onYouTubeIframeAPIReady();
"""


def test_the_player_follows_and_drives_the_page(page, studio, lines):
    page.unroute("**/*youtube.com/**")
    referers = []

    def stub(route):
        referers.append(route.request.headers.get("referer"))
        route.fulfill(body=_STUB_API, content_type="text/javascript")

    page.route("https://www.youtube.com/iframe_api", stub)
    open_page(page, studio, offline=False)
    # YouTube learns which site embeds its player, never the address with the token.
    assert referers == [studio.url.split("?")[0]]
    page.wait_for_function("window.studio.clock().kind === 'youtube'")
    assert page.locator("#no-player").is_hidden()
    start = click_line(page, lines, 20)[0]
    assert page.evaluate("window.stubPlayer.seeks") == [start]
    page.keyboard.press(" ")
    assert page.evaluate("window.stubPlayer.state") == 1
    # The player moves on: the page's time and highlighted line follow it.
    page.evaluate(f"window.stubPlayer.t = {lines[25][0]}")
    page.wait_for_selector(f".ln.now >> text={lines[25][2]}")
    assert page.inner_text("#time") == format_timecode(lines[25][0])
