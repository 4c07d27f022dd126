"""Names read from the words before a head noun: a project's (``металлургия зауыты``, ``тоқыма фабрикасының``
-> ``тоқыма фабрикасы``) and a tasked body's (``Ауыл шаруашылығы басқармасына``).

One rule for every place a name is read (a project of figures, a project joined from follow-ups, an instruction's
addressee): the head with the plain nouns before it, a case ending of the head cut, a possessive kept. The word
classes are the rows of ``kk/data/followup_anaphors.tsv``; ``view`` is anything with ``text``, ``lower`` and
``mentions`` (the assembler's ``Context``).
"""
from __future__ import annotations

import re

from aimaq.facts import lexicon
from aimaq.facts.segments import Segment
from aimaq.kk import resources

_ROWS = resources.table("followup_anaphors.tsv")


def kind(name: str) -> tuple[str, ...]:
    """The words of one class of ``followup_anaphors.tsv``, longest first."""
    return tuple(sorted((r[0] for r in _ROWS if len(r) > 1 and r[1] == name), key=len, reverse=True))


PRONOUNS = frozenset(kind("pronoun"))
DEMONSTRATIVES = frozenset(kind("demonstrative"))
CASES = kind("case")
POSSESSIVES = kind("possessive")
ACCUSATIVE = kind("accusative")
OTHER_CASES = kind("other_case")
_SHORT_NOUNS = frozenset(kind("short_noun"))
_PLACE_TYPES = frozenset(r[0] for r in resources.table("place_types.tsv"))  # ``аудан``, ``облыс``, ``қала``
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ATTRIBUTIVE = re.compile(rf"{lexicon.alt('attributive_endings')}$")
_PARTICIPLE = re.compile(rf"{lexicon.alt('past_participle_endings')}$")
LINKING = frozenset(lexicon.items("linking_words"))
NAME_WORDS = 2  # plain nouns taken before a head

# the project nouns' stems: the last word of each ``project`` row of fact_cues.tsv, shortest first
_STEMS = tuple(sorted({r[0].rstrip("$").split()[-1] for r in resources.table("fact_cues.tsv")
                       if len(r) > 1 and r[1] == "project"}, key=len))


def rest_of_word(lower: str, h) -> str:
    """The letters of the hit's last word after its shortest project-noun stem (``зауыттың`` -> ``тың``,
    ``кешенін`` -> ``ін``, ``жобаның`` -> ``ның``)."""
    a = lower.rfind(" ", h.start, h.end) + 1 or h.start
    word = lower[a:h.end]
    for stem in _STEMS:
        if word.startswith(stem):
            return word[len(stem):]
    return ""


def project_name(view, seg: Segment, h) -> tuple[int, str]:
    """``(start, name)`` of the project named by the project-noun hit ``h``: the noun with the plain nouns before it
    (``металлургия зауыты``), or, with none, the attributive clause before it (``полиэтилен өндіретін зауыт``);
    a case ending is cut (``зауыттың`` -> ``зауыт``), a possessive kept."""
    text, lower = view.text, view.lower
    rest = rest_of_word(lower, h)
    keep = 0
    for p in POSSESSIVES:
        if rest.startswith(p) and len(p) > keep:
            keep = len(p)
    end = h.end - len(rest) + keep
    words = list(WORD.finditer(lower, max(seg.start, h.start - 60), h.start))
    start = h.start
    taken = 0
    k = len(words) - 1
    while k >= 0 and taken < NAME_WORDS and plain(view, seg, words[k]) and not lower[words[k].end():start].strip():
        start = words[k].start()
        taken += 1
        k -= 1
    if taken == 0 and k >= 1 and _ATTRIBUTIVE.search(words[k].group()) and not lower[words[k].end():start].strip() \
            and _object(view, seg, words[k - 1]) and not lower[words[k - 1].end():words[k].start()].strip():
        # ``полиэтилен өндіретін зауыт``, ``күнбағыс майын өндіретін зауыт``: what the plant makes names it
        start = words[k - 1].start()
        if not plain(view, seg, words[k - 1]) and k >= 2 and plain(view, seg, words[k - 2]) \
                and not lower[words[k - 2].end():start].strip():
            start = words[k - 2].start()
    return start, text[start:end]


def body_start(view, seg: Segment, start: int, limit: int) -> int:
    """Where the name of the body whose head word starts at ``start`` begins: the plain nouns before it, a capital
    allowed (``Ауыл шаруашылығы басқармасына``), none before ``limit``."""
    lower = view.lower
    words = list(WORD.finditer(lower, max(limit, start - 60), start))
    k = len(words) - 1
    taken = 0
    while k >= 0 and taken < NAME_WORDS and plain(view, seg, words[k], capital=True) \
            and not lower[words[k].end():start].strip() and not lexicon.roles().get(words[k].group()) \
            and not any(x.start <= words[k].start() < x.end for x in seg.institutions):  # (``әкімі``: another body)
        start = words[k].start()
        taken += 1
        k -= 1
    return start


def _object(view, seg: Segment, w: re.Match) -> bool:
    """The object of a participle in a name: a plain noun or one in the accusative (``майын``), in no mention."""
    word = w.group()
    if plain(view, seg, w):
        return True
    if len(word) < 4 or word in LINKING or not word.endswith(ACCUSATIVE) or not view.text[w.start()].islower():
        return False
    return not _in_mention(view, seg, w.start())


def plain(view, seg: Segment, w: re.Match, capital: bool = False) -> bool:
    """A word that can be part of a name: no case ending, no linking word, no participle, in no mention
    (lower case, unless ``capital``: a body's name starts with one)."""
    word = w.group()
    if (len(word) < 3 and word not in _SHORT_NOUNS) or word in LINKING or word in PRONOUNS or word in DEMONSTRATIVES or _ATTRIBUTIVE.search(word) \
            or _PARTICIPLE.search(word):
        return False
    if (word.endswith(CASES) or word.endswith(ACCUSATIVE) or word.endswith(OTHER_CASES)) and word not in _PLACE_TYPES:
        return False  # (a place type word is a bare noun: ``аудан әкімдеріне``, not an ablative in -дан)
    if _in_mention(view, seg, w.start()):
        return False
    return capital or view.text[w.start()].islower()


def _in_mention(view, seg: Segment, pos: int) -> bool:
    ms = view.mentions
    for group in (seg.figures, seg.places, seg.dates, seg.entities):
        for i in group:
            if ms[i].start <= pos < ms[i].end:
                return True
    return False
