"""Which speaker of a call transcript is the agent, and which the customer.

A transcript names its speakers with labels (``Agent``, ``Caller``, ``Dana``, ``SPEAKER_01``,
``channel 2``). Their roles come, in this order, from:

1. the import's ``roles`` (label → role, e.g. from a mapping file), then
2. the import's ``agent_speaker`` (that label is the agent; every other speaker is the customer,
   unless its label says bot or system), else
3. the words in the labels (:data:`ROLE_WORDS`: ``agent``, ``operator``, ``оператор``, ``客服`` …
   mean agent; ``customer``, ``caller``, ``клиент``, ``客户`` … mean customer). When the words place
   some speakers but not others, the rest follow: with an agent known, the others are customers;
   with customers known and one speaker left, that one is the agent. Failing that,
4. the speaker who opens with an agent's phrase (``how can I help``, ``thank you for calling``,
   ``чем могу помочь`` …) is the agent, when exactly one does.

When none of this settles every speaker, the import stops and asks for ``--agent-speaker``: a
transcript with the roles swapped would be scored against the wrong person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from qa_desk.errors import InputError, Problem
from qa_desk.ingest.csv_columns import canonical_role, normalise
from qa_desk.ingest.fields import MESSAGE_ROLES

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "agent": (
        "agent", "rep", "representative", "operator", "support", "advisor", "adviser", "csr",
        "staff", "employee", "specialist", "consultant", "banker", "teller", "host",
        "оператор", "агент", "консультант", "специалист", "спеціаліст", "фахівець", "менеджер",
        "сотрудник", "співробітник", "客服", "坐席", "座席", "话务员", "接线员", "人工客服",
        "agente", "asesor", "operador", "conseiller", "mitarbeiter", "berater", "الوكيل", "موظف",
    ),
    "customer": (
        "customer", "caller", "client", "user", "member", "visitor", "guest", "consumer", "buyer",
        "requester", "клиент", "клієнт", "абонент", "покупатель", "покупець", "звонящий",
        "客户", "顾客", "用户", "来电者", "客人", "cliente", "usuario", "kunde", "anrufer",
        "appelant", "العميل", "المتصل",
    ),
    "bot": (
        "bot", "chatbot", "voicebot", "ivr", "automated", "autoattendant", "robot", "бот",
        "автоответчик", "автовідповідач", "机器人", "语音导航",
    ),
    "system": (
        "system", "recording", "announcement", "voicemail", "notification", "система",
        "запись", "запис", "оповещение", "系统", "录音",
    ),
}  # fmt: skip
"""Words in a speaker label that give the speaker's role (case is ignored)."""

AGENT_PHRASES = (
    "how can i help", "how may i help", "how can i assist", "how may i assist",
    "thank you for calling", "thanks for calling", "thank you for contacting",
    "you're through to", "you are through to", "you've reached", "you have reached",
    "чем могу помочь", "чем я могу помочь", "спасибо за звонок", "спасибо за обращение",
    "чим можу допомогти", "чим я можу допомогти", "дякую за дзвінок", "дякуємо за дзвінок",
    "有什么可以帮", "请问有什么", "很高兴为您服务", "感谢您的来电", "感谢来电",
    "en qué puedo ayudar", "gracias por llamar", "wie kann ich ihnen helfen",
    "comment puis-je vous aider", "كيف يمكنني مساعدتك",
)  # fmt: skip
"""What agents say at the start of a call and customers seldom do (lower case)."""

OPENING_TURNS = 3
"""How many of a speaker's first turns are searched for :data:`AGENT_PHRASES`."""

_AGENT_PHRASE = re.compile("|".join(re.escape(p) for p in AGENT_PHRASES)).search
_PHRASES_WITH_JOINED_WORDS = ("customerservice", "customersupport", "customercare", "helpdesk")
_WORD_ROLE = {word: role for role, words in ROLE_WORDS.items() for word in words}
_UNSPACED = tuple(
    (word, role)
    for word, role in _WORD_ROLE.items()
    if any("\u3040" <= ch <= "\u9fff" for ch in word)  # Chinese and Japanese: no spaces
)
_WORDS = re.compile(r"[^\W\d_]+")
_GENERIC = re.compile(
    r"(?:speaker|spk|spkr|channel|chan|ch|voice|person|party|говорящий|спикер|канал|说话人)?"
    r"[\s_\-#]*(?:\d{1,3}|[a-z])",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def label_role(label: str) -> str | None:
    """The role a speaker label names by its words (``Agent Dana`` → agent), None when it names
    none or more than one."""
    if (role := canonical_role(label)) is not None:
        return role
    folded = label.casefold()
    joined = normalise(folded)
    if any(phrase in joined for phrase in _PHRASES_WITH_JOINED_WORDS):
        return "agent"
    found = {_WORD_ROLE[word] for word in _WORDS.findall(folded) if word in _WORD_ROLE}
    found.update(role for word, role in _UNSPACED if word in folded)
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=4096)
def is_generic(label: str) -> bool:
    """Whether a label only numbers the speaker (``SPEAKER_01``, ``B``, ``channel 2``) or names a
    role (``Agent``, ``Caller``), rather than naming a person."""
    stripped = label.strip()
    if _GENERIC.fullmatch(stripped) is not None:
        return True
    return canonical_role(stripped) is not None or (
        label_role(stripped) is not None and len(_WORDS.findall(stripped)) <= 1
    )


def _matches(wanted: str, label: str) -> bool:
    """Whether ``--agent-speaker`` ``wanted`` names ``label`` (``2`` names ``channel 2`` too)."""
    key, other = normalise(wanted), normalise(label)
    return key == other or other in (f"channel{key}", f"speaker{key}")


def opens_like_an_agent(opening: str) -> bool:
    return _AGENT_PHRASE(opening.casefold()) is not None


def assign_roles(
    labels: Sequence[str],
    location: str,
    *,
    roles: Mapping[str, str] | None = None,
    agent_speaker: str | None = None,
    openings: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The role of each speaker in ``labels`` (see the module's description).

    ``openings`` holds each speaker's first turns, for the last resort. Raises
    :class:`InputError` at ``location`` (field ``speaker``) when ``agent_speaker`` names no speaker,
    or when the roles cannot be told.
    """
    result: dict[str, str] = {}
    given = {normalise(k): v for k, v in (roles or {}).items()}
    for label in labels:
        role = given.get(normalise(label))
        if role in MESSAGE_ROLES:
            result[label] = role
    rest = [label for label in labels if label not in result]
    if agent_speaker is not None and agent_speaker.strip():
        chosen = [label for label in labels if _matches(agent_speaker, label)]
        if not chosen:
            raise InputError(
                Problem(
                    location,
                    "speaker",
                    f"no speaker called '{agent_speaker.strip()}' (speakers: {_list(labels)}); "
                    "check --agent-speaker",
                )
            )
        for label in rest:
            word_role = label_role(label)
            in_chosen = label in chosen
            result[label] = (
                "agent"
                if in_chosen
                else word_role
                if word_role in ("bot", "system")
                else "customer"
            )
        return result
    unknown = []
    for label in rest:
        word_role = label_role(label)
        if word_role is None:
            unknown.append(label)
        else:
            result[label] = word_role
    if not unknown:
        return result
    known = set(result.values())
    if "agent" in known:
        result.update(dict.fromkeys(unknown, "customer"))
        return result
    if "customer" in known and len(unknown) == 1:
        result[unknown[0]] = "agent"
        return result
    greeters = [label for label in unknown if opens_like_an_agent((openings or {}).get(label, ""))]
    if len(greeters) == 1:
        for label in unknown:
            result[label] = "agent" if label == greeters[0] else "customer"
        return result
    raise InputError(
        Problem(
            location,
            "speaker",
            f"cannot tell which speaker is the agent (speakers: {_list(labels)}); "
            "name the agent with --agent-speaker",
        )
    )


def openings_of(turns: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each speaker's first :data:`OPENING_TURNS` turns, joined (from ``(label, text)`` pairs)."""
    found: dict[str, list[str]] = {}
    for label, text in turns:
        said = found.setdefault(label, [])
        if len(said) < OPENING_TURNS:
            said.append(text)
    return {label: " ".join(said) for label, said in found.items()}


def _list(labels: Sequence[str]) -> str:
    shown = list(labels[:8])
    more = f" and {len(labels) - 8} more" if len(labels) > 8 else ""
    return (", ".join(shown) or "none") + more


__all__ = ["ROLE_WORDS", "assign_roles", "is_generic", "label_role", "openings_of"]
