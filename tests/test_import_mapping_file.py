"""The column-mapping file (``--mapping FILE.yaml``): columns and role values of a CSV export QA
Desk does not know, checked with messages that name the file, line and key."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from qa_desk.cli import build_parser, main
from qa_desk.db import open_database
from qa_desk.db.models import Conversation
from qa_desk.errors import InputError
from qa_desk.ingest import FORMATS, ImportOptions, read_records
from qa_desk.ingest.csv_columns import COLUMNS
from qa_desk.ingest.mapping_file import ColumnMapping, dumps, load, loads, save

HEADER = ["Ticket Ref", "Sent", "From", "Name", "Body", "Mood"]
ROWS = [
    ["HX-1", "2026-03-02 09:00", "Member", "Olha", "Мені не приходить SMS-код.", "annoyed"],
    ["HX-1", "2026-03-02 09:01", "Rep", "Dana", "Let me resend it.", ""],
    ["HX-1", "2026-03-02 09:01", "IVR", "", "Code sent.", ""],
    ["HX-2", "2026-03-03 10:00", "Member", "Sam", "Where is my refund?", "calm"],
    ["HX-2", "2026-03-03 10:04", "agent", "Ann", "It left us yesterday.", ""],
]
MAPPING = """\
# Mapping for the Hexa help desk's export
columns:
  Ticket Ref: conversation_id
  Sent: timestamp
  From: role
  Name: author
  Body: text
  Mood: ignore
roles:
  Rep: agent
  Member: customer
  IVR: bot
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def export(data_dir: Path) -> Path:
    path = data_dir / "hexa-export.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([HEADER, *ROWS])
    return path


def test_the_file_gives_columns_and_roles(data_dir: Path) -> None:
    mapping = load(write(data_dir / "hexa.yaml", MAPPING))
    assert mapping.columns == {
        "Ticket Ref": "conversation_id",
        "Sent": "timestamp",
        "From": "role",
        "Name": "author",
        "Body": "text",
        "Mood": "",
    }
    assert mapping.roles == {"Rep": "agent", "Member": "customer", "IVR": "bot"}


def test_a_csv_imports_with_the_mapping_file(export: Path, data_dir: Path) -> None:
    mapping = load(write(data_dir / "hexa.yaml", MAPPING))
    records = list(read_records(export, options=mapping.apply(ImportOptions())))
    assert [r.external_id for r in records] == ["HX-1", "HX-2"]
    assert [m.role for m in records[0].messages] == ["customer", "agent", "bot"]
    assert [m.role for m in records[1].messages] == ["customer", "agent"]  # "agent" as usual
    assert records[0].messages[0].text == "Мені не приходить SMS-код."
    # the same mapping as the import window's ImportOptions.columns gives the same records
    window = ImportOptions(columns=mapping.columns, roles=mapping.roles)
    assert list(read_records(export, options=window)) == records


def test_cli_imports_with_mapping(
    export: Path, data_dir: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = write(data_dir / "hexa.yaml", MAPPING)
    assert main(["--db", db_url, "import", str(export)]) == 2  # unknown headers without it
    capsys.readouterr()
    assert main(["--db", db_url, "import", "--mapping", str(mapping), str(export)]) == 0
    assert "2 added" in capsys.readouterr().out
    with open_database(db_url).session() as session:
        ids = sorted(session.scalars(select(Conversation.external_id)))
    assert ids == ["HX-1", "HX-2"]


def test_a_role_value_not_mapped_points_at_roles(export: Path, data_dir: Path) -> None:
    mapping = load(write(data_dir / "cols.yaml", MAPPING.split("roles:")[0]))
    with pytest.raises(InputError) as caught:
        list(read_records(export, options=mapping.apply(ImportOptions())))
    assert str(caught.value).startswith(f"{export}:4: role: 'IVR' is not a role")
    assert "or map it in roles:" in str(caught.value)


def test_names_qa_desk_knows_and_ignore_words_are_accepted() -> None:
    mapping = loads("columns:\n  Ref: ticket_id\n  Words: Body\n  Notes: ''\n  X: skip\n")
    assert mapping.columns == {"Ref": "conversation_id", "Words": "text", "Notes": "", "X": ""}
    assert loads("roles:\n  Yes: agent\n  1: Customer\n").roles == {"Yes": "agent", "1": "customer"}
    assert loads("columns:\nroles: {}\n") == ColumnMapping()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("columns:\n  Ticket Ref: conversation\n  Sent: timestmp\n",
         "m.yaml:3: columns.Sent: 'timestmp' is not a QA Desk column (did you mean 'timestamp'?"),
        ("colums:\n  A: text\n", "m.yaml:1: colums: unknown key (did you mean 'columns'?)"),
        ("columns:\n  A: text\n  a: role\n", "m.yaml:3: columns.a: given twice (also on line 2)"),
        ("columns:\n  A: text\n  B: body\n",
         "m.yaml:3: columns.B: 'A' is mapped to text already (one each)"),
        ("columns:\n  conversation_id: Ref No\n",
         "m.yaml:2: columns.conversation_id: 'Ref No' is not a QA Desk column; write the "
         "export's header first, then the column: 'Ref No: conversation_id'"),
        ("columns:\n  A: [text, role]\n", "m.yaml:2: columns.A: must be a single name"),
        ("columns: text\n", "m.yaml:1: columns: must be a mapping of header: QA Desk column"),
        ("roles:\n  Rep: staff\n",
         "m.yaml:2: roles.Rep: 'staff' is not a role (one of: customer, agent, bot, system)"),
        ("- columns\n", "m.yaml:1: must be a mapping with 'columns:' and 'roles:'"),
        ("columns:\n  A: text\n B: role\n", "m.yaml:3: not valid YAML"),
        ("", "m.yaml: empty: expected 'columns:' and/or 'roles:'"),
    ],
)  # fmt: skip
def test_mistakes_name_the_file_line_and_key(text: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        loads(text, "m.yaml")
    assert len(caught.value.problems) == 1
    assert str(caught.value).startswith(problem)


def test_cli_bad_mapping_file_exits_2_with_one_line(
    export: Path, data_dir: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(data_dir / "bad.yaml", "columns:\n  Body: txt\n")
    assert main(["--db", db_url, "import", "--mapping", str(bad), str(export)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"qa-desk: {bad}:2: columns.Body: 'txt' is not a QA Desk column")
    missing = data_dir / "nowhere.yaml"
    assert main(["--db", db_url, "import", "--mapping", str(missing), str(export)]) == 2
    assert capsys.readouterr().err.strip() == f"qa-desk: {missing}: no such mapping file"


def test_a_saved_mapping_reads_back(data_dir: Path) -> None:
    columns = {"Ticket Ref": "conversation_id", "Yes": "text", "Mood": "", "On": "role"}
    roles = {"No": "customer", "Rep": "agent"}
    path = data_dir / "saved.yaml"
    save(path, columns, roles, title="Saved from the import window")
    assert path.read_text("utf-8").startswith("# Saved from the import window\ncolumns:\n")
    assert load(path) == ColumnMapping(columns, roles)
    assert loads(dumps({})) == ColumnMapping()


def test_every_format_is_a_format_choice() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    import_parser = commands.choices["import"]
    fmt = next(a for a in import_parser._actions if a.dest == "format")
    assert fmt.choices == ["auto", *FORMATS]
    assert {"transcript_text", "transcript_json", "csv", "jsonl"} <= set(fmt.choices)


YAMLISH = st.lists(
    st.tuples(
        st.sampled_from(["", "  ", "    ", "- "]),
        st.sampled_from(
            ["columns", "roles", "Body", "Rep", "Yes", "[a", "{", "&x", "*x", "? ", "!!"]
        ),
        st.sampled_from([":", ": ", ":\n", " "]),
        st.sampled_from(["", "text", "agent", "ignore", "[text]", "{a: b}", "'", "|", "~", "x"]),
    ),
    max_size=8,
).map(lambda lines: "\n".join("".join(parts) for parts in lines))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), YAMLISH))
def test_any_text_is_a_mapping_or_an_input_error(text: str) -> None:
    try:
        mapping = loads(text, "m.yaml")
    except InputError as error:
        assert len(error.problems) == 1 and str(error).startswith("m.yaml")
        return
    assert set(mapping.columns.values()) <= {"", *COLUMNS}
    assert set(mapping.roles.values()) <= {"customer", "agent", "bot", "system"}
