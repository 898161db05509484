"""The response-time checks: the agent's first reply and the longest a customer waited, each
against the target of the conversation's channel (:mod:`qa_desk.autoqa_sla`). They need no phrase
lists, so they run on conversations in any language."""

from __future__ import annotations

from qa_desk.autoqa_conversation import CheckedConversation, CheckResult, MessageInput, head
from qa_desk.autoqa_sla import describe


def first_response(state: CheckedConversation) -> CheckResult:
    """``first_response_time``: from the customer's first timed message to the agent's first
    timed reply after it."""
    channel = state.conversation.channel
    target = state.sla.for_channel(channel).first_response
    if target is None:
        return CheckResult(
            "first_response_time", "na", detail=f"no first-response target for channel {channel}"
        )
    asked = next((m for m in state.customer if m.sent_at is not None), None)
    if asked is None:
        return CheckResult("first_response_time", "na", detail="no customer message with a time")
    reply = next(
        (m for m in state.agent if m.position > asked.position and m.sent_at is not None), None
    )
    if reply is None:
        return CheckResult("first_response_time", "na", detail="no agent reply with a time")
    assert asked.sent_at is not None and reply.sent_at is not None
    seconds = max(0.0, (reply.sent_at - asked.sent_at).total_seconds())
    outcome = "pass" if seconds <= target else "fail"
    return CheckResult(
        "first_response_time",
        outcome,
        [head(asked), head(reply)],
        seconds,
        f"first reply after {describe(seconds)}; target {describe(target)} ({channel})",
    )


def longest_wait(state: CheckedConversation) -> CheckResult:
    """``longest_wait``: the longest from a customer message (the first of a run of them) to the
    agent reply that answered it."""
    channel = state.conversation.channel
    target = state.sla.for_channel(channel).longest_wait
    if target is None:
        return CheckResult(
            "longest_wait", "na", detail=f"no waiting-time target for channel {channel}"
        )
    waiting: MessageInput | None = None
    longest: tuple[float, MessageInput, MessageInput] | None = None
    for message in state.conversation.messages:
        if message.internal or message.sent_at is None:
            continue
        if message.role == "customer" and waiting is None:
            waiting = message
        elif message.role == "agent" and waiting is not None:
            assert waiting.sent_at is not None
            seconds = max(0.0, (message.sent_at - waiting.sent_at).total_seconds())
            if longest is None or seconds > longest[0]:
                longest = (seconds, waiting, message)
            waiting = None
    if longest is None:
        return CheckResult("longest_wait", "na", detail="no customer message answered by the agent")
    seconds, asked, reply = longest
    return CheckResult(
        "longest_wait",
        "pass" if seconds <= target else "fail",
        [head(asked), head(reply)],
        seconds,
        f"longest wait {describe(seconds)}; target {describe(target)} ({channel})",
    )


__all__ = ["first_response", "longest_wait"]
