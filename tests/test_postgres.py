"""The same schema and the same core behaviour on a real PostgreSQL server.

Each test gets a fresh database on a throw-away server (``pg_db``, see ``tests/postgres_server.py``).
The server runs in a zone other than UTC, so stored times must not depend on the server's zone.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from qa_desk.db import Database, migrate, open_database
from qa_desk.db.fulltext import matching_message_ids
from qa_desk.db.models import Base, Conversation, Message, Rating, Review, Rubric, RubricVersion
from qa_desk.errors import InputError
from qa_desk.ingest import import_file
from qa_desk.ingest.writer import BATCH_SIZE
from qa_desk.reviews import RatingInput, find_or_create_user, record_review
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric, definition_of

pytestmark = pytest.mark.postgres

# --- test data --------------------------------------------------------------------------------

RU_GREETING = "Здравствуйте! Моя посылка не пришла, заказ №4521.\r\nПомогите, пожалуйста 🙏"
RU_REPLY = "Добрый день, Олена на связи. Посылку уже отправили повторно ✅"
# Decomposed "é" (e + combining acute) and a zero-width joiner: stored as given, never normalized.
RU_NOTE = "Внутренняя заметка: cafe\u0301, 👩\u200d💻, табуляция\tи  двойной пробел  "
ZH_QUESTION = "您好，我想申请退款。订单号是 889，谢谢！"
ZH_REPLY = "好的，退款已经处理，请查收邮件。I have issued the REFUND for order 889."
ZH_FOLLOW_UP = "太好了，谢谢你们的帮助。"
AR_QUESTION = "مرحبا، لم يصل طلبي بعد. رقم الطلب ٧٧٣"
AR_REPLY = "نعتذر عن التأخير، سيصل طلبك غداً إن شاء الله."

RUBRIC_YAML = """\
id: support-basics
name: Основи підтримки
pass_threshold: 80
sections:
  - id: tone
    name: Тон і ввічливість
    criteria:
      - id: greeting
        name: Привітання
        scale: binary
      - id: empathy
        name: 共情
        guidance: "Показати, що ми розуміємо клієнта"
        scale: {points: [1, 5]}
        weight: 3
        root_causes: [rushed, scripted]
  - id: rules
    name: القواعد
    criteria:
      - id: compliance
        name: الامتثال
        scale: binary
        weight: 0
        critical: true
        allow_na: true
"""


def conversations_v1() -> list[dict[str, Any]]:
    """Three conversations in Russian, Chinese and Arabic, with times in several zones."""
    return [
        {
            "id": "ru-1",
            "source": "helpdesk",
            "channel": "Chat",
            "subject": "Посылка не пришла",
            "agent": {"id": "a-7", "name": "Олена Коваль", "email": "olena@example.com"},
            "team": "Підтримка 1-ї лінії",
            "customer": {"id": "c-1", "name": "Иван Петров"},
            "csat": 4,
            "tags": ["доставка", "повтор"],
            "language": "ru",
            "fields": {"приоритет": "высокий", "标签": ["退款"], "nested": {"ع": 1}},
            "messages": [
                {"role": "customer", "at": "2024-03-05T10:00:00+03:00", "text": RU_GREETING},
                {
                    "role": "agent",
                    "author": "Олена",
                    "at": "2024-03-05T10:02:30+03:00",
                    "text": RU_REPLY,
                },
                {
                    "role": "agent",
                    "internal": True,
                    "at": "2024-03-05T07:05:00.123456Z",
                    "text": RU_NOTE,
                },
            ],
        },
        {
            "id": "zh-1",
            "source": "helpdesk",
            "channel": "email",
            "subject": "退款申请",
            "agent": {"id": "a-8", "name": "王芳"},
            "team": "Підтримка 1-ї лінії",
            "tags": ["退款"],
            "language": "zh",
            "messages": [
                {"role": "customer", "at": "2024-03-05T15:01:30+08:00", "text": ZH_QUESTION},
                {"role": "agent", "at": "2024-03-05 07:03:00", "text": ZH_REPLY},
                {"role": "customer", "at": 1709622240, "text": ZH_FOLLOW_UP},
            ],
        },
        {
            "id": "ar-1",
            "source": "helpdesk",
            "channel": "chat",
            "subject": "طلب متأخر",
            "agent": {"id": "a-9", "name": "ليلى"},
            "language": "ar",
            "messages": [
                {"role": "customer", "at": "2024-03-05T09:02:00+02:00", "text": AR_QUESTION},
                {"role": "agent", "at": "2024-03-05T09:10:00+02:00", "text": AR_REPLY},
            ],
        },
    ]


def write_jsonl(
    path: Path, conversations: list[dict[str, Any]], extra_lines: tuple[str, ...] = ()
) -> Path:
    lines = [json.dumps(c, ensure_ascii=False) for c in conversations]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return path


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (alembic's version table included), in primary-key order."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            statement = select(table).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(r) for r in connection.execute(statement)]
        rows["alembic_version"] = [
            tuple(r) for r in connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        ]
    return rows


def schema(db: Database) -> dict[str, Any]:
    """The schema as the server describes it: columns, indexes, constraints of every table."""
    inspector = inspect(db.engine)
    described: dict[str, Any] = {}
    for name in sorted(inspector.get_table_names()):
        described[name] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(name)
            ],
            "pk": inspector.get_pk_constraint(name),
            "fks": sorted(inspector.get_foreign_keys(name), key=lambda f: f["name"] or ""),
            "uniques": sorted(
                inspector.get_unique_constraints(name), key=lambda u: u["name"] or ""
            ),
            "indexes": sorted(
                (i["name"], tuple(str(c) for c in i["column_names"]), i["unique"])
                for i in inspector.get_indexes(name)
            ),
        }
    return described


def search(db: Database, query: str) -> set[str]:
    """The texts of the messages that full-text search finds for ``query``."""
    with db.reader() as session:
        ids = session.scalars(matching_message_ids(query, db.engine.dialect)).all()
        return set(session.scalars(select(Message.text).where(Message.id.in_(ids))))


def messages_of(db: Database, external_id: str) -> list[Message]:
    with db.reader() as session:
        return list(
            session.scalars(
                select(Message)
                .join(Conversation)
                .where(Conversation.external_id == external_id)
                .order_by(Message.position)
            )
        )


# --- schema -----------------------------------------------------------------------------------


def test_migrations_create_the_schema_at_head_and_reopening_changes_nothing(
    pg_db: Database, tmp_path: Path
) -> None:
    with pg_db.engine.connect() as connection:
        versions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        fts_index = connection.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_messages_text_fts'"
        ).scalar_one()
    assert versions == [(migrate.head_revision(),)]
    assert set(inspect(pg_db.engine).get_table_names()) == {
        *Base.metadata.tables,
        "alembic_version",
    }
    assert "USING gin" in fts_index and "to_tsvector('simple'" in fts_index
    import_file(pg_db, write_jsonl(tmp_path / "export.jsonl", conversations_v1()))
    schema_before, rows_before = schema(pg_db), snapshot(pg_db)

    again = open_database(pg_db.url)
    try:
        assert again.backup_path is None
        assert migrate.current_revision(again.engine) == migrate.head_revision()
        assert schema(again) == schema_before
        assert snapshot(again) == rows_before
    finally:
        again.dispose()


def test_downgrading_to_nothing_and_upgrading_again_gives_the_same_schema(pg_db: Database) -> None:
    before = schema(pg_db)
    migrate.downgrade(pg_db.engine, "base")
    assert set(inspect(pg_db.engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(pg_db.engine, "head")
    assert schema(pg_db) == before


def test_the_models_match_the_migrated_schema(pg_db: Database) -> None:
    # The comparison autogenerate makes, with the project's own filter where it has one.
    options: dict[str, Any] = {"compare_type": True}
    include_name = getattr(migrate, "include_name", None)
    if include_name is not None:
        options["include_name"] = include_name
    with pg_db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=options)
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


# --- importing --------------------------------------------------------------------------------


def test_import_stores_text_byte_for_byte_and_times_in_utc(pg_db: Database, tmp_path: Path) -> None:
    result = import_file(pg_db, write_jsonl(tmp_path / "export.jsonl", conversations_v1()))
    assert (result.counts.added, result.counts.updated, result.counts.messages) == (3, 0, 8)

    expected = {
        "ru-1": [RU_GREETING, RU_REPLY, RU_NOTE],
        "zh-1": [ZH_QUESTION, ZH_REPLY, ZH_FOLLOW_UP],
        "ar-1": [AR_QUESTION, AR_REPLY],
    }
    with pg_db.engine.connect() as connection:
        # The bytes the server holds, as the server itself encodes them.
        stored = {
            (external_id, position): bytes(raw)
            for external_id, position, raw in connection.execute(
                text(
                    "SELECT c.external_id, m.position, convert_to(m.text, 'UTF8') FROM messages m "
                    "JOIN conversations c ON c.id = m.conversation_id"
                )
            )
        }
        raw_times = dict(
            connection.execute(
                text(
                    "SELECT m.text, m.sent_at FROM messages m JOIN conversations c "
                    "ON c.id = m.conversation_id WHERE c.external_id = 'ru-1'"
                )
            ).all()
        )
    assert stored == {
        (cid, i): t.encode("utf-8") for cid, texts in expected.items() for i, t in enumerate(texts)
    }
    # Naive UTC in the table, whatever the server's zone (Asia/Kolkata here).
    assert raw_times[RU_GREETING] == datetime(2024, 3, 5, 7, 0, 0)
    assert raw_times[RU_NOTE] == datetime(2024, 3, 5, 7, 5, 0, 123456)

    ru = messages_of(pg_db, "ru-1")
    assert [m.text for m in ru] == expected["ru-1"]
    assert [m.role for m in ru] == ["customer", "agent", "agent"]
    assert [m.internal for m in ru] == [False, False, True]
    assert ru[1].author == "Олена"
    assert [m.sent_at for m in ru] == [
        datetime(2024, 3, 5, 7, 0, 0, tzinfo=UTC),
        datetime(2024, 3, 5, 7, 2, 30, tzinfo=UTC),
        datetime(2024, 3, 5, 7, 5, 0, 123456, tzinfo=UTC),
    ]
    assert [m.sent_at for m in messages_of(pg_db, "zh-1")] == [
        datetime(2024, 3, 5, 7, 1, 30, tzinfo=UTC),
        datetime(2024, 3, 5, 7, 3, 0, tzinfo=UTC),  # no zone given: read as UTC
        datetime(2024, 3, 5, 7, 4, 0, tzinfo=UTC),  # unix time
    ]

    with pg_db.reader() as session:
        conversation = session.scalars(
            select(Conversation).where(Conversation.external_id == "ru-1")
        ).one()
        assert conversation.subject == "Посылка не пришла"
        assert conversation.channel == "chat"
        assert conversation.started_at == datetime(2024, 3, 5, 7, 0, tzinfo=UTC)
        assert conversation.ended_at == datetime(2024, 3, 5, 7, 5, 0, 123456, tzinfo=UTC)
        assert conversation.started_at.utcoffset() == timedelta(0)
        assert conversation.first_response_seconds == 150.0
        assert conversation.message_count == 3
        assert conversation.csat == 4.0
        assert conversation.fields == {
            "приоритет": "высокий",
            "标签": ["退款"],
            "nested": {"ع": 1},
        }
        assert sorted(conversation.tags) == ["доставка", "повтор"]
        assert conversation.agent is not None and conversation.agent.name == "Олена Коваль"
        assert conversation.team is not None and conversation.team.name == "Підтримка 1-ї лінії"
        assert conversation.customer_name == "Иван Петров"
        assert session.scalar(select(func.count()).select_from(Conversation)) == 3
        zh = session.scalars(select(Conversation).where(Conversation.external_id == "zh-1")).one()
        assert zh.team_id == conversation.team_id  # one team row, found by name
        assert zh.subject == "退款申请"
        ar = session.scalars(select(Conversation).where(Conversation.external_id == "ar-1")).one()
        assert ar.subject == "طلب متأخر"
        assert ar.agent is not None and ar.agent.name == "ليلى"


def test_importing_the_same_file_twice_changes_nothing(pg_db: Database, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "export.jsonl", conversations_v1())
    import_file(pg_db, path)
    before = snapshot(pg_db)

    again = import_file(pg_db, path)

    assert (again.counts.added, again.counts.updated, again.counts.unchanged) == (0, 0, 3)
    assert again.counts.messages == 0
    assert snapshot(pg_db) == before


def test_a_changed_conversation_replaces_its_messages(pg_db: Database, tmp_path: Path) -> None:
    import_file(pg_db, write_jsonl(tmp_path / "v1.jsonl", conversations_v1()))
    old_zh = messages_of(pg_db, "zh-1")
    untouched = {cid: [(m.id, m.text) for m in messages_of(pg_db, cid)] for cid in ("ru-1", "ar-1")}

    changed = conversations_v1()
    changed[1]["messages"] = [
        changed[1]["messages"][0],
        {"role": "agent", "at": "2024-03-05T15:20:00+08:00", "text": "已为您换货，不再退款。"},
    ]
    changed[1]["tags"] = ["换货"]
    result = import_file(pg_db, write_jsonl(tmp_path / "v2.jsonl", changed))

    assert (result.counts.added, result.counts.updated, result.counts.unchanged) == (0, 1, 2)
    new_zh = messages_of(pg_db, "zh-1")
    assert [m.text for m in new_zh] == [ZH_QUESTION, "已为您换货，不再退款。"]
    assert [m.position for m in new_zh] == [0, 1]
    assert new_zh[0].conversation_id == old_zh[0].conversation_id  # the same conversation
    assert not {m.id for m in new_zh} & {m.id for m in old_zh}  # the old messages are gone
    with pg_db.reader() as session:
        zh = session.scalars(select(Conversation).where(Conversation.external_id == "zh-1")).one()
        assert zh.tags == ["换货"]
        assert zh.message_count == 2
        assert zh.ended_at == datetime(2024, 3, 5, 7, 20, tzinfo=UTC)
        assert session.scalar(select(func.count()).select_from(Message)) == 7
    for cid, rows in untouched.items():
        assert [(m.id, m.text) for m in messages_of(pg_db, cid)] == rows
    # Search follows: the replaced text is no longer found, the new one is.
    assert search(pg_db, "REFUND") == set()
    assert search(pg_db, "换货") == {"已为您换货，不再退款。"}


def test_a_bad_record_leaves_the_database_unchanged(pg_db: Database, tmp_path: Path) -> None:
    import_file(pg_db, write_jsonl(tmp_path / "good.jsonl", conversations_v1()))
    before = snapshot(pg_db)

    # More good records than one batch, so some are written before the bad one is read.
    many = [
        {
            "id": f"bulk-{i}",
            "source": "helpdesk",
            "messages": [{"role": "customer", "at": "2024-03-06T08:00:00Z", "text": f"Вопрос {i}"}],
        }
        for i in range(BATCH_SIZE + 100)
    ]
    changed = conversations_v1()[0]
    changed["messages"] = [{"role": "customer", "text": "совсем другой текст"}]
    bad = json.dumps(
        {"id": "bad-1", "messages": [{"role": "supervisor", "text": "кто я?"}]}, ensure_ascii=False
    )
    path = write_jsonl(tmp_path / "bad.jsonl", [*many, changed], (bad,))

    with pytest.raises(InputError) as raised:
        import_file(pg_db, path)

    problem = raised.value.problems[0]
    assert problem.location.endswith(f"bad.jsonl:{BATCH_SIZE + 102}")
    assert problem.field == "messages[0].role"
    assert snapshot(pg_db) == before
    assert search(pg_db, "совсем") == set()


def test_an_over_long_name_is_refused_the_same_way_on_postgresql_and_sqlite(
    db: Database, pg_db: Database, tmp_path: Path
) -> None:
    name = "Олександра-Вікторія " * 12  # 240 characters
    conversation = {
        "id": "long-1",
        "agent": {"name": name},
        "messages": [{"role": "agent", "author": name, "text": "Добрий день"}],
    }
    path = write_jsonl(tmp_path / "long.jsonl", [conversation])
    refusals = []
    for database in (db, pg_db):
        with pytest.raises(InputError) as raised:
            import_file(database, path)
        refusals.append(str(raised.value))
        assert snapshot(database)["conversations"] == []
    assert refusals[0] == refusals[1]
    assert refusals[0].startswith(f"{path}:1: agent.name: 240 characters")
    assert "messages[0].author" in refusals[0]


def test_a_nul_character_in_a_message_imports_on_postgresql_as_on_sqlite(
    db: Database, pg_db: Database, tmp_path: Path
) -> None:
    conversation = {"id": "nul-1", "messages": [{"role": "customer", "text": "до\u0000после"}]}
    path = write_jsonl(tmp_path / "nul.jsonl", [conversation])
    import_file(db, path)  # SQLite stores it
    try:
        import_file(pg_db, path)
    except InputError as error:
        assert error.problems[0].location.endswith("nul.jsonl:1")
        return
    assert len(messages_of(pg_db, "nul-1")) == 1


# --- search -----------------------------------------------------------------------------------


def test_full_text_search_finds_words_and_chinese_substrings(
    pg_db: Database, tmp_path: Path
) -> None:
    import_file(pg_db, write_jsonl(tmp_path / "export.jsonl", conversations_v1()))

    assert search(pg_db, "посылка") == {RU_GREETING}
    assert search(pg_db, "refund") == {ZH_REPLY}  # written REFUND: case does not matter
    assert search(pg_db, "refund 889") == {ZH_REPLY}  # every term must be there
    assert search(pg_db, "refund посылка") == set()
    assert search(pg_db, "طلبي") == {AR_QUESTION}
    assert search(pg_db, "退款") == {ZH_QUESTION, ZH_REPLY}  # inside sentences, no spaces
    assert search(pg_db, "申请退款") == {ZH_QUESTION}
    assert search(pg_db, "退款 order") == {ZH_REPLY}
    assert search(pg_db, "款退") == set()  # the characters must stand together
    assert search(pg_db, "退%") == set()  # what the user types is not a LIKE pattern
    assert search(pg_db, "отсутствующееслово") == set()


# --- rubrics and reviews ----------------------------------------------------------------------


def test_adding_a_rubric_twice_makes_one_version_and_a_change_makes_version_2(
    pg_db: Database,
) -> None:
    rubric = load_rubric_text(RUBRIC_YAML, "support-basics.yaml")
    with pg_db.session() as session:
        first = add_rubric(session, rubric, RUBRIC_YAML, created_by="Оксана")
    with pg_db.session() as session:
        second = add_rubric(session, rubric, RUBRIC_YAML)
    assert (first.version, first.created) == (1, True)
    assert (second.version, second.created, second.version_id) == (1, False, first.version_id)

    changed_yaml = RUBRIC_YAML.replace("pass_threshold: 80", "pass_threshold: 85")
    changed = load_rubric_text(changed_yaml, "support-basics.yaml")
    with pg_db.session() as session:
        third = add_rubric(session, changed, changed_yaml)
    assert (third.version, third.created) == (2, True)

    with pg_db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Rubric)) == 1
        versions = list(session.scalars(select(RubricVersion).order_by(RubricVersion.version)))
        assert [v.version for v in versions] == [1, 2]
        assert definition_of(versions[0]) == rubric
        assert definition_of(versions[1]) == changed
        assert versions[0].source_yaml == RUBRIC_YAML
        assert versions[0].created_by == "Оксана"
        assert versions[0].created_at.tzinfo is not None
        assert session.scalars(select(Rubric.name)).one() == "Основи підтримки"


def test_recording_a_review_stores_the_right_score(pg_db: Database, tmp_path: Path) -> None:
    import_file(pg_db, write_jsonl(tmp_path / "export.jsonl", conversations_v1()))
    rubric = load_rubric_text(RUBRIC_YAML, "support-basics.yaml")
    submitted = datetime(2024, 3, 7, 18, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    with pg_db.session() as session:
        added = add_rubric(session, rubric, RUBRIC_YAML)
        version = session.get(RubricVersion, added.version_id)
        assert version is not None
        reviewer, created = find_or_create_user(session, "Оксана Шевченко")
        assert created
        again, created_again = find_or_create_user(session, "оксана шевченко")
        assert (again.id, created_again) == (reviewer.id, False)
        conversation_ids = dict(
            session.execute(select(Conversation.external_id, Conversation.id)).all()
        )
        good = record_review(
            session,
            conversation_id=conversation_ids["ru-1"],
            reviewer_id=reviewer.id,
            rubric_version=version,
            ratings={
                "greeting": "pass",
                "empathy": RatingInput(4, comment="Трохи поспішила", root_causes=["rushed"]),
                "compliance": "N/A",
            },
            comment="Гарна робота 👍",
            submitted_at=submitted,
            time_spent_seconds=95.5,
        )
        failed = record_review(
            session,
            conversation_id=conversation_ids["zh-1"],
            reviewer_id=reviewer.id,
            rubric_version=version,
            ratings={"greeting": "yes", "empathy": 5, "compliance": "fail"},
        )
        good_id, failed_id = good.id, failed.id

    with pg_db.reader() as session:
        review = session.get(Review, good_id)
        assert review is not None
        # (1 × 1 + 3 × 0.75) / 4: N/A and weight 0 leave the score alone.
        assert review.score == pytest.approx(81.25)
        assert (review.passed, review.critical_fail, review.status) == (True, False, "submitted")
        assert review.submitted_at == datetime(2024, 3, 7, 13, 0, tzinfo=UTC)
        assert review.comment == "Гарна робота 👍"
        assert review.time_spent_seconds == 95.5
        ratings = {
            r.criterion_id: r
            for r in session.scalars(select(Rating).where(Rating.review_id == good_id))
        }
        assert {k: (r.value, r.fraction) for k, r in ratings.items()} == {
            "greeting": ("pass", 1.0),
            "empathy": ("4", 0.75),
            "compliance": ("NA", None),
        }
        assert ratings["empathy"].root_causes == ["rushed"]
        assert ratings["empathy"].comment == "Трохи поспішила"

        critical = session.get(Review, failed_id)
        assert critical is not None
        assert (critical.score, critical.critical_fail, critical.passed) == (0.0, True, False)
