"""Recognizer stub: filled in by its issue."""
from __future__ import annotations

from aimaq.records import Mention
from aimaq.text import Analysis


def recognize(analysis: Analysis) -> list[Mention]:
    return []
