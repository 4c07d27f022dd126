"""The interface every language folder (``aimaq.kk``, later ``aimaq.ru``, ``aimaq.kk_latn``) provides."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable, Sequence

from aimaq.text import Sentence, Span, Token


@dataclass(frozen=True, eq=False)
class Language:
    code: str
    script: str
    normalize: Callable[[str], str]  # same-length matching form of a text
    fold: Callable[[str], str]  # look-up form of a token
    split_region: Callable[[str, int, int], list[Span]]  # sentences of text[start:end]
    tokenize: Callable[..., list[Token]]  # tokens of norm_text[start:end]
    stems: Callable[[str], Sequence[str]]  # candidate stems of a word form
    lemma: Callable[[str, object], str | None]  # longest stem a lexicon knows
    table: Callable[[str], tuple[tuple[str, ...], ...]]  # rows of a data file of the folder
    # (normalize(text), sentences of the regions with their tokens): normalize, split_region and tokenize
    # in one call, which may skip passes that would change nothing; by default the three passes
    sentences: Callable[[str, list[Span]], tuple[str, list[Sentence]]] | None = None

    def __post_init__(self) -> None:
        if self.sentences is None:
            object.__setattr__(self, "sentences",
                               partial(three_passes, self.normalize, self.split_region, self.tokenize))


def three_passes(normalize: Callable[[str], str], split_region: Callable[[str, int, int], list[Span]],
                 tokenize: Callable[..., list[Token]], text: str,
                 regions: list[Span]) -> tuple[str, list[Sentence]]:
    """``Language.sentences`` by definition, from a language's three functions: normalize the text,
    split each region, tokenize each sentence (a folder's own ``sentences`` falls back to it)."""
    norm = normalize(text)
    return norm, [Sentence(sp.start, sp.end, tokenize(norm, sp.start, sp.end, text))
                  for region in regions for sp in split_region(text, region.start, region.end)]


_LOADED: dict[str, Language] = {}


def get(code: str = "kk") -> Language:
    """The language folder for ``code`` (imported on first use, then kept: called for every document)."""
    folder = _LOADED.get(code)
    if folder is not None:
        return folder
    if code == "kk":
        from aimaq.kk import LANGUAGE

        _LOADED[code] = LANGUAGE
        return LANGUAGE
    raise ValueError(f"no language folder for {code!r}")
