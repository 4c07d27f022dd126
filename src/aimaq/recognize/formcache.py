"""Answers remembered by the surface forms of some tokens, for the recognizers.

The tokenizer derives a token's kind, norm, stem and ending from its surface form, so whatever is
computed from those fields of some tokens (never from their offsets) is the same for every run of
tokens with the same forms: the names, facilities and organizations a recognizer looks up in a
sentence recur across documents.
"""
from __future__ import annotations

from operator import attrgetter
from typing import Callable, Sequence, TypeVar

from aimaq.text import Token

T = TypeVar("T")

_TEXT = attrgetter("text")  # (map() of it builds the key without a generator object for the GC)
_UNSEEN = object()  # (None may be an answer)


def by_forms(cache: dict, size: int, tokens: Sequence[Token], compute: Callable[[Sequence[Token]], T]) -> T:
    """``compute(tokens)``, remembered in ``cache`` under the tokens' surface forms; ``compute`` must
    read no more than their forms give. The cache is emptied when it holds ``size`` answers."""
    key = tuple(map(_TEXT, tokens))
    found = cache.get(key, _UNSEEN)
    if found is _UNSEEN:
        if len(cache) >= size:
            cache.clear()
        found = cache[key] = compute(tokens)
    return found
