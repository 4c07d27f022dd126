"""Language-independent text units: spans, tokens, sentences and the analysed text.

Every unit carries ``start``/``end`` code-point offsets into the original decoded
text of a document, so whatever a later stage finds can be shown as evidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    """A token of the original text.

    ``norm`` is the lower-cased, normalized form used for matching; ``stem`` and
    ``suffix`` split a hyphenated or attached ending off a number or abbreviation
    (``1000-нан`` → ``1000`` + ``нан``, ``50%-ға`` → ``50%`` + ``ға``). For plain
    words ``stem`` is ``norm`` and ``suffix`` is empty; the morphology module
    (``aimaq.kk.morph``) gives the candidate stems of inflected words.
    """

    start: int
    end: int
    text: str
    norm: str
    kind: str  # word | number | punct | symbol
    stem: str = ""
    suffix: str = ""

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def is_number(self) -> bool:
        return self.kind == "number"


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)


@dataclass(slots=True)
class Analysis:
    """The original text with its body regions, sentences and tokens.

    ``norm`` is a same-length normalized copy of ``text`` (look-alike letters,
    quotes, dashes and spaces unified), so a regex match on ``norm`` has offsets
    valid in ``text``.
    """

    text: str
    norm: str
    sentences: list[Sentence]
    published: str | None = None  # ISO date the relative expressions resolve against

    @property
    def tokens(self) -> list[Token]:
        return [t for s in self.sentences for t in s.tokens]
