"""Importing call transcripts (plain text and speech-to-text JSON), one call per file, into a real
SQLite database: the real Harper Valley calls and fixtures written like real exports."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from qa_desk.cli import main
from qa_desk.db import Database
from qa_desk.db.models import Conversation, Message
from qa_desk.errors import InputError
from qa_desk.ingest import (
    FORMATS,
    ImportOptions,
    detect_format,
    import_file,
    read_records,
    transcript_json,
    transcript_text,
)
from qa_desk.ingest.source import open_source
from qa_desk.ingest.speakers import assign_roles, label_role
from tests.conftest import REALDATA

HARPER = REALDATA / "harper-valley"
CALLS = sorted((HARPER / "transcript").glob("*.json"))
FIXTURES = REALDATA / "transcripts"


def stored(db: Database) -> dict[str, dict[str, Any]]:
    """Every stored conversation by external id, with its messages in order."""
    with db.session() as session:
        result = {}
        for c in session.scalars(select(Conversation)):
            result[c.external_id] = {
                "source": c.source,
                "channel": c.channel,
                "agent": c.agent.name if c.agent else None,
                "customer": c.customer_name,
                "csat": c.csat,
                "tags": sorted(c.tags),
                "fields": dict(c.fields),
                "started_at": c.started_at,
                "ended_at": c.ended_at,
                "messages": [(m.role, m.author, m.sent_at, m.text) for m in c.messages],
            }
        return result


def count(db: Database, model: type) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def one(path: Path, **options: Any) -> Any:
    records = list(read_records(path, options=ImportOptions(**options)))
    assert len(records) == 1
    return records[0]


def test_transcript_formats_come_after_the_help_desk_formats_and_before_csv() -> None:
    names = list(FORMATS)
    first = names.index("transcript_json")
    assert first < names.index("transcript_text") < names.index("csv")
    assert set(names) - {"csv", "transcript_json", "transcript_text"} <= set(names[:first])


# --- the real Harper Valley calls ---------------------------------------------------------------


def test_harper_valley_calls_import_with_their_metadata(db: Database) -> None:
    for path in CALLS:
        assert import_file(db, path).format == "transcript_json"
    calls = stored(db)
    assert sorted(calls) == ["004860b1ab2e4c88", "0091a706bc604188"]
    call = calls["004860b1ab2e4c88"]
    assert (call["source"], call["channel"]) == ("calls", "phone")
    assert (call["agent"], call["customer"]) == ("Robert", "Mary Smith")
    assert call["csat"] == 5.0  # the caller's 10 of 10, on the 1–5 scale
    assert call["tags"] == ["replace card"]
    assert call["started_at"] == datetime(2020, 5, 30, 17, 43, 29, 249000, tzinfo=UTC)
    assert call["ended_at"] == datetime(2020, 5, 30, 17, 44, 14, 497000, tzinfo=UTC)
    fields = call["fields"]
    assert fields["caller_rating"] == 10
    assert fields["duration_seconds"] == 45.248  # end_time_ms - start_time_ms
    assert fields["agent_talk_seconds"] == 19.29
    assert fields["customer_talk_seconds"] == 5.43
    # no speech overlaps in this call: talk and silence add up to the call
    total = fields["agent_talk_seconds"] + fields["customer_talk_seconds"]
    assert fields["silence_seconds"] == pytest.approx(fields["duration_seconds"] - total)
    messages = call["messages"]
    assert len(messages) == 12  # segments of only [noise] / <unk> are no turns
    assert messages[0] == (
        "agent",
        "Robert",
        datetime(2020, 5, 30, 17, 43, 33, 85000, tzinfo=UTC),  # start_timestamp_ms
        "hello this is harper valley national bank my name is robert how can i help you today",
    )
    # the human transcript wins over the recogniser's ("happy valley", "were you wanted")
    assert messages[5][3] == "uh which card would you like to replace"
    assert [m[0] for m in messages[:3]] == ["agent", "customer", "customer"]
    assert messages[-1][:2] == ("agent", "Robert") and messages[-1][3] == "bye"
    other = calls["0091a706bc604188"]
    assert (other["agent"], other["customer"], other["tags"]) == (
        "Jennifer",
        "Elizabeth Davis",
        ["check balance"],
    )


def test_importing_the_same_calls_again_changes_nothing(db: Database) -> None:
    for path in CALLS:
        import_file(db, path)
    again = [import_file(db, path).counts for path in CALLS]
    assert [(c.added, c.updated, c.unchanged) for c in again] == [(0, 0, 1), (0, 0, 1)]


def test_without_metadata_the_call_keeps_its_own_times(data_dir: Path) -> None:
    alone = data_dir / "calls" / "004860b1ab2e4c88.json"
    alone.parent.mkdir()
    shutil.copy(CALLS[0], alone)
    record = one(alone)
    assert record.agent is None and record.csat is None
    # the earliest segment's absolute time less its offset
    assert record.started_at == datetime(2020, 5, 30, 17, 43, 29, 355000, tzinfo=UTC)
    assert record.messages[0].author == "agent"  # the label: no name is known
    assert record.fields["duration_seconds"] == 44.58  # to the end of the last segment


def test_metadata_named_on_the_command_line_is_read_with_its_transcript(
    db_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "a").mkdir()
    (data_dir / "b").mkdir()
    transcript = shutil.copy(CALLS[1], data_dir / "a" / CALLS[1].name)
    metadata = shutil.copy(HARPER / "metadata" / CALLS[1].name, data_dir / "b" / CALLS[1].name)
    assert main(["--db", db_url, "import", str(transcript), str(metadata)]) == 0
    out = capsys.readouterr().out
    assert out.count("1 added") == 1 and str(metadata) not in out
    from qa_desk.db import open_database

    call = stored(open_database(db_url))["0091a706bc604188"]
    assert (call["agent"], call["csat"]) == ("Jennifer", 5.0)


def test_metadata_chosen_with_its_transcript_is_its_companion(data_dir: Path) -> None:
    """The import window imports files together through the format's ``gather``."""
    (data_dir / "a").mkdir()
    (data_dir / "b").mkdir()
    transcript = Path(shutil.copy(CALLS[1], data_dir / "a" / "call-7.json"))
    metadata = Path(
        shutil.copy(HARPER / "metadata" / CALLS[1].name, data_dir / "b" / "call-7.json")
    )
    sources = [open_source(transcript), open_source(metadata)]
    with transcript_json.gather(sources, ImportOptions()) as (options, companions):
        assert companions == {str(metadata): "call metadata of call-7"}
        record = next(transcript_json.read(sources[0], options))
    assert (record.agent.name, record.csat) == ("Jennifer", 5.0)
    assert record.external_id == "0091a706bc604188"  # the metadata's sid


def test_a_metadata_file_alone_is_refused_with_one_line(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    metadata = HARPER / "metadata" / CALLS[0].name
    assert main(["--db", db_url, "import", str(metadata)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "metadata without its transcript" in err[0]
    with pytest.raises(InputError, match="call's metadata, not a transcript"):
        list(read_records(metadata))


def test_a_broken_metadata_file_names_itself_and_the_key(data_dir: Path) -> None:
    (data_dir / "transcript").mkdir()
    (data_dir / "metadata").mkdir()
    transcript = shutil.copy(CALLS[0], data_dir / "transcript" / CALLS[0].name)
    meta = json.loads((HARPER / "metadata" / CALLS[0].name).read_text("utf-8"))
    meta["caller"]["survey_response"]["data"]["partner_rating"] = "great"
    bad = data_dir / "metadata" / CALLS[0].name
    bad.write_text(json.dumps(meta), "utf-8")
    with pytest.raises(InputError) as caught:
        list(read_records(transcript))
    assert str(caught.value) == (
        f"{bad}: caller.survey_response.data.partner_rating: must be a number, not 'great'"
    )


def harper_as_text(path: Path) -> str:
    """A Harper Valley call written as a plain-text transcript, ``[hh:mm:ss.fff] Role: text``."""
    lines = []
    for segment in json.loads(path.read_text("utf-8")):
        ms = segment["offset_ms"]
        stamp = (
            f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"
        )
        role = "Agent" if segment["speaker_role"] == "agent" else "Caller"
        lines.append(f"[{stamp}] {role}: {segment['human_transcript']}")
    return "\n".join(lines) + "\n"


def test_harper_valley_as_plain_text_gives_the_same_turns(data_dir: Path) -> None:
    for path in CALLS:
        text_file = data_dir / f"{path.stem}.txt"
        text_file.write_text(harper_as_text(path), "utf-8")
        from_text = one(text_file, started_at=datetime(2020, 5, 30, 17, 0, tzinfo=UTC))
        from_json = one(path)
        assert [(m.role, m.text) for m in from_text.messages] == [
            (m.role, m.text) for m in from_json.messages
        ]
        assert from_text.external_id == from_json.external_id == path.stem
        first = json.loads(path.read_text("utf-8"))[0]["offset_ms"]
        assert from_text.started_at == datetime(2020, 5, 30, 17, 0, tzinfo=UTC)
        assert from_text.messages[0].at > from_text.started_at + timedelta(milliseconds=first)


# --- plain text ---------------------------------------------------------------------------------


def test_plain_text_turns_times_continuations_and_empty_turns(data_dir: Path) -> None:
    path = FIXTURES / "card-blocked.txt"
    assert detect_format(open_source(path)) == "transcript_text"
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    record = one(path, started_at=start)
    assert (record.external_id, record.source, record.channel) == ("card-blocked", "calls", "phone")
    roles = [m.role for m in record.messages]
    assert roles == ["agent", "customer"] * 5
    assert record.messages[1].text == (
        "Hi, my card got blocked when I tried to pay at a petrol station.\n"
        'It says "declined — contact issuer" on the terminal.'
    )
    assert record.messages[3].text == "Zoë Brontë, fourteenth of May 1987."
    assert record.messages[4].at == start + timedelta(
        seconds=31
    )  # the empty and noise turns left out
    assert record.started_at == start
    assert record.fields == {"duration_seconds": 59.0}  # no turn lengths: no talk times


def test_without_a_start_time_the_turns_have_none(data_dir: Path) -> None:
    record = one(FIXTURES / "card-blocked.txt")
    assert record.started_at is None and all(m.at is None for m in record.messages)
    assert record.fields == {"duration_seconds": 59.0}


def test_a_date_and_time_in_the_file_name_is_the_start(data_dir: Path) -> None:
    named = shutil.copy(FIXTURES / "card-blocked.txt", data_dir / "call_20260302-141500.txt")
    record = one(Path(named), zone=ZoneInfo("Europe/Kyiv"))
    assert record.started_at == datetime(2026, 3, 2, 12, 15, tzinfo=UTC)
    assert record.messages[0].at == datetime(2026, 3, 2, 12, 15, 1, tzinfo=UTC)


def test_other_languages_name_their_agent(data_dir: Path) -> None:
    russian = one(FIXTURES / "оператор-звонок.txt")
    assert russian.external_id == "оператор-звонок"
    assert [m.role for m in russian.messages][:3] == ["agent", "customer", "agent"]
    assert russian.messages[1].text == "Добрый день. Не приходит посылка, трек 4471-ЕК."
    chinese = one(FIXTURES / "客服通话.txt")
    assert [m.role for m in chinese.messages] == ["agent", "customer"] * 3
    assert chinese.messages[3].text == "13800001234。"
    assert chinese.fields == {}  # no times at all


def test_clock_times_are_read_in_the_import_time_zone() -> None:
    record = one(FIXTURES / "clock-2026-03-02.txt", zone=ZoneInfo("Europe/Lisbon"))
    assert record.started_at == datetime(2026, 3, 2, 9, 15, 5, tzinfo=UTC)  # WET is UTC+0 in March
    assert [m.role for m in record.messages] == ["agent", "customer", "agent", "customer", "agent"]
    assert record.fields["duration_seconds"] == 22.0


def test_named_speakers_need_the_agent_named(db_url: str, capsys: pytest.CaptureFixture[str]):
    path = FIXTURES / "dana-and-maria.txt"
    with pytest.raises(InputError) as caught:
        one(path)
    assert str(caught.value) == (
        f"{path}: speaker: cannot tell which speaker is the agent (speakers: Maria, Dana); "
        "name the agent with --agent-speaker"
    )
    record = one(path, agent_speaker="dana")
    assert [m.role for m in record.messages] == ["customer", "agent"] * 2 + ["customer"]
    assert (record.agent.name, record.customer.name) == ("Dana", "Maria")
    assert main(["--db", db_url, "import", "--agent-speaker", "Dana", str(path)]) == 0
    assert main(["--db", db_url, "import", "--agent-speaker", "Priya", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"qa-desk: {path}: speaker: no speaker called 'Priya' (speakers: Maria, Dana); "
                   "check --agent-speaker"]  # fmt: skip


def test_cli_imports_with_agent_speaker(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "card-blocked.txt"
    assert main(["--db", db_url, "import", "--agent-speaker", "Agent", str(path)]) == 0
    assert "1 added" in capsys.readouterr().out
    assert main(["--db", db_url, "import", "--started-at", "yesterday", str(path)]) == 2
    assert capsys.readouterr().err.startswith("qa-desk: --started-at: 'yesterday' is not")


def test_roles_from_a_mapping_name_the_speakers(data_dir: Path) -> None:
    path = data_dir / "kasia.txt"
    path.write_text("Tom: Hi, my router blinks red.\nKasia: Let's restart it together.\n", "utf-8")
    record = one(path, roles={"kasia": "agent"})
    assert [m.role for m in record.messages] == ["customer", "agent"]


def test_a_bad_line_names_the_line_and_nothing_is_stored(db: Database) -> None:
    path = FIXTURES / "broken-line.txt"
    with pytest.raises(InputError) as caught:
        import_file(db, path)
    assert str(caught.value) == (
        f"{path}:4: time: '00:00:75' is not a time (hh:mm:ss from the call's start)"
    )
    assert count(db, Conversation) == 0 and count(db, Message) == 0


@pytest.mark.parametrize(
    ("line", "time"),
    [
        ("[00:0x:05] Agent: bad time", "00:0x:05"),
        ("00:0x:05 Agent: bad time", "00:0x:05"),
        ("(1:2x) Dana Smith: Sure", "1:2x"),
        ("[00.05] Agent: Sure", "00.05"),
        ("[2026-03-02 09:1x] Agent: Sure", "2026-03-02 09:1x"),
    ],
)
def test_a_turn_with_a_malformed_time_is_refused_not_merged(
    db: Database, data_dir: Path, line: str, time: str
) -> None:
    path = data_dir / "call.txt"
    path.write_text(f"Agent: Hello, thank you for calling\nCustomer: hi\n{line}\n", "utf-8")
    with pytest.raises(InputError) as caught:
        import_file(db, path)
    assert str(caught.value) == (
        f"{path}:3: time: '{time}' is not a time (hh:mm:ss from the call's start)"
    )
    assert count(db, Conversation) == 0 and count(db, Message) == 0


def test_a_malformed_time_on_the_first_line_is_named_too(data_dir: Path) -> None:
    path = data_dir / "call.txt"
    path.write_text("[00:0x:01] Agent: Hello\nCustomer: hi\n", "utf-8")
    with pytest.raises(InputError, match=r"call\.txt:1: time: '00:0x:01' is not a time"):
        list(read_records(path))


def test_continuation_lines_that_look_a_little_like_turns_stay_continuations(
    data_dir: Path,
) -> None:
    path = data_dir / "call.txt"
    lines = ["12:30 works for me", "[laughs] Agent: said that", "[Step 2: reset] Router: on"]
    path.write_text("Agent: Hello\nCustomer: hi\n" + "\n".join(lines) + "\n", "utf-8")
    record = one(path)
    assert [m.text for m in record.messages] == ["Hello", "\n".join(["hi", *lines])]


def test_text_that_is_not_utf8_names_the_line(data_dir: Path) -> None:
    path = data_dir / "latin1.txt"
    path.write_bytes("Agent: Hello\nCustomer: Grüße\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.txt:2: not UTF-8"):
        one(path, agent_speaker="Agent")
    utf16 = data_dir / "notepad.txt"
    utf16.write_bytes("Agent: Hello\r\nCustomer: Grüße\r\n".encode("utf-16"))
    assert detect_format(open_source(utf16)) == "transcript_text"
    assert [m.text for m in one(utf16).messages] == ["Hello", "Grüße"]


def test_a_line_before_any_speaker_is_refused(data_dir: Path) -> None:
    path = data_dir / "header.txt"
    path.write_text("Call with Northwind Bank\nAgent: Hello\n", "utf-8")
    with pytest.raises(InputError, match=r"header\.txt:1: speaker: expected a turn"):
        list(read_records(path, "transcript_text"))


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        ("Agent: Hello", (None, "Agent", "Hello")),
        ("[00:01:02] Customer: Hi", ("00:01:02", "Customer", "Hi")),
        ("0:05 - SPEAKER_00: Yes", ("0:05", "SPEAKER_00", "Yes")),
        ("(01:05.5) Dana Smith: Sure", ("01:05.5", "Dana Smith", "Sure")),
        ("客服：您好", (None, "客服", "您好")),
        ("caller: hello", (None, "caller", "hello")),
        ("so what I meant was: the card", None),
        ("https://example.com: link", None),
        ("conversation_id,role,text", None),
        ('{"id": "T-1"}', None),
        ("12:30 works for me", None),
    ],
)
def test_what_a_turn_line_is(line: str, parsed: tuple[str | None, str, str] | None) -> None:
    assert transcript_text.parse_line(line) == parsed


# --- JSON segments ------------------------------------------------------------------------------


def test_whisper_segments_in_seconds_with_diarized_speakers() -> None:
    path = FIXTURES / "whisper-diarized.json"
    record = one(path, started_at=datetime(2026, 5, 4, 16, 0, tzinfo=UTC))
    assert record.external_id == "whisper-diarized" and record.language == "en"
    # SPEAKER_01 opens with "Thank you for calling": the agent
    assert [m.role for m in record.messages] == ["agent", "customer"] * 3 + ["agent"]
    assert record.messages[4].text == "Thanks. Yes, glass damage is covered with a £75 excess."
    assert record.messages[1].at == datetime(2026, 5, 4, 16, 0, 3, 900000, tzinfo=UTC)
    assert record.fields == {
        "duration_seconds": 25.9,
        "agent_talk_seconds": 14.97,
        "customer_talk_seconds": 8.86,
        "silence_seconds": 2.07,
    }
    assert record.agent is None  # SPEAKER_01 is no name


def test_assemblyai_utterances_in_milliseconds() -> None:
    record = one(FIXTURES / "assemblyai-utterances.json", agent_speaker="A")
    assert record.external_id == "tailspin-88213"
    assert record.fields["duration_seconds"] == 26.0  # audio_duration
    assert record.fields["agent_talk_seconds"] == pytest.approx(3.86 + 6.3 + 5.5)
    assert [m.author for m in record.messages[:2]] == ["A", "B"]


def test_channels_without_speakers_and_a_start_in_the_file() -> None:
    path = FIXTURES / "two-channels.json"
    with pytest.raises(InputError, match=r"speakers: channel 1, channel 0"):
        one(path)
    record = one(path, agent_speaker="1")
    assert record.external_id == "AW-2026-0412"
    assert record.started_at == datetime(2026, 4, 12, 12, 3, tzinfo=UTC)
    assert [m.role for m in record.messages] == ["agent", "customer", "agent", "customer"]
    assert record.fields["silence_seconds"] == pytest.approx(0.4 + 0.5)


def test_a_corrupt_segment_names_file_segment_and_field(db: Database) -> None:
    path = FIXTURES / "broken-segment.json"
    with pytest.raises(InputError) as caught:
        import_file(db, path)
    line = next(
        n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if '"id": 3' in text
    )
    assert str(caught.value) == (
        f"{path}:{line - 1}: segments[3].start: must be a number, not '11.3s'"
    )
    assert count(db, Conversation) == 0 and count(db, Message) == 0


@pytest.mark.parametrize(
    ("segment", "message"),
    [
        ({"speaker": "A", "start": 1.0, "end": 0.5, "text": "x"}, "segments[1].end: before the"),
        ({"speaker": "A", "start": -1.0, "text": "x"}, "segments[1].start: -1 is negative"),
        ({"speaker": "A", "start": 1e9, "text": "x"}, "segments[1].start: 1e+09 seconds is not"),
        ({"speaker": "A", "start": 10**400, "text": "x"}, "segments[1].start: must be a number of"),
        ({"speaker": True, "start": 1.0, "text": "x"}, "segments[1].speaker: must be a name"),
        ({"speaker": "A", "start": 1.0, "text": 5}, "segments[1].text: must be text, not int"),
        ({"start": 1.0, "end": 2.0, "text": "hello"}, "segments[1].speaker: missing"),
        ("hello", "segments[1]: must be an object"),
    ],
)
def test_bad_segments_are_named(data_dir: Path, segment: Any, message: str) -> None:
    path = data_dir / "call.json"
    good = {"speaker": "Agent", "start": 0.0, "end": 1.0, "text": "Hello, how can I help?"}
    path.write_text(json.dumps({"segments": [good, segment]}), "utf-8")
    with pytest.raises(InputError) as caught:
        one(path)
    assert f"{path}:1: {message}" in str(caught.value)  # one line: the whole file


def test_segments_without_any_speaker_are_refused(data_dir: Path) -> None:
    path = data_dir / "plain-whisper.json"
    path.write_text(json.dumps({"segments": [{"start": 0.0, "end": 1.0, "text": "Hi"}]}), "utf-8")
    with pytest.raises(InputError, match="no segment names its speaker or channel"):
        one(path)


def test_dialogue_datasets_whose_turns_hold_segment_keys_are_not_transcripts(
    data_dir: Path,
) -> None:
    # Schema-Guided Dialogue: a list of dialogues whose turns carry "speaker" and whose slot
    # annotations carry "start", as the full dataset file has them.
    dialogues = json.loads((REALDATA / "sgd" / "dev_banks_sample.json").read_text("utf-8"))
    for dialogue in dialogues:
        for turn in dialogue["turns"]:
            turn["frames"] = [{"slots": [{"slot": "amount", "start": 0, "exclusive_end": 4}]}]
    path = data_dir / "dev_banks_dialogues.json"
    path.write_text(json.dumps(dialogues, indent=2), "utf-8")
    with pytest.raises(InputError) as caught:
        detect_format(open_source(path))
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot tell the format: it is none of those QA Desk reads")
    assert "transcript_json" in message and "--format" in message and "--mapping" in message
    # a segment list keeps being one, and so do segments under an object's "results"
    segments = data_dir / "segments.json"
    segments.write_text('[{"text": "Hi", "speaker": "A", "start": 0.5}]', "utf-8")
    assert detect_format(open_source(segments)) == "transcript_json"
    segments.write_text('{"results": {"utterances": [{"speaker": 0, "start": 5}]}}', "utf-8")
    assert detect_format(open_source(segments)) == "transcript_json"
    segments.write_text('{"data": {"segments": [{"speaker": "A", "start": 1}]}}', "utf-8")
    with pytest.raises(InputError, match="cannot tell the format"):
        detect_format(open_source(segments))


@pytest.mark.parametrize("content", [b"", b"\n \n", b"\xef\xbb\xbf\r\n", b"\xff\xfe\n\x00"])
@pytest.mark.parametrize("name", ["empty.jsonl", "empty.json", "empty.txt", "empty.csv"])
def test_an_empty_file_is_called_empty(data_dir: Path, name: str, content: bytes) -> None:
    path = data_dir / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        detect_format(open_source(path))
    assert str(caught.value) == f"{path}: the file is empty: nothing to import"


def test_csv_and_jsonl_are_never_taken_for_transcripts(data_dir: Path) -> None:
    rows = "conversation_id,role,text\nT-1,customer,Agent: please help\nT-1,agent,Sure: done\n"
    for name in ("export.csv", "export.txt", "export"):
        (data_dir / name).write_text(rows, "utf-8")
        assert detect_format(open_source(data_dir / name)) == "csv"
    line = json.dumps({"id": "T-1", "messages": [{"role": "agent", "text": "Agent: hi"}]})
    (data_dir / "export.jsonl").write_text(line + "\n", "utf-8")
    assert detect_format(open_source(data_dir / "export.jsonl")) == "jsonl"
    (data_dir / "notes.csv").write_text("Agent: hello\nCustomer: hi\n", "utf-8")
    assert not transcript_text.detect((data_dir / "notes.csv").read_bytes(), "notes.csv")
    assert not transcript_json.detect(b'[{"id": 1, "text": "x"}]', "x.json")


def test_role_words_in_labels() -> None:
    labels = ("Agent Dana", "Caller", "Оператор", "客服", "Speaker 1")
    assert [label_role(x) for x in labels] == ["agent", "customer", "agent", "agent", None]
    assert label_role("Customer Service") == "agent"
    roles = assign_roles(["Customer", "Dana"], "f")
    assert roles == {"Customer": "customer", "Dana": "agent"}
    assert assign_roles(["IVR", "Agent", "Bob"], "f") == {
        "IVR": "bot",
        "Agent": "agent",
        "Bob": "customer",
    }


def test_machines_in_a_text_transcript_are_not_people(data_dir: Path) -> None:
    path = data_dir / "call.txt"
    path.write_text(
        "[00:00:00] IVR: Press 1 for cards, 2 for loans.\n"
        "[00:00:04] Recording: This call may be recorded for training.\n"
        "[00:00:09] Automated Attendant: Connecting you now.\n"
        "[00:00:12] System: Call transferred to queue Cards.\n"
        "[00:00:15] Dana: Thank you for calling, how can I help?\n"
        "[00:00:20] Bob: My card was declined.\n",
        "utf-8",
    )
    record = one(path)
    assert [(m.author, m.role) for m in record.messages] == [
        ("IVR", "bot"),
        ("Recording", "system"),
        ("Automated Attendant", "bot"),
        ("System", "system"),
        ("Dana", "agent"),  # found by her greeting: the machines are not candidates
        ("Bob", "customer"),
    ]
    record = one(path, agent_speaker="Dana")
    assert [m.role for m in record.messages] == [
        "bot",
        "system",
        "bot",
        "system",
        "agent",
        "customer",
    ]


# --- nothing crashes, nothing half-stored -------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)
SEGMENT = st.fixed_dictionaries(
    {},
    optional={
        "speaker": st.one_of(st.sampled_from(["Agent", "Caller", "A", "SPEAKER_00"]), JSON_VALUES),
        "channel": st.integers(-2, 3),
        "start": st.one_of(st.floats(-5, 1e7), st.integers(-5, 10**8), JSON_VALUES),
        "end": st.one_of(st.floats(-5, 1e7), st.integers(-5, 10**8)),
        "start_ms": st.integers(-5, 10**12),
        "duration_ms": st.integers(-5, 10**12),
        "start_timestamp_ms": st.one_of(st.integers(), st.text(max_size=30)),
        "text": st.one_of(st.text(max_size=40), JSON_VALUES),
    },
)
TRANSCRIPTS = st.one_of(
    JSON_VALUES,
    st.lists(SEGMENT, max_size=6),
    st.fixed_dictionaries(
        {"segments": st.lists(SEGMENT, max_size=6)},
        optional={
            "id": JSON_VALUES,
            "started_at": JSON_VALUES,
            "time_unit": JSON_VALUES,
            "duration": JSON_VALUES,
            "language": JSON_VALUES,
            "agent": JSON_VALUES,
        },
    ),
)


def _import_or_refuse(db: Database, path: Path, fmt: str) -> None:
    """Import ``path``: it is stored whole, or refused with InputError and nothing changes."""
    before = (count(db, Conversation), count(db, Message))
    try:
        records = list(read_records(path, fmt))
    except InputError:
        records = None
    try:
        result = import_file(db, path, fmt)
    except InputError:
        assert (count(db, Conversation), count(db, Message)) == before
        return
    assert records is not None and result.counts.conversations == 1
    assert count(db, Conversation) <= before[0] + 1


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400), name=st.sampled_from(["t.txt", "t.json", "t"]))
def test_random_bytes_never_crash_the_readers(db: Database, data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        for fmt in ("transcript_text", "transcript_json"):
            _import_or_refuse(db, path, fmt)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=TRANSCRIPTS)
def test_random_json_never_crashes_the_reader(db: Database, data: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "call.json"
        path.write_text(json.dumps(data), "utf-8")
        _import_or_refuse(db, path, "transcript_json")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        st.tuples(
            st.sampled_from(["", "[00:00:01] ", "00:61:00 ", "[2026-03-02 09:00:00] ", "(1:05) "]),
            st.sampled_from(["Agent", "Customer", "Dana", "客服", "x", ""]),
            st.sampled_from([": ", "：", " "]),
            st.text(max_size=30),
        ),
        max_size=8,
    )
)
def test_random_text_transcripts_never_crash_the_reader(db: Database, lines: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "call.txt"
        path.write_text("\n".join("".join(parts) for parts in lines), "utf-8")
        _import_or_refuse(db, path, "transcript_text")


def test_the_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    from benchmarks import transcripts_speed

    results, details = transcripts_speed.measure(20, folder=tmp_path, repeats=1)
    assert [r.name for r in results] == ["read text transcripts", "read json transcripts"]
    assert all(r.figure > 0 and r.baseline and r.unit == "ms/1k" for r in results)
    assert details["text"]["counts"] == details["json"]["counts"] == (20, 200)
    assert details["import_per_second"] > 0
