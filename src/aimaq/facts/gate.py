"""Can a document give any fact at all? A cheap, conservative answer, so most text skips the assembler.

Every fact needs a word-list hit of some class (which classes depends on the figures:
see ``NEED``) or a figure that stands for a fact alone, and a word-list hit needs a
word that starts like the first word of a row. Words never cross white space, so the
text is cut at white space (``str.split``, in C) and each chunk is classified once, by
its form: the chunks of most sentences are all known to start no row, which one
``issuperset`` call in C says. A word's rows are those of the longest key (first word
of a row, as a prefix) that starts it, so a new word costs one regex match (the keys
compiled as a trie, ``lexicon.longest_prefix``) and a look-up in per-key tables built once. The answer may be "maybe" when
no fact comes out (the assembler then decides), never "no" when one does;
``tests/test_facts_gate.py`` checks the gated assembler against the ungated one.
"""
from __future__ import annotations

import re

from aimaq.facts import lexicon

# one bit per verb class that closes a figure group (``figures.CLOSING``; ``negated`` only blocks, no bit); modals and
# indicators split by label
VERB = {"flow": 1, "status": 2, "jobs": 4, "target": 8, "modal": 16, "change": 32, "indicator": 64, "instr": 128}
WEAK_MODAL = 1 << 17  # ``керек``, ``мүмкін``, ``болады``: no target, no fact, unless with a project noun
BE = 1 << 18  # ``болды``, ``болған``: a count, an amount or a quantity is no fact with it alone
CUE_COUNT = 256  # ``count``, ``measure``, ``plan`` cues: may make a bare number a fact
CUE_THING = 512  # ``share``, ``capacity``, ``volume`` cues: may make a count (a quantity, money) a fact
CUE_OTHER = 1024  # the other cues that can make a figure a fact (sums, funds, refer-back ...)
CUE_PROJECT = 1 << 16  # a project noun (``зауыт``, ``кешені``): a count or a quantity with a construction word
FIGURE_WORD = 2047 | WEAK_MODAL | BE | CUE_PROJECT  # any of the above
INSTR = VERB["instr"]  # an instruction verb (``тапсырды``): an instruction may come out
STATUS = 2048  # a project status verb (or ``ашылды``): a named project may come out
PROJECT_NOUN = 4096  # a project noun, for a named project
BODY = 8192  # a body that is tasked (``Үкімет``, ``әкімдігі``): with ``тиіс`` or an imperative, an instruction
MUST = 16384  # ``тиіс``
ROW = 32768  # some row of a word list (a blocking one, a sector) may start here: the scan must read the chunk

_V = VERB
_STRONG = FIGURE_WORD & ~(WEAK_MODAL | BE | CUE_PROJECT)
# what a figure of each type needs to become a fact (``figures.build``; keep in step with it): a bare number
# only with a count or measure noun, a change, an indicator or a target; a count not with a flow verb or
# ``болды`` alone (``12 мектеп салынды`` is read with its project noun); a count or a quantity with a project noun
# only with a status, a modal or a flow verb or a construction word (see ``facts._figures_readable``)
NEED = {
    "money": _STRONG,
    "percent": _STRONG | BE,
    "quantity": _STRONG & ~CUE_OTHER,
    "count": _STRONG & ~(_V["flow"] | CUE_OTHER),
    "cardinal": (_STRONG | BE) & ~(_V["flow"] | _V["jobs"] | CUE_THING | CUE_OTHER),
}
# a bare number under 1000 is a figure only with a count or measure noun or a change, or as a target; a count of
# an unnamed thing under 1000 (``300 сұрақ``) only with a count or measure noun, as a target, as jobs or a project
_TARGETING = _V["status"] | _V["target"] | _V["modal"] | _V["instr"] | CUE_COUNT
NEED_SMALL_NUMBER = _TARGETING | _V["change"]
NEED_SMALL_COUNT = _TARGETING | _V["jobs"] | CUE_THING
_CUE_BITS = {"count": CUE_COUNT, "measure": CUE_COUNT, "plan": CUE_COUNT,
             "share": CUE_THING, "capacity": CUE_THING, "volume": CUE_THING, "project": CUE_PROJECT | PROJECT_NOUN}
_STRONG_MODALS = frozenset({"must", "plan"})

# rows that only ever keep a figure from being a fact (or are read by no rule): no reason to read on
_BLOCKING = frozenset({"none", "negated", "price", "penalty", "crime", "breakdown", "unit", "part", "class"})

TASK = INSTR | BODY | MUST | STATUS | PROJECT_NOUN  # what text without figures is read for
QUIET = INSTR | BODY | MUST  # ... and without an organization too (a named project needs one): ``quiet`` tests it
_PLAIN: set[str] = set()  # chunks that start no row
# the other chunks that start no row of a ``QUIET`` flag (not the plain ones again: one insertion less per new
# chunk and a far smaller table, which counts on a cold pass in the pipeline)
_QUIET: set[str] = set()
_FLAGS: dict[str, tuple] = {}  # the other chunks and what their words may start
CACHE_SIZE = 200_000
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # the word of ``lexicon.words_of``


def _row_info(wl: lexicon.WordList, flag_of) -> list[tuple[bool, int, str | None]]:
    """Per row of ``wl``: must its first word be whole, its flags, and (a phrase with flags) its longest other word."""
    got = []
    for form, exact, cls, label in wl.rows:
        flag = flag_of(cls, label, form)
        other = max(form[1:], key=len) if flag and len(form) > 1 else None  # the rarest, likely
        got.append((len(form) > 1 or exact, flag, other))
    return got


def _verb_flag(cls: str, label: str, form: tuple[str, ...]) -> int:
    if cls in _BLOCKING:
        return 0
    if cls == "modal" and label not in _STRONG_MODALS:
        flag = WEAK_MODAL
    elif cls == "indicator" and label == "be":
        flag = BE
    else:
        flag = VERB.get(cls, FIGURE_WORD)  # a class no rule knows: assume the worst
    if cls == "status" or (cls == "indicator" and label == "opened"):
        flag |= STATUS
    if cls == "modal" and label == "must" and form[0].startswith("тиіс"):
        flag |= MUST
    return flag


def _cue_flag(cls: str, label: str, form: tuple[str, ...]) -> int:
    if cls in _BLOCKING:
        return 0
    return _CUE_BITS.get(cls, CUE_OTHER)


def _body_flag(cls: str, label: str, form: tuple[str, ...]) -> int:
    return BODY


def _none(cls: str, label: str, form: tuple[str, ...]) -> int:
    return 0


_FLAG_MAKERS = (_verb_flag, _cue_flag, _none, _body_flag)  # for the lists of ``lexicon.fact_lists()``, in order


def _key_flags(lists: lexicon.Lists, infos: list, key: str, whole: bool) -> tuple[int, dict]:
    """The flags of a word whose longest key is ``key`` (``whole``: the word is the key itself), with ``ROW``
    set when any row (a blocking one too) may start there, and a phrase's flags put in a dict under one of
    its other words instead: they count only when the text holds that word too (``бұл жобалар`` needs
    ``жобалар``; ``бұл`` alone is everywhere). Rows are visited as ``WordList._match`` tries them."""
    flags = 0
    conds: dict[str, int] = {}
    for j, cands in lists.at[key]:
        info = infos[j]
        for n, rows in cands:
            for r in rows:
                must_be_whole, flag, other = info[r]
                if must_be_whole and not (whole and n == len(key)):
                    continue  # a whole-word row, or a phrase, whose first word is longer here
                flags |= ROW
                if other is not None:
                    conds[other] = conds.get(other, 0) | flag
                else:
                    flags |= flag
    return flags, conds


_NOTHING = (0, ())


def _chunk_value(flags: int, conds: dict) -> tuple[int, tuple]:
    """``(flags, ((flags, other word of a phrase), ...))`` of a chunk, the phrases that add a flag only."""
    if not flags:
        return _NOTHING
    return flags, tuple((f, other) for other, f in conds.items() if f & ~flags)


# ``lexicon.Lists.longest_match`` of the four lists (``.end()``: the length of a word's longest key), set when
# the tables below are filled, at first use
_LONGEST_MATCH = None
_WHOLE: dict[str, tuple[int, dict]] = {}  # key -> (flags, conds) of a word that is the key
_LONGER: dict[str, tuple[int, dict]] = {}  # key -> (flags, conds) of a longer word it starts
_WHOLE_CHUNK: dict[str, tuple[int, tuple]] = {}  # the same as the value of a one-word chunk
_LONGER_CHUNK: dict[str, tuple[int, tuple]] = {}


def _load() -> None:
    """Fill the per-key tables from the four lists (every word with the same longest key has the same flags)."""
    global _LONGEST_MATCH
    lists = lexicon.fact_lists()
    infos = [_row_info(wl, f) for wl, f in zip(lists.lists, _FLAG_MAKERS)]
    for k in lists.keys:
        _WHOLE[k] = _key_flags(lists, infos, k, True)
        _LONGER[k] = _key_flags(lists, infos, k, False)
        _WHOLE_CHUNK[k] = _chunk_value(*_WHOLE[k])
        _LONGER_CHUNK[k] = _chunk_value(*_LONGER[k])
    _LONGEST_MATCH = lists.longest_match


_NO_WORD = (0, {})


def _by_longest_key(word: str, whole: dict, longer: dict, none):
    """``whole[word]`` when ``word`` is a key, ``longer[key]`` when its longest key is shorter,
    ``none`` when no key starts it: the per-key tables (built by ``_load``) read for one word."""
    if _LONGEST_MATCH is None:
        _load()
    m = _LONGEST_MATCH(word)  # the longest key that starts the word
    if m is None:
        return none
    size = m.end()
    return whole[word] if size == len(word) else longer[word[:size]]


def _word_flags(word: str) -> tuple[int, dict]:
    """The flags of ``word`` and its phrase conditions (see ``_key_flags``): those of its longest key."""
    return _by_longest_key(word, _WHOLE, _LONGER, _NO_WORD)


def _chunk_flags(chunk: str) -> tuple[int, tuple]:
    """What the words of one white-space-free chunk of the normalized text may start:
    ``(flags, ((flags, other word of a phrase), ...))``."""
    low = chunk.lower()
    if len(low) != len(chunk):
        low = lexicon.lower(chunk)
    if low.isalpha():  # all letters: one word, no regex (the usual new chunk)
        # ``_chunk_value(*_word_flags(low))``, read from the tables of chunk values built once per key
        return _by_longest_key(low, _WHOLE_CHUNK, _LONGER_CHUNK, _NOTHING)
    words = _WORD.findall(low)
    if len(words) == 1:
        return _chunk_value(*_word_flags(words[0]))
    flags = 0
    conds: dict[str, int] = {}
    for word in words:
        f, c = _word_flags(word)
        flags |= f
        for other, g in c.items():
            conds[other] = conds.get(other, 0) | g
    return _chunk_value(flags, conds)


def quiet(chunks: list[str]) -> bool:
    """No word of ``chunks`` (``norm.split()``) may start a row of a ``QUIET`` flag (known from earlier text:
    a new chunk says no): text without figures and organizations gives no fact then."""
    plain = _PLAIN
    if plain.issuperset(chunks):  # (most text: one look-up per chunk)
        return True
    quiet_ones = _QUIET
    for chunk in chunks:  # (a plain loop: no set made)
        if chunk not in plain and chunk not in quiet_ones:
            return False
    return True


def forget() -> None:
    """Forget every chunk seen (``_PLAIN``, ``_QUIET``, ``_FLAGS``): when they grow too many, and for tests and
    timings that start cold (the per-key tables are no per-form record: they stay)."""
    _PLAIN.clear()
    _QUIET.clear()
    _FLAGS.clear()


_NO_FLAGS = (0, None, ())  # no flag, no lower-cased text, no chunk to read


def flags(norm: str, wanted: int = -1, chunks: list[str] | None = None,
          unquiet: bool = False) -> tuple[int, str | None, list[str]]:
    """The flags of all the words of ``norm`` (the normalized text, not lower-cased; the flags of a
    phrase only when ``wanted``, since its other words are looked for in the lower-cased text); the
    lower-cased text when it was needed to look for the other words of a phrase (else None);
    the chunks where a row of a word list may start (the only ones the scan need read).
    ``chunks`` is ``norm.split()`` when the caller has it; ``unquiet``: ``quiet(chunks)`` was just found false
    (and ``wanted`` is within ``QUIET``), so the chunks are not all known to be quiet."""
    chunks = norm.split() if chunks is None else chunks
    if not unquiet and (_PLAIN.issuperset(chunks) if wanted & ~QUIET else quiet(chunks)):
        return _NO_FLAGS
    out = 0
    phrases = None  # (made when a phrase comes)
    known = _FLAGS
    if len(_PLAIN) + len(known) >= CACHE_SIZE:  # bounded memory: start again
        forget()
    plain = _PLAIN
    rows: dict[str, None] = {}  # the chunks that may start a row, in order (a dict: a long report has thousands)
    for chunk in chunks:  # (a plain loop: no sets made for every sentence)
        if chunk in plain or chunk in rows:
            continue
        got = known.get(chunk)
        if got is None:  # a new chunk
            got = _chunk_flags(chunk)
            if not got[0]:
                _PLAIN.add(chunk)
                continue
            known[chunk] = got
            if not got[0] & QUIET and not any(f & QUIET for f, _word in got[1]):
                _QUIET.add(chunk)
        rows[chunk] = None
        out |= got[0]
        if got[1]:
            if phrases is None:
                phrases = []
            phrases += got[1]
    lower = None
    for f, word in phrases or ():
        if f & wanted & ~out:
            if lower is None:
                lower = lexicon.lower(norm)
            if word in lower:  # the phrase's other word is somewhere in the text
                out |= f
    return out, lower, list(rows)
