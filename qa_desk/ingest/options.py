"""What an import may be told beyond the file itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path


@dataclass
class ImportOptions:
    """Choices for one import.

    Attributes:
        source: the source name stored with each conversation when the file does not give one
            (conversations are unique per source and external id); None takes the format's name.
        zone: the time zone of timestamps written without one.
        columns: for a CSV, what its columns hold, as the user said: header name → QA Desk column
            (``conversation_id``, ``text``, … see :data:`qa_desk.ingest.csv_columns.COLUMNS`), or
            ``""`` to leave the column out. Header names are matched ignoring case, spaces,
            underscores and dashes; a column not named here is read from its name as usual.
            None reads every column from its name.
        roles: what role values mean, as the user said: a CSV ``role`` value or a transcript's
            speaker label → ``customer``, ``agent``, ``bot`` or ``system`` (matched like header
            names). A value not named here is read as usual (``user`` is a customer, …).
        agent_speaker: for a call transcript, the speaker label that is the agent (every other
            speaker is the customer); None guesses it from the labels (:mod:`qa_desk.ingest.speakers`).
        started_at: for a call transcript whose file gives no start time, when the call started
            (the turns' times are offsets from it); None leaves such calls without times unless
            the file name holds a date and time.
        call_metadata: call metadata files named together with their transcripts (e.g. Harper
            Valley's ``metadata/ID.json``), by the transcript's file stem.
        extra: format-specific settings.
    """

    source: str | None = None
    zone: tzinfo = UTC
    columns: dict[str, str] | None = None
    roles: dict[str, str] | None = None
    agent_speaker: str | None = None
    started_at: datetime | None = None
    call_metadata: dict[str, Path] | None = None
    extra: dict[str, object] = field(default_factory=dict)
