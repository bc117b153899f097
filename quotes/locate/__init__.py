"""Locate where a written summary is said in a transcript. No I/O.

The engine, in four rooms (imports run down this list):

- ``index``: ``TranscriptIndex``, everything known of one transcript before it is asked
  anything (captions, sentences, postings, weights, spellings, sounds, teaser factors);
- ``scoring``: a summary's clauses scored at every window start, and the chain that picks
  the passage;
- ``lead_in``: where the link goes before the summarised words (questions, turns, sentence
  starts, ``LINK_LEAD``);
- ``locator``: ``Locator`` (the facade: an index and its queries), ``Match`` (one place),
  ``locate``, ``why_not_found`` and ``why_unsure``;
- ``placement``: whether a link at a given time points at where a text is said
  (``place_link``), as ``verify`` and ``match`` judge it.

The package itself can be called as ``locate``: ``quotes.locate(transcript, text)``, as the
function was called when the engine was one module.
"""

from __future__ import annotations

import sys
import types

from ..words import MIN_CHECK_WORDS, content_words, placeable, split_sentences, words_of
from .index import TranscriptIndex
from .lead_in import LINK_LEAD
from .locator import CONFIDENCE_THRESHOLD, MIN_CONFIDENT_WORDS, Locator, Match, locate, why_not_found, why_unsure
from .placement import LEAD_IN, Placement, fits, place_link

__all__ = [
    "Match",
    "Locator",
    "TranscriptIndex",
    "locate",
    "why_not_found",
    "why_unsure",
    "place_link",
    "Placement",
    "fits",
    "LEAD_IN",
    "content_words",
    "placeable",
    "split_sentences",
    "words_of",
    "CONFIDENCE_THRESHOLD",
    "LINK_LEAD",
    "MIN_CONFIDENT_WORDS",
    "MIN_CHECK_WORDS",
]


class _CallablePackage(types.ModuleType):
    """``quotes.locate`` is both this package and the function (``quotes.locate(transcript, text)``):
    Python gives a package's name to the package once it is imported, so the package calls
    the function."""

    def __call__(self, *args, **kwargs):
        return locate(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
