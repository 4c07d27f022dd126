"""Fact assembly: from the mentions of each sentence to the facts of the output contract."""
from __future__ import annotations

from aimaq.records import Fact, Mention
from aimaq.text import Analysis


def assemble(analysis: Analysis, mentions: list[Mention]) -> list[Fact]:
    """Facts read from ``analysis`` given its resolved ``mentions`` (indices refer to that list)."""
    return []
