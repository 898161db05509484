"""HTML message bodies as readable plain text, with the standard library's HTML parser.

Help desks store replies as HTML (Intercom, Help Scout, Zendesk's ``html_body``, Zendesk QA's
comments). Reviewers need the words and their layout, never the markup, and the text must never be
rendered as HTML again (it is untrusted). :func:`html_to_text`:

- keeps paragraphs (a blank line between ``<p>``, headings, lists, quotes, tables) and line
  breaks (``<br>``, ``<div>``, list items, table rows); list items get ``- `` or ``1. ``;
- decodes entities (``&amp;``, ``&#8217;``, ``&nbsp;`` as a plain space);
- drops scripts, styles, the ``<head>`` and other content a reader never sees;
- collapses runs of spaces as a browser does, except inside ``<pre>``;
- shows an image by its ``alt`` text and a link's address after its text when the text does not
  already show it (``Read our guide (https://…)``), since where an agent sent a customer matters.

``html.parser.HTMLParser`` is chosen over a third-party parser because it is part of Python, is
maintained with it, never raises on malformed markup (it recovers as browsers do), and is fast
enough: about 20 µs for a typical reply. Text without ``<`` or ``&`` is returned as it is.
"""

from __future__ import annotations

import threading
from html.parser import HTMLParser

HIDDEN = frozenset(
    "script style head title template noscript iframe object embed svg math select".split()
)
"""Elements whose content is never shown as text."""
PARAGRAPHS = frozenset(
    "p h1 h2 h3 h4 h5 h6 blockquote pre ul ol dl table hr address figure fieldset".split()
)
"""Elements set off by a blank line."""
LINES = frozenset(
    "div li tr dt dd section article header footer main nav aside details summary form "
    "caption figcaption center option legend".split()
)
"""Elements that start and end a line."""
_VOID = frozenset("br hr img input meta link area base col embed source track wbr param".split())
_SPACES = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\f": " ", "\v": " ", "\xa0": " "})


class _TextParser(HTMLParser):
    """Collects the visible text of a document with its paragraph and line structure."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def reset(self) -> None:
        super().reset()
        self.parts: list[str] = []
        self.hidden = 0  # depth inside HIDDEN elements
        self.pre = 0  # depth inside <pre>
        self.breaks = 0  # line breaks owed before the next text (2 = a blank line)
        self.line_start = True  # the output ends at the start of a line (or is empty)
        self.lists: list[int] = []  # for each open list: 0 for <ul>, else the next number
        self.links: list[tuple[str | None, int]] = []  # (href, len(parts) at <a>) per open <a>

    # output

    def _owe(self, count: int) -> None:
        if self.parts:
            self.breaks = max(self.breaks, count)

    def _emit(self, text: str, verbatim: bool = False) -> None:
        if self.breaks:
            self.parts.append("\n" * self.breaks)
            self.breaks = 0
            self.line_start = True
        if verbatim:
            pass
        elif self.line_start:
            text = text.lstrip(" ")
            if not text:
                return
        elif self.parts and self.parts[-1].endswith(" ") and text.startswith(" "):
            text = text[1:]
            if not text:
                return
        self.parts.append(text)
        self.line_start = text.endswith("\n")

    def updatepos(self, i: int, j: int) -> int:
        """Skip counting lines and columns (``getpos()`` is never used here): a sixth of the
        parser's time."""
        return j

    # parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            if tag not in _VOID:
                self.hidden += 1
            return
        if self.hidden:
            return
        if tag == "br":
            if self.parts:
                self.parts.append("\n" * (self.breaks or 1))
                self.breaks = 0
                self.line_start = True
            return
        if tag in PARAGRAPHS:
            self._owe(2)
            if tag == "pre":
                self.pre += 1
            elif tag in ("ul", "ol"):
                self.lists.append(0 if tag == "ul" else 1)
            return
        if tag in LINES:
            self._owe(1)
            if tag == "li":
                self._list_item()
            return
        if tag in ("td", "th"):
            if not self.line_start:
                self._emit(" ")
            return
        if tag == "img":
            alt = dict(attrs).get("alt")
            if alt and alt.strip():
                self._emit(f"[{alt.strip().translate(_SPACES)}]")
            return
        if tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.parts)))

    def _list_item(self) -> None:
        if not self.lists:
            self._emit("- ")
            return
        number = self.lists[-1]
        if number:
            self.lists[-1] = number + 1
            self._emit(f"{number}. ")
        else:
            self._emit("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            if self.hidden:
                self.hidden -= 1
            return
        if self.hidden:
            return
        if tag in PARAGRAPHS:
            self._owe(2)
            if tag == "pre" and self.pre:
                self.pre -= 1
            elif tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        elif tag in LINES:
            self._owe(1)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            self._link(href, start)

    def _link(self, href: str | None, start: int) -> None:
        if not href:
            return
        href = href.strip()
        if not href.lower().startswith(("http://", "https://")):
            return
        shown = "".join(self.parts[start:])
        if href in shown or href.rstrip("/") in shown or not shown.strip():
            return
        self._emit(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self.hidden or not data:
            return
        if self.pre:
            self._emit(data.replace("\r\n", "\n").replace("\xa0", " "), verbatim=True)
            return
        text = data.translate(_SPACES)
        if "  " in text:
            text = " ".join(text.split(" "))
            while "  " in text:
                text = text.replace("  ", " ")
        self._emit(text)

    def text(self) -> str:
        joined = "".join(self.parts)
        if " \n" in joined:
            joined = "\n".join(line.rstrip(" ") for line in joined.split("\n"))
        while "\n\n\n" in joined:
            joined = joined.replace("\n\n\n", "\n\n")
        return joined.lstrip("\n").rstrip()


def html_to_text(html: str) -> str:
    """The readable text of an HTML fragment or document (see the module's description)."""
    if "<" not in html and "&" not in html:
        return html.strip()
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError, IndexError):  # defensive: it recovers from all known
        pass
    text = parser.text()
    parser.reset()
    return text


_parsers = threading.local()
"""One parser per thread, reset after each use (making one costs a tenth of a short reply)."""


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is written in HTML rather than plain text or Markdown: it closes a tag or
    has a line break or paragraph tag (a ``<`` alone, as in ``a < b``, is not enough)."""
    if "<" not in text:
        return False
    lower = text.lower()
    return "</" in lower or "/>" in lower or "<br" in lower or "<p>" in lower or "<p " in lower
