"""The phrase lists of the automatic checks, one data file per language under
``resources/autoqa/`` (see its README), loaded and compiled once; and telling a conversation's
language from its ``language`` field or, when that is empty, cheaply from the script it is
written in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from qa_desk.autoqa_text import Folded, Folder, compile_phrases, find_phrases
from qa_desk.errors import InputError, Problem
from qa_desk.paths import resources_dir

LANGUAGES = ("en", "uk", "ru", "zh", "ar")
"""The languages with phrase lists; any other language gets the language-neutral checks only."""

LISTS = (
    "greeting",
    "closing",
    "empathy",
    "frustration",
    "negative",
    "positive",
    "escalation",
    "profanity",
    "password",
    "card_number",
    "card_code",
    "ask",
    "ask_after",
    "ask_not",
    "ask_safe",
    "not_names",
)
AGENT_SCAN = ("profanity", "password", "card_number", "card_code", "empathy")
"""What every public agent message is searched for, in this order of precedence."""
CUSTOMER_SCAN = ("escalation", "profanity", "frustration", "negative", "positive")
"""What every customer message is searched for, in this order of precedence."""

ARABIC_DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670\u0640"
"""Arabic short vowels, tanween, shadda, sukun, the dagger alef and tatweel: left out."""
ARABIC_LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}


def autoqa_dir() -> Path:
    """The folder of phrase lists and SLA defaults."""
    return resources_dir() / "autoqa"


@dataclass
class LanguagePhrases:
    """The compiled phrase lists of one language.

    Attributes:
        code: the language code (``en``).
        name: the language's own name for itself.
        words: phrases match whole words (False: anywhere, for Chinese).
        folder: how text is folded before matching.
        patterns: one pattern per list.
        agent_scan, customer_scan: one pattern each for what every agent or customer message is
            searched for (:data:`AGENT_SCAN`, :data:`CUSTOMER_SCAN`); which list a hit belongs to
            is told by :meth:`category`.
        not_names: folded placeholders that are not a person's name.
    """

    code: str
    name: str
    words: bool
    folder: Folder
    patterns: dict[str, re.Pattern[str] | None] = field(default_factory=dict)
    agent_scan: re.Pattern[str] | None = None
    customer_scan: re.Pattern[str] | None = None
    not_names: frozenset[str] = frozenset()

    def fold(self, text: str) -> Folded:
        return self.folder.fold(text)

    def find(
        self, name: str, folded: str, start: int = 0, end: int | None = None
    ) -> list[tuple[int, int]]:
        """The spans of ``folded`` text that a phrase of list ``name`` matches."""
        return list(find_phrases(self.patterns.get(name), folded, self.words, start, end))

    def scan(self, which: str, folded: str) -> list[tuple[str, int, int]]:
        """``(list, start, end)`` of each hit of the agent or customer scan (``which``)."""
        pattern = self.agent_scan if which == "agent" else self.customer_scan
        order = AGENT_SCAN if which == "agent" else CUSTOMER_SCAN
        hits = []
        for start, end in find_phrases(pattern, folded, self.words):
            found = self.category(folded[start:end], order)
            if found is not None:
                hits.append((found, start, end))
        return hits

    def category(self, matched: str, order: tuple[str, ...]) -> str | None:
        """The first list in ``order`` one of whose phrases is exactly ``matched``."""
        for name in order:
            pattern = self.patterns.get(name)
            if pattern is not None and pattern.fullmatch(matched):
                return name
        return None


def _problem(path: Path, field_: str, message: str) -> InputError:
    return InputError(Problem(str(path), field_, message))


def load_language(path: Path) -> LanguagePhrases:
    """Read and compile one phrase file; :class:`InputError` naming the file and list if bad."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise _problem(path, "", f"cannot be read ({error})") from None
    if not isinstance(data, dict):
        raise _problem(path, "", "must be a mapping of phrase lists")
    code = str(data.get("language") or path.stem)
    match = data.get("match", "words")
    if match not in ("words", "substring"):
        raise _problem(path, "match", f"'{match}' is neither words nor substring")
    replacements = data.get("normalize") or {}
    ignored = ""
    if code == "ar":
        replacements = {**ARABIC_LETTERS, **replacements}
        ignored = ARABIC_DIACRITICS
    if not isinstance(replacements, dict) or any(
        len(str(k)) != 1 or len(str(v)) != 1 for k, v in replacements.items()
    ):
        raise _problem(path, "normalize", "must map single characters to single characters")
    folder = Folder({str(k): str(v) for k, v in replacements.items()}, ignored)
    prefixes = [folder.phrase(str(p)) for p in data.get("prefixes") or []]
    words = match == "words"
    lists: dict[str, list[str]] = {}
    for name in LISTS:
        items = data.get(name) or []
        if not isinstance(items, list) or not all(isinstance(i, str | int) for i in items):
            raise _problem(path, name, "must be a list of phrases")
        folded = [folder.phrase(str(i)).strip() for i in items]
        if name != "not_names" and prefixes:
            folded += [p + phrase for phrase in folded for p in prefixes]
        lists[name] = [p for p in folded if p]
    phrases = LanguagePhrases(
        code=code,
        name=str(data.get("name") or code),
        words=words,
        folder=folder,
        not_names=frozenset(lists.pop("not_names")),
    )
    phrases.patterns = {name: compile_phrases(items, words) for name, items in lists.items()}
    phrases.agent_scan = compile_phrases([p for n in AGENT_SCAN for p in lists[n]], words)
    phrases.customer_scan = compile_phrases([p for n in CUSTOMER_SCAN for p in lists[n]], words)
    return phrases


@cache
def phrases_for(code: str) -> LanguagePhrases | None:
    """The phrase lists of a supported language (see :func:`language_code`), or None."""
    if code not in LANGUAGES:
        return None
    return load_language(autoqa_dir() / f"{code}.yaml")


def language_code(value: str | None) -> str | None:
    """A conversation's language field as one of :data:`LANGUAGES`, or None: ``en-US`` → ``en``,
    ``zh-Hans`` → ``zh``, ``Ukrainian``/``uk_UA`` → ``uk``."""
    if not value:
        return None
    text = value.strip().casefold().replace("_", "-")
    base = text.split("-")[0]
    if base in LANGUAGES:
        return base
    return _NAMES.get(text) or _NAMES.get(base)


_NAMES = {
    "english": "en", "eng": "en", "ukrainian": "uk", "ukr": "uk", "ua": "uk", "українська": "uk",
    "russian": "ru", "rus": "ru", "русский": "ru", "chinese": "zh", "zho": "zh", "chi": "zh",
    "cn": "zh", "中文": "zh", "简体中文": "zh", "arabic": "ar", "ara": "ar", "العربية": "ar",
}  # fmt: skip

_UKRAINIAN_ONLY = set("іїєґ")
_RUSSIAN_ONLY = set("ыэъё")
_UKRAINIAN_WORDS = frozenset("вже що це як ви вас дякую будь ласка та й з цього мене".split())
_RUSSIAN_WORDS = frozenset("уже что это как вы вас спасибо пожалуйста и с этого меня".split())
_ENGLISH_WORDS = frozenset(
    "the you your to and is are i my it for of in on have can please thanks thank hello hi "
    "order account help".split()
)


def detect_language(texts: list[str]) -> str | None:
    """A guess from the script of ``texts`` (the first few messages): Arabic letters give ``ar``,
    Chinese characters ``zh``, Cyrillic ``uk`` or ``ru`` by the letters and common words only one
    of them has,
    Latin ``en`` when common English words appear; None when unsure."""
    sample = " ".join(texts)[:2000]
    counts = {"arabic": 0, "cjk": 0, "cyrillic": 0, "latin": 0}
    for char in sample:
        if not char.isalpha():
            continue
        if "\u0600" <= char <= "\u06ff":
            counts["arabic"] += 1
        elif "\u4e00" <= char <= "\u9fff":
            counts["cjk"] += 1
        elif "\u0400" <= char <= "\u04ff":
            counts["cyrillic"] += 1
        elif char.isascii() or unicodedata.name(char, "").startswith("LATIN"):
            counts["latin"] += 1
    script, amount = max(counts.items(), key=lambda item: item[1])
    if amount < 3:
        return None
    if script == "arabic":
        return "ar"
    if script == "cjk":
        return "zh"
    if script == "cyrillic":
        lower = sample.casefold()
        words = re.findall(r"\w+", lower)
        uk = sum(lower.count(c) for c in _UKRAINIAN_ONLY) + sum(
            w in _UKRAINIAN_WORDS for w in words
        )
        ru = sum(lower.count(c) for c in _RUSSIAN_ONLY) + sum(w in _RUSSIAN_WORDS for w in words)
        return "uk" if uk > ru else "ru" if ru > uk else None
    words = re.findall(r"[a-z']+", sample.casefold())
    common = sum(1 for w in words if w in _ENGLISH_WORDS)
    return "en" if common >= 2 or (common and len(words) < 6) else None


__all__ = [
    "LANGUAGES",
    "LanguagePhrases",
    "autoqa_dir",
    "detect_language",
    "language_code",
    "load_language",
    "phrases_for",
]
