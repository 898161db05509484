"""The column-mapping file: for a CSV export QA Desk does not know, what its columns hold and what
its role values mean. It says in a file what the import window's column mapping says
(``ImportOptions.columns``), plus the role values (``ImportOptions.roles``)::

    # QA Desk column mapping for the Acme help desk's export
    columns:
      Ticket Ref: conversation_id
      Sent: timestamp
      From: role
      Name: author
      Body: text
      Mood: ignore          # not imported (also: "")
    roles:
      Rep: agent
      Member: customer
      IVR: bot

``columns`` maps a header, as the export writes it, to a QA Desk column
(:data:`~qa_desk.ingest.csv_columns.COLUMNS`, or a name QA Desk knows for one, such as
``ticket_id``); headers are matched ignoring case, spaces, underscores and dashes, and a header not
named is read from its name as usual. ``roles`` maps a value of the role column (or a transcript's
speaker label) to ``customer``, ``agent``, ``bot`` or ``system``; values not named are read as
usual (``user`` is a customer, ``operator`` an agent, …). Both parts are optional. Every value is
read as text (``Yes: agent`` means the value "Yes", not true).

Anything wrong stops the import with the file, the line and the key: ``map.yaml:4: columns.Sent:
'timestmp' is not a QA Desk column (did you mean 'timestamp'?)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path

import yaml

from qa_desk.errors import InputError, Problem
from qa_desk.ingest.csv_columns import COLUMNS, HEADER_NAMES, IGNORE, clean, normalise
from qa_desk.ingest.fields import MESSAGE_ROLES
from qa_desk.ingest.options import ImportOptions

SECTIONS = ("columns", "roles")
IGNORE_WORDS = ("", "ignore", "ignored", "skip", "none", "null", "~", "-")
"""Values that leave a column out of the import."""
_CANONICAL = {normalise(column): column for column in COLUMNS}


@dataclass(frozen=True)
class ColumnMapping:
    """A mapping file's content: ``columns`` (header → QA Desk column, ``""`` ignored) and
    ``roles`` (role value → role)."""

    columns: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)

    def apply(self, options: ImportOptions) -> ImportOptions:
        """``options`` with this mapping's columns and roles put over theirs."""
        columns = {**(options.columns or {}), **self.columns} if self.columns else options.columns
        roles = {**(options.roles or {}), **self.roles} if self.roles else options.roles
        return replace(options, columns=columns, roles=roles)


def load(path: str | Path) -> ColumnMapping:
    """The mapping in the file at ``path``; :class:`InputError` naming the file, line and key."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(Problem(str(path), "", "no such mapping file")) from None
    except OSError as error:
        raise InputError(Problem(str(path), "", f"cannot read ({error.strerror})")) from None
    except UnicodeDecodeError as error:
        raise InputError(Problem(str(path), "", f"not UTF-8 text ({error.reason})")) from None
    return loads(text, str(path))


def loads(text: str, name: str = "mapping") -> ColumnMapping:
    """The mapping written in ``text`` (``name`` is the file, for messages)."""
    try:
        root = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{name}:{mark.line + 1}" if mark is not None else name
        raise InputError(
            Problem(where, "", f"not valid YAML ({error.problem or error.context})")
        ) from None
    except yaml.YAMLError as error:
        raise InputError(Problem(name, "", f"not valid YAML ({error})")) from None
    if root is None or (isinstance(root, yaml.ScalarNode) and not root.value.strip()):
        raise InputError(Problem(name, "", "empty: expected 'columns:' and/or 'roles:'"))
    sections = _pairs(name, root, "", "a mapping with 'columns:' and 'roles:'")
    found: dict[str, yaml.Node] = {}
    for key, node in sections:
        if key.value not in SECTIONS:
            hint = get_close_matches(key.value, SECTIONS, n=1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else " (expected columns, roles)"
            raise _fail(name, key, key.value, f"unknown key{extra}")
        found[key.value] = node
    columns = _columns(name, found["columns"]) if "columns" in found else {}
    roles = _roles(name, found["roles"]) if "roles" in found else {}
    return ColumnMapping(columns, roles)


def _fail(name: str, node: yaml.Node, key: str, message: str) -> InputError:
    return InputError(Problem(f"{name}:{node.start_mark.line + 1}", key, message))


def _pairs(
    name: str, node: yaml.Node, key: str, expected: str
) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    """The entries of a mapping node (an empty value counts as an empty mapping), each key text
    and written once."""
    if isinstance(node, yaml.ScalarNode) and not node.value.strip():
        return []
    if not isinstance(node, yaml.MappingNode):
        raise _fail(name, node, key, f"must be {expected}")
    seen: dict[str, yaml.Node] = {}
    pairs = []
    for k, v in node.value:
        path = f"{key}.{_text(k)}" if key else _text(k)
        if not isinstance(k, yaml.ScalarNode) or not k.value.strip():
            raise _fail(name, k, key, "each key must be a name")
        same = normalise(k.value) if key else k.value
        if same in seen:
            first = seen[same].start_mark.line + 1
            raise _fail(name, k, path, f"given twice (also on line {first})")
        seen[same] = k
        pairs.append((k, v))
    return pairs


def _text(node: yaml.Node) -> str:
    return clean(node.value) if isinstance(node, yaml.ScalarNode) else "?"


def _value(name: str, node: yaml.Node, path: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _fail(name, node, path, "must be a single name, not a list or mapping")
    return node.value.strip()


def _columns(name: str, node: yaml.Node) -> dict[str, str]:
    columns: dict[str, str] = {}
    taken: dict[str, str] = {}
    for key, value in _pairs(name, node, "columns", "a mapping of header: QA Desk column"):
        header = clean(key.value)
        path = f"columns.{header}"
        written = _value(name, value, path)
        if written.lower() in IGNORE_WORDS:
            columns[header] = IGNORE
            continue
        column = HEADER_NAMES.get(normalise(written))
        if column is None:
            hint = get_close_matches(written.lower(), COLUMNS, n=1)
            if not hint and normalise(header) in _CANONICAL:
                message = (
                    f"'{written}' is not a QA Desk column; write the export's header first, "
                    f"then the column: '{written}: {_CANONICAL[normalise(header)]}'"
                )
            else:
                extra = f"did you mean '{hint[0]}'? " if hint else ""
                message = (
                    f"'{written}' is not a QA Desk column ({extra}one of: {', '.join(COLUMNS)}; "
                    "or ignore)"
                )
            raise _fail(name, value, path, message)
        if column in taken:
            raise _fail(
                name, key, path, f"'{taken[column]}' is mapped to {column} already (one each)"
            )
        taken[column] = header
        columns[header] = column
    return columns


def _roles(name: str, node: yaml.Node) -> dict[str, str]:
    roles: dict[str, str] = {}
    for key, value in _pairs(name, node, "roles", "a mapping of value: role"):
        path = f"roles.{clean(key.value)}"
        role = _value(name, value, path).lower()
        if role not in MESSAGE_ROLES:
            raise _fail(
                name,
                value,
                path,
                f"'{_value(name, value, path)}' is not a role (one of: {', '.join(MESSAGE_ROLES)})",
            )
        roles[clean(key.value)] = role
    return roles


def dumps(
    columns: Mapping[str, str], roles: Mapping[str, str] | None = None, title: str | None = None
) -> str:
    """A mapping file's text for ``columns`` and ``roles`` (what :func:`loads` reads back)."""
    data: dict[str, dict[str, str]] = {}
    if columns:
        data["columns"] = {h: (c if c != IGNORE else "ignore") for h, c in columns.items()}
    if roles:
        data["roles"] = dict(roles)
    heading = f"# {title}\n" if title else "# QA Desk column mapping\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return heading + (body if data else "columns: {}\n")


def save(
    path: str | Path,
    columns: Mapping[str, str],
    roles: Mapping[str, str] | None = None,
    title: str | None = None,
) -> None:
    """Write a mapping file (UTF-8) that :func:`load` reads back as ``columns`` and ``roles``."""
    Path(path).write_text(dumps(columns, roles, title), encoding="utf-8")


__all__ = ["ColumnMapping", "dumps", "load", "loads", "save"]
