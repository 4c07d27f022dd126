"""A text's normalized copy and its sentences with their tokens, in one call (``Language.sentences``).

The general way is three passes (``lang.three_passes``, which texts outside the common case take):
normalize the whole text, split each body region into sentences, tokenize each sentence. Most texts
(a KazNERD sentence, a short note) are one region that is one sentence, most of them with nothing to
normalize: one scan for the characters that would make normalization or sentence splitting do
anything proves it, and the tokens are then found on the text itself. When the scan meets a
character to normalize (a quote, a dash), a second scan from there looks for a sentence end only.
"""
from __future__ import annotations

import re

from aimaq.kk.normalize import CHANGED, normalize
from aimaq.lang import three_passes
from aimaq.kk.segment import ENDS, STOPS, split_region
from aimaq.kk.tokenize import tokenize
from aimaq.text import Sentence, Span

_CHANGED = re.compile("[" + CHANGED + "]")
_STOP = re.compile("[" + re.escape(STOPS) + "]")
_EVENTFUL = re.compile("[" + CHANGED + re.escape(STOPS) + "]")
assert _CHANGED.search(ENDS) is None  # a region's closing marks need no normalization scan


def sentences(text: str, regions: list[Span]) -> tuple[str, list[Sentence]]:
    """``(normalize(text), the sentences of the regions)``, each sentence with its tokens."""
    if len(regions) == 1:
        start, end = regions[0].start, regions[0].end
        piece = text[start:end]
        core = start + len(piece.rstrip(ENDS))
        # one region without white space around it, no sentence end in it before its closing marks
        # (nor a mark just after it): split_region's one-sentence case
        if core > start and len(piece.strip()) == len(piece) and (
                end == len(text) or core == end or text[end] not in ENDS):
            hit = _EVENTFUL.search(text, start, core)
            if hit is None and (not start or _CHANGED.search(text, 0, start) is None) and (
                    end == len(text) or _CHANGED.search(text, end) is None):
                # and nothing to normalize in the whole text: normalize would give the text itself
                return text, [Sentence(start, end, tokenize(text, start, end, text))]
            if hit is None or _STOP.search(text, hit.start(), core) is None:  # one sentence still
                norm = normalize(text)
                return norm, [Sentence(start, end, tokenize(norm, start, end, text))]
    return three_passes(normalize, split_region, tokenize, text, regions)
