"""Text matching for the automatic checks: folding text for comparison while keeping the way back
to the original offsets, and phrase lists compiled into one fast regular expression.

A phrase list becomes a character trie turned into one regular expression, so each position is
compared with the phrases' first letters once instead of with every phrase in turn; a list of a
hundred phrases costs about as much as a few.In languages written with spaces the pattern starts with ``\b``, so a position inside a word fails
before any alternative is tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

SEPARATOR = "\x00sep"
STEM = "\x00stem"
HYPHEN = "\x00hyphen"
END = "\x00end"

_SYMBOL_REGEX = {SEPARATOR: r"[^\w]{1,3}", STEM: r"\w*", HYPHEN: r"[-‐ ]?"}
_WORD = re.compile(r"[\w'*-]+")

APOSTROPHES = {"’": "'", "ʼ": "'", "`": "'", "‘": "'"}
"""Apostrophes people type, all read as ``'`` in every language."""


@dataclass(frozen=True)
class Folded:
    """Text prepared for matching: ``text`` case-folded and normalised; ``origin[i]`` is the offset
    in the original text of folded character ``i`` (None when the two line up one to one)."""

    text: str
    origin: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the folded span ``start:end``."""
        if self.origin is None:
            return start, end
        if start >= len(self.origin):
            return self.origin[-1] + 1, self.origin[-1] + 1
        return self.origin[start], self.origin[max(start, end - 1)] + 1


class Folder:
    """Folds text the way one language compares it: ``casefold``, then one-to-one replacements
    (``table``), then characters left out altogether (``ignored``, e.g. Arabic diacritics)."""

    def __init__(self, replacements: dict[str, str], ignored: str = ""):
        self.table = str.maketrans({**APOSTROPHES, **replacements})
        self.ignored = frozenset(ignored)
        self._ignored_re = re.compile(f"[{re.escape(ignored)}]") if ignored else None

    def fold(self, text: str) -> Folded:
        folded = text.casefold()
        if len(folded) == len(text) and (
            self._ignored_re is None or self._ignored_re.search(text) is None
        ):
            return Folded(folded.translate(self.table))
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            for piece in char.casefold().translate(self.table):
                if piece not in self.ignored:
                    chars.append(piece)
                    origin.append(index)
        return Folded("".join(chars), origin)

    def phrase(self, text: str) -> str:
        """A phrase as written in a list, folded like the text it is compared with."""
        return self.fold(text).text


def _symbols(phrase: str, words: bool) -> list[str]:
    """A phrase as trie symbols: its characters, with word separators, stems and hyphens marked."""
    if not words:
        return [c for c in phrase if not c.isspace()]
    symbols: list[str] = []
    for word in _WORD.findall(phrase):
        if symbols:
            symbols.append(SEPARATOR)
        stem = word.endswith("*")
        for char in word.rstrip("*"):
            symbols.append(HYPHEN if char == "-" else char)
        if stem:
            symbols.append(STEM)
    return symbols


def _trie_regex(node: dict[str, dict], words: bool) -> str:
    alternatives = []
    for symbol in sorted(k for k in node if k != END):
        piece = _SYMBOL_REGEX.get(symbol) or re.escape(symbol)
        alternatives.append(piece + _trie_regex(node[symbol], words))
    ending = r"(?!\w)" if words else ""
    if not alternatives:
        return ending
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    if END in node:  # a phrase ends here and longer ones go on: the longest that fits wins
        return f"(?:{body}|{ending})" if words else f"(?:{body})?"
    return body


def compile_phrases(phrases: Iterable[str], words: bool) -> re.Pattern[str] | None:
    """One regular expression matching any of ``phrases`` (already folded); None for no phrase.

    With ``words``, a phrase must start and end at word boundaries; a word ending in ``*`` matches any ending; a hyphen also matches a
    space or nothing; words are separated by one to three non-word characters.
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        symbols = _symbols(phrase, words)
        if not symbols:
            continue
        node = trie
        for symbol in symbols:
            node = node.setdefault(symbol, {})
        node[END] = {}
    if not trie:
        return None
    # \b first: a position inside a word fails at once, before any alternative is tried
    return re.compile((r"\b" if words else "") + _trie_regex(trie, words))


def find_phrases(
    pattern: re.Pattern[str] | None, text: str, words: bool, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int]]:
    """The spans of ``text`` (folded) between ``start`` and ``end`` that ``pattern`` matches, left
    to right without overlaps."""
    if pattern is None:
        return
    for found in pattern.finditer(text, start, len(text) if end is None else end):
        yield found.span()


__all__ = ["Folded", "Folder", "compile_phrases", "find_phrases"]
