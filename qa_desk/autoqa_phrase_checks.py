"""The checks read from the phrase lists of the conversation's language
(:mod:`qa_desk.autoqa_phrases`): the agent's greeting and closing, empathy when the customer is
frustrated, the agent's profanity and the customer's sentiment. A conversation in a language
without phrase lists gets ``na`` from each.
"""

from __future__ import annotations

from qa_desk.autoqa_conversation import (
    MAX_EVIDENCE,
    CheckedConversation,
    CheckResult,
    MessageInput,
    evidence,
    head,
    quote,
    tail,
)

GREETING_HEAD = 160
"""A greeting counts in the first this many characters of the agent's first message."""
CLOSING_TAIL = 300
"""A closing counts in the last this many characters of each of the last agent messages."""
CLOSING_MESSAGES = 2
FRUSTRATION = ("frustration", "escalation", "profanity")
"""What in a customer's message makes the empathy check applicable."""
NEGATIVE = ("negative", "frustration", "profanity")
"""What counts against the customer's sentiment (an escalation counts double)."""


def greeting(state: CheckedConversation) -> CheckResult:
    if state.phrases is None:
        return state.unknown_language("greeting")
    if not state.agent:
        return CheckResult("greeting", "na", detail="no agent message")
    first = state.agent[0]
    found = state.find("greeting", first, head=GREETING_HEAD)
    if found:
        return CheckResult("greeting", "pass", found[:1], detail=f"greeted: {quote(found[0])}")
    return CheckResult(
        "greeting", "fail", [head(first)], detail="no greeting at the start of the first reply"
    )


def closing(state: CheckedConversation) -> CheckResult:
    if state.phrases is None:
        return state.unknown_language("closing")
    if not state.agent:
        return CheckResult("closing", "na", detail="no agent message")
    last = state.agent[-CLOSING_MESSAGES:]
    found = [e for m in last for e in state.find("closing", m, tail=CLOSING_TAIL)]
    if found:
        return CheckResult(
            "closing", "pass", found[:MAX_EVIDENCE], detail=f"closed: {quote(found[-1])}"
        )
    return CheckResult(
        "closing",
        "fail",
        [tail(last[-1])],
        detail="no offer of further help or goodbye in the last agent messages",
    )


def empathy(state: CheckedConversation) -> CheckResult:
    if state.phrases is None:
        return state.unknown_language("empathy")
    upset: list[dict] = []
    first_upset: int | None = None
    for message in state.customer:
        for name, start, end in state.hits(message):
            if name in FRUSTRATION:
                upset.append(evidence(message, start, end))
                if first_upset is None:
                    first_upset = message.position
    if first_upset is None:
        return CheckResult("empathy", "na", detail="the customer showed no frustration")
    after = [m for m in state.agent if m.position > first_upset]
    if not after:
        return CheckResult(
            "empathy", "na", [upset[0]], detail="no agent reply after the customer's frustration"
        )
    shown = [
        evidence(m, start, end)
        for m in after
        for name, start, end in state.hits(m)
        if name == "empathy"
    ]
    if shown:
        return CheckResult(
            "empathy",
            "pass",
            [upset[0], *shown[: MAX_EVIDENCE - 1]],
            detail=f"customer {quote(upset[0])}; agent {quote(shown[0])}",
        )
    return CheckResult(
        "empathy",
        "fail",
        upset[:MAX_EVIDENCE],
        detail=f"customer {quote(upset[0])}; no apology or empathy from the agent after it",
    )


def profanity(state: CheckedConversation) -> CheckResult:
    if state.phrases is None:
        return state.unknown_language("profanity")
    if not state.agent:
        return CheckResult("profanity", "na", detail="no agent message")
    found = [
        evidence(m, start, end)
        for m in state.agent
        for name, start, end in state.hits(m)
        if name == "profanity"
    ]
    if found:
        return CheckResult(
            "profanity",
            "fail",
            found[:MAX_EVIDENCE],
            float(len(found)),
            f"agent wrote {quote(found[0])}",
        )
    return CheckResult("profanity", "pass", value=0.0, detail="no profanity from the agent")


def sentiment(state: CheckedConversation) -> CheckResult:
    if state.phrases is None:
        return state.unknown_language("sentiment")
    if not state.customer:
        return CheckResult("sentiment", "na", detail="no customer message")
    positive = negative = 0
    escalations: list[dict] = []
    negatives: list[dict] = []
    end_balance = 0  # of the customer's last message with any sentiment in it ("ok" has none)
    ending: MessageInput | None = None
    for message in state.customer:
        balance = 0
        for name, start, end in state.hits(message):
            if name == "positive":
                positive += 1
                balance += 1
            elif name == "escalation":
                negative += 2
                escalations.append(evidence(message, start, end))
            elif name in NEGATIVE:
                negative += 1
                balance -= 1
                negatives.append(evidence(message, start, end))
        if any(n in NEGATIVE or n == "positive" for n, _s, _e in state.hits(message)):
            end_balance, ending = balance, message
    score = (positive - negative) / (positive + negative) if positive + negative else 0.0
    score = round(score, 3)
    if escalations:
        return CheckResult(
            "sentiment",
            "fail",
            (escalations + negatives)[:MAX_EVIDENCE],
            score,
            f"the customer escalated: {quote(escalations[0])} (score {score:+.2f})",
        )
    if end_balance < 0 and ending is not None:
        last_negative = [e for e in negatives if e["position"] == ending.position]
        return CheckResult(
            "sentiment",
            "fail",
            last_negative[-MAX_EVIDENCE:],
            score,
            f"the customer ended negative: {quote(last_negative[-1])} (score {score:+.2f})",
        )
    mood = "positive" if score > 0 else "negative" if score < 0 else "neutral"
    return CheckResult(
        "sentiment",
        "pass",
        negatives[:MAX_EVIDENCE],
        score,
        f"no escalation; did not end negative; overall {mood} (score {score:+.2f})",
    )


__all__ = ["closing", "empathy", "greeting", "profanity", "sentiment"]
