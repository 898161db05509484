"""The Intercom and Help Scout writers of ``make_fixtures.py`` (run that one)."""

from __future__ import annotations

from datetime import timedelta

from make_fixtures import AGENTS, GROUPS, MINIMAL_ID, Chat, as_html, iso, write


def intercom(all_chats: list[Chat]) -> None:
    conversations = []
    for chat in all_chats:
        agent_id, agent_name, agent_email = AGENTS[chat.agent]
        cid, cname, cemail = chat.customer
        authors = {
            "customer": {"type": "user", "id": f"c{cid}", "name": cname, "email": cemail},
            "agent": {
                "type": "admin",
                "id": str(agent_id),
                "name": agent_name,
                "email": agent_email,
            },
        }
        authors["action"] = authors["agent"]
        stamps = [int(t.timestamp()) for t in chat.times()]
        (role, text), rest = chat.turns[0], chat.turns[1:]
        parts = [
            {
                "type": "conversation_part",
                "id": f"{chat.id}-a",
                "part_type": "assignment",
                "body": None,
                "created_at": stamps[0],
                "author": {"type": "bot", "id": "9", "name": "Operator"},
                "assigned_to": {"type": "admin", "id": str(agent_id)},
            }
        ]
        for i, (role_i, text_i) in enumerate(rest, start=1):
            parts.append(
                {
                    "type": "conversation_part",
                    "id": f"{chat.id}-{i}",
                    "part_type": "note" if role_i == "action" else "comment",
                    "body": as_html(text_i),
                    "created_at": stamps[i],
                    "author": authors[role_i],
                    "attachments": [],
                    "redacted": False,
                }
            )
        parts.append(
            {
                "type": "conversation_part",
                "id": f"{chat.id}-z",
                "part_type": "close",
                "body": None,
                "created_at": stamps[-1] + 60,
                "author": authors["agent"],
            }
        )
        conversation = {
            "type": "conversation",
            "id": str(chat.id),
            "created_at": stamps[0],
            "updated_at": stamps[-1] + 60,
            "title": chat.subject,
            "source": {
                "type": "conversation" if chat.channel == "chat" else "email",
                "id": f"s{chat.id}",
                "delivered_as": "customer_initiated",
                "subject": "",
                "body": as_html(text),
                "author": authors[role],
                "attachments": [],
            },
            "contacts": {
                "type": "contact.list",
                "contacts": [{"type": "contact", "id": f"c{cid}"}],
            },
            "admin_assignee_id": agent_id,
            "team_assignee_id": GROUPS[chat.group][0],
            "open": False,
            "state": "closed",
            "priority": "not_priority",
            "tags": {
                "type": "tag.list",
                "tags": [
                    {"type": "tag", "id": str(100 + n), "name": tag}
                    for n, tag in enumerate(chat.tags)
                ],
            },
            "conversation_rating": {
                "rating": chat.rating,
                "remark": "Thanks!",
                "created_at": stamps[-1] + 90,
            }
            if chat.rating
            else None,
            "custom_attributes": {"Order": chat.tags[0]},
            "conversation_parts": {
                "type": "conversation_part.list",
                "conversation_parts": parts,
                "total_count": len(parts),
            },
        }
        conversations.append(conversation)
    conversations.append(
        {
            "type": "conversation",
            "id": str(MINIMAL_ID),
            "source": {"body": "", "author": {"type": "lead", "id": "c5300"}},
            "conversation_parts": {
                "conversation_parts": [
                    {
                        "part_type": "comment",
                        "body": "<p></p>",
                        "author": {"type": "lead", "id": "c5300"},
                    }
                ]
            },
        }
    )
    write(
        "intercom",
        {
            "type": "conversation.list",
            "pages": {"type": "pages", "page": 1, "per_page": 20, "total_pages": 1},
            "total_count": len(conversations),
            "conversations": conversations,
        },
    )


def helpscout(all_chats: list[Chat]) -> None:
    conversations = []
    for chat in all_chats:
        agent_id, agent_name, agent_email = AGENTS[chat.agent]
        first, last = agent_name.split()
        cid, cname, cemail = chat.customer
        cfirst, _, clast = cname.partition(" ")
        user = {"id": agent_id, "type": "user", "first": first, "last": last, "email": agent_email}
        customer = {"id": cid, "type": "customer", "first": cfirst, "last": clast, "email": cemail}
        threads = []
        for i, ((role, text), at) in enumerate(zip(chat.turns, chat.times(), strict=True)):
            kind = {"customer": "customer", "agent": "message", "action": "note"}[role]
            if chat.channel == "chat" and role != "action":
                kind = "chat"
            threads.append(
                {
                    "id": chat.id * 100 + i,
                    "type": kind,
                    "status": "closed",
                    "state": "published",
                    "body": as_html(text),
                    "createdBy": customer if role == "customer" else user,
                    "createdAt": iso(at),
                    "customer": customer,
                }
            )
        threads.append(
            {
                "id": chat.id * 100 + 99,
                "type": "lineitem",
                "status": "closed",
                "state": "published",
                "action": {"type": "default", "text": f"{agent_name} closed the conversation"},
                "createdBy": user,
                "createdAt": iso(chat.times()[-1] + timedelta(minutes=1)),
            }
        )
        threads.append(
            {
                "id": chat.id * 100 + 98,
                "type": "message",
                "state": "draft",
                "body": "<p>unsent draft</p>",
                "createdBy": user,
                "createdAt": iso(chat.times()[-1] + timedelta(minutes=2)),
            }
        )
        threads.reverse()  # Help Scout lists the newest first
        conversations.append(
            {
                "id": chat.id,
                "number": chat.id - 3000,
                "threads": len(threads),
                "type": chat.channel,
                "folderId": 1234,
                "status": "closed",
                "state": "published",
                "subject": chat.subject,
                "preview": chat.turns[-1][1][:40],
                "mailboxId": GROUPS[chat.group][0],
                "assignee": user,
                "createdBy": customer,
                "createdAt": iso(chat.start),
                "closedAt": iso(chat.times()[-1] + timedelta(minutes=1)),
                "source": {
                    "type": "beacon-v2" if chat.channel == "chat" else "email",
                    "via": "customer",
                },
                "tags": [
                    {"id": 9000 + n, "color": "#929499", "tag": tag}
                    for n, tag in enumerate(chat.tags)
                ],
                "cc": [],
                "bcc": [],
                "primaryCustomer": customer,
                "customFields": [
                    {"id": 8, "name": "Order", "value": chat.tags[0], "text": chat.tags[0]}
                ],
                "_embedded": {"threads": threads},
            }
        )
    conversations.append(
        {
            "id": MINIMAL_ID,
            "_embedded": {
                "threads": [
                    {
                        "id": 1,
                        "type": "customer",
                        "body": "",
                        "createdBy": {"id": 5300, "type": "customer"},
                    }
                ]
            },
        }
    )
    write(
        "helpscout",
        {
            "_embedded": {"conversations": conversations},
            "page": {"size": 50, "totalElements": len(conversations), "totalPages": 1, "number": 1},
        },
    )
