"""The studio without a browser: its service, its JSON API (Starlette's test client) and the
`quotes studio` command (CliRunner, and one real server stopped with Ctrl-C)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette", reason="the studio's web parts are not installed (pip install 'quotes[studio]')")

with warnings.catch_warnings():  # (Starlette's note that its client will move to httpx2)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from quotes.cli import cli  # noqa: E402
from quotes.errors import BadRequest, FileChanged, QuotesError  # noqa: E402
from quotes.formats import read_transcript_file  # noqa: E402
from quotes.quotesfile import load  # noqa: E402
from quotes.store import TranscriptStore  # noqa: E402
from quotes.studio.app import Guard, bind, create_app, local_hosts  # noqa: E402
from quotes.studio.service import Studio  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
VIDEO = "qUoTeSdEm01"
TOKEN = "s3cret-token"
AUTH = {"X-Quotes-Token": TOKEN}


@pytest.fixture(scope="module")
def transcript():
    return read_transcript_file(EXAMPLES / "interview.en.json", video_id=VIDEO, is_generated=True)


@pytest.fixture
def quotes_file(tmp_path) -> Path:
    path = tmp_path / "notes.quotes.yaml"
    shutil.copy(EXAMPLES / "notes.quotes.yaml", path)
    return path


@pytest.fixture
def client(quotes_file, transcript):
    app = create_app(Studio(quotes_file, transcript), token=TOKEN, hosts={"testserver"})
    return TestClient(app)


def state(client) -> dict:
    response = client.get("/api/state", headers=AUTH)
    assert response.status_code == 200
    return response.json()


# ---------------------------------------------------------------- the guard


@pytest.mark.parametrize("headers", [{}, {"X-Quotes-Token": "wrong"}, {"X-Quotes-Token": ""}])
def test_api_needs_the_token(client, headers):
    response = client.get("/api/state", headers=headers)
    assert response.status_code == 403
    assert response.json() == {"error": "missing or wrong token: open the address the studio printed, token included"}


def test_the_token_in_the_url_opens_the_page_only(client):
    assert client.get("/").status_code == 403
    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200 and "quotes studio" in page.text
    assert client.get(f"/api/state?token={TOKEN}").status_code == 403


def test_another_host_is_refused(client):
    """A DNS-rebinding page reaches 127.0.0.1 under its own name: the Host header gives it away."""
    response = client.get("/api/state", headers=AUTH | {"Host": "evil.example:8765"})
    assert response.status_code == 403
    assert response.json()["error"] == "host 'evil.example:8765' is not this studio; open the address it printed"


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}])
def test_another_origin_is_refused(client, quotes_file, headers):
    before = quotes_file.read_bytes()
    version = state(client)["version"]
    response = client.post("/api/save", json={"version": version, "sections": []}, headers=AUTH | headers)
    assert response.status_code == 403
    assert quotes_file.read_bytes() == before


def test_own_origin_is_allowed(client):
    assert client.get("/api/state", headers=AUTH | {"Origin": "http://testserver"}).status_code == 200


def test_static_files_need_no_token(client):
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/nothing.js").status_code == 404


def test_local_hosts():
    assert local_hosts("127.0.0.1", 8765) == {"127.0.0.1:8765", "localhost:8765", "[::1]:8765"}
    assert local_hosts("192.0.2.7", 80) == {"192.0.2.7:80"}
    everywhere = local_hosts("0.0.0.0", 80)
    assert {"127.0.0.1:80", "localhost:80", "0.0.0.0:80"} <= everywhere
    assert "evil.example:80" not in everywhere


def test_guard_leaves_other_scopes_alone():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])

    import asyncio

    asyncio.run(Guard(app, token=TOKEN, hosts=set())({"type": "lifespan"}, None, None))
    assert seen == ["lifespan"]


# ---------------------------------------------------------------- reading


def test_state(client, quotes_file):
    data = state(client)
    assert data["file"] == str(quotes_file)
    assert data["video_id"] == VIDEO
    assert [s["title"] for s in data["sections"]][:2] == ["Surveyor Turned Baker", "Why the Old Oven Couldn't Hold Heat"]
    assert data["sections"][0]["key"] == 0
    assert data["templates"] == ["newsletter", "chapters", "quotes"]
    paragraphs = data["transcript"]["paragraphs"]
    assert paragraphs[0]["lines"][0] == [6.4, 8.833, "hey everybody welcome back to field notes"]
    # A change of speaker (>>) starts a paragraph.
    assert paragraphs[1]["turn"] and paragraphs[1]["lines"][0][2].startswith("thanks dana")


def test_search(client):
    response = client.post("/api/search", json={"text": "She was a land surveyor who only baked for fun until the old mill came up for sale."}, headers=AUTH)
    data = response.json()
    best = data["matches"][0]
    assert (best["timecode"], best["confident"], data["note"]) == ("1:16", True, "")
    assert len(data["matches"]) > 1  # the runner-ups


def test_search_too_short(client):
    data = client.post("/api/search", json={"text": "the oven"}, headers=AUTH).json()
    assert not any(m["confident"] for m in data["matches"])
    assert data["note"] == "Too short to place: give five words or more that say what is said."


def test_quote(client):
    data = client.post("/api/quote", json={"start": 76, "end": 84}, headers=AUTH).json()
    assert data["text"].startswith("I was a surveyor for the county")


def test_quote_out_of_range(client):
    response = client.post("/api/quote", json={"start": 5000, "end": 5010}, headers=AUTH)
    assert response.status_code == 422
    assert response.json() == {"error": "start 1:23:20 is past the end of the video (12:01)"}


def test_check_judges_as_match_does(client):
    sections = state(client)["sections"]
    results = client.post("/api/check", json={"sections": sections}, headers=AUTH).json()["results"]
    assert results[0] == {"status": "set", "confidence": 0.509, "proposed": 70.566, "timecode": "1:10"}
    assert results[-1]["status"] == "unsure"


def test_preview_and_links(client):
    sections = state(client)["sections"]
    sections[0]["start"] = "1:16"
    data = client.post("/api/preview", json={"sections": sections, "template": "newsletter"}, headers=AUTH).json()
    assert "[2024-10-12 Field Notes Interview 1:16](https://youtu.be/qUoTeSdEm01?t=76)" in data["markdown"]
    assert data["links"][0] == {"url": "https://youtu.be/qUoTeSdEm01?t=76", "label": "2024-10-12 Field Notes Interview 1:16", "timecode": "1:16"}
    assert data["links"][1] is None
    quoted = client.post("/api/preview", json={"sections": sections[:1], "template": "quotes"}, headers=AUTH).json()
    assert "> I was a surveyor" in quoted["markdown"]


def test_preview_reads_no_other_template(client):
    response = client.post("/api/preview", json={"sections": [], "template": "/etc/passwd"}, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"] == "template: no template '/etc/passwd'; use one of newsletter, chapters, quotes"


# ---------------------------------------------------------------- saving


def test_save_keeps_comments_order_and_layout(client, quotes_file):
    before = quotes_file.read_text(encoding="utf-8")
    data = state(client)
    sections = data["sections"]
    sections[0]["start"] = 76
    sections[2]["end"] = "3:30"
    sections[2]["start"] = "3:09"
    new = {"title": "Bread shares", "start": 493, "end": 510, "quote": "we sold bread shares"}
    body = {"version": data["version"], "sections": [sections[1], sections[0], *sections[2:6], new]}
    response = client.post("/api/save", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    after = quotes_file.read_text(encoding="utf-8")
    assert response.json()["version"] != data["version"]
    assert [s["key"] for s in response.json()["sections"]] == list(range(7))
    # The header comments and the comment inside a section are kept; the untouched sections are byte for byte.
    assert after.startswith(before[: before.index("sections:")])
    assert "  - title: Insulation Before Brick\n    # Dana: check the spelling of Kaowool before this goes out\n    start: '3:09'\n    end: '3:30'\n    summary: >-\n" in after
    assert "  - title: Surveyor Turned Baker\n    start: '1:16'\n    summary: >-\n" in after
    assert after.index("Why the Old Oven") < after.index("Surveyor Turned Baker")
    assert "Photo Diary" not in after  # deleted
    assert after.endswith("  - title: Bread shares\n    start: '8:13'\n    end: '8:30'\n    quote: we sold bread shares\n")
    assert state(client)["version"] == response.json()["version"]


def test_save_unchanged_writes_the_same_bytes(client, quotes_file):
    before = quotes_file.read_bytes()
    data = state(client)
    response = client.post("/api/save", json={"version": data["version"], "sections": data["sections"]}, headers=AUTH)
    assert response.status_code == 200
    assert quotes_file.read_bytes() == before


def test_save_refuses_a_file_changed_on_disk(client, quotes_file):
    data = state(client)
    edited = quotes_file.read_text(encoding="utf-8").replace("Paid For in Bread", "Paid in Bread")
    quotes_file.write_text(edited, encoding="utf-8")
    response = client.post("/api/save", json={"version": data["version"], "sections": data["sections"][:1]}, headers=AUTH)
    assert response.status_code == 409
    assert response.json()["error"] == (
        f"{quotes_file} changed on disk since the page loaded it; reload to see the changes "
        "(your unsaved edits are not written)"
    )
    assert quotes_file.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"{not json", "not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
        (b"[]", "the request: Input should be a valid dictionary or instance of SaveIn"),
        (b'{"sections": []}', "version: Field required"),
        (b'{"version": "x", "sections": [], "extra": 1}', "extra: Extra inputs are not permitted"),
        (b'{"version": "V", "sections": [{"title": ""}]}', "sections.0 (untitled): title: String should have at least 1 character"),
        (b'{"version": "V", "sections": [{"title": "A", "start": "soon"}]}', None),
        (b'{"version": "V", "sections": [{"title": "A", "start": 20, "end": 10}]}', "sections.0 ('A'): end 0:10 is not after start 0:20"),
        (b'{"version": "V", "sections": [{"title": "A", "key": 99}]}', "sections: a key names no section of the file"),
        (b'{"version": "V", "sections": [{"title": "A", "key": 0}, {"title": "B", "key": 0}]}', "sections: the same key is given twice"),
    ],
)
def test_bad_save_changes_nothing(client, quotes_file, body, error):
    before = quotes_file.read_bytes()
    version = state(client)["version"]
    response = client.post("/api/save", content=body.replace(b'"V"', json.dumps(version).encode()), headers=AUTH | {"Content-Type": "application/json"})
    assert response.status_code == 400
    if error is not None:
        assert response.json() == {"error": error}
    else:
        assert response.json()["error"].startswith("sections.0 ('A'): ")
    assert quotes_file.read_bytes() == before


def test_not_json_is_refused(client):
    response = client.post("/api/search", content=b"text=hi", headers=AUTH | {"Content-Type": "application/x-www-form-urlencoded"})
    assert (response.status_code, response.json()) == (400, {"error": "send JSON (Content-Type: application/json)"})


def test_unknown_route_and_method(client):
    assert client.get("/api/nothing", headers=AUTH).json() == {"error": "no such page: /api/nothing"}
    assert client.get("/api/save", headers=AUTH).status_code == 405


# ---------------------------------------------------------------- the command


@pytest.fixture
def cached(tmp_path, transcript, monkeypatch):
    """The example's transcript cached, and the server never really started."""
    store = tmp_path / "transcripts"
    TranscriptStore(store).save(transcript)
    monkeypatch.setenv("QUOTES_TRANSCRIPTS", str(store))
    runs, opened = [], []
    monkeypatch.setattr("quotes.studio.app.Server.run", lambda self: runs.append(self))
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url))
    return runs, opened


URL_LINE = re.compile(r"^    http://127\.0\.0\.1:\d+/\?token=[\w-]{32}$")


def test_cli_studio_opens_a_file(cached, quotes_file):
    runs, opened = cached
    result = CliRunner().invoke(cli, ["studio", str(quotes_file), "--port", "0"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Studio for {quotes_file} ({VIDEO}). Open this address (the token in it is the key):"
    assert URL_LINE.match(lines[1])
    assert lines[2:] == ["Press Ctrl-C to stop.", "Stopped."]
    assert opened == [lines[1].strip()] and len(runs) == 1
    runs[0].sock.close()


def test_cli_studio_no_browser(cached, quotes_file):
    runs, opened = cached
    result = CliRunner().invoke(cli, ["studio", str(quotes_file), "--port", "0", "--no-browser"])
    assert result.exit_code == 0 and opened == []
    runs[0].sock.close()


def test_cli_studio_ctrl_c_stops_cleanly(cached, quotes_file, monkeypatch):
    def interrupted(self):
        self.sock.close()
        raise KeyboardInterrupt

    monkeypatch.setattr("quotes.studio.app.Server.run", interrupted)
    result = CliRunner().invoke(cli, ["studio", str(quotes_file), "--port", "0", "--no-browser"])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "Stopped."


def test_cli_studio_starts_a_new_file(cached, tmp_path):
    runs, _ = cached
    path = tmp_path / "new.quotes.yaml"
    result = CliRunner().invoke(cli, ["studio", f"https://youtu.be/{VIDEO}", "-o", str(path), "--label", "Field Notes", "--no-browser", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"Created {path} for {VIDEO}"
    assert "video: https://youtu.be/qUoTeSdEm01\nlabel: Field Notes\n" in path.read_text(encoding="utf-8")
    runs[0].sock.close()
    # Again: the file exists for that video, so it is opened as it is.
    again = CliRunner().invoke(cli, ["studio", VIDEO, "-o", str(path), "--no-browser", "--port", "0"])
    assert again.exit_code == 0 and not again.output.startswith("Created")
    runs[1].sock.close()


def test_cli_studio_refuses_a_file_of_another_video(cached, quotes_file):
    result = CliRunner().invoke(cli, ["studio", "pdJQ8iVTwj8", "-o", str(quotes_file), "--no-browser"])
    assert result.exit_code == 1
    assert result.output == f"Error: {quotes_file}: already exists, for another video than pdJQ8iVTwj8.\n"


def test_cli_studio_a_video_needs_output(cached):
    result = CliRunner().invoke(cli, ["studio", VIDEO])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: give a quotes file, or a video URL or id with -o FILE.quotes.yaml to start one"


def test_cli_studio_output_needs_a_video(cached, quotes_file):
    result = CliRunner().invoke(cli, ["studio", str(quotes_file), "-o", "x.quotes.yaml"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: -o starts a new quotes file for a video: give the video's URL or id, not a file"


def test_cli_studio_missing_file(cached, tmp_path):
    result = CliRunner().invoke(cli, ["studio", str(tmp_path / "none.quotes.yaml")])
    assert (result.exit_code, result.output) == (1, f"Error: {tmp_path / 'none.quotes.yaml'}: no such file.\n")


def test_cli_studio_missing_transcript(tmp_path, quotes_file, monkeypatch):
    monkeypatch.setenv("QUOTES_TRANSCRIPTS", str(tmp_path / "empty"))
    result = CliRunner().invoke(cli, ["studio", str(quotes_file), "--no-fetch"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no transcript of qUoTeSdEm01 in {tmp_path / 'empty'}; run `quotes fetch qUoTeSdEm01` "
        "or `quotes import FILE --video qUoTeSdEm01`.\n"
    )


def test_cli_studio_port_taken(cached, quotes_file):
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    try:
        result = CliRunner().invoke(cli, ["studio", str(quotes_file), "--port", str(port), "--no-browser"])
    finally:
        sock.close()
    assert result.exit_code == 1
    assert result.output == f"Error: cannot listen on 127.0.0.1:{port} (Address already in use); try another --port\n"


def test_cli_studio_template(cached, quotes_file, tmp_path):
    runs, _ = cached
    template = tmp_path / "mine.j2"
    template.write_text("{% for s in sections %}* {{ s.title }}\n{% endfor %}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["studio", str(quotes_file), "-t", str(template), "--no-browser", "--port", "0"])
    assert result.exit_code == 0, result.output
    studio = runs[0].studio
    assert list(studio.templates) == ["newsletter", "chapters", "quotes", "mine.j2"]
    assert studio.preview({"sections": [{"title": "A"}], "template": "mine.j2"})["markdown"] == "* A\n"
    runs[0].sock.close()


def test_cli_studio_help():
    result = CliRunner().invoke(cli, ["studio", "--help"])
    assert result.exit_code == 0
    for option in ("--output", "--label", "--template", "--host", "--port", "--no-browser", "--no-fetch", "--transcripts"):
        assert option in result.output


def test_real_server_stops_on_ctrl_c(tmp_path, quotes_file, transcript):
    """The command on uvicorn: its printed address answers with the token, and SIGINT ends it with 0."""
    store = tmp_path / "transcripts"
    TranscriptStore(store).save(transcript)
    env = os.environ | {"QUOTES_TRANSCRIPTS": str(store), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "quotes", "studio", str(quotes_file), "--port", "0", "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        proc.stdout.readline()
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        base, token = url.split("/?token=")
        request = urllib.request.Request(base + "/api/state", headers={"X-Quotes-Token": token})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.load(response)["video_id"] == VIDEO
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert out.splitlines()[-1] == "Stopped."
    assert "Traceback" not in err


# ---------------------------------------------------------------- any request



_json = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_time = st.none() | st.floats(min_value=-10, max_value=1e5, allow_nan=False) | st.sampled_from(["1:16", "soon", "", "99:99", "1h2m"])
_section = st.fixed_dictionaries(
    {"title": st.text(max_size=30)},
    optional={
        "key": st.none() | st.integers(-1, 8),
        "start": _time,
        "end": _time,
        "summary": st.text(max_size=60),
        "quote": st.none() | st.text(max_size=40),
        "notes": st.none() | st.text(max_size=20),
    },
)


@pytest.fixture(scope="module")
def any_studio(tmp_path_factory, transcript):
    path = tmp_path_factory.mktemp("any") / "notes.quotes.yaml"
    shutil.copy(EXAMPLES / "notes.quotes.yaml", path)
    return Studio(path, transcript)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_json)
def test_any_json_is_refused_cleanly(any_studio, data):
    before = any_studio.path.read_bytes()
    for call in (any_studio.save, any_studio.preview, any_studio.search, any_studio.quote):
        try:
            call(data)
        except (BadRequest, FileChanged):
            pass
        except QuotesError:
            assert call is any_studio.quote
    assert any_studio.path.read_bytes() == before


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sections=st.lists(_section, max_size=5), label=st.none() | st.text(max_size=20))
def test_any_sections_save_and_read_back_or_change_nothing(any_studio, sections, label):
    """Whatever the page sends: refused with the file untouched, or written so that it reads
    back as sent (any text, in any YAML style it needs)."""
    _, version = any_studio.read()
    before = any_studio.path.read_bytes()
    try:
        saved = any_studio.save({"version": version, "sections": sections, "label": label})
    except BadRequest:
        assert any_studio.path.read_bytes() == before
        return
    model = load(any_studio.path).model
    assert [s.title for s in model.sections] == [s["title"] for s in sections]
    assert [s["summary"] for s in saved["sections"]] == [s.get("summary", "") for s in sections]
    if label is not None:
        assert model.label == label


def test_null_body_is_a_bad_request(client):
    response = client.post("/api/search", content=b"null", headers=AUTH | {"Content-Type": "application/json"})
    assert (response.status_code, response.json()) == (400, {"error": "the request: Input should be a valid dictionary or instance of SearchIn"})


def test_page_headers(client):
    headers = client.get(f"/?token={TOKEN}").headers
    assert headers["cache-control"] == "no-store"
    assert headers["referrer-policy"] == "strict-origin"  # the token never leaves in a Referer
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_cli_studio_host(cached, quotes_file):
    runs, _ = cached
    result = CliRunner().invoke(cli, ["studio", str(quotes_file), "--host", "localhost", "--port", "0", "--no-browser"])
    assert result.exit_code == 0, result.output
    assert runs[0].host == "127.0.0.1"
    assert re.match(r"^    http://127\.0\.0\.1:\d+/\?token=", result.output.splitlines()[1])
    runs[0].sock.close()


def test_cli_studio_lang(cached, quotes_file):
    result = CliRunner().invoke(cli, ["studio", str(quotes_file), "--lang", "de", "--no-fetch", "--no-browser"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no transcript of qUoTeSdEm01 in ")


def test_cli_studio_without_its_extra(cached, quotes_file, monkeypatch):
    for name in [n for n in sys.modules if n == "starlette" or n.startswith("starlette.")]:
        monkeypatch.setitem(sys.modules, name, None)  # as if not installed
    monkeypatch.delitem(sys.modules, "quotes.studio.app")
    result = CliRunner().invoke(cli, ["studio", str(quotes_file)])
    assert (result.exit_code, result.output) == (
        1, "Error: the studio needs its web parts (starlette is missing): pip install 'quotes[studio]'\n"
    )


def test_preview_says_what_render_warns_of(client):
    sections = state(client)["sections"][:2]
    sections[0]["start"], sections[1]["start"] = 0, "20:00"
    data = client.post("/api/preview", json={"sections": sections, "template": "chapters"}, headers=AUTH).json()
    assert data["markdown"] == "0:00 Surveyor Turned Baker\n20:00 Why the Old Oven Couldn't Hold Heat\n"
    assert "YouTube needs at least 3 chapters; there are 2" in data["problems"]
    newsletter = client.post("/api/preview", json={"sections": sections}, headers=AUTH).json()
    assert newsletter["problems"] == [
        "section 2 (\"Why the Old Oven Couldn't Hold Heat\") starts at 20:00, past the end of the video (12:01)"
    ]


def test_save_waits_for_another_writer_then_refuses_its_changes(client, quotes_file):
    """Another quotes command holding the file's lock (`mark`, `match`) finishes first; the
    studio then sees the file changed and writes nothing."""
    import threading
    import time

    from quotes.files import locked

    data = state(client)
    taken, done = threading.Event(), threading.Event()

    def other_writer():
        with locked(quotes_file):
            taken.set()
            time.sleep(0.3)
            quotes_file.write_text(quotes_file.read_text(encoding="utf-8") + "# marked meanwhile\n", encoding="utf-8")
        done.set()

    threading.Thread(target=other_writer).start()
    taken.wait(5)
    response = client.post("/api/save", json={"version": data["version"], "sections": []}, headers=AUTH)
    assert done.is_set()
    assert response.status_code == 409
    assert quotes_file.read_text(encoding="utf-8").endswith("# marked meanwhile\n")


def test_cli_studio_on_every_address_warns(cached, quotes_file):
    runs, _ = cached
    result = CliRunner().invoke(cli, ["studio", str(quotes_file), "--host", "0.0.0.0", "--port", "0", "--no-browser"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Warning: listening on 0.0.0.0: whoever reaches this machine with the token can change {quotes_file}.\n"
    assert re.match(r"^    http://127\.0\.0\.1:\d+/\?token=", result.stdout.splitlines()[1])
    runs[0].sock.close()


def test_cli_studio_transcripts_option(cached, quotes_file, tmp_path, monkeypatch):
    runs, _ = cached
    monkeypatch.setenv("QUOTES_TRANSCRIPTS", str(tmp_path / "elsewhere"))
    result = CliRunner().invoke(
        cli, ["studio", str(quotes_file), "--transcripts", str(tmp_path / "transcripts"), "--no-fetch", "--no-browser", "--port", "0"]
    )
    assert result.exit_code == 0, result.output
    assert runs[0].studio.transcript.video_id == VIDEO
    runs[0].sock.close()


def test_the_studio_loads_the_saved_index_of_a_cached_transcript(tmp_path, quotes_file, transcript, monkeypatch):
    """With the cache's saved indexes, the studio's searches load the index instead of
    building it again: the second studio on the same transcript builds none."""
    from quotes.indexcache import IndexCache
    from quotes.locate import TranscriptIndex

    TranscriptStore(tmp_path / "transcripts").save(transcript)
    built = []
    real = TranscriptIndex.__init__
    monkeypatch.setattr(TranscriptIndex, "__init__", lambda self, t: (built.append(1), real(self, t))[1])
    first = Studio(quotes_file, transcript, indexes=IndexCache(tmp_path / "transcripts")).locator
    second = Studio(quotes_file, transcript, indexes=IndexCache(tmp_path / "transcripts")).locator
    assert len(built) == 1 and (tmp_path / "transcripts" / ".index" / f"{VIDEO}.{transcript.language_code}.index").is_file()
    text = "Fresh masonry is saturated, and heating it too quickly cracks it."
    assert second.locate(text) == first.locate(text)


def test_a_section_of_half_a_second_is_saved_and_reads_back(any_studio):
    """Found by the property above: 0:00 to 0.5 s was written '0:00' to '0:00', a file that
    no longer loaded. Such a section is written to the millisecond."""
    _, version = any_studio.read()
    saved = any_studio.save({"version": version, "sections": [{"title": "a", "start": 0.0, "end": 0.5}]})
    assert [(s["start"], s["end"]) for s in saved["sections"]] == [(0.0, 0.5)]
    assert [(s.start, s.end) for s in load(any_studio.path).model.sections] == [(0.0, 0.5)]
