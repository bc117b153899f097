"""How to reach YouTube: which route, through which proxy, signed in how (``Access``).

Its own leaf, apart from ``routes``, so that every command can be told how to reach YouTube
without loading the routes (and the models and clients they bring) when the transcript is
cached and nothing is fetched.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Access"]


@dataclass(frozen=True)
class Access:
    """How to reach YouTube: the route(s), the proxy (both routes), and the sign-in (yt-dlp)."""

    via: str | None = None  # None: youtube-transcript-api, then yt-dlp if that is blocked
    proxy: str | None = None
    cookies: str | None = None  # a Netscape cookies.txt file
    cookies_from_browser: str | None = None  # BROWSER[:PROFILE]

    def ytdlp_kwargs(self) -> dict:
        return {"proxy": self.proxy, "cookies": self.cookies, "cookies_from_browser": self.cookies_from_browser}
