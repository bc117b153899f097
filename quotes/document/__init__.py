"""Markdown -> the YouTube links in it, each with its time, its label and its section.

No transcript knowledge: this package only reads the editor's document.

- ``source``: the file's bytes and text, and where each link, URL and label time is written
  in it (so that a fix rewrites exactly those characters and keeps every other byte);
- ``reader``: the markdown walk (markdown-it's tokens, links found again in the source);
- ``sections``: THE rule for what prose a link, or a time written without a link, stands for;
- ``model``: ``Document`` and ``DocumentLink``.
"""

from __future__ import annotations

import contextlib
import gc
import os

from .model import Document, DocumentLink, Heading
from .reader import MarkdownReader
from .source import decode_markdown, encode_markdown, markdown_files, not_text, read_markdown

__all__ = [
    "DocumentLink",
    "Document",
    "Heading",
    "MarkdownReader",
    "parse_document",
    "read_document",
    "decode_markdown",
    "encode_markdown",
    "markdown_files",
    "not_text",
    "read_markdown",
]


def parse_document(text: str, path: str = "<document>", *, video: str | None = None) -> Document:
    """Find the YouTube links of a markdown text, each with its label time and section.

    With ``video`` (a video id), the times written without a link are read as times in that
    video too (see ``sections.PlainTimes``): show notes and chapter lists often have no links.

    >>> doc = parse_document("# Speed\\n\\nIt is fast.\\n\\n[Talk 1:05](https://youtu.be/pdJQ8iVTwj8?t=65)\\n")
    >>> link = doc.links[0]
    >>> link.line, link.video_id, link.t, link.label_seconds, link.heading, link.section
    (5, 'pdJQ8iVTwj8', 65.0, 65.0, 'Speed', 'It is fast.')
    """
    with _collector_paused():
        return MarkdownReader(text, path, video=video).read()


@contextlib.contextmanager
def _collector_paused():
    """Python's cycle collector paused while a page is read: markdown-it makes an object per
    bracket of a hostile page, and the collector walked them all again and again (1 MB of "["
    took three times as long as half of it). Nothing the reader makes needs it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_document(path: str | os.PathLike, *, video: str | None = None) -> Document:
    """Read and parse one markdown file; DocumentError when it cannot be read."""
    return parse_document(read_markdown(path), str(path), video=video)
