"""Kazakh (Cyrillic script): everything specific to the language lives in this folder.

The rest of Aimaq reaches it through :data:`LANGUAGE`, an :class:`aimaq.lang.Language`
that bundles normalization, sentence splitting, tokenization and morphology;
lexicons and tables are the files in ``data/`` (see ``resources``). Another
language or script (Russian, Kazakh in Latin script) is another folder with
the same interface.
"""
from aimaq.kk import resources
from aimaq.kk.analysis import sentences
from aimaq.kk.morph import lemma, stems
from aimaq.kk.normalize import fold, normalize
from aimaq.kk.segment import split_region
from aimaq.kk.tokenize import tokenize
from aimaq.lang import Language

LANGUAGE = Language(
    code="kk",
    script="Cyrl",
    normalize=normalize,
    fold=fold,
    split_region=split_region,
    tokenize=tokenize,
    stems=stems,
    lemma=lemma,
    table=resources.table,
    sentences=sentences,
)

__all__ = ["LANGUAGE", "normalize", "fold", "split_region", "tokenize", "stems", "lemma", "sentences"]
