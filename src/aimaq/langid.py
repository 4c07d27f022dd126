"""Which language and script a document is in, from its letters and commonest words.

Kazakh in Cyrillic has nine letters Russian lacks (ә ғ қ ң ө ұ ү һ і); Russian has
its own function words. The word lists are tiny, so they live here.
"""
from __future__ import annotations

import re

KAZAKH_LETTERS = frozenset("әғқңөұүһі")
RUSSIAN_WORDS = frozenset("и в на не что с по для это как из от до при он она они года также был была".split())
ENGLISH_WORDS = frozenset("the and of to in is for that with on was are by from".split())
_WORD = re.compile(r"[^\W\d_]+")


def detect(text: str, sample: int = 20_000) -> tuple[str, str]:
    """``(language, script)``: language ``kk``/``ru``/``en``/``unknown``, script ``Cyrl``/``Latn``."""
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    cyr = sum(1 for w in words if "\u0400" <= w[0] <= "\u04ff")
    script = "Cyrl" if cyr >= len(words) - cyr else "Latn"
    if not words:
        return "unknown", "Cyrl"
    if script == "Cyrl":
        kazakh = sum(1 for w in words if KAZAKH_LETTERS.intersection(w))
        russian = sum(1 for w in words if w in RUSSIAN_WORDS)
        if kazakh >= max(1, russian) or (kazakh and kazakh * 10 >= len(words)):
            return "kk", script
        return ("ru", script) if russian else ("kk" if kazakh else "unknown", script)
    english = sum(1 for w in words if w in ENGLISH_WORDS)
    return ("en" if english else "unknown"), script
