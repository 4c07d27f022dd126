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


def _span_init():
    """``Span.__init__`` storing through the slot descriptors (a third faster than the generated one;
    cleaning and sentence splitting build several spans per document)."""
    s0, s1 = Span.__dict__["start"].__set__, Span.__dict__["end"].__set__

    def __init__(self, start: int, end: int) -> None:
        s0(self, start)
        s1(self, end)

    __init__.__qualname__ = "Span.__init__"
    return __init__


Span.__init__ = _span_init()  # type: ignore[method-assign]


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


def _token_init():
    """``Token.__init__`` storing through the slot descriptors: the same frozen token, built in half the
    time of the generated ``object.__setattr__`` calls (every token of every document is built here)."""
    s0, s1, s2, s3, s4, s5, s6 = (Token.__dict__[name].__set__
                                  for name in ("start", "end", "text", "norm", "kind", "stem", "suffix"))

    def __init__(self, start: int, end: int, text: str, norm: str, kind: str, stem: str = "",
                 suffix: str = "") -> None:
        s0(self, start)
        s1(self, end)
        s2(self, text)
        s3(self, norm)
        s4(self, kind)
        s5(self, stem)
        s6(self, suffix)

    __init__.__qualname__ = "Token.__init__"
    return __init__


Token.__init__ = _token_init()  # type: ignore[method-assign]


class TokenBuilder:
    """A mutable twin of :class:`Token` (same slots, same order) for the tokenizer's inner loop.

    Filling one with plain slot stores and then setting ``__class__ = Token`` gives the very same
    frozen token in well under half the time of ``Token(...)`` (a frozen class cannot take plain
    stores); the tokenizer builds every token of every document, so the trick pays.
    """

    __slots__ = ("start", "end", "text", "norm", "kind", "stem", "suffix")


assert Token.__slots__ == TokenBuilder.__slots__  # the layouts must match for the class switch


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
