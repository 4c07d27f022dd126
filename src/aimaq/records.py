"""The records of the output contract (``shared/spec/output.md``, schema_version "1")."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1"


@dataclass(slots=True)
class Mention:
    """A recognized expression: ``text == document_text[start:end]``; ``value`` is normalized."""

    type: str
    start: int
    end: int
    text: str
    value: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "start": self.start, "end": self.end, "text": self.text, "value": self.value}


@dataclass(slots=True)
class Fact:
    """A statement assembled from mentions; ``fields`` holds the type's own keys (amount, flow, ...)."""

    type: str
    evidence: tuple[int, int]
    region: str | None = None
    period: dict[str, Any] | None = None
    mentions: list[int] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "evidence": {"start": self.evidence[0], "end": self.evidence[1]},
            "region": self.region,
            "period": self.period,
            "mentions": list(self.mentions),
        }
        out.update(self.fields)
        return out


@dataclass(slots=True)
class Document:
    """A document record. ``pipeline.extract`` builds it positionally (faster): keep the field order."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    language: str = "kk"
    script: str = "Cyrl"
    source: str | None = None
    url: str | None = None
    regions: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The document record of the output contract."""
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "language": self.language,
            "script": self.script,
            "source": self.source,
            "regions": list(self.regions),
            # Mention.to_dict written out: one call less per mention, the same dict (and no comprehension
            # to run for an empty list: most sentences have no fact, many no mention)
            "mentions": [{"type": m.type, "start": m.start, "end": m.end, "text": m.text, "value": m.value}
                         for m in self.mentions] if self.mentions else [],
            "facts": [f.to_dict() for f in self.facts] if self.facts else [],
        }
