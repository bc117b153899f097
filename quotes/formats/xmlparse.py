"""XML parsed safely, with the line each element starts on (for YouTube's timedtext and TTML)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from xml.parsers import expat

from ..errors import TranscriptFormatError

# Caption files nest a few elements deep (tt, body, div, p, span, br); a document nested
# deeper than this is damaged or hostile, and would exhaust the readers' recursion.
MAX_DEPTH = 100


def local_name(name: str) -> str:
    """A tag or attribute name without its prefix or namespace: ``tts:color`` -> ``color``."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def attribute(element: ET.Element, name: str) -> str | None:
    """The attribute ``name`` of ``element``, whatever its prefix (``ttp:tickRate``)."""
    if name in element.attrib:
        return element.attrib[name]
    return next((v for k, v in element.attrib.items() if local_name(k) == name), None)


def parse_xml_tree(text: str, filename: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The document's root element, and the line each element starts on.

    ElementTree's own parser does not tell where an element is, so expat (the parser under
    it) feeds an ElementTree builder here. Entity declarations are refused, which defuses
    entity expansion ("billion laughs"); external entities and DTDs are never fetched; so is
    nesting deeper than MAX_DEPTH.
    """
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(encoding="utf-8")  # the text is decoded already
    where: dict[ET.Element, int] = {}

    depth = 0

    class _EntityDeclared(Exception):
        pass

    class _TooDeep(Exception):
        pass

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _TooDeep
        where[builder.start(tag, attrs)] = parser.CurrentLineNumber

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        builder.end(tag)

    def entity(*_args: Any) -> None:
        raise _EntityDeclared

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = entity
    parser.buffer_text = True
    try:
        parser.Parse(text.lstrip("\ufeff").encode("utf-8"), True)
    except _EntityDeclared:
        raise TranscriptFormatError(
            filename, parser.CurrentLineNumber, "expected XML without <!ENTITY> declarations (refused for safety)"
        ) from None
    except _TooDeep:
        raise TranscriptFormatError(
            filename, parser.CurrentLineNumber, f"expected caption XML, got elements nested more than {MAX_DEPTH} deep"
        ) from None
    except expat.ExpatError as exc:
        raise TranscriptFormatError(
            filename, exc.lineno, f"expected valid XML: {expat.ErrorString(exc.code)} (column {exc.offset + 1})"
        ) from None
    return builder.close(), where
