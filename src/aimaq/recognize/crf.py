"""A small statistical named-entity tagger (linear-chain CRF, python-crfsuite).

Rules and gazetteers cannot list every person, organization or position a news
text names, so a CRF trained on KazNERD (Yeshpanov et al., LREC 2022, CC BY 4.0,
IS2AI) tags them from the shape of the words around: capitals, case endings
(``aimaq.kk.morph``), surname and patronymic endings, title and organization
kind words from the ``kk/data`` tables, quotes.

Training data and the held-out split: ``scripts/train_ner.py`` trains on the
sentences of the KazNERD *validation* split whose 0-based index (in file order)
is >= 3000 and never sees the first 3000, so
``score.py kaznerd valid.txt --limit 3000`` is an honest held-out score.
The model (``aimaq/models/ner.crfsuite``) ships in the package and is loaded
once, lazily; when it is missing, ``tag`` returns nothing and the recognizers
run on their rules alone. No network is used.

``tag(analysis)`` returns ``[(cls, start, end), ...]`` with KazNERD class names
(PERSON, ORGANISATION, POSITION, PROJECT, GPE, LOCATION, ...) and offsets into
the text; the result is cached per analysis so several recognizers can share it.

Speed: ``features`` defines the features (training uses it). Tagging never builds those
string lists: the compiled core ``aimaq.recognize._viterbi`` (Cython, built at install) keeps, per
word form (token text), the model's weights of its features, found by the bare feature values
(no feature strings), and does a sentence (scores, Viterbi, BIO spans) in one call, with the very
floating point sums crfsuite makes (the weights read from the model file, ``model_weights``).
It MIRRORS ``_word_features`` (``Model._values``); the tests compare the two on every form they
see. Without the compiled core, crfsuite tags the same lists minus the features the model does
not know, as UTF-8 bytes (``_known_features``). ``tests/test_crf_fast.py`` checks that all of
them give crfsuite's labels (and the core crfsuite's scores).
"""
from __future__ import annotations

import struct
from functools import lru_cache
from importlib import resources as _res
from pathlib import Path
from typing import Iterable, Sequence

from aimaq.kk import morph, resources
from aimaq.text import Analysis, Token

try:  # the compiled core (built at install; without it crfsuite tags, slower)
    from aimaq.recognize import _viterbi as _core
except ImportError:  # pragma: no cover - depends on the build
    _core = None

MODEL_NAME = "ner.crfsuite"
QUOTES = frozenset('"«»“”„')


def model_path() -> Path:
    """Where the shipped model lives (it may be absent)."""
    return Path(str(_res.files("aimaq").joinpath("models", MODEL_NAME)))


# ---------------------------------------------------------------- lexicons (read once)
def _first_words(name: str) -> frozenset[str]:
    out = set()
    for row in resources.table(name):
        for w in row[0].lower().split():
            out.add(w)
    return frozenset(out)


POSITION_WORDS = _first_words("positions.tsv")
ORG_WORDS = _first_words("org_kinds.tsv")
FIRST_NAMES = resources.words("first_names.tsv")
NAME_ENDINGS = tuple(sorted(((r[0], r[1]) for r in resources.table("name_endings.tsv")),
                            key=lambda r: -len(r[0])))
# the same table for look-up by length: the first (longest, then file order) ending wins, as in a scan
_ENDING_OF: dict[str, str] = {}
for _end, _what in NAME_ENDINGS:
    _ENDING_OF.setdefault(_end, _what)
_ENDING_LENGTHS = tuple(sorted({len(e) for e in _ENDING_OF}, reverse=True))
LEGAL_FORMS = frozenset(r[0] for r in resources.table("legal_forms.tsv"))
# last word of a descriptor (possessive form) -> KazNERD class(es)
def _descriptors() -> dict[str, str]:
    """Descriptor → class, indexed by the possessive form and by the bare stem (``картинасы``, ``картина``)."""
    out: dict[str, str] = {}
    for row in resources.table("descriptors.tsv"):
        word = row[0].lower().split()[-1]
        out.setdefault(word, row[1])
        for poss in ("сы", "сі", "ы", "і"):
            if word.endswith(poss) and len(word) - len(poss) >= 3:
                out.setdefault(word[: -len(poss)], row[1])
                break
    return out


DESCRIPTORS = _descriptors()


def _place_names() -> frozenset[str]:
    """Names of regions, cities and districts (from the KATO gazetteer, when it is there)."""
    try:
        rows = resources.table("places.tsv")
    except (FileNotFoundError, OSError):
        return frozenset()
    out = set()
    for row in rows:
        if len(row) > 5 and row[4].isdigit() and int(row[4]) <= 5:
            for w in row[5].lower().split():
                out.add(w)
    return frozenset(out)


PLACE_WORDS = _place_names()


def _foreign_names() -> frozenset[str]:
    """Country names (the places recognizer's table, when it is there)."""
    out = set()
    for name in ("countries.tsv",):
        try:
            rows = resources.table(name)
        except (FileNotFoundError, OSError):
            continue
        for row in rows:
            out.add(row[0].lower().split()[0])
    return frozenset(out)


FOREIGN_WORDS = _foreign_names()


# ---------------------------------------------------------------- features
def _shape(text: str) -> str:
    """Character classes, runs collapsed, at most 6 (``Астана`` → ``Xx``, ``2025-ші`` → ``d-x``)."""
    if text.isalpha():  # the common cases, without a loop over letters
        if text.islower():
            return "x"
        if len(text) > 1 and text[0].isupper() and text[1:].islower():
            return "Xx"
    out = []
    for ch in text:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def descriptor(stems: Sequence[str]) -> str | None:
    """KazNERD class a descriptor word announces (``министрлігінің`` → ORGANISATION), or None."""
    for s in stems:
        d = DESCRIPTORS.get(s)
        if d:
            return d
    return None


@lru_cache(maxsize=100_000)
def _name_ending(s: str) -> str | None:
    """What the longest surname/patronymic ending of ``s`` marks (with 3+ letters before it), or None."""
    n = len(s)
    for k in _ENDING_LENGTHS:
        if n > k + 2:
            what = _ENDING_OF.get(s[-k:])
            if what is not None:
                return what
    return None


@lru_cache(maxsize=100_000)
def _word_features(text: str, norm: str, kind: str) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """(own features, features neighbours see, descriptor class) of one token form.

    The compiled core MIRRORS this function (``_viterbi.Model._values``, bare values, no strings):
    a change here must be made there too (``tests/test_crf_fast.py`` fails until it is)."""
    d = None
    if kind == "word":
        stems = morph.stems(norm)
        short = stems[-1]
    else:
        stems = (norm,)
        short = norm
    sh = _shape(text)
    own = ["w=" + norm, "st=" + short, "sh=" + sh, "k=" + kind,
           "s2=" + norm[-2:], "s3=" + norm[-3:], "s4=" + norm[-4:], "p3=" + norm[:3]]
    flags = []
    if text[:1].isupper():
        flags.append("cap")
    if len(text) > 1 and text.isupper():
        flags.append("upper")
    if kind == "word":
        if not POSITION_WORDS.isdisjoint(stems):
            flags.append("pos")
        if not ORG_WORDS.isdisjoint(stems):
            flags.append("org")
        if not FIRST_NAMES.isdisjoint(stems):
            flags.append("fn")
        if not PLACE_WORDS.isdisjoint(stems):
            flags.append("gpe")
        if not FOREIGN_WORDS.isdisjoint(stems):
            flags.append("cty")
        if text in LEGAL_FORMS or text.partition("-")[0] in LEGAL_FORMS:
            flags.append("lf")
        d = descriptor(stems)
        if d:
            flags.append("d=" + d)
        for s in stems[:3]:
            what = _name_ending(s)
            if what is not None:
                flags.append("end=" + what)
                break
    elif text in QUOTES:
        flags.append("quote")
    own.extend(flags)
    near = (own[0], own[2], own[1], *flags)  # w=, sh=, st=, flags (the same strings as in ``own``)
    return tuple(own), near, (d if kind == "word" else None)


def _quote_heads(tokens: Sequence[Token]) -> list[str | None]:
    """For tokens inside quotes: what follows the closing quote (its stem, or its descriptor class)."""
    n = len(tokens)
    out: list[str | None] = [None] * n
    open_at = None
    for i, t in enumerate(tokens):
        if t.norm != '"':
            continue
        if open_at is None or (t.text in '«“„' and t.text != '"'):
            open_at = i
            continue
        head = "none"
        for j in range(i + 1, min(n, i + 4)):
            u = tokens[j]
            if not u.is_word:
                break
            d = _word_features(u.text, u.norm, u.kind)[2]
            if d:
                head = d
                break
            if j == i + 1:
                head = "w:" + morph.stems(u.norm)[-1]
        for k in range(open_at + 1, i):
            out[k] = head
        open_at = None
    return out


def features(tokens: Sequence[Token]) -> list[list[str]]:
    """CRF features of each token of one sentence (linear in its length)."""
    base = [_word_features(t.text, t.norm, t.kind) for t in tokens]
    heads = _quote_heads(tokens)
    n = len(tokens)
    out = []
    for i, t in enumerate(tokens):
        f = list(base[i][0])
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        if heads[i]:
            f.append("inq")
            f.append("qh=" + heads[i])
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f.extend(f"{d}:{x}" for x in base[j][1])
            else:
                f.append(f"{d}:none")
        if i > 0:
            f.append("bi=" + tokens[i - 1].norm + "|" + t.norm)
        out.append(f)
    return out


def spans(tokens: Sequence[Token], labels: Sequence[str]) -> list[tuple[str, int, int]]:
    """BIO labels → ``(cls, start, end)`` character spans."""
    out = []
    if labels.count("O") == len(labels):  # most sentences: nothing tagged
        return out
    cur = None
    for t, lab in zip(tokens, labels):
        if lab.startswith("B-") or (lab.startswith("I-") and (cur is None or cur[0] != lab[2:])):
            if cur:
                out.append(tuple(cur))
            cur = [lab[2:], t.start, t.end]
        elif lab.startswith("I-"):
            cur[2] = t.end
        else:
            if cur:
                out.append(tuple(cur))
            cur = None
    if cur:
        out.append(tuple(cur))
    return out


# ---------------------------------------------------------------- tagging
_TAGGER = None
_ENCODED: dict[str, bytes] = {}  # feature name the model knows -> its UTF-8 bytes
# name -> for d = -2, -1, 1, 2: (the bytes of "d:name",) when the model knows it, else ()
_CONTEXT: dict[str, tuple[tuple[bytes, ...], ...]] = {}
_BIGRAM_HEADS: frozenset[str] = frozenset()  # first words of the bigram features "bi=a|b" the model knows
_CONST: tuple[tuple[bytes, ...], ...] = ((),) * 7  # -2:none ... 2:none, BOS, EOS, inq (those the model knows)
_FALLBACK_READY = False
_LOADED = False


def _cqdb_strings(data: bytes, off: int, n: int) -> list[str] | None:
    """The ``n`` strings of a CQDB chunk (crfsuite's string dictionary) at ``off``, by id."""
    chunk, _csize, _flag, _order, count, bwd = struct.unpack_from("<4s5I", data, off)
    if chunk != b"CQDB" or count != n:
        return None
    out = []
    for rec in struct.unpack_from(f"<{n}I", data, off + bwd):
        _id, ksize = struct.unpack_from("<II", data, off + rec)
        out.append(data[off + rec + 8 : off + rec + 7 + ksize].decode("utf-8"))
    return out


def _model_chunks(path: Path):
    """(file bytes, header fields) of an ``lCRF`` model file, or None when it is not one."""
    data = path.read_bytes()
    head = struct.unpack_from("<4sI4s7I", data, 0)
    if head[0] != b"lCRF" or head[2] != b"FOMC":
        return None
    return data, head


def model_attributes(path: Path) -> frozenset[str] | None:
    """The attribute (feature) names a crfsuite model knows, read from its attribute
    dictionary (the CQDB chunk of the ``lCRF`` file), or None when the file is not such a model.

    The tagger ignores any feature not in this set, so a feature list filtered by it
    (order kept) gives bit-for-bit the same scores while crfsuite has less to convert."""
    try:
        found = _model_chunks(path)
        if found is None:
            return None
        data, (_m, _size, _k, _ver, _nf, _nl, n_attrs, _of, _ol, off_attrs) = found
        names = _cqdb_strings(data, off_attrs, n_attrs)
        return None if names is None else frozenset(names)
    except (OSError, struct.error, UnicodeDecodeError):
        return None


def model_weights(path: Path) -> tuple[list[str], dict[tuple[str, str], float], dict[tuple[str, str], float]] | None:
    """``(labels, {(attribute, label): weight}, {(label, next label): weight})`` of a crfsuite
    model, read from its file (the FEAT chunk), or None when the file is not such a model.

    These are the doubles crfsuite tags with; ``pycrfsuite.Tagger.info()`` reads a text dump of the
    model whose weights are rounded to 6 decimals."""
    try:
        found = _model_chunks(path)
        if found is None:
            return None
        data, (_m, _size, _k, _ver, _nf, n_labels, n_attrs, off_feat, off_labels, off_attrs) = found
        labels = _cqdb_strings(data, off_labels, n_labels)
        attrs = _cqdb_strings(data, off_attrs, n_attrs)
        chunk, _csize, count = struct.unpack_from("<4sII", data, off_feat)
        if labels is None or attrs is None or chunk != b"FEAT":
            return None
        state: dict[tuple[str, str], float] = {}
        trans: dict[tuple[str, str], float] = {}
        start = off_feat + 12
        for kind, src, dst, w in struct.iter_unpack("<IIId", data[start : start + 20 * count]):
            if kind == 0:  # state feature: attribute -> label
                state[attrs[src], labels[dst]] = w
            elif kind == 1:  # transition: label -> label
                trans[labels[src], labels[dst]] = w
        return labels, state, trans
    except (OSError, struct.error, UnicodeDecodeError, IndexError):
        return None


def tagger():
    """The loaded model, or None when it (or python-crfsuite) is missing."""
    global _TAGGER, _LOADED, _MODEL
    if not _LOADED:
        _LOADED = True
        path = model_path()
        if path.is_file():
            try:
                import pycrfsuite

                t = pycrfsuite.Tagger()
                t.open(str(path))
            except Exception:  # a broken model must not break extraction
                return None
            _TAGGER = t
            if _core is not None:
                try:
                    _MODEL = _compiled_model(t)
                except Exception:  # then crfsuite tags (the tests require the compiled model)
                    _MODEL = None
    return _TAGGER


def _fallback_tables(t) -> None:
    """The tables of the crfsuite path (``_known_features``), built on its first use."""
    global _ENCODED, _CONTEXT, _BIGRAM_HEADS, _CONST, _FALLBACK_READY
    known = model_attributes(model_path())
    if known is None:  # another model format: the tagger's own listing
        known = frozenset(a for a, _ in t.info().state_features)
    _ENCODED = {x: x.encode() for x in known}
    context: dict[str, list[tuple[bytes, ...]]] = {}
    for k, prefix in enumerate(("-2:", "-1:", "1:", "2:")):
        for x in known:
            if x.startswith(prefix):
                context.setdefault(x[len(prefix):], [(), (), (), ()])[k] = (x.encode(),)
    _CONTEXT = {x: tuple(v) for x, v in context.items()}
    # every split at a "|" (a word may hold one): "bi=" + a + "|" + b known => a in the set
    _BIGRAM_HEADS = frozenset(x[3:k] for x in known if x.startswith("bi=")
                              for k in range(3, len(x)) if x[k] == "|")
    _CONST = tuple(_known_bytes((x,)) for x in ("-2:none", "-1:none", "1:none", "2:none",
                                                "BOS", "EOS", "inq"))
    _FALLBACK_READY = True


def _known_bytes(names: Iterable[str]) -> tuple[bytes, ...]:
    """``names`` the model knows, in order, as the UTF-8 bytes crfsuite takes without re-encoding."""
    return tuple(filter(None, map(_ENCODED.get, names)))


_NO_CONTEXT = ((), (), (), ())


@lru_cache(maxsize=4096)
def _flag_context(flags: tuple[str, ...]) -> tuple[tuple[bytes, ...], ...]:
    """The model-known context features ``d:x`` of names ``x`` (flags), for d = -2, -1, 1, 2, in order."""
    return tuple(_known_bytes(map(prefix.__add__, flags)) for prefix in ("-2:", "-1:", "1:", "2:"))


@lru_cache(maxsize=100_000)
def _word_items(text: str, norm: str, kind: str) -> tuple[tuple[bytes, ...], ...]:
    """The model-known features of one token form, UTF-8 encoded: (own, as seen from 2 after,
    from 1 after, from 1 before, from 2 before), each in the order ``features`` gives them.

    The context features of a word are ``d:`` + its ``near`` features (w=, sh=, st=, then flags),
    looked up in ``_CONTEXT`` by the unprefixed name (one look-up per name for all four d);
    the flags, few combinations, are looked up together."""
    own, near, _ = _word_features.__wrapped__(text, norm, kind)  # cached here as bytes, not twice
    get = _CONTEXT.get
    if len(near) >= 3:
        w, s, h = get(near[0], _NO_CONTEXT), get(near[1], _NO_CONTEXT), get(near[2], _NO_CONTEXT)
        f = _flag_context(tuple(near[3:]))
    else:
        w = s = h = _NO_CONTEXT
        f = _flag_context(tuple(near))
    return (_known_bytes(own),
            w[0] + s[0] + h[0] + f[0], w[1] + s[1] + h[1] + f[1],
            w[2] + s[2] + h[2] + f[2], w[3] + s[3] + h[3] + f[3])


def _known_features(tokens: Sequence[Token]) -> list[tuple[bytes, ...]]:
    """``features(tokens)`` without the features the model does not know (order kept), UTF-8
    encoded: the tagger's input, built from per-word-form pieces cached across sentences."""
    if not _FALLBACK_READY:
        _fallback_tables(tagger())
    known, bigram_heads = _ENCODED, _BIGRAM_HEADS
    n = len(tokens)
    norms = [t.norm for t in tokens]
    items = [_word_items(t.text, t.norm, t.kind) for t in tokens]
    heads = _quote_heads(tokens) if '"' in norms else None
    m2pad, m1pad, p1pad, p2pad, bos, eos, inq = _CONST
    # padded so that feature "d:x" of token i (word i+d seen from i) is padded[i + 2 + d][slot of d]
    edge = ((), m2pad, m1pad, p1pad, p2pad)
    padded = [edge, edge, *items, edge, edge]
    out = []
    prev = None
    for i, norm in enumerate(norms):
        f = items[i][0]
        if i == 0:
            f += bos
        if i == n - 1:
            f += eos
        if heads is not None and heads[i]:
            f += inq + _known_bytes(("qh=" + heads[i],))
        f += padded[i][1] + padded[i + 1][2] + padded[i + 3][3] + padded[i + 4][4]
        if prev in bigram_heads:
            bi = known.get("bi=" + prev + "|" + norm)
            if bi is not None:
                f += (bi,)
        prev = norm
        out.append(f)
    return out


# ---------------------------------------------------------------- compiled path
_MODEL = None  # the compiled core's Model (``_viterbi.Model``), when the extension is built


def _compiled_model(t):
    """The model's weights (from the file, as crfsuite has them) and ``_word_features``'s tables
    (the lexicons' stems merged into one table of flag bits), handed to the compiled core."""
    weights = model_weights(model_path())
    if weights is None or weights[0] != list(t.labels()):
        raise ValueError("cannot read the model's weights")
    labels, state_features, transitions = weights
    bits = _core.STEM_FLAGS
    stem_flags: dict[str, int] = {}
    for name, words in (("pos", POSITION_WORDS), ("org", ORG_WORDS), ("fn", FIRST_NAMES),
                        ("gpe", PLACE_WORDS), ("cty", FOREIGN_WORDS)):
        for w in words:
            stem_flags[w] = stem_flags.get(w, 0) | bits[name]
    model = _core.Model(labels, state_features, transitions, morph.stems,
                        stem_flags, DESCRIPTORS, _ENDING_OF, LEGAL_FORMS, QUOTES)
    model.read_slots(Token)
    return model


def tag_tokens(tokens: Sequence[Token]) -> list[str]:
    """BIO labels of one sentence's tokens (all ``O`` without a model)."""
    t = tagger()
    if t is None or not tokens:
        return ["O"] * len(tokens)
    if _MODEL is not None:
        return _MODEL.tag(tokens if type(tokens) is list else list(tokens))
    return t.tag(_known_features(tokens))


def tag_tokens_crfsuite(tokens: Sequence[Token]) -> list[str]:
    """``tag_tokens`` by crfsuite itself: the reference the compiled path is tested against."""
    t = tagger()
    if t is None or not tokens:
        return ["O"] * len(tokens)
    return t.tag(_known_features(tokens))


_CACHE: list[tuple[Analysis, list[tuple[str, int, int]]]] = []


def tag(analysis: Analysis) -> list[tuple[str, int, int]]:
    """Entity spans ``(cls, start, end)`` of the whole analysis, cached for the last few analyses."""
    for a, result in _CACHE:
        if a is analysis:
            return result
    if not _LOADED:
        tagger()
    if _MODEL is not None:  # (only set with a loaded tagger)
        result = _MODEL.spans(analysis.sentences)
    else:
        result = []
        for s in analysis.sentences:
            if s.tokens:
                result.extend(spans(s.tokens, tag_tokens(s.tokens)))
    _CACHE.append((analysis, result))
    if len(_CACHE) > 4:
        del _CACHE[0]
    return result
