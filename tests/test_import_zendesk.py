"""Importing Zendesk tickets: comments, users and groups in one file or several, all-or-nothing."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from qa_desk.cli import main
from qa_desk.db.models import Agent, Conversation, Message, Team
from qa_desk.errors import InputError
from qa_desk.ingest import import_file, import_files, prepare_imports
from tests.conftest import REALDATA

FIXTURE = REALDATA / "formats" / "zendesk" / "realistic.json"
ABCD = json.loads((REALDATA / "abcd" / "abcd_sample.json").read_text(encoding="utf-8"))
SGD = json.loads((REALDATA / "sgd" / "dev_banks_sample.json").read_text(encoding="utf-8"))


def count(db, model) -> int:
    with db.reader() as session:
        return session.scalar(select(func.count()).select_from(model))


def stored(db, external_id: str) -> Conversation:
    """The stored conversation, its session kept open for its relationships."""
    session = db.reader()
    _sessions.append(session)
    return session.scalar(select(Conversation).where(Conversation.external_id == external_id))


_sessions: list = []


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def ticket(ident: int, comments: list[dict[str, Any]] | None = None, **fields: Any) -> dict:
    data: dict[str, Any] = {
        "id": ident,
        "subject": "Parcel not delivered",
        "created_at": "2026-03-02T09:00:00Z",
        "requester_id": 11,
        "assignee_id": 21,
        "status": "solved",
        "comments": comments
        if comments is not None
        else [
            {"id": 1, "author_id": 11, "plain_body": "Where is my parcel?", "public": True,
             "created_at": "2026-03-02T09:00:00Z"},
            {"id": 2, "author_id": 21, "plain_body": "Let me check.", "public": True,
             "created_at": "2026-03-02T09:02:00Z"},
        ],
    }  # fmt: skip
    data.update(fields)
    return data


def test_a_realistic_export_keeps_real_texts_roles_notes_and_fields(db, data_dir):
    result = import_file(db, FIXTURE)
    assert (result.format, result.counts.added) == ("zendesk", 7)
    with db.reader() as session:
        chat = session.scalar(select(Conversation).where(Conversation.external_id == "3592"))
        assert [m.text for m in chat.messages] == [text for _, text in ABCD[0]["original"]]
        roles = {
            "agent": ("agent", False),
            "customer": ("customer", False),
            "action": ("agent", True),
        }
        assert [(m.role, m.internal) for m in chat.messages] == [
            roles[speaker] for speaker, _ in ABCD[0]["original"]
        ]
        assert chat.messages[1].author == "Dana Smith"
        assert chat.agent.name == "Dana Smith" and chat.agent.email == "dana@support.example.com"
        assert chat.agent.external_id == "zendesk:801"
        assert chat.team.name == "Returns"  # the group, named by the groups sideloaded after
        assert chat.customer_name == "Crystal Minh" and chat.customer_external_id == "zendesk:5000"
        assert chat.channel == "chat"  # via.channel native_messaging
        assert chat.csat == 5 and chat.fields["satisfaction_rating"] == {"score": "good"}
        assert chat.fields["custom_fields"] == [{"id": 360001, "value": "product_defect"}]
        assert chat.fields["status"] == "solved" and "comments" not in chat.fields
        assert chat.tags == ["product_defect", "return_size"]
        assert chat.started_at.isoformat() == "2026-03-02T09:00:00+00:00"
        banking = session.scalar(select(Conversation).where(Conversation.external_id == "4100"))
        assert [m.text for m in banking.messages] == [t["utterance"] for t in SGD[0]["turns"]]
        assert banking.team.name == "Banking" and banking.channel == "email"
        unrated = session.scalar(select(Conversation).where(Conversation.external_id == "3695"))
        assert unrated.csat is None and unrated.fields["satisfaction_rating"]["score"] == "offered"


def test_unicode_and_html_only_comments_become_plain_text(db):
    import_file(db, FIXTURE)
    chat = stored(db, "4200")
    assert chat.subject == "Замовлення №4411 — 退款"
    assert [m.text for m in chat.messages] == [
        "Добрий день! Де моє замовлення №4411? 📦",
        '您好，我们会在24小时内为您退款。 <Refund> & "quotes"',
        "شكراً جزيلاً، هل يمكنني تتبع الطلب؟",
        "Refund issued: €49.90",
        "Спасибо 🙏 — line one\n\nline two",
    ]


def test_a_ticket_with_empty_body_and_no_optional_fields(db):
    import_file(db, FIXTURE)
    chat = stored(db, "4300")
    assert chat.subject is None and chat.agent is None and chat.team is None
    assert chat.csat is None and chat.tags == [] and chat.channel is None
    assert [(m.role, m.text) for m in chat.messages] == [("customer", "")]


def test_importing_twice_changes_nothing_and_a_newer_export_updates(db, data_dir):
    import_file(db, FIXTURE)
    again = import_file(db, FIXTURE)
    assert (again.counts.added, again.counts.updated, again.counts.unchanged) == (0, 0, 7)
    assert count(db, Agent) == 2 and count(db, Team) == 2
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["tickets"][0]["comments"].append(
        {"id": 9, "author_id": 5000, "plain_body": "Thanks!", "created_at": "2026-03-02T10:00:00Z"}
    )
    newer = import_file(db, write(data_dir / "newer.json", data))
    assert (newer.counts.updated, newer.counts.unchanged) == (1, 6)
    assert stored(db, "3592").messages[-1].text == "Thanks!"


def test_a_ticket_given_twice_is_stored_once_as_its_later_version(db, data_dir):
    path = write(
        data_dir / "dup.json",
        {"tickets": [ticket(1), ticket(2), ticket(1, subject="Parcel found")]},
    )
    result = import_file(db, path)
    assert result.counts.conversations == 2 and count(db, Conversation) == 2
    assert stored(db, "1").subject == "Parcel found"


def test_a_bad_field_in_the_middle_names_file_line_record_and_field(db, data_dir):
    tickets = [ticket(n) for n in range(1, 6)]
    tickets[3]["comments"][1]["public"] = "maybe"
    path = write(data_dir / "tickets.json", {"tickets": tickets})
    with pytest.raises(InputError) as caught:
        import_file(db, path)
    line = path.read_text(encoding="utf-8").splitlines().index("  {", 0) + 1  # first ticket
    problem = caught.value.problems[0]
    assert (
        problem.location.startswith(f"{path}:") and int(problem.location.rsplit(":", 1)[1]) > line
    )
    assert problem.field == "tickets[3].comments[1].public"
    assert "must be true or false" in problem.message
    assert count(db, Conversation) == 0 and count(db, Message) == 0


def test_broken_json_in_the_middle_names_the_line_and_stores_nothing(db, data_dir):
    lines = [json.dumps(ticket(n)) for n in range(1, 5)]
    lines[2] = lines[2].replace('"subject":', '"subject"')  # a colon lost
    path = data_dir / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_file(db, path, "zendesk")
    assert caught.value.problems[0].location == f"{path}:3"
    assert "not valid JSON" in caught.value.problems[0].message
    assert count(db, Conversation) == 0


def test_one_ticket_per_line_with_users_and_comments_in_files_of_their_own(db, data_dir):
    export = data_dir / "incremental.jsonl"
    tickets = [ticket(7, comments=None), ticket(8, comments=None)]
    for item in tickets:
        del item["comments"]
        item["description"] = "Where is my parcel?"
        item["group_id"] = 5
    export.write_text("\n".join(json.dumps(t) for t in tickets) + "\n", encoding="utf-8")
    users = write(
        data_dir / "users.json",
        {"users": [{"id": 11, "name": "Olena", "role": "end-user"},
                   {"id": 21, "name": "Dana Smith", "email": "dana@example.com", "role": "agent"},
                   {"id": 31, "name": "Sam", "role": "end-user"}],
         "groups": [{"id": 5, "name": "Tier 1"}]},
    )  # fmt: skip
    comments = write(
        data_dir / "ticket_7_comments.json",
        {"comments": [
            {"id": 1, "author_id": 11, "body": "Where is my parcel?", "public": True},
            {"id": 2, "author_id": 31, "body": "I am her colleague, same question.", "public": True},
            {"id": 3, "author_id": 21, "html_body": "<p>Checking&hellip;</p>", "public": False},
        ], "next_page": None, "count": 3},
    )  # fmt: skip
    results = import_files(db, [export, users, comments])
    assert [r.companion for r in results] == [
        None,
        "Zendesk 3 users, 1 groups",
        "Zendesk 3 comments",
    ]
    assert results[0].counts.added == 2
    seven, eight = stored(db, "7"), stored(db, "8")
    assert [(m.role, m.author, m.internal, m.text) for m in seven.messages] == [
        ("customer", "Olena", False, "Where is my parcel?"),
        ("customer", "Sam", False, "I am her colleague, same question."),
        ("agent", "Dana Smith", True, "Checking…"),
    ]
    assert seven.agent.email == "dana@example.com" and seven.team.name == "Tier 1"
    assert [(m.role, m.text) for m in eight.messages] == [("customer", "Where is my parcel?")]


def test_comments_files_say_their_ticket_by_ticket_id_or_name(db, data_dir):
    export = write(data_dir / "t.json", {"tickets": [ticket(40, None), ticket(41, None)]})
    data = json.loads(export.read_text(encoding="utf-8"))
    for item in data["tickets"]:
        del item["comments"]
    write(export, data)
    keyed = write(
        data_dir / "a.json", {"comments": [{"author_id": 21, "body": "hi", "ticket_id": 41}]}
    )
    nameless = write(data_dir / "b.json", {"comments": [{"author_id": 21, "body": "hello"}]})
    with pytest.raises(InputError, match="cannot tell which ticket"):
        import_files(db, [export, keyed, nameless])
    assert count(db, Conversation) == 0
    import_files(db, [export, keyed])
    assert [m.text for m in stored(db, "41").messages] == ["hi"]


def test_a_users_file_alone_is_refused_with_a_hint(db, data_dir):
    users = write(data_dir / "users.json", {"users": [{"id": 1, "name": "A", "role": "agent"}]})
    with pytest.raises(InputError, match="together with the tickets"):
        import_file(db, users)
    with prepare_imports([users]) as plan:
        assert plan[0].format == "zendesk" and plan[0].companion == "Zendesk 1 users"


def test_without_users_anyone_but_the_requester_is_the_agent(db, data_dir):
    comments = [
        {"author_id": 11, "body": "Hello"},
        {"author_id": 99, "body": "Hi, I'm Max"},
        {"body": "Ticket merged"},
    ]
    path = write(data_dir / "t.json", {"tickets": [ticket(1, comments, assignee_id=None)]})
    import_file(db, path)
    chat = stored(db, "1")
    assert [m.role for m in chat.messages] == ["customer", "agent", "system"]
    assert chat.agent.external_id == "zendesk:99"  # no assignee: the last agent who replied


def test_csat_words_and_bad_ratings(db, data_dir):
    rated = [
        ticket(n, satisfaction_rating={"score": s})
        for n, s in enumerate(["good", "bad", "unoffered"])
    ]
    import_file(db, write(data_dir / "r.json", {"tickets": rated}))
    assert [stored(db, str(n)).csat for n in range(3)] == [5, 1, None]
    broken = write(
        data_dir / "b.json", {"tickets": [ticket(9, satisfaction_rating={"score": "meh"})]}
    )
    with pytest.raises(InputError, match=r"tickets\[0\]\.satisfaction_rating\.score: 'meh' is not"):
        import_file(db, broken)


def test_gzip_exports_are_read(db, data_dir):
    path = data_dir / "tickets.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        json.dump({"tickets": [ticket(1), ticket(2)]}, out)
    assert import_file(db, path).counts.added == 2


def test_the_command_line_detects_zendesk_and_reports_a_corrupt_file(db_url, data_dir, capsys):
    assert main(["--db", db_url, "import", str(FIXTURE)]) == 0
    assert "7 conversations (zendesk)" in capsys.readouterr().out
    broken = data_dir / "broken.json"
    broken.write_text(
        '{"tickets": [{"id": 1, "requester_id": 5, "comments": [}]}', encoding="utf-8"
    )
    assert main(["--db", db_url, "import", str(broken)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"qa-desk: {broken}:1: tickets[0]")


def test_a_json_array_of_conversations_with_messages_is_not_taken_for_zendesk(
    db_url, data_dir, capsys
):
    # a message's "role": "agent" looks like a Zendesk user's role; the file must not be imported
    # as Zendesk tickets with no comments (exit 0, nothing useful stored)
    conversations = [
        {"id": "A-1", "subject": "Card blocked", "agent": {"id": "7", "name": "Dana"},
         "messages": [{"id": "1", "role": "customer", "author": "Kim", "text": "Hello"},
                      {"id": "2", "role": "agent", "author": "Dana", "text": "Hi Kim"}]},
    ]  # fmt: skip
    path = data_dir / "conversations.json"
    path.write_text(json.dumps(conversations), encoding="utf-8")
    assert main(["--db", db_url, "import", str(path)]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
