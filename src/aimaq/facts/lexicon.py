"""Word lists of the fact assembler, read once from ``aimaq/kk/data`` and indexed by their rows' first words.

A form is a stem prefix matched at a word start, so one row covers the inflected
forms (``бөлінді``, ``бөлінген``, ``бөлініп`` from ``бөлін``); a trailing ``$``
pins the word end; several words match across any run of spaces. At one position
the longest form wins, which lets a longer ``none`` row block a homonym or a passive.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from aimaq.kk import resources
from aimaq.trie import trie_pattern

_LETTER = r"[^\W\d_]"


@dataclass(slots=True)
class Hit:
    """A word-list match: ``start``/``end`` offsets, the row's ``cls`` and ``label``.

    Not frozen (nothing changes a hit): a frozen dataclass's ``__init__`` costs four times as much."""

    start: int
    end: int
    cls: str
    label: str


_WORD = re.compile(rf"{_LETTER}+(?:-{_LETTER}+)*")
_LETTER_AT = re.compile(_LETTER)


class WordStart:
    r"""The regex ``(?<![^\W\d_])`` + ``source`` (``source`` matched at a word start), searched fast.

    A pattern that opens with a look-behind gives the regex engine no first character to
    skip to, so it is entered at every position of the text; opened by the literals of an
    alternation it skips ahead in C, and the word start is then tested on each candidate
    (ten times faster on a sentence). Same matches as the look-behind pattern.
    """

    __slots__ = ("_re", "_needles")

    def __init__(self, source: str, needles: tuple[str, ...] = ()):
        self._re = re.compile(source)
        self._needles = needles  # strings one of which every match holds (``needles``): none in the text, no match

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        endpos = len(text) if endpos is None else endpos
        if self._needles and not holds(text, self._needles, pos, endpos):
            return None
        find = self._re.search
        m = find(text, pos, endpos)
        while m is not None:
            p = m.start()
            if not p or not _LETTER_AT.match(text, p - 1):  # the look-behind sees before ``pos`` too
                return m
            m = find(text, p + 1, endpos)
        return None


class WordList:
    """The rows of a TSV file (form, class, label), indexed by the prefixes of their first word.

    Matching walks the words of the text once and looks each word's prefixes up in a
    dict, so the cost is linear in the text (no alternation of hundreds of forms).
    """

    def __init__(self, rows: list[tuple[str, str, str]]):
        self.rows = []
        self.index: dict[str, list[int]] = {}
        for form, cls, label in sorted(rows, key=lambda r: len(r[0].rstrip("$")), reverse=True):
            exact = form.endswith("$")
            words = tuple(form.rstrip("$").split())
            if not words:
                continue
            self.index.setdefault(words[0], []).append(len(self.rows))
            self.rows.append((words, exact, cls, label))
        self.most_words = max((len(r[0]) for r in self.rows), default=1)
        self.sizes = [sum(len(w) for w in r[0]) for r in self.rows]  # longer rows win at one position
        self.lengths = sorted({len(k) for k in self.index}, reverse=True)

    def finditer(self, lower: str, start: int = 0, end: int | None = None, words: list | None = None):
        """Hits in ``lower[start:end]`` (``lower`` is the lower-cased normalized text), left to right.

        ``words`` (the ``(start, end)`` of every word, from :func:`words_of`) can be shared by several lists.
        """
        if words is None:
            words = words_of(lower, start, end)
        k = 0
        while k < len(words):
            hit = self._match(lower, words, k)
            if hit is None:
                k += 1
                continue
            yield hit[0]
            k = hit[1]

    def _match(self, lower: str, words: list[tuple[int, int]], k: int):
        ws, we = words[k]
        word = lower[ws:we]
        cands = self._candidates(word)
        if not cands:
            return None
        best = None
        for n, rows in cands:
            for r in rows:
                form, exact, cls, label = self.rows[r]
                last = k + len(form) - 1
                if last >= len(words):
                    continue
                if len(form) == 1:
                    if exact and n != len(word):
                        continue
                else:
                    if n != len(word) or not self._rest(lower, words, k, form, exact):
                        continue
                size = sum(len(w) for w in form)
                if best is None or size > best[0]:
                    best = (size, Hit(ws, words[last][1], cls, label), last + 1)
                break  # rows under one key are longest first
        return None if best is None else (best[1], best[2])

    def phrases_at(self, cands: tuple, n_word: int) -> tuple[int, ...]:
        """The phrase rows (ids, in the order ``_match`` tries them) that may start at a word of ``n_word``
        letters with these candidates (``_candidates``): those whose first word is the whole word
        (``n_word`` -1, a word longer than its longest key: none)."""
        return tuple(r for n, rows in cands if n == n_word for r in rows if len(self.rows[r][0]) > 1)

    def one_word_hit(self, cands: tuple, n_word: int) -> tuple[str, str] | None:
        """``(cls, label)`` of the hit a one-word row makes at a word of ``n_word`` letters with these
        candidates (``n_word`` -1: a word longer than its longest key), or None: what ``_match`` finds there
        when no phrase matches (a phrase that matches wins, being longer than any one-word row there)."""
        best = None
        for n, rows in cands:
            for r in rows:
                form, exact, cls, label = self.rows[r]
                if len(form) > 1 or (exact and n != n_word):
                    continue
                size = self.sizes[r]
                if best is None or size > best[0]:
                    best = (size, cls, label)
                break  # rows under one key are longest first
        return None if best is None else best[1:]

    def phrase_at(self, lower: str, ws: int, we: int, hi: int, phrases: tuple[int, ...]) -> Hit | None:
        """The hit of the first of ``phrases`` (``phrases_at``) whose other words follow the word
        ``lower[ws:we]`` (read up to ``hi``), or None."""
        after = we  # where the next word starts, if only white space comes before it
        while after < hi and lower[after].isspace():
            after += 1
        follow = None
        for r in phrases:
            form, exact, cls, label = self.rows[r]
            if not lower.startswith(form[1], after, hi):
                continue  # the second word is not there: most phrases end here, with no regex run
            if follow is None:
                follow = [(ws, we)]
                for m in _WORD.finditer(lower, we, hi):
                    follow.append(m.span())
                    if len(follow) >= self.most_words:
                        break
            if len(form) <= len(follow) and self._rest(lower, follow, 0, form, exact):
                return Hit(ws, follow[len(form) - 1][1], cls, label)
        return None

    def _candidates(self, word: str):
        """``(prefix length, row ids)`` of the rows whose first word is a prefix of ``word``, longest first."""
        index = self.index
        return tuple((n, index[word[:n]]) for n in self.lengths if n <= len(word) and word[:n] in index)

    @staticmethod
    def _rest(lower, words, k, form, exact) -> bool:
        for j, w in enumerate(form[1:], 1):
            ps, pe = words[k + j - 1]
            s, e = words[k + j]
            if not lower[pe:s].isspace():
                return False
            token = lower[s:e]
            is_last = j == len(form) - 1
            if is_last and not exact:
                if not token.startswith(w):
                    return False
            elif token != w:
                return False
        return True


def longest_prefix(keys) -> Callable[[str], re.Match | None]:
    """The ``match`` of a regex giving the longest of ``keys`` that starts a string (None when none does).

    The keys are compiled in the shape of their trie (``ab(?:c(?:d)?)?``: a key's continuations are
    tried first, greedily, and the match falls back only to where a key ends), so a word is looked up
    in one call in C over one compact program. In the pipeline, where the other stages push the
    assembler's data out of the CPU caches, this beats a walk over a dict of the keys' prefixes (measured:
    1-2 us less per KazNERD sentence on a cold pass), though it takes a few milliseconds to compile, once.
    """
    return re.compile(trie_pattern(keys) or "(?!)").match


class Lists:
    """Word lists read together (the assembler's four): for a word, the longest key of any list that starts it,
    and from it which lists may have a row starting there, with their candidate rows."""

    def __init__(self, lists: tuple[WordList, ...]):
        self.lists = lists
        self.keys = sorted({k for wl in lists for k in wl.index})
        self.longest_match = longest_prefix(self.keys)  # ``.end()`` of its match: the length of the longest key
        keys = set(self.keys)
        # key -> ``(list number, its candidates)`` of the lists with a key that starts it: the keys of a list
        # that start a word are those that start the word's longest key
        self.at = {}
        for k in self.keys:
            starts = [k[:n] for n in range(len(k), 0, -1) if k[:n] in keys]  # keys, longest first
            cands = (tuple((len(x), wl.index[x]) for x in starts if x in wl.index) for wl in lists)
            self.at[k] = tuple((j, c) for j, c in enumerate(cands) if c)
        # key -> ``(list number, phrase rows, hit)`` for a word that is the key / is longer: the phrase rows
        # that may start there (their next words must be read) and the ``(cls, label)`` of the hit a one-word
        # row makes there when none of them matches (or None); lists with neither are left out
        self.at_whole = {k: self._reads(k, len(k)) for k in self.keys}
        self.at_longer = {k: self._reads(k, -1) for k in self.keys}
        self.words: dict[str, tuple] = {}  # word -> its reads: a dict look-up beats the key match on a known word

    def _reads(self, key: str, n_word: int) -> tuple:
        out = []
        for j, cands in self.at[key]:
            wl = self.lists[j]
            phrases = wl.phrases_at(cands, n_word)
            hit = wl.one_word_hit(cands, n_word)
            if phrases or hit is not None:
                out.append((j, phrases, hit))
        return tuple(out)

    def longest_key(self, word: str) -> str | None:
        """The longest key of any list that starts ``word`` (None when none does)."""
        m = self.longest_match(word)
        return None if m is None else m.group()

    def at_word(self, word: str) -> tuple:
        """``(list number, phrase rows, hit)`` of the lists that may have a hit starting with ``word`` (see ``at_whole``)."""
        got = self.words.get(word)
        if got is None:
            key = self.longest_key(word)
            got = () if key is None else self.at_whole[key] if len(key) == len(word) else self.at_longer[key]
            if len(self.words) < 200_000:
                self.words[word] = got
        return got


def scan(lists: Lists, lower: str, words: list[tuple[int, int]]) -> list[list[Hit]]:
    """The hits of several word lists in one pass over ``words`` (each list matched left to right, no overlaps)."""
    wls = lists.lists
    out: list[list[Hit]] = [[] for _ in wls]
    at_word = lists.at_word
    next_k = [0] * len(wls)
    for k, (ws, we) in enumerate(words):
        for j, _phrases, _hit in at_word(lower[ws:we]):
            if k < next_k[j]:
                continue
            hit = wls[j]._match(lower, words, k)
            if hit is not None:
                out[j].append(hit[0])
                next_k[j] = hit[1]
    return out


def scan_at(lists: Lists, lower: str, ranges: list[tuple[int, int]], lo: int, hi: int) -> list[list[Hit]]:
    """What :func:`scan` finds in ``lower[lo:hi]``, reading only the words in ``ranges`` (sorted, disjoint).

    The words outside ``ranges`` must start no row of any list (the gate's chunks say which do):
    a word that starts no row is never a hit, and a hit ends the words it spans, so skipping
    it changes nothing. A phrase's later words are read wherever they lie.
    """
    wls = lists.lists
    out: list[list[Hit]] = [[], [], [], []] if len(wls) == 4 else [[] for _ in wls]
    known = lists.words
    free = [lo] * len(wls)  # a hit of one list may not start inside the one before
    for a, b in ranges:
        a = max(a, lo)
        b = min(b, hi)
        piece = lower[a:b]
        # a range of letters only (most: a chunk that is one word) is its own word, no regex
        words = ((a, b, piece),) if piece.isalpha() else [(m.start(), m.end(), m.group())
                                                          for m in _WORD.finditer(lower, a, b)]
        for ws, we, word in words:
            at = known.get(word)
            if at is None:
                at = lists.at_word(word)
            for j, phrases, fixed in at:
                if ws >= free[j]:
                    hit = wls[j].phrase_at(lower, ws, we, hi, phrases) if phrases else None
                    if hit is None:
                        if fixed is None:
                            continue
                        hit = Hit(ws, we, *fixed)
                    out[j].append(hit)
                    free[j] = hit.end
    return out


def words_of(lower: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of the words of ``lower[start:end]``."""
    end = len(lower) if end is None else end
    return [(m.start(), m.end()) for m in _WORD.finditer(lower, start, end)]


def _rows(name: str, label_default: str = "") -> list[tuple[str, str, str]]:
    out = []
    for row in resources.table(name):
        form = row[0].lower()
        cls = row[1] if len(row) > 1 else label_default
        label = row[2] if len(row) > 2 else cls
        out.append((form, cls, label))
    return out


@lru_cache(maxsize=None)
def verbs() -> WordList:
    """Predicates: investment flow, project status, jobs, target, modal, change, indicator, instruction."""
    return WordList(_rows("fact_verbs.tsv"))


@lru_cache(maxsize=None)
def cues() -> WordList:
    """Nouns near a figure: cost, sum, funds, capacity, project nouns, refer-back openers, prices."""
    return WordList(_rows("fact_cues.tsv"))


@lru_cache(maxsize=None)
def sectors() -> WordList:
    """Sector words of a portfolio (``өнеркәсіптік``, ``ауыл шаруашылығы``)."""
    return WordList([(r[0].lower(), "sector", r[1]) for r in resources.table("fact_sectors.tsv")])


@lru_cache(maxsize=None)
def institutions() -> WordList:
    """Bodies that are tasked (``Үкімет``, ``министрлігі``, ``әкімдігі``)."""
    return WordList([(r[0].lower(), "institution", r[1]) for r in resources.table("fact_institutions.tsv")])


@lru_cache(maxsize=None)
def fact_lists() -> Lists:
    """The four lists the assembler reads in one scan (and the gate checks): verbs, cues, sectors, institutions."""
    return Lists((verbs(), cues(), sectors(), institutions()))


@lru_cache(maxsize=None)
def items(name: str) -> tuple[str, ...]:
    """The items of the ``name`` row of ``fact_patterns.tsv``, longest first."""
    for row in resources.table("fact_patterns.tsv"):
        if row[0] == name:
            return tuple(sorted((x.strip() for x in row[1].split("|") if x.strip()), key=len, reverse=True))
    raise KeyError(name)


@lru_cache(maxsize=None)
def needles(name: str) -> tuple[str, ...]:
    """Strings one of which every match of ``alt(name)`` holds: the longest word of each item (those holding
    another left out). A few ``str.find`` calls in C rule most text out faster than the regex's scan."""
    return fewest({max(x.split(), key=len) for x in items(name)})


def fewest(strings: set[str]) -> tuple[str, ...]:
    """``strings`` without those holding another one (a text holds one of them iff it holds one of these), sorted."""
    return tuple(sorted(w for w in strings if not any(v != w and v in w for v in strings)))


def holds(text: str, strings: tuple[str, ...], pos: int, endpos: int) -> bool:
    """Does ``text[pos:endpos]`` hold one of ``strings``?"""
    for s in strings:
        if text.find(s, pos, endpos) >= 0:
            return True
    return False


@lru_cache(maxsize=None)
def alt(name: str) -> str:
    """The alternation of the ``name`` row of ``fact_patterns.tsv`` as regex source (longest first)."""
    return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in x.split()) for x in items(name)) + ")"


@lru_cache(maxsize=None)
def roles() -> dict[str, str]:
    """Role words of ``fact_roles.tsv``: phrase -> role."""
    return {row[0].lower(): row[1] for row in resources.table("fact_roles.tsv")}


def lower(text: str) -> str:
    """Lower-case ``text`` keeping its length (offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
