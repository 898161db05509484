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
        extra: format-specific settings (a later format may need e.g. which speaker is the agent).
    """

    source: str | None = None
    zone: tzinfo = UTC
    extra: dict[str, object] = field(default_factory=dict)
