"""``qa-desk rubric add|list|show|validate|export``: rubrics and their immutable versions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qa_desk.cli.common import open_db
from qa_desk.errors import InputError
from qa_desk.rubric_loader import load_rubric_file
from qa_desk.rubric_store import add_rubric_file, definition_of, get_version, list_versions


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("rubric", help="add, list, show, validate and export rubrics")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        help="add rubric YAML files (a changed rubric becomes a new version)",
        description="Add rubrics. A file whose id is new adds a rubric; a changed file with a "
        "known id adds its next version; an unchanged one adds nothing. Past reviews keep "
        "the version they were made with.",
    )
    add.add_argument("files", nargs="+", metavar="FILE.yaml")
    add.add_argument("--by", metavar="NAME", help="who is adding it (shown with the version)")
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", help="list rubrics and their versions")
    listing.set_defaults(run=run_list)

    show = actions.add_parser("show", help="show a rubric's sections and criteria")
    show.add_argument("rubric", metavar="ID[@VERSION]")
    show.set_defaults(run=run_show)

    validate = actions.add_parser(
        "validate", help="check rubric YAML files without adding them (exit 2 on problems)"
    )
    validate.add_argument("files", nargs="+", metavar="FILE.yaml")
    validate.set_defaults(run=run_validate)

    export = actions.add_parser("export", help="write a rubric version as YAML")
    export.add_argument("rubric", metavar="ID[@VERSION]")
    export.add_argument("-o", "--output", metavar="FILE.yaml", help="file (default: stdout)")
    export.set_defaults(run=run_export)


def run_add(args: argparse.Namespace) -> int:
    for path in args.files:  # validate them all first: nothing is added if one is wrong
        load_rubric_file(path)
    db = open_db(args)
    with db.session() as session:
        for path in args.files:
            added = add_rubric_file(session, path, args.by)
            state = "added" if added.created else "unchanged, already stored as"
            print(f"{path}: {added.key} {state} version {added.version}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.reader() as session:
        versions = list_versions(session)
    if not versions:
        print("No rubrics yet: add one with `qa-desk rubric add FILE.yaml`.")
        return 0
    header = ("rubric", "version", "criteria", "reviews", "created", "by", "name")
    rows = [
        (
            v.key, str(v.version), str(v.criteria), f"{v.reviews:,}",
            v.created_at.astimezone().strftime("%Y-%m-%d %H:%M"), v.created_by or "", v.name,
        )
        for v in versions
    ]  # fmt: skip
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    numeric = {1, 2, 3}
    for row in (header, *rows):
        print(
            "  ".join(
                c.rjust(w) if i in numeric else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
    return 0


def run_show(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.reader() as session:
        version = get_version(session, args.rubric)
        rubric = definition_of(version)
        number = version.version
    print(f"{rubric.name} ({rubric.id}, version {number}); passes at {rubric.pass_threshold:g}%")
    for section in rubric.sections:
        print(f"\n{section.name}")
        for c in section.criteria:
            flags = [f"weight {c.weight}", c.scale.describe()]
            if c.allow_na:
                flags.append("N/A allowed")
            if c.critical:
                flags.append("CRITICAL")
            if c.autoqa:
                flags.append(f"check: {c.autoqa}")
            print(f"  {c.id}: {c.name}  [{', '.join(flags)}]")
            if c.guidance:
                print(f"      {c.guidance}")
            if c.root_causes:
                print(f"      root causes: {', '.join(c.root_causes)}")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    problems: list[str] = []
    for path in args.files:
        try:
            rubric, _ = load_rubric_file(path)
        except InputError as error:
            problems.extend(str(p) for p in error.problems)
            continue
        count = len(rubric.criterion_ids)
        print(f"{path}: OK ({rubric.id}: {len(rubric.sections)} sections, {count} criteria)")
    for line in problems:
        print(f"qa-desk: {line}", file=sys.stderr)
    return 2 if problems else 0


def run_export(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.reader() as session:
        text = get_version(session, args.rubric).source_yaml
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"{args.output}: written")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
