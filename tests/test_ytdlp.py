"""quotes.ytdlp, quotes.routes and the commands around them, without network.

yt-dlp is driven through its Python API with recorded answers we wrote (tests/data/ytdlp/: the
info dict ``extract_info`` returns, and the caption files ``urlopen`` would download) and its
real exception classes for the failures. youtube-transcript-api gets the recorded YouTube
answers shipped in its wheel, replayed with ``responses``, as in tests/test_youtube.py.
"""

from __future__ import annotations

import copy
import io
import json
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from builders import ASSETS, PLAYER, TIMEDTEXT, WATCH  # noqa: E402
from builders import RECORDED_VID as VID  # noqa: E402
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from yt_dlp import YoutubeDL
from yt_dlp.cookies import CookieLoadError
from yt_dlp.networking.common import Response
from yt_dlp.networking.exceptions import HTTPError, ProxyError, TransportError
from yt_dlp.utils import DownloadError, ExtractorError, GeoRestrictedError

from quotes import errors, ytdlp
from quotes.cli import cli
from quotes.formats import parse_json, parse_vtt
from quotes.routes import Access, fetch_to_store
from quotes.store import TranscriptStore
from quotes.videoinfo import load_info

DATA = Path(__file__).parent / "data"
INFO = json.loads((DATA / "ytdlp" / f"{VID}.info.json").read_text(encoding="utf-8"))
IMPORT = f"or copy the text of YouTube's \"Show transcript\" panel and paste it into `quotes import - --video {VID}`"

needs_assets = pytest.mark.skipif(ASSETS is None, reason="youtube-transcript-api wheel without its test assets")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
                 "NO_PROXY", "no_proxy", "WEBSHARE_PROXY_USERNAME", "WEBSHARE_PROXY_PASSWORD", "QUOTES_TRANSCRIPTS"):
        monkeypatch.delenv(name, raising=False)


class Recorded:
    """yt-dlp answering from the recording: ``info`` for extract_info, caption files by URL."""

    def __init__(self, monkeypatch):
        self.info = copy.deepcopy(INFO)
        self.error: BaseException | None = None  # raised by extract_info instead
        self.download_error: BaseException | None = None  # raised by urlopen instead
        self.body: bytes | None = None  # every caption download answers this instead
        self.params: list[dict] = []
        self.urls: list[str] = []
        self.cookies: str | None = None  # the cookies file's text as yt-dlp got it
        self.warning: str | None = None  # what yt-dlp's extractor warns while extracting
        recorded = self

        def extract_info(ydl, url, download=True, process=True, **kwargs):
            assert url == f"https://www.youtube.com/watch?v={VID}" and not download and not process
            recorded.params.append(ydl.params)
            jar = ydl.params.get("cookiefile")
            recorded.cookies = jar.getvalue() if jar is not None else None
            if recorded.warning:
                ydl.report_warning(recorded.warning)
            if recorded.error is not None:
                raise recorded.error
            return copy.deepcopy(recorded.info)

        def urlopen(ydl, url):
            recorded.urls.append(url)
            if recorded.download_error is not None:
                raise recorded.download_error
            return io.BytesIO(recorded.body if recorded.body is not None else recorded.caption(url))

        monkeypatch.setattr(YoutubeDL, "extract_info", extract_info)
        monkeypatch.setattr(YoutubeDL, "urlopen", urlopen)

    @staticmethod
    def caption(url: str) -> bytes:
        query = parse_qs(urlsplit(url).query)
        lang, fmt = query["lang"][0], query["fmt"][0]
        files = {("en", "json3"): DATA / "asr.json3", ("en", "vtt"): DATA / "rolling-auto.en.vtt",
                 ("de", "json3"): DATA / "ytdlp" / "manual.de.json3"}
        return files[lang, fmt].read_bytes()

    def only(self, *exts: str) -> None:
        for tracks in (self.info["subtitles"], self.info["automatic_captions"]):
            for code in tracks:
                tracks[code] = [f for f in tracks[code] if f["ext"] in exts]


@pytest.fixture
def ydl(monkeypatch):
    return Recorded(monkeypatch)


@pytest.fixture
def yt():
    """youtube-transcript-api's recorded YouTube, answering that this IP is blocked."""
    if ASSETS is None:
        pytest.skip("youtube-transcript-api wheel without its test assets")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(WATCH, body=(ASSETS / "youtube_too_many_requests.html.static").read_bytes())
        rsps.post(PLAYER, body=(ASSETS / "youtube.innertube.json.static").read_bytes(), content_type="application/json")
        rsps.get(TIMEDTEXT, body=(ASSETS / "transcript.xml.static").read_bytes())
        yield rsps


def youtube_answers_normally(rsps):
    rsps.replace(responses.GET, WATCH, body=(ASSETS / "youtube.html.static").read_bytes())


def run(*args, input=None):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input)
    return result.exit_code, result.output


def said(message: str, exc: type = ExtractorError) -> DownloadError:
    """What YoutubeDL.extract_info raises when its extractor fails with ``message``."""
    try:
        raise exc(message, expected=True) if exc is not GeoRestrictedError else exc(message)
    except Exception:  # noqa: BLE001
        return DownloadError(f"ERROR: [youtube] {VID}: {message}", sys.exc_info())


# ---------------------------------------------------------------- the route itself


def test_fetch_reads_json3_of_the_automatic_captions_and_the_facts(ydl):
    t, info = ytdlp.fetch(VID)
    assert (t.video_id, t.language_code, t.language, t.is_generated, t.source) == (VID, "en", "English", True, "yt-dlp")
    assert (t.title, t.duration, t.translated_from) == ("Test Talk About Editing", 245.0, None)
    assert t.segments == parse_json((DATA / "asr.json3").read_text(encoding="utf-8"))
    assert [parse_qs(urlsplit(u).query)["fmt"] for u in ydl.urls] == [["json3"]]
    assert (info.title, info.channel, info.upload_date.isoformat(), info.duration) == (
        "Test Talk About Editing", "Test Channel", "2023-06-02", 245.0)
    assert [(c.title, c.start, c.end) for c in info.chapters] == [("Intro", 0, 95), ("Julia", 95, 180), ("Outro", 180, 245)]


def test_webvtt_when_json3_is_not_offered_rolling_lines_once(ydl):
    ydl.only("vtt")
    t, _ = ytdlp.fetch(VID)
    assert t.segments == parse_vtt((DATA / "rolling-auto.en.vtt").read_text(encoding="utf-8"))
    assert [s.text for s in t.segments[:2]] == ["[Music]", "so today we're going to talk about"]


def test_language_order_typed_before_automatic_and_translation(ydl):
    t, _ = ytdlp.fetch(VID, ["xx", "de", "en"])
    assert (t.language_code, t.language, t.is_generated) == ("de", "German", False)
    assert t.segments[-1].text == "Nur etwas Kürzeres zum Testen."
    t, _ = ytdlp.fetch(VID, ["en"], translate="de")
    assert (t.language_code, t.translated_from, t.is_generated) == ("de", "en", True)
    assert parse_qs(urlsplit(ydl.urls[-1]).query)["tlang"] == ["de"]


def test_no_captions_and_no_captions_in_the_language(ydl):
    with pytest.raises(errors.NoTranscriptInLanguages) as info:
        ytdlp.fetch(VID, ["fr"])  # YouTube's translation into fr is not a track in fr
    assert info.value.available == ["de", "en (generated)"]
    ydl.info["subtitles"] = {}
    ydl.info["automatic_captions"] = {}
    with pytest.raises(errors.TranscriptsDisabled):
        ytdlp.fetch(VID)


def test_proxy_and_cookies_reach_yt_dlp_and_the_cookies_file_is_left_alone(ydl, tmp_path, monkeypatch):
    jar = tmp_path / "cookies.txt"
    jar.write_text("# Netscape HTTP Cookie File\n.youtube.com\tTRUE\t/\tTRUE\t0\tSID\tabc\n")
    before = jar.read_bytes()
    ytdlp.fetch(VID, proxy="http://ann:pw@proxy.example:3128", cookies=str(jar))
    params = ydl.params[-1]
    assert params["proxy"] == "http://ann:pw@proxy.example:3128"
    assert ydl.cookies == before.decode()  # given as text: yt-dlp saves cookies back into that, not the file
    assert params["quiet"] and params["skip_download"] and "cookiesfrombrowser" not in params
    assert jar.read_bytes() == before
    monkeypatch.setenv("WEBSHARE_PROXY_USERNAME", "ann")
    monkeypatch.setenv("WEBSHARE_PROXY_PASSWORD", "pw")
    ytdlp.fetch_info(VID, cookies_from_browser="Firefox:work")
    assert ydl.params[-1]["proxy"] == "http://ann-rotate:pw@p.webshare.io:80/"
    assert ydl.params[-1]["cookiesfrombrowser"] == ("firefox", "work", None, None)


def test_without_a_proxy_yt_dlp_reads_the_environment_itself(ydl, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://env-proxy.example:3128")
    ytdlp.fetch(VID)
    assert "proxy" not in ydl.params[-1]  # yt-dlp honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY


# ---------------------------------------------------------------- every failure of the route, through the CLI

BOT = "Sign in to confirm you’re not a bot. Use --cookies-from-browser or --cookies for the authentication. See  https://github.com/yt-dlp/yt-dlp/wiki/FAQ#how-do-i-pass-cookies-to-yt-dlp  for how to manually pass cookies. Also see  https://github.com/yt-dlp/yt-dlp/wiki/Extractors#exporting-youtube-cookies  for tips on effectively exporting YouTube cookies"


def _http_429():
    try:
        raise HTTPError(Response(io.BytesIO(b""), "https://www.youtube.com/watch", {}, status=429, reason="Too Many Requests"))
    except HTTPError as cause:
        try:
            raise ExtractorError("Unable to download webpage: HTTP Error 429: Too Many Requests", cause=cause)
        except ExtractorError:
            return DownloadError("ERROR: [youtube] x: Unable to download webpage", sys.exc_info())


def _no_network():
    try:
        raise TransportError(cause="[Errno -3] Temporary failure in name resolution")
    except TransportError as cause:
        try:
            raise ExtractorError("Unable to download API page: [Errno -3] Temporary failure in name resolution", cause=cause)
        except ExtractorError:
            return DownloadError("ERROR: [youtube] x: Unable to download API page", sys.exc_info())


def _proxy_down():
    try:
        raise ProxyError(cause="('Unable to connect to proxy', NewConnectionError(\"[Errno 111] Connection refused\"))")
    except ProxyError as cause:
        try:
            raise ExtractorError("Unable to download API page: ('Unable to connect to proxy')", cause=cause)
        except ExtractorError:
            return DownloadError("ERROR: [youtube] x: Unable to download API page", sys.exc_info())


FAILURES = {
    "bot": (lambda: said(BOT), 4,
            "YouTube refuses yt-dlp's requests from this IP address as coming from a bot (yt-dlp: Sign in to confirm "
            "you’re not a bot); sign in through your browser's cookies (--cookies-from-browser BROWSER; see the README "
            "on the risk to your account) or try --proxy URL"),
    "429": (_http_429, 4,
            "YouTube refuses yt-dlp's requests from this IP address as coming from a bot (yt-dlp: Unable to download "
            "webpage: HTTP Error 429: Too Many Requests); sign in through your browser's cookies (--cookies-from-browser "
            "BROWSER; see the README on the risk to your account) or try --proxy URL"),
    "age": (lambda: said("Sign in to confirm your age. This video may be inappropriate for some users. Use --cookies-from-browser or --cookies for the authentication."), 4,
            "YouTube gives the video only to signed-in users (yt-dlp: Sign in to confirm your age. This video may be "
            "inappropriate for some users); pass the sign-in of an account that may watch it with --cookies-from-browser "
            "BROWSER or --cookies FILE (see the README on the risk to your account)"),
    "members": (lambda: said("Join this channel to get access to members-only content like this video, and other exclusive perks."), 4,
                "YouTube gives the video only to signed-in users (yt-dlp: Join this channel to get access to members-only "
                "content like this video, and other exclusive perks); pass the sign-in of an account that may watch it "
                "with --cookies-from-browser BROWSER or --cookies FILE (see the README on the risk to your account)"),
    "unavailable": (lambda: said("Video unavailable. This video has been removed by the uploader"), 4,
                    "the video is unavailable (removed, private, or the id is mistyped) (yt-dlp: Video unavailable. This "
                    "video has been removed by the uploader); check the link in a browser"),
    "geo": (lambda: said("The uploader has not made this video available in your country", GeoRestrictedError), 4,
            "the video is not available in this country (yt-dlp: The uploader has not made this video available in your "
            "country); try --proxy URL with a proxy in another country"),
    "network": (_no_network, 4,
                "yt-dlp cannot reach YouTube (yt-dlp: Temporary failure in name resolution); check the internet "
                "connection and the proxy (--proxy, HTTPS_PROXY), then try again"),
    "proxy": (_proxy_down, 4,
              "yt-dlp cannot reach YouTube (yt-dlp: cannot connect through the proxy (Connection refused)); check the "
              "internet connection and the proxy (--proxy, HTTPS_PROXY), then try again"),
    "other": (lambda: said("Failed to extract any player response; please report this issue on  https://github.com/yt-dlp/yt-dlp/issues"), 4,
              "yt-dlp failed (yt-dlp: Failed to extract any player response); update yt-dlp (pip install -U yt-dlp) "
              "and try again"),
}


@pytest.mark.parametrize("case", FAILURES)
def test_each_yt_dlp_failure_is_one_line(ydl, tmp_path, case):
    make, code, line = FAILURES[case]
    ydl.error = make()
    assert run("fetch", VID, "--via", "yt-dlp", "--transcripts", tmp_path) == (
        code, f"Error: cannot get the transcript of {VID}: {line}.\n")
    assert not list(tmp_path.iterdir())


def test_empty_captions_mean_a_po_token_and_http_errors_of_the_download(ydl, tmp_path):
    ydl.body = b""
    assert run("fetch", VID, "--via", "yt-dlp", "--transcripts", tmp_path) == (4, (
        f"Error: cannot get the transcript of {VID}: YouTube requires a proof-of-origin (PO) token for the captions, "
        "which yt-dlp could not make (yt-dlp: YouTube sent empty captions); try --cookies-from-browser BROWSER, update "
        "yt-dlp (pip install -U yt-dlp), or try again later.\n"))
    ydl.body = None
    ydl.download_error = _http_429().exc_info[1].cause
    code, out = run("fetch", VID, "--via", "yt-dlp", "--transcripts", tmp_path)
    assert code == 4 and "as coming from a bot (yt-dlp: HTTP Error 429: Too Many Requests)" in out
    assert not list(tmp_path.iterdir())


def test_cookies_that_cannot_be_used_exit_1(ydl, tmp_path):
    assert run("fetch", VID, "--via", "yt-dlp", "--cookies", tmp_path / "nope.txt", "--transcripts", tmp_path) == (
        1, f"Error: cannot use the cookies of {tmp_path / 'nope.txt'}: No such file or directory.\n")
    code, out = run("fetch", VID, "--via", "yt-dlp", "--cookies-from-browser", "netscape", "--transcripts", tmp_path)
    assert code == 1 and out.startswith("Error: cannot use the cookies of browser 'netscape': yt-dlp reads the cookies of brave, chrome, ")
    try:
        raise FileNotFoundError("could not find firefox cookies database in /home/ann/.mozilla/firefox")
    except FileNotFoundError:
        try:
            raise CookieLoadError("failed to load cookies")
        except CookieLoadError as exc:
            ydl.error = exc
    assert run("fetch", VID, "--via", "yt-dlp", "--cookies-from-browser", "firefox", "--transcripts", tmp_path) == (
        1, "Error: cannot use the cookies of the browser or file given: could not find firefox cookies database in "
        "/home/ann/.mozilla/firefox.\n")


def test_a_missing_or_broken_yt_dlp_is_one_line(ydl, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "yt_dlp", None)  # import yt_dlp raises ImportError
    code, out = run("fetch", VID, "--via", "yt-dlp", "--transcripts", tmp_path)
    assert (code, out) == (1, "Error: yt-dlp cannot be used (not installed); install or repair it with `pip install -U yt-dlp`.\n")


def test_an_unexpected_crash_inside_yt_dlp_is_no_traceback(ydl, tmp_path):
    ydl.error = TypeError("'NoneType' object is not subscriptable")
    assert run("fetch", VID, "--via", "yt-dlp", "--transcripts", tmp_path) == (4, (
        f"Error: cannot get the transcript of {VID}: yt-dlp failed (yt-dlp: 'NoneType' object is not subscriptable); "
        "update yt-dlp (pip install -U yt-dlp) and try again.\n"))


# ---------------------------------------------------------------- both routes


@needs_assets
def test_blocked_youtube_transcript_api_falls_back_to_yt_dlp(yt, ydl, tmp_path):
    result = CliRunner().invoke(cli, ["fetch", VID, "--transcripts", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr == (
        "Note: asked yt-dlp, since youtube-transcript-api could not get it: YouTube blocks requests from this IP "
        "address (common on cloud servers and after many requests).\n")
    assert result.stdout == f"Fetched {VID} (en, generated) via yt-dlp: 3 captions, 4:05 -> {tmp_path}/{VID}.en.json\n"
    assert load_info(tmp_path, VID).channel == "Test Channel"  # the facts came along
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{VID}.en.json", f"{VID}.info.json"]
    assert TranscriptStore(tmp_path).languages(VID) == ["en"]


@needs_assets
def test_via_picks_one_route(yt, ydl, tmp_path):
    code, out = run("fetch", VID, "--via", "youtube-transcript-api", "--transcripts", tmp_path)
    assert code == 4 and not ydl.params
    assert out == (f"Error: cannot get the transcript of {VID}: YouTube blocks requests from this IP address (common on "
                   "cloud servers and after many requests); try --proxy URL or set WEBSHARE_PROXY_USERNAME and "
                   f"WEBSHARE_PROXY_PASSWORD, {IMPORT}.\n")
    youtube_answers_normally(yt)
    code, out = run("fetch", VID, "--via", "yt-dlp", "--transcripts", tmp_path)
    assert code == 0 and " via yt-dlp: " in out
    assert not any(c.request.url.startswith(TIMEDTEXT) for c in yt.calls)
    code, out = run("fetch", VID, "--refresh", "--transcripts", tmp_path)
    assert (code, out) == (0, f"Fetched {VID} (en, manual) via youtube-transcript-api: 3 captions, 0:08 -> {tmp_path}/{VID}.en.json\n")
    assert len(ydl.params) == 1  # yt-dlp was not asked: the first route worked


@needs_assets
def test_both_routes_failing_is_one_line_and_the_cache_is_untouched(yt, ydl, tmp_path):
    assert run("fetch", VID, "--transcripts", tmp_path)[0] == 0
    cached = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    ydl.error = said(BOT)
    assert run("fetch", VID, "--refresh", "--transcripts", tmp_path) == (4, (
        f"Error: cannot get the transcript of {VID}: youtube-transcript-api says YouTube blocks requests from this IP "
        "address (common on cloud servers and after many requests); yt-dlp says YouTube refuses yt-dlp's requests from "
        "this IP address as coming from a bot (yt-dlp: Sign in to confirm you’re not a bot); sign in through your "
        "browser's cookies (--cookies-from-browser BROWSER; see the README on the risk to your account) or try --proxy "
        f"URL, {IMPORT}.\n"))
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == cached  # no temporary files either


@needs_assets
def test_blocked_and_no_yt_dlp_says_so_in_one_line(yt, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "yt_dlp", None)
    result = CliRunner().invoke(cli, ["search", VID, "anything", "--transcripts", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == (
        f"Error: cannot get the transcript of {VID}: youtube-transcript-api says YouTube blocks requests from this IP "
        "address (common on cloud servers and after many requests); yt-dlp, the second route, is off (not installed); install or repair yt-dlp (pip install -U yt-dlp) to try it, "
        f"{IMPORT}.\n")


@needs_assets
def test_commands_that_fetch_say_the_route_on_stderr(yt, ydl, tmp_path):
    result = CliRunner().invoke(cli, ["quote", VID, "0:00", "0:05", "--transcripts", str(tmp_path), "--cookies-from-browser", "chrome"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == f"Fetched {VID} (en, generated) via yt-dlp -> {tmp_path}/{VID}.en.json"
    assert ydl.params[-1]["cookiesfrombrowser"] == ("chrome", None, None, None)


def test_library_fetch_to_store_reports_route_and_caches_facts(ydl, tmp_path):
    store = TranscriptStore(tmp_path)
    got = fetch_to_store(VID, store=store, access=Access(via="yt-dlp"))
    assert (got.route, got.from_cache, got.passed_over, got.info.title) == ("yt-dlp", False, None, "Test Talk About Editing")
    again = fetch_to_store(VID, store=store)
    assert again.from_cache and again.route is None and len(ydl.params) == 1
    assert [t.video_id for t in store.list()] == [VID]  # the facts file is no transcript


# ---------------------------------------------------------------- quotes info


def test_info_prints_the_facts_and_caches_them(ydl, tmp_path):
    expected = (
        f"video     {VID}\n"
        "title     Test Talk About Editing\n"
        "channel   Test Channel\n"
        "uploaded  2023-06-02\n"
        "length    4:05\n"
        "chapters  3\n"
        "     0:00  Intro\n"
        "     1:35  Julia\n"
        "     3:00  Outro\n"
    )
    assert run("info", f"https://youtu.be/{VID}", "--transcripts", tmp_path) == (0, expected)
    assert run("info", VID, "--transcripts", tmp_path, "--no-fetch") == (0, expected)
    assert len(ydl.params) == 1
    code, out = run("info", VID, "--json", "--transcripts", tmp_path)
    data = json.loads(out)
    assert code == 0 and data["upload_date"] == "2023-06-02" and data["chapters"][1] == {"title": "Julia", "start": 95.0, "end": 180.0}


def test_info_errors(ydl, tmp_path):
    assert run("info", VID, "--no-fetch", "--transcripts", tmp_path) == (
        1, f"Error: no facts about video {VID}: not cached in {tmp_path}; run `quotes info {VID}`.\n")
    ydl.error = said(BOT)
    code, out = run("info", VID, "--transcripts", tmp_path)
    assert code == 4 and out.startswith(f"Error: no facts about video {VID}: YouTube refuses yt-dlp's requests")
    (tmp_path / f"{VID}.info.json").write_text('{"video_id": "x", "colour": 1}')
    assert run("info", VID, "--no-fetch", "--transcripts", tmp_path) == (1, (
        f"Error: damaged transcript cache file {tmp_path}/{VID}.info.json: colour: Extra inputs are not permitted; "
        "delete it and fetch or import again.\n"))


# ---------------------------------------------------------------- new, render


def test_new_fills_the_label_from_the_facts_and_seeds_chapters(ydl, tmp_path):
    out = tmp_path / "q.yaml"
    result = CliRunner().invoke(cli, ["new", VID, "--from-chapters", "-o", str(out), "--no-fetch", "--transcripts", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (1, f"Error: no facts about video {VID}: not cached in {tmp_path}; run `quotes info {VID}`.\n")
    assert run("info", VID, "--transcripts", tmp_path)[0] == 0
    assert run("new", VID, "--from-chapters", "-o", out, "--no-fetch", "--transcripts", tmp_path) == (
        0, f"Created {out} for {VID} with 3 chapters as sections\n")
    text = out.read_text()
    assert 'label: 2023-06-02 Test Channel Interview  # from --label "{upload_date} {channel} Interview"\n' in text
    assert "  - title: Julia\n    start: '1:35'\n" in text
    run("new", VID, "--label", "{year}: {title}", "-o", out, "--no-fetch", "--force", "--transcripts", tmp_path)
    assert "label: '2023: Test Talk About Editing'  # from --label \"{year}: {title}\"\n" in out.read_text()
    assert run("new", VID, "--label", "{date}", "-o", out, "--no-fetch", "--force", "--transcripts", tmp_path) == (
        1, "Error: the label template '{date}' names {date}; it may name {title}, {channel}, {upload_date}, {year}, "
        "{video_id}.\n")


def test_new_without_facts_warns_and_labels_with_what_is_known(tmp_path):
    out = tmp_path / "q.yaml"
    result = CliRunner().invoke(cli, ["new", VID, "-o", str(out), "--no-fetch", "--transcripts", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr == (f"Warning: no facts about video {VID}: not cached in {tmp_path}; run `quotes info {VID}`; "
                             "the label is made without them.\n")
    assert "label: Interview  # from --label" in out.read_text()


def test_render_templates_get_the_facts(ydl, tmp_path):
    run("info", VID, "--transcripts", tmp_path)
    quotes_file = tmp_path / "q.yaml"
    quotes_file.write_text(f"video: {VID}\nsections:\n  - title: Intro\n    start: 0\n")
    template = tmp_path / "t.j2"
    template.write_text("{{ video.title }} by {{ video.channel }}, {{ video.upload_date }}, {{ video.duration | timecode }}, "
                        "{{ video.chapters | length }} chapters\n")
    assert run("render", quotes_file, "-t", template, "-o", "-", "--transcripts", tmp_path) == (
        0, "Test Talk About Editing by Test Channel, 2023-06-02, 4:05, 3 chapters\n")


# ---------------------------------------------------------------- import -


PANEL = "Transcript\n0:00\nhello there and welcome\n0:05\nto the show about editing\n"


def test_import_reads_standard_input(tmp_path):
    assert run("import", "-", "--video", VID, "--transcripts", tmp_path, input=PANEL) == (
        0, f"Imported {VID} (en) from standard input: 2 captions, 0:07 -> {tmp_path}/{VID}.en.json\n")
    assert TranscriptStore(tmp_path).load(VID).source == "stdin"
    assert run("import", "-", "--video", VID, "--transcripts", tmp_path, input="just words\n") == (
        1, "Error: <stdin>:1: expected an SRT, WebVTT, SBV, JSON, XML (YouTube, TTML) or timestamped text caption file, "
        "got 'just words'.\n")


def _player(name):
    return lambda rsps: rsps.replace(responses.POST, PLAYER, body=(ASSETS / name).read_bytes(), content_type="application/json")


def _watch_twice(name):
    def setup(rsps):
        rsps.replace(responses.GET, WATCH, body=(ASSETS / name).read_bytes())
        rsps.add(responses.GET, WATCH, body=(ASSETS / name).read_bytes())
    return setup


FIRST_ROUTE = {  # youtube-transcript-api's failure -> whether yt-dlp is asked next
    "too_many_requests": (lambda rsps: None, True),
    "request_blocked": (_player("youtube_request_blocked.innertube.json.static"), True),
    "age_restricted": (_player("youtube_age_restricted.innertube.json.static"), True),
    "po_token": (_player("youtube_po_token_required.innertube.json.static"), True),
    "consent": (_watch_twice("youtube_consent_page.html.static"), True),
    "unplayable": (_player("youtube_unplayable.innertube.json.static"), True),
    "transcripts_disabled": (_player("youtube_transcripts_disabled.innertube.json.static"), False),
    "video_unavailable": (_player("youtube_video_unavailable.innertube.json.static"), False),
}


@needs_assets
@pytest.mark.parametrize("case", FIRST_ROUTE)
def test_which_failures_of_the_first_route_send_it_to_yt_dlp(yt, ydl, tmp_path, case):
    setup, falls_back = FIRST_ROUTE[case]
    if case != "too_many_requests":
        youtube_answers_normally(yt)
    setup(yt)
    result = CliRunner().invoke(cli, ["fetch", VID, "--transcripts", str(tmp_path)])
    if falls_back:
        assert (result.exit_code, result.stdout.split(":")[0]) == (0, f"Fetched {VID} (en, generated) via yt-dlp")
        assert result.stderr.startswith("Note: asked yt-dlp, since youtube-transcript-api could not get it: ")
    else:
        assert result.exit_code == 4 and not ydl.params
        assert result.output.startswith(f"Error: cannot get the transcript of {VID}: the video ")


def test_a_broken_yt_dlp_is_one_line_too(tmp_path, monkeypatch):
    import types

    monkeypatch.setitem(sys.modules, "yt_dlp", types.ModuleType("yt_dlp"))  # a half-removed install: no submodules
    for name in [n for n in sys.modules if n.startswith("yt_dlp.")]:
        monkeypatch.delitem(sys.modules, name)
    assert run("info", VID, "--transcripts", tmp_path) == (1, (
        "Error: yt-dlp cannot be used (ModuleNotFoundError: No module named 'yt_dlp.networking'; 'yt_dlp' is not a "
        "package); install or repair it with `pip install -U yt-dlp`.\n"))


def test_tracks_missing_for_want_of_a_po_token_say_so(ydl, tmp_path):
    ydl.info["subtitles"] = {}
    ydl.info["automatic_captions"] = {}
    ydl.warning = (f"[youtube] {VID}: There are missing subtitles languages because a PO token was not provided. "
                   "Automatic captions for 1 languages are missing.")
    result = CliRunner().invoke(cli, ["fetch", VID, "--via", "yt-dlp", "--transcripts", str(tmp_path)])
    assert (result.exit_code, result.output) == (4, (
        f"Error: cannot get the transcript of {VID}: YouTube requires a proof-of-origin (PO) token for the captions, "
        "which yt-dlp could not make (yt-dlp: there are missing subtitles languages because a PO token was not "
        "provided); try --cookies-from-browser BROWSER, update yt-dlp (pip install -U yt-dlp), or try again later.\n"))


@needs_assets
def test_languages_falls_back_to_yt_dlp_too(yt, ydl):
    result = CliRunner().invoke(cli, ["languages", VID])
    assert result.exit_code == 0
    assert result.stdout == (
        "code  name     type       translatable\n"
        "de    German   manual     yes\n"
        "en    English  generated  yes\n"
        "Translatable to: fr\n"
    )
    assert result.stderr.startswith("Note: asked yt-dlp, since youtube-transcript-api could not get it: YouTube blocks requests")
    ydl.error = said(BOT)
    code, out = run("languages", VID)
    assert code == 4 and out.startswith(f"Error: cannot get the transcript of {VID}: youtube-transcript-api says ")


def test_new_says_which_route_gave_the_transcript(ydl, tmp_path):
    out = tmp_path / "q.yaml"
    assert run("new", VID, "--via", "yt-dlp", "-o", out, "--transcripts", tmp_path) == (0, (
        f"Created {out} for {VID}\n"
        f"Transcript {VID} (en, generated) via yt-dlp: 3 captions, 4:05\n"))
    assert "label: 2023-06-02 Test Channel Interview  #" in out.read_text()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_message_of_yt_dlp_is_one_line_of_one_kind(message):
    failure = ytdlp._failure(VID, said(message))
    assert isinstance(failure, errors.YtDlpFailed) and failure.kind in errors.YtDlpFailed.KINDS
    assert "\n" not in str(failure) and len(failure.said) <= 203


def test_a_named_typed_track_is_its_language(ydl):
    ydl.info["subtitles"] = {"de-nP7-2PuUl7o": ydl.info["subtitles"]["de"]}  # yt-dlp keys it by its vssId
    t, _ = ytdlp.fetch(VID, ["de"])
    assert (t.language_code, t.is_generated) == ("de", False)


def test_cookies_that_are_no_cookies_file_exit_1(ydl, tmp_path):
    assert run("fetch", VID, "--via", "yt-dlp", "--cookies", tmp_path, "--transcripts", tmp_path) == (
        1, f"Error: cannot use the cookies of {tmp_path}: Is a directory.\n")
    assert run("fetch", VID, "--via", "yt-dlp", "--cookies", "/dev/zero", "--transcripts", tmp_path) == (
        1, "Error: cannot use the cookies of /dev/zero: larger than any cookies file (more than 10 MB).\n")
    assert not ydl.params


def test_verify_stops_asking_when_both_routes_are_refused_as_a_bot():
    from quotes.verify import Patient

    def both_blocked(video_id):
        calls.append(video_id)
        raise errors.RoutesFailed(video_id, errors.IpBlocked(video_id), errors.YtDlpFailed(video_id, "blocked", "not a bot"))

    calls, waits = [], []
    patient = Patient(both_blocked, waits=(5, 20), sleep=waits.append)
    with pytest.raises(errors.RoutesFailed):
        patient("aaaaaaaaaaa")
    assert waits == [5, 20] and calls == ["aaaaaaaaaaa"] * 3
    with pytest.raises(errors.RoutesFailed) as refused:
        patient("ccccccccccc")  # not asked again
    assert calls == ["aaaaaaaaaaa"] * 3 and refused.value.video_id == "ccccccccccc"
    assert "of ccccccccccc: youtube-transcript-api says YouTube blocks" in str(refused.value)
    assert "import - --video ccccccccccc`" in str(refused.value)

    def sign_in(video_id):
        raise errors.RoutesFailed(video_id, errors.AgeRestricted(video_id), errors.YtDlpFailed(video_id, "sign-in"))

    with pytest.raises(errors.RoutesFailed):
        Patient(sign_in, sleep=waits.append)("aaaaaaaaaaa")
    assert waits == [5, 20]  # not a refusal to wait out


def test_a_cached_transcript_gets_the_title_of_the_cached_facts(tmp_path):
    # The first route gives no title; the facts do, and verify reads a link that only names the
    # video as naming it (no section to place).
    from quotes.routes import transcript_for
    from quotes.transcript import Segment, Transcript
    from quotes.videoinfo import VideoInfo, save_info

    store = TranscriptStore(tmp_path)
    store.save(Transcript(video_id=VID, language_code="en", segments=[Segment(start=0, duration=5, text="hello")]))
    assert transcript_for(VID, store, fetch=False).transcript.title is None
    save_info(tmp_path, VideoInfo(video_id=VID, title="Test Talk About Editing"))
    assert transcript_for(VID, store, fetch=False).transcript.title == "Test Talk About Editing"
    (tmp_path / f"{VID}.info.json").write_text("{damaged")
    assert transcript_for(VID, store, fetch=False).transcript.title is None
