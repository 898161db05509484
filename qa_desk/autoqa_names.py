"""The ``customer_name`` check: did the agent use the customer's name.

A name is looked for as the words an agent would write: each part of it as a whole word, in
Ukrainian and Russian with an inflected ending (Олена → Олено), in Chinese the full name, the given
name and the surname with a polite title (周雨萱 → 雨萱, 周女士). Placeholders that are not a
name ("Customer", an e-mail address, an id) make the check not applicable.
"""

from __future__ import annotations

import re

from qa_desk.autoqa_conversation import CheckedConversation, CheckResult, evidence, quote

_CYRILLIC_ENDINGS = set("аяоеєиіїйьуюы")
_ZH_TITLES = ("先生", "女士", "小姐", "老师")
_ZH_DOUBLE_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
)


def _name_tokens(state: CheckedConversation) -> list[str]:
    """The customer's name as the folded words an agent might write, or [] when unknown."""
    assert state.phrases is not None
    name = (state.conversation.customer_name or "").strip()
    if not name or "@" in name or any(c.isdigit() for c in name):
        return []
    folded = state.phrases.fold(name).text
    if folded in state.phrases.not_names:
        return []
    words = [w for w in re.split(r"[\s,.;()\"«»]+", folded) if w]
    words = [w for w in words if w not in state.phrases.not_names]
    if not state.phrases.words:  # Chinese: 周雨萱 → 周雨萱, 雨萱, 周女士, 周先生...
        names: list[str] = []
        for word in words:
            if not any("\u4e00" <= c <= "\u9fff" for c in word):
                names.append(word)
                continue
            surname = word[:2] if word.startswith(_ZH_DOUBLE_SURNAMES) else word[:1]
            given = word[len(surname) :]
            names.append(word)
            if len(given) >= 2:
                names.append(given)
            names.extend(surname + title for title in _ZH_TITLES)
        return names
    return [w for w in words if len(w) >= 2]


def _name_forms(tokens: list[str], words: bool) -> list[tuple[str, int]]:
    """Each name as ``(text, letters)``: the text to find, followed by up to ``letters`` more
    letters of an inflected ending (Ukrainian and Russian names change it: Олена → Олено,
    Ігор → Ігорю)."""
    forms = []
    for token in sorted(tokens, key=len, reverse=True):
        cyrillic = "\u0400" <= token[0] <= "\u04ff"
        if words and cyrillic and len(token) >= 4 and token[-1] in _CYRILLIC_ENDINGS:
            forms.append((token[:-1], 3))
        elif words and cyrillic and len(token) >= 3:
            forms.append((token, 3))
        else:
            forms.append((token, 0))
    return forms


def _find_name(text: str, forms: list[tuple[str, int]], words: bool) -> tuple[int, int] | None:
    """The first span of ``text`` holding one of the name ``forms`` as a whole word (a plain
    search, not a regular expression: every conversation has its own names)."""
    for needle, letters in forms:
        start = text.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not words:
                return start, end
            limit = min(len(text), end + letters)
            while end < limit and text[end].isalpha():
                end += 1
            before_ok = start == 0 or not text[start - 1].isalnum()
            if before_ok and (end == len(text) or not text[end].isalnum()):
                return start, end
            start = text.find(needle, start + 1)
    return None


def customer_name(state: CheckedConversation) -> CheckResult:
    if state.phrases is None:
        return state.unknown_language("customer_name")
    tokens = _name_tokens(state)
    if not tokens:
        return CheckResult("customer_name", "na", detail="the customer's name is not known")
    if not state.agent:
        return CheckResult("customer_name", "na", detail="no agent message")
    forms = _name_forms(tokens, state.phrases.words)
    for message in state.agent:
        folded = state.folded(message)
        found = _find_name(folded.text, forms, state.phrases.words)
        if found is not None:
            span = evidence(message, *folded.span(*found))
            return CheckResult("customer_name", "pass", [span], detail=f"named {quote(span)}")
    return CheckResult(
        "customer_name",
        "fail",
        detail=f"the agent never used the name {state.conversation.customer_name}",
    )


__all__ = ["customer_name"]
