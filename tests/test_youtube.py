"""quotes.youtube and the `fetch` / `languages` commands, end to end without network.

YouTube's answers are the recordings youtube-transcript-api ships in its wheel
(``youtube_transcript_api/test/assets/*.static``), replayed with ``responses`` exactly as the
library's own tests do: the watch page (GET /watch), the innertube player JSON
(POST /youtubei/v1/player) and the caption XML (GET /api/timedtext).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from builders import ASSETS, PLAYER, TIMEDTEXT, WATCH  # noqa: E402
from builders import RECORDED_VID as VID  # noqa: E402
from click.testing import CliRunner

from quotes import errors
from quotes.cli import cli
from quotes.store import TranscriptStore
from quotes.youtube import (
    LanguageInfo,
    fetch_to_store,
    fetch_transcript,
    get_transcript,
    list_languages,
    proxy_config,
)

pytestmark = pytest.mark.skipif(
    ASSETS is None, reason="youtube-transcript-api wheel without its test assets"
)


def asset(name: str) -> bytes:
    return (ASSETS / name).read_bytes()


def player_json(edit=None) -> bytes:
    """The recorded innertube answer, optionally edited (to shape the caption tracks)."""
    data = json.loads(asset("youtube.innertube.json.static"))
    if edit:
        edit(data["captions"]["playerCaptionsTracklistRenderer"])
    return json.dumps(data).encode()


def only_generated_english(captions):
    captions["captionTracks"] = [
        t for t in captions["captionTracks"] if t["languageCode"] != "en" or t.get("kind") == "asr"
    ]


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch):
    for name in (
        "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
        "NO_PROXY", "no_proxy", "WEBSHARE_PROXY_USERNAME", "WEBSHARE_PROXY_PASSWORD",
        "QUOTES_TRANSCRIPTS",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def yt():
    """YouTube answering as in the recording; tests replace single answers."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(WATCH, body=asset("youtube.html.static"))
        rsps.post(PLAYER, body=asset("youtube.innertube.json.static"), content_type="application/json")
        rsps.get(TIMEDTEXT, body=asset("transcript.xml.static"))
        yield rsps


@pytest.fixture
def store(tmp_path):
    return TranscriptStore(tmp_path / "transcripts")


def set_player(rsps, body: bytes, **kw):
    rsps.replace(responses.POST, PLAYER, body=body, content_type="application/json", **kw)


def timedtext_query(rsps) -> dict:
    urls = [c.request.url for c in rsps.calls if c.request.url.startswith(TIMEDTEXT)]
    return parse_qs(urlsplit(urls[-1]).query)


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


# ---------------------------------------------------------------- success, cache, refresh


def test_fetch_saves_then_second_call_reads_cache_without_http(yt, store):
    first = fetch_to_store(f"https://youtu.be/{VID}?t=90", store=store)
    t = first.transcript
    assert not first.from_cache
    assert first.path == store.directory / f"{VID}.en.json" and first.path.is_file()
    assert (t.video_id, t.language_code, t.language, t.is_generated) == (VID, "en", "English", False)
    assert t.source == "youtube" and t.translated_from is None
    assert t.fetched_at.tzinfo is not None
    # Raw caption text (the empty caption is dropped by the library); not cleaned by us.
    assert [(s.start, s.duration, s.text) for s in t.segments] == [
        (0.0, 1.54, "Hey, this is just a test"),
        (1.54, 4.16, "this is not the original transcript"),
        (5.7, 3.239, "just something shorter, I made up for testing"),
    ]
    assert len(yt.calls) == 3
    saved = first.path.read_bytes()

    # A second call: nothing is registered, so any HTTP request would fail the test.
    with responses.RequestsMock() as offline:
        again = fetch_to_store(VID, store=store)
        assert len(offline.calls) == 0
    assert again.from_cache and again.transcript == t
    assert first.path.read_bytes() == saved


def test_get_transcript_returns_the_transcript_and_refresh_fetches_again(yt, store):
    t1 = get_transcript(VID, store=store)
    assert len(yt.calls) == 3
    t2 = get_transcript(VID, store=store)
    assert len(yt.calls) == 3 and t2 == t1
    t3 = get_transcript(VID, store=store, refresh=True)
    assert len(yt.calls) == 6
    assert t3.fetched_at >= t1.fetched_at
    assert store.read(store.path_for(VID, "en")).fetched_at == t3.fetched_at


def test_allow_fetch_false_raises_not_cached(store):
    with responses.RequestsMock(), pytest.raises(errors.TranscriptNotCached) as info:
        get_transcript(VID, store=store, allow_fetch=False)
    assert f"run `quotes fetch {VID}`" in str(info.value)


# ---------------------------------------------------------------- which track


def test_manual_wins_over_generated_in_the_same_language(yt):
    assert fetch_transcript(VID, ["en"]).is_generated is False
    assert "kind" not in timedtext_query(yt)


def test_generated_is_used_when_no_manual_track(yt):
    set_player(yt, player_json(only_generated_english))
    t = fetch_transcript(VID, ["en"])
    assert (t.is_generated, t.language) == (True, "English (auto-generated)")
    assert timedtext_query(yt)["kind"] == ["asr"]


def test_users_language_order_beats_manual_over_generated(yt):
    # Generated English still wins over manual German when the editor asked for en first.
    set_player(yt, player_json(only_generated_english))
    t = fetch_transcript(VID, ["en", "de"])
    assert (t.language_code, t.is_generated) == ("en", True)


def test_first_language_that_exists_is_used(yt):
    t = fetch_transcript(VID, ["xx", "de", "en"])
    assert (t.language_code, t.language) == ("de", "German")
    assert timedtext_query(yt)["lang"] == ["de"]


def test_translation(yt, store):
    got = fetch_to_store(VID, store=store, translate="ar")
    t = got.transcript
    assert (t.language_code, t.language, t.translated_from, t.is_generated) == (
        "ar", "Arabic", "en", True,
    )
    assert timedtext_query(yt)["tlang"] == ["ar"]
    assert got.path.name == f"{VID}.ar.json"
    # The translation is cached under its own language.
    assert fetch_to_store(VID, store=store, translate="ar").from_cache


def test_translation_into_unknown_language(yt):
    with pytest.raises(errors.TranslationUnavailable) as info:
        fetch_transcript(VID, translate="xyz")
    assert str(info.value) == (
        f"cannot get the transcript of {VID}: YouTube cannot translate the en captions into "
        f"'xyz'; run `quotes languages {VID}` to see what it can do"
    )


def test_translation_of_untranslatable_track(yt):
    def untranslatable(captions):
        for track in captions["captionTracks"]:
            track["isTranslatable"] = False

    set_player(yt, player_json(untranslatable))
    with pytest.raises(errors.TranslationUnavailable, match="cannot translate the en captions;"):
        fetch_transcript(VID, translate="ar")


def test_list_languages(yt):
    tracks = list_languages(VID)
    assert tracks[0] == LanguageInfo("zh", "Chinese", False, True, tracks[0].translation_languages)
    assert [(t.code, t.is_generated) for t in tracks][-1] == ("en", True)
    assert "ar" in tracks[0].translation_languages


# ---------------------------------------------------------------- every failure


def _replace_watch(name):
    return lambda rsps: rsps.replace(responses.GET, WATCH, body=asset(name))


def _replace_player(name):
    return lambda rsps: set_player(rsps, asset(name))


def _consent_twice(name):
    def setup(rsps):
        rsps.replace(responses.GET, WATCH, body=asset(name))
        rsps.add(responses.GET, WATCH, body=asset(name))

    return setup


FAILURES = {
    "too_many_requests": (
        _replace_watch("youtube_too_many_requests.html.static"),
        errors.IpBlocked,
        ("YouTube blocks requests from this IP address (common on cloud servers and after many "
        "requests); try --proxy URL or set WEBSHARE_PROXY_USERNAME and WEBSHARE_PROXY_PASSWORD"),
    ),
    "timedtext_429": (
        lambda rsps: rsps.replace(responses.GET, TIMEDTEXT, status=429),
        errors.IpBlocked,
        "YouTube blocks requests from this IP address",
    ),
    "request_blocked": (
        _replace_player("youtube_request_blocked.innertube.json.static"),
        errors.RequestBlocked,
        ("YouTube refuses requests from this IP address as coming from a bot (common on cloud "
        "servers and after many requests); try --proxy URL or set WEBSHARE_PROXY_USERNAME and "
        "WEBSHARE_PROXY_PASSWORD"),
    ),
    "transcripts_disabled": (
        _replace_player("youtube_transcripts_disabled.innertube.json.static"),
        errors.TranscriptsDisabled,
        (f"the video has no captions (subtitles are turned off); if you have them as a file, "
        f"run `quotes import FILE --video {VID}`"),
    ),
    "transcripts_disabled2": (
        _replace_player("youtube_transcripts_disabled2.innertube.json.static"),
        errors.TranscriptsDisabled,
        "the video has no captions",
    ),
    "video_unavailable": (
        _replace_player("youtube_video_unavailable.innertube.json.static"),
        errors.VideoUnavailable,
        ("the video is unavailable (removed, private, or the id is mistyped); check the link in "
        "a browser"),
    ),
    "unplayable": (
        _replace_player("youtube_unplayable.innertube.json.static"),
        errors.VideoUnplayable,
        ("YouTube will not play the video: Custom Reason (Sub Reason 1 Sub Reason 2); open it in "
        "a browser to see why"),
    ),
    "age_restricted": (
        _replace_player("youtube_age_restricted.innertube.json.static"),
        errors.AgeRestricted,
        ("the video is age-restricted and YouTube gives its captions only to signed-in users; "
        "download the captions while signed in"),
    ),
    "po_token": (
        _replace_player("youtube_po_token_required.innertube.json.static"),
        errors.PoTokenRequired,
        "YouTube requires a proof-of-origin (PO) token for the en captions; try another language",
    ),
    "consent_not_accepted": (
        _consent_twice("youtube_consent_page.html.static"),
        errors.YouTubeChanged,
        ("YouTube showed its cookie-consent page and would not accept the automatic answer; "
        "try again later"),
    ),
    "consent_page_invalid": (
        _consent_twice("youtube_consent_page_invalid.html.static"),
        errors.YouTubeChanged,
        "cookie-consent page",
    ),
    "server_error": (
        lambda rsps: set_player(rsps, b"oops", status=500),
        errors.YouTubeChanged,
        ("YouTube answered with an error (500 Server Error: Internal Server Error for url: "
        "https://www.youtube.com/youtubei/v1/player?key="),
    ),
    "page_without_api_key": (
        lambda rsps: rsps.replace(responses.GET, WATCH, body=b"<html>nothing here</html>"),
        errors.YouTubeChanged,
        "YouTube's page did not contain what quotes needs (it may have changed)",
    ),
    "player_not_json": (
        lambda rsps: set_player(rsps, b"<html>not json</html>"),
        errors.YouTubeChanged,
        "YouTube sent data that is not JSON",
    ),
    "broken_caption_xml": (
        lambda rsps: rsps.replace(responses.GET, TIMEDTEXT, body=b"<transcript><text"),
        errors.YouTubeChanged,
        "YouTube sent unreadable captions",
    ),
    "player_json_reshaped": (
        lambda rsps: set_player(rsps, player_json(lambda c: c["captionTracks"][0].pop("name"))),
        errors.YouTubeChanged,
        "YouTube's data has an unexpected shape (KeyError: 'name')",
    ),
    "network_down": (
        lambda rsps: rsps.replace(
            responses.GET,
            WATCH,
            body=requests.ConnectionError(
                "HTTPSConnectionPool(host='www.youtube.com', port=443): Max retries exceeded "
                "(Caused by NameResolutionError(\"Failed to resolve 'www.youtube.com' "
                "([Errno -3] Temporary failure in name resolution)\"))"
            ),
        ),
        errors.NetworkError,
        ("cannot connect to YouTube (Temporary failure in name resolution); check the internet "
        "connection and the proxy (--proxy, HTTPS_PROXY), then try again"),
    ),
    "timeout": (
        lambda rsps: rsps.replace(responses.POST, PLAYER, body=requests.ReadTimeout("read timed out")),
        errors.NetworkError,
        "YouTube did not answer in time (read timed out)",
    ),
    "proxy_down": (
        lambda rsps: rsps.replace(
            responses.GET, WATCH, body=requests.exceptions.ProxyError("Unable to connect to proxy")
        ),
        errors.NetworkError,
        "cannot connect through the proxy (Unable to connect to proxy)",
    ),
}


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_every_failure_becomes_one_quotes_error(yt, case):
    setup, cls, text = FAILURES[case]
    setup(yt)
    with pytest.raises(cls) as info:
        fetch_transcript(VID)
    message = str(info.value)
    assert message.startswith(f"cannot get the transcript of {VID}: ")
    assert text in message
    assert "\n" not in message
    assert info.value.exit_code == errors.ExitCode.UNAVAILABLE
    assert isinstance(info.value, errors.TranscriptUnavailable)


def test_request_blocked_is_not_reported_as_ip_block(yt):
    FAILURES["request_blocked"][0](yt)
    with pytest.raises(errors.RequestBlocked) as info:
        fetch_transcript(VID)
    assert not isinstance(info.value, errors.IpBlocked)


def test_no_transcript_in_languages_lists_what_exists(yt):
    with pytest.raises(errors.NoTranscriptInLanguages) as info:
        fetch_transcript(VID, ["fr", "nl"])
    err = info.value
    assert err.requested == ["fr", "nl"]
    assert err.available == ["cs", "de", "en", "es", "hi", "ja", "ko", "zh", "en (generated)"]
    assert str(err) == (
        f"cannot get the transcript of {VID}: no captions in fr, nl (it has: cs, de, en, es, "
        "hi, ja, ko, zh, en (generated)); try --lang en or --translate fr"
    )


def test_po_token_track_can_be_avoided_with_another_language(yt):
    FAILURES["po_token"][0](yt)
    assert fetch_transcript(VID, ["de"]).language_code == "de"


def test_consent_page_is_answered_once(yt):
    yt.replace(responses.GET, WATCH, body=asset("youtube_consent_page.html.static"))
    yt.add(responses.GET, WATCH, body=asset("youtube.html.static"))
    assert fetch_transcript(VID).language_code == "en"
    assert yt.calls[-1].request.headers["cookie"] == "CONSENT=YES+cb.20210328-17-p0.de+FX+119"


def test_url_passed_as_id_is_invalid_video_id(yt):
    FAILURES["video_unavailable"][0](yt)
    url = f"https://www.youtube.com/watch?v={VID}"
    with pytest.raises(errors.InvalidVideoId) as info:
        fetch_transcript(url)
    assert info.value.exit_code == errors.ExitCode.ERROR
    assert str(info.value) == (
        f"cannot get the transcript of {url}: that is not a video id; pass the 11-character "
        "id or a normal YouTube link"
    )


# ---------------------------------------------------------------- CLI


def test_cli_fetch_then_cached(yt, tmp_path):
    d = tmp_path / "t"
    assert run("fetch", f"https://www.youtube.com/watch?v={VID}", "--transcripts", str(d)) == (
        0, f"Fetched {VID} (en, manual) via youtube-transcript-api: 3 captions, 0:08 -> {d}/{VID}.en.json\n",
    )
    assert run("fetch", VID, "--transcripts", str(d)) == (
        0, f"Cached {VID} (en, manual): 3 captions, 0:08 -> {d}/{VID}.en.json\n",
    )
    assert run("fetch", VID, "--transcripts", str(d), "--refresh", "--lang", " de, en ") == (
        0, f"Fetched {VID} (de, manual) via youtube-transcript-api: 3 captions, 0:08 -> {d}/{VID}.de.json\n",
    )
    assert run("fetch", VID, "--transcripts", str(d), "--translate", "ar") == (
        0, f"Fetched {VID} (ar, translated from en) via youtube-transcript-api: 3 captions, 0:08 -> {d}/{VID}.ar.json\n",
    )


def test_cli_transcripts_dir_from_environment(yt, tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTES_TRANSCRIPTS", str(tmp_path / "env"))
    code, out = run("fetch", VID)
    assert code == 0 and out.endswith(f"-> {tmp_path}/env/{VID}.en.json\n")


@pytest.mark.parametrize(
    "case, args, code, line",
    [
        (
            "too_many_requests", [], 4,
            (f"Error: cannot get the transcript of {VID}: YouTube blocks requests from this IP "
            "address (common on cloud servers and after many requests); try --proxy URL or set "
            "WEBSHARE_PROXY_USERNAME and WEBSHARE_PROXY_PASSWORD, or copy the text of YouTube's \"Show "
            f"transcript\" panel and paste it into `quotes import - --video {VID}`."),
        ),
        (
            "transcripts_disabled", [], 4,
            (f"Error: cannot get the transcript of {VID}: the video has no captions (subtitles "
            f"are turned off); if you have them as a file, run `quotes import FILE --video {VID}`."),
        ),
        (
            "video_unavailable", [], 4,
            (f"Error: cannot get the transcript of {VID}: the video is unavailable (removed, "
            "private, or the id is mistyped); check the link in a browser."),
        ),
        (
            "age_restricted", [], 4,
            (f"Error: cannot get the transcript of {VID}: the video is age-restricted and YouTube "
            "gives its captions only to signed-in users; download the captions while signed in "
            f"(for example with yt-dlp --write-subs) and run `quotes import FILE --video {VID}`."),
        ),
        (
            "po_token", [], 4,
            (f"Error: cannot get the transcript of {VID}: YouTube requires a proof-of-origin (PO) "
            f"token for the en captions; try another language (`quotes languages {VID}`), try "
            "again later, or import the captions from a file."),
        ),
        (
            None, ["--lang", "fr"], 4,
            (f"Error: cannot get the transcript of {VID}: no captions in fr (it has: cs, de, en, "
            "es, hi, ja, ko, zh, en (generated)); try --lang en or --translate fr."),
        ),
        (
            "network_down", [], 4,
            (f"Error: cannot get the transcript of {VID}: cannot connect to YouTube (Temporary "
            "failure in name resolution); check the internet connection and the proxy (--proxy, "
            "HTTPS_PROXY), then try again."),
        ),
        (
            None, ["--proxy", "proxy.example:3128"], 1,
            ("Error: cannot use proxy 'proxy.example:3128': it needs a scheme and a host; write it "
            "as http://host:port, http://user:password@host:port or socks5://host:port."),
        ),
    ],
)
def test_cli_fetch_errors(yt, tmp_path, case, args, code, line):
    if case:
        FAILURES[case][0](yt)
    # (The first route alone: when it is blocked, yt-dlp is asked next; see tests/test_ytdlp.py.)
    result = CliRunner().invoke(cli, ["fetch", VID, "--via", "youtube-transcript-api", "--transcripts", str(tmp_path), *args])
    assert (result.exit_code, result.output) == (code, line + "\n")
    assert not list(tmp_path.iterdir())  # nothing written


def test_cli_fetch_not_a_youtube_url(tmp_path):
    with responses.RequestsMock():
        code, out = run("fetch", "https://example.com/watch?v=abc", "--transcripts", str(tmp_path))
    assert code == 1
    assert out == (
        "Error: 'https://example.com/watch?v=abc' is not a YouTube video URL or 11-character "
        "video id (not a youtube.com or youtu.be address).\n"
    )


@pytest.mark.parametrize("case", ["too_many_requests", "network_down", "broken_caption_xml"])
def test_failed_refresh_leaves_cache_byte_identical(yt, tmp_path, case):
    d = tmp_path / "t"
    assert run("fetch", VID, "--transcripts", str(d))[0] == 0
    path = d / f"{VID}.en.json"
    before = path.read_bytes()
    FAILURES[case][0](yt)
    code, out = run("fetch", VID, "--transcripts", str(d), "--refresh", "--via", "youtube-transcript-api")
    assert code == 4 and out.startswith("Error: ")
    assert path.read_bytes() == before
    assert sorted(p.name for p in d.iterdir()) == [path.name]  # no temporary files left


def test_cli_languages(yt):
    code, out = run("languages", f"https://youtu.be/{VID}")
    assert code == 0
    assert out.splitlines() == [
        "code  name                      type       translatable",
        "zh    Chinese                   manual     yes",
        "cs    Czech                     manual     yes",
        "en    English                   manual     yes",
        "de    German                    manual     yes",
        "hi    Hindi                     manual     yes",
        "ja    Japanese                  manual     yes",
        "ko    Korean                    manual     yes",
        "es    Spanish                   manual     yes",
        "en    English (auto-generated)  generated  yes",
        ("Translatable to: ar, de, en, es, fr, hi, id, it, ja, ko, nl, pt, ru, th, tr, uk, vi, "
        "zh-Hant"),
    ]


def test_cli_languages_error(yt):
    FAILURES["transcripts_disabled"][0](yt)
    code, out = run("languages", VID)
    assert code == 4
    assert out.startswith(f"Error: cannot get the transcript of {VID}: the video has no captions")


@pytest.mark.parametrize("command", ["fetch", "languages"])
def test_help(command):
    code, out = run(command, "--help")
    assert code == 0 and "--proxy URL" in out and "VIDEO is a YouTube link" in out


# ---------------------------------------------------------------- proxies


def test_proxy_config_choices(monkeypatch):
    assert proxy_config() is None
    explicit = proxy_config("http://ann:pw@proxy.example:3128")
    assert explicit.to_requests_dict() == {
        "http": "http://ann:pw@proxy.example:3128",
        "https": "http://ann:pw@proxy.example:3128",
    }
    env = {"WEBSHARE_PROXY_USERNAME": "ann", "WEBSHARE_PROXY_PASSWORD": "pw"}
    assert proxy_config(environ=env).to_requests_dict()["https"] == (
        "http://ann-rotate:pw@p.webshare.io:80/"
    )
    assert proxy_config("socks5://h:1080", environ=env).to_requests_dict()["https"] == "socks5://h:1080"
    assert proxy_config(environ={"WEBSHARE_PROXY_USERNAME": "ann"}) is None


@pytest.mark.parametrize("bad", ["proxy.example:3128", "ftp://h:21", "http://ann:secret@h:99999"])
def test_bad_proxy_url_is_refused_without_showing_the_password(bad):
    with pytest.raises(errors.ProxyURLError) as info:
        proxy_config(bad)
    assert "secret" not in str(info.value)
    assert info.value.exit_code == errors.ExitCode.ERROR


def test_https_proxy_environment_variable_is_honoured(yt, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://env-proxy.example:3128")
    fetch_transcript(VID)
    for call in yt.calls:
        assert call.request.req_kwargs["proxies"]["https"] == "http://env-proxy.example:3128"
        assert call.request.req_kwargs["timeout"] == (15.0, 60.0)


def test_explicit_proxy_beats_https_proxy_variable(yt, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://env-proxy.example:3128")
    fetch_transcript(VID, proxy="http://cli-proxy.example:8080")
    for call in yt.calls:
        assert call.request.req_kwargs["proxies"]["https"] == "http://cli-proxy.example:8080"


def test_webshare_from_environment(yt, monkeypatch):
    monkeypatch.setenv("WEBSHARE_PROXY_USERNAME", "ann")
    monkeypatch.setenv("WEBSHARE_PROXY_PASSWORD", "pw")
    fetch_transcript(VID)
    request = yt.calls[-1].request
    assert request.req_kwargs["proxies"]["https"] == "http://ann-rotate:pw@p.webshare.io:80/"
    assert request.headers["Connection"] == "close"


def test_blocked_despite_webshare_retries_then_says_so(yt, monkeypatch):
    monkeypatch.setenv("WEBSHARE_PROXY_USERNAME", "ann")
    monkeypatch.setenv("WEBSHARE_PROXY_PASSWORD", "pw")
    FAILURES["request_blocked"][0](yt)
    with pytest.raises(errors.RequestBlocked) as info:
        fetch_transcript(VID)
    assert len(yt.calls) == 2 * 10  # the library rotates the Webshare IP 10 times
    assert info.value.proxy_used
    assert "the proxy's IP address" in str(info.value) and "pw" not in str(info.value)


# ---------------------------------------------------------------- commands that fetch on demand


def test_search_and_quote_fetch_a_missing_transcript_once(yt, tmp_path):
    runner = CliRunner()
    where = str(tmp_path / "tr")
    result = runner.invoke(cli, ["quote", f"https://youtu.be/{VID}", "0:00", "0:05", "--transcripts", where])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Fetched {VID} (en, manual) via youtube-transcript-api -> {tmp_path / 'tr' / (VID + '.en.json')}\n"
    assert result.stdout.splitlines()[0] == "Hey, this is just a test this is not the original transcript"
    assert len(yt.calls) == 3
    # Now cached: no note, no request.
    result = runner.invoke(cli, ["search", VID, "just something shorter made up for testing", "--transcripts", where])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert len(yt.calls) == 3


def test_search_reports_youtube_failures_when_fetching(yt, tmp_path):
    yt.replace(responses.GET, TIMEDTEXT, status=429)
    result = CliRunner().invoke(cli, ["search", VID, "anything", "--transcripts", str(tmp_path), "--via", "youtube-transcript-api"])
    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / f"{VID}.en.json").exists()
