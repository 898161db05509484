"""Counted nouns in the analysis screens: "1 review", "2 reviews".

Texts with a count are written with Qt's ``%n`` and the noun's plural in brackets, and translated
with the count (``self.tr("%n review(s)", "", n)``), so a translation can give every plural form
its language has. English is the source language and has no translation file: :func:`plural`
settles the brackets of an untranslated text ("review(s)" → "review" for one, "reviews"
otherwise). A translated text has no brackets left, so it passes through unchanged.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

_BRACKETS = re.compile(r"\((s|es)\)")


def plural(text: str, n: int) -> str:
    """``text`` (already translated, ``%n`` filled in) with ``(s)`` and ``(es)`` settled for
    ``n``: dropped for exactly one, kept without brackets otherwise."""
    return _BRACKETS.sub("" if n == 1 else r"\1", text)


def translate_count(context: str, text: str, n: int) -> str:
    """``text`` translated in ``context`` for the count ``n`` (``%n``/``%Ln`` filled in), with
    English plurals settled: for modules that translate with a context rather than ``self.tr``."""
    return plural(QCoreApplication.translate(context, text, "", n), n)
