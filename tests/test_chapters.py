"""quotes.chapters: a page's chapters against the video's own, in verify and render -t chapters."""

from __future__ import annotations

from click.testing import CliRunner

from quotes.cli import cli
from quotes.store import TranscriptStore
from quotes.transcript import Segment, Transcript
from quotes.videoinfo import Chapter, VideoInfo, chapter_warnings, save_info

VID = "GJLlxj_dtq8"
FACTS = VideoInfo(
    video_id=VID, title="T", channel="C", upload_date="2023-06-02", duration=245,
    chapters=[Chapter(title="Intro", start=0, end=95), Chapter(title="Julia", start=95, end=180),
              Chapter(title="Outro", start=180, end=245)],
)


def _cache(tmp_path, facts=FACTS):
    words = "we talk about programming languages and their tools for a while now"
    segments = [Segment(start=i * 5.0, duration=5.0, text=f"{words} {i}") for i in range(49)]
    TranscriptStore(tmp_path / "tr").save(Transcript(video_id=VID, language_code="en", segments=segments))
    if facts is not None:
        save_info(tmp_path / "tr", facts)


def verify(tmp_path, text, *args):
    page = tmp_path / "notes.md"
    page.write_text(text)
    result = CliRunner().invoke(cli, ["verify", str(page), "--no-fetch", "--transcripts", str(tmp_path / "tr"), *args])
    return result.exit_code, result.output


SHOW_NOTES = "# Show notes\n\nChapters:\n0:00 Intro\n1:40 Julia\n3:00 Outro\n"


def test_verify_video_compares_a_chapter_list_with_the_videos_chapters(tmp_path):
    _cache(tmp_path)
    path = tmp_path / "notes.md"
    assert verify(tmp_path, SHOW_NOTES, "--video", VID) == (3, (
        f"{path}\n"
        f"  {path}:5  1:40 -> chapter-mismatch: the video's own chapter 'Julia' starts at 1:35, 5 s before this line's 1:40\n"
        "\n"
        "3 times checked in 1 file: 0 fine, 2 too short to place (under 5 words: time not checked), "
        "1 with problems (1 chapter mismatch), 0 warnings\n"))


def test_links_of_a_chapter_list_too_and_within_three_seconds_is_fine(tmp_path):
    _cache(tmp_path)
    page = (f"- [0:00](https://youtu.be/{VID}?t=0) Intro\n- [1:37](https://youtu.be/{VID}?t=97) Julia\n"
            f"- [3:10](https://youtu.be/{VID}?t=190) outro.\n")
    code, out = verify(tmp_path, page)
    assert code == 3
    assert out.splitlines()[1].endswith(
        "-> chapter-mismatch: the video's own chapter 'Outro' starts at 3:00, 10 s before this line's 3:10")
    assert "1 with problems (1 chapter mismatch)" in out


def test_no_finding_without_cached_facts_or_with_one_title_in_common(tmp_path):
    _cache(tmp_path, facts=None)
    assert verify(tmp_path, SHOW_NOTES, "--video", VID)[0] == 0
    _cache(tmp_path, FACTS.model_copy(update={"chapters": [Chapter(title="Julia", start=30)]}))
    assert verify(tmp_path, SHOW_NOTES, "--video", VID)[0] == 0  # one common title: not a chapter list


def test_render_chapters_warns_where_the_file_disagrees_with_the_video(tmp_path):
    _cache(tmp_path)
    quotes_file = tmp_path / "q.yaml"
    quotes_file.write_text(f"video: {VID}\nsections:\n  - title: Intro\n    start: 0\n  - title: Julia\n    start: 1:50\n"
                           "  - title: Outro\n    start: 3:00\n")
    result = CliRunner().invoke(cli, ["render", str(quotes_file), "-t", "chapters", "-o", "-", "--transcripts", str(tmp_path / "tr")])
    assert (result.exit_code, result.stdout) == (0, "0:00 Intro\n1:50 Julia\n3:00 Outro\n")
    assert result.stderr == (
        "Warning: chapter 2 ('Julia') starts at 1:50, the video's own chapter of that title at 1:35\n")


def test_chapter_warnings_need_two_titles_in_common():
    assert chapter_warnings([("Intro", 0), ("Rust", 20)], FACTS) == []
    assert chapter_warnings([("Intro", 0), ("Julia", 20)], None) == []
