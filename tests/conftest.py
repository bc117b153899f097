"""Shared test fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _yt_dlp_never_reaches_youtube(monkeypatch):
    """Tests never reach the network: yt-dlp gets recorded answers (tests/test_ytdlp.py) or fails
    the test that let it try."""
    try:
        from yt_dlp import YoutubeDL
    except Exception:  # noqa: BLE001 - not installed or broken: nothing can reach YouTube through it
        return

    def refuse(self, *args, **kwargs):
        pytest.fail("yt-dlp tried to reach YouTube; give it a recorded answer")

    monkeypatch.setattr(YoutubeDL, "extract_info", refuse)
    monkeypatch.setattr(YoutubeDL, "urlopen", refuse)
