"""What an import may be told beyond the file itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, tzinfo


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
        extra: format-specific settings (a later format may need e.g. which speaker is the agent).
    """

    source: str | None = None
    zone: tzinfo = UTC
    columns: dict[str, str] | None = None
    extra: dict[str, object] = field(default_factory=dict)
