"""Write the realistic help-desk export fixtures: the same conversations in each format.

Real texts (the ABCD chats of ``tests/data/abcd`` and Schema-Guided Dialogue dialogues of
``tests/data/sgd``) are wrapped in made-up help-desk metadata, with a multilingual conversation and a
minimal one (an empty message, every optional field left out). Run from the repository's root:
``python tests/data/formats/make_fixtures.py``; the output is always the same.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent
AGENTS = [
    (801, "Dana Smith", "dana@support.example.com"),
    (802, "Olek Bondar", "olek@support.example.com"),
]
GROUPS = [(61, "Returns"), (62, "Banking")]


@dataclass
class Chat:
    """One conversation as every format's writer needs it."""

    id: int
    subject: str
    channel: str
    start: datetime
    customer: tuple[int, str, str]
    agent: int  # index in AGENTS
    group: int  # index in GROUPS
    tags: list[str]
    rating: int | None  # 1–5, None: not rated
    turns: list[tuple[str, str]] = field(default_factory=list)  # (customer|agent|action, text)

    def times(self) -> list[datetime]:
        return [self.start + timedelta(seconds=45 * i) for i in range(len(self.turns))]


def chats() -> list[Chat]:
    found = []
    abcd = json.loads((DATA / "abcd" / "abcd_sample.json").read_text(encoding="utf-8"))
    for n, convo in enumerate(abcd):
        personal = convo["scenario"]["personal"]
        found.append(
            Chat(
                id=convo["convo_id"],
                subject=convo["scenario"]["flow"].replace("_", " ").capitalize(),
                channel="chat",
                start=datetime(2026, 3, 2 + n, 9, 0, tzinfo=UTC),
                customer=(5000 + n, personal["customer_name"].title(), personal.get("email", "")),
                agent=n % 2,
                group=0,
                tags=[convo["scenario"]["flow"], convo["scenario"]["subflow"]],
                rating=[5, 2, None][n],
                turns=[(role, text) for role, text in convo["original"]],
            )
        )
    sgd = json.loads((DATA / "sgd" / "dev_banks_sample.json").read_text(encoding="utf-8"))
    for n, dialogue in enumerate(sgd[:2]):
        found.append(
            Chat(
                id=4100 + n,
                subject="Banking question",
                channel="email",
                start=datetime(2026, 3, 10 + n, 14, 30, tzinfo=UTC),
                customer=(5100 + n, f"Caller {n + 1}", f"caller{n + 1}@example.org"),
                agent=1,
                group=1,
                tags=["banking"],
                rating=[4, 1][n],
                turns=[
                    ("customer" if t["speaker"] == "USER" else "agent", t["utterance"])
                    for t in dialogue["turns"]
                ],
            )
        )
    found.append(
        Chat(
            id=4200,
            subject="Замовлення №4411 — 退款",
            channel="chat",
            start=datetime(2026, 3, 12, 8, 0, tzinfo=UTC),
            customer=(5200, "Олена Коваль", "olena@example.com.ua"),
            agent=1,
            group=0,
            tags=["refund", "уа"],
            rating=3,
            turns=[
                ("customer", "Добрий день! Де моє замовлення №4411? 📦"),
                ("agent", '您好，我们会在24小时内为您退款。 <Refund> & "quotes"'),
                ("customer", "شكراً جزيلاً، هل يمكنني تتبع الطلب؟"),
                ("action", "Refund issued: €49.90"),
                ("agent", "Спасибо 🙏 — line one\nline two"),
            ],
        )
    )
    return found


MINIMAL_ID = 4300


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def as_html(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))


def write(name: str, data: Any) -> None:
    folder = OUT / name
    folder.mkdir(exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    (folder / "realistic.json").write_text(text, encoding="utf-8")


def zendesk(all_chats: list[Chat]) -> None:
    tickets, users = [], {}
    for chat in all_chats:
        agent_id, agent_name, agent_email = AGENTS[chat.agent]
        users[agent_id] = {
            "id": agent_id,
            "name": agent_name,
            "email": agent_email,
            "role": "agent",
        }
        cid, cname, cemail = chat.customer
        users[cid] = {"id": cid, "name": cname, "email": cemail, "role": "end-user"}
        comments = []
        for i, ((role, text), at) in enumerate(zip(chat.turns, chat.times(), strict=True)):
            comment = {
                "id": chat.id * 100 + i,
                "type": "Comment",
                "author_id": cid if role == "customer" else agent_id,
                "public": role != "action",
                "created_at": iso(at),
                "via": {"channel": "chat" if chat.channel == "chat" else "web"},
                "attachments": [],
            }
            if chat.id == 4200:
                comment["html_body"] = as_html(text)
            else:
                comment.update(body=text, html_body=as_html(text), plain_body=text)
            comments.append(comment)
        tickets.append(
            {
                "url": f"https://example.zendesk.com/api/v2/tickets/{chat.id}.json",
                "id": chat.id,
                "via": {"channel": "native_messaging" if chat.channel == "chat" else "email"},
                "created_at": iso(chat.start),
                "updated_at": iso(chat.times()[-1]),
                "type": "question",
                "subject": chat.subject,
                "description": chat.turns[0][1],
                "priority": "normal",
                "status": "solved",
                "requester_id": cid,
                "submitter_id": cid,
                "assignee_id": agent_id,
                "group_id": GROUPS[chat.group][0],
                "tags": chat.tags,
                "custom_fields": [{"id": 360001, "value": chat.tags[0]}],
                "satisfaction_rating": {
                    "score": "good"
                    if chat.rating and chat.rating >= 4
                    else "bad"
                    if chat.rating
                    else "offered"
                },
                "comments": comments,
            }
        )
    tickets.append(
        {"id": MINIMAL_ID, "requester_id": 5300, "comments": [{"author_id": 5300, "body": ""}]}
    )
    groups = [{"id": gid, "name": name} for gid, name in GROUPS]
    write(
        "zendesk",
        {
            "tickets": tickets,
            "users": list(users.values()),
            "groups": groups,
            "next_page": None,
            "previous_page": None,
            "count": len(tickets),
        },
    )


def freshdesk(all_chats: list[Chat]) -> None:
    tickets = []
    for chat in all_chats:
        agent_id, agent_name, agent_email = AGENTS[chat.agent]
        cid, cname, cemail = chat.customer
        times = chat.times()
        first_role, first_text = chat.turns[0]
        conversations = []
        for i, ((role, text), at) in enumerate(
            zip(chat.turns[1:], times[1:], strict=True), start=1
        ):
            conversations.append(
                {
                    "id": chat.id * 100 + i,
                    "body": as_html(text),
                    "body_text": text,
                    "incoming": role == "customer",
                    "private": role == "action",
                    "user_id": cid if role == "customer" else agent_id,
                    "support_email": "help@example.com",
                    "source": 2 if role == "action" else 0,
                    "ticket_id": chat.id,
                    "to_emails": [cemail] if role == "agent" else [],
                    "from_email": f"{agent_name} <{agent_email}>" if role == "agent" else None,
                    "created_at": iso(at),
                    "updated_at": iso(at),
                    "attachments": [],
                }
            )
        tickets.append(
            {
                "id": chat.id,
                "subject": chat.subject,
                "description": as_html(first_text),
                "description_text": first_text,
                "created_at": iso(chat.start),
                "updated_at": iso(times[-1]),
                "requester_id": cid,
                "responder_id": agent_id,
                "group_id": GROUPS[chat.group][0],
                "source": 10 if first_role == "agent" else (7 if chat.channel == "chat" else 1),
                "status": 5,
                "priority": 1,
                "type": "Question",
                "tags": chat.tags,
                "custom_fields": {"cf_order": chat.tags[0]},
                "fr_escalated": False,
                "spam": False,
                "requester": {
                    "id": cid,
                    "name": cname,
                    "email": cemail,
                    "mobile": None,
                    "phone": None,
                },
                "satisfaction_rating": {
                    "ratings": {
                        "default_question": {5: 103, 4: 102, 3: 100, 2: -102, 1: -103}[chat.rating]
                    }
                }
                if chat.rating
                else None,
                "conversations": conversations,
            }
        )
    tickets.append(
        {
            "id": MINIMAL_ID,
            "description_text": "",
            "conversations": [{"body_text": "", "incoming": True, "user_id": 5300}],
        }
    )
    write("freshdesk", tickets)


def zendesk_qa(all_chats: list[Chat]) -> None:
    data = []
    for chat in all_chats:
        _, agent_name, agent_email = AGENTS[chat.agent]
        _, cname, cemail = chat.customer
        comments = []
        for i, ((role, text), at) in enumerate(zip(chat.turns, chat.times(), strict=True)):
            comment = {
                "id": f"{chat.id}-{i}",
                "authorName": cname if role == "customer" else agent_name,
                "authorEmail": cemail if role == "customer" else agent_email,
                "authorIsNotClient": role != "customer",
                "public": role != "action",
                "comment": as_html(text) if chat.id == 4200 else text,
                "created": at.strftime("%Y-%m-%dT%H:%M:%S"),
            }
            if chat.channel == "email":
                comment.update(callDuration=str(20 + i), callDirection="inbound")
            comments.append(comment)
        data.append(
            {
                "id": str(chat.id),
                "subject": chat.subject,
                "description": chat.turns[0][1],
                "created": chat.start.strftime("%Y-%m-%dT%H:%M:%S"),
                "updated": chat.times()[-1].strftime("%Y-%m-%dT%H:%M:%S"),
                "closed": chat.times()[-1].strftime("%Y-%m-%dT%H:%M:%S"),
                "status": "solved",
                "assigneeName": agent_name,
                "assigneeEmail": agent_email,
                "customerName": cname,
                "customerEmail": cemail,
                "channel": chat.channel if chat.channel == "chat" else "",
                "satisfactionScore": str(chat.rating * 2) if chat.rating else "",
                "tags": chat.tags,
                "url": f"https://helpdesk.example.com/tickets/{chat.id}",
                "ticketFields": [
                    {
                        "id": "order",
                        "label": "Order",
                        "values": [{"label": chat.tags[0], "value": chat.tags[0]}],
                    }
                ],
                "comments": comments,
            }
        )
    data.append({"id": str(MINIMAL_ID), "comments": [{"comment": "", "authorIsNotClient": False}]})
    write("zendesk_qa", {"data": data})


if __name__ == "__main__":
    from make_fixtures_chats import helpscout, intercom

    every = chats()
    for writer in (zendesk, intercom, helpscout, freshdesk, zendesk_qa):
        writer(every)
