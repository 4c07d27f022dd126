# cython: language_level=3, cdivision=True
"""Compiled core of the CRF tagger (``aimaq.recognize.crf``): the state scores of a sentence, from
per-word-form records, Viterbi decoding and the BIO spans, in one call per sentence; the same
scores, bit for bit, as crfsuite's.

crfsuite spends its time turning feature strings into attribute ids. Here each word form (token
text) is analysed once: ``Model._values`` computes the bare values of the features
``crf._word_features`` defines (norm, shortest stem, shape, kind, affixes, flags) and ``_new_form``
looks each up in a per-kind table of the model's attributes (``by_w``: norm -> the record of the
attributes ``w=norm``, ``-2:w=norm``, ``-1:w=norm``, ``1:w=norm``, ``2:w=norm``), so no feature
string is built. A form's record keeps the sum of its own features' weights and, for each
neighbour position, the ids of the context features it gives the token 2 after, 1 after, 1 before,
2 before it, in feature order. Records are found by token text (the tokenizer derives norm and
kind from the text alone; a token whose norm or kind differs from its text's record gets its own).

``_word_features`` IS MIRRORED HERE (``Model._values``): a change to the features there must be
made here too; ``tests/test_crf_fast.py`` compares the two feature lists on every form of the
corpus, of 3000 KazNERD sentences and of random texts, and fails on any drift.

Bit-identical scores: crfsuite's state score of label l at token i is 0.0 plus, in the order of
the token's feature list, the weight of each (feature, l) pair the model holds. The core adds the
same weights in the same order: the own features first (so their sum from zero, kept per form, is
crfsuite's partial sum), then BOS, EOS, inq, qh=, -2:, -1:, 1:, 2:, bi=, each as a dense row of L
weights with 0.0 where the model has none. Adding 0.0 changes no score: a score is never -0.0
(it starts at +0.0, and a sum is -0.0 only when both terms are). Viterbi keeps crfsuite's loop
order and tie rule (the first label with the highest score wins); its shortcut (``_viterbi``)
only skips labels that provably cannot win.
"""
from types import MemberDescriptorType

cimport cython
from cpython.dict cimport PyDict_GetItemWithError
from cpython.object cimport PyTypeObject, Py_TYPE
from cpython.ref cimport PyObject
from cpython.unicode cimport PyUnicode_FromKindAndData, PyUnicode_4BYTE_KIND
from libc.float cimport DBL_MAX
from libc.math cimport INFINITY
from libc.stdlib cimport free, malloc

# the member descriptor of a slot (``Model.read_slots``)
cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        int type
        Py_ssize_t offset
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
cdef extern from "structmember.h":
    enum: T_OBJECT_EX

# a hint to the CPU to fetch a cache line ahead of use (the records and weight rows of a sentence
# are scattered over megabytes the other pipeline stages push out of the caches)
cdef extern from *:
    """
    #if defined(__GNUC__)
    #define crf_prefetch(p) __builtin_prefetch(p)
    #else
    #define crf_prefetch(p) ((void)0)
    #endif
    """
    void prefetch "crf_prefetch" (const void* p) noexcept nogil

cdef inline void sum_rows(double* e, const double** rows, int n, int L) noexcept nogil:
    """e[q] = rows[0][q] + rows[1][q] + ... added in that order (the same bits as a plain loop): a
    token's state scores from the weight rows of its features. Four labels at a time, their sums
    kept in registers rather than stored and reloaded after every row."""
    cdef int q = 0, r
    cdef double a0, a1, a2, a3
    cdef const double* x
    while q + 4 <= L:
        x = rows[0] + q
        a0 = x[0]; a1 = x[1]; a2 = x[2]; a3 = x[3]
        for r in range(1, n):
            x = rows[r] + q
            a0 += x[0]; a1 += x[1]; a2 += x[2]; a3 += x[3]
        e[q] = a0; e[q + 1] = a1; e[q + 2] = a2; e[q + 3] = a3
        q += 4
    while q < L:
        a0 = rows[0][q]
        for r in range(1, n):
            a0 += rows[r][q]
        e[q] = a0
        q += 1



# flag bits of a form, in the order ``crf._word_features`` appends the flags
cdef enum:
    CAP = 1
    UPPER = 2
    POS = 4
    ORG = 8
    FN = 16
    GPE = 32
    CTY = 64
    LF = 128
    QUOTE = 256
FLAG_NAMES = ("cap", "upper", "pos", "org", "fn", "gpe", "cty", "lf", "quote")
STEM_FLAGS = {"pos": POS, "org": ORG, "fn": FN, "gpe": GPE, "cty": CTY}  # bits a stem's lexicons set
cdef enum:
    MAX_OWN = 24
    MAX_NEAR = 24
    MAX_ROWS = 8 + 4 * MAX_NEAR  # weight rows of one token: own, BOS, EOS, inq, qh=, 4 x context, bi=
    MAX_END2 = 64
    FORMS_SIZE = 100000
    LOCAL = 256  # sentences up to this many tokens decode into a buffer on the stack
    SOURCES = 2  # labels with the largest transitions into a label, that Viterbi tries first


cdef str _shape(str text):
    """``crf._shape``: character classes, runs collapsed, at most 6 (the first 6 runs)."""
    cdef Py_UCS4 buf[6]
    cdef Py_UCS4 ch, c
    cdef int n = 0
    for ch in text:
        if ch.isupper():
            c = u'X'
        elif ch.isalpha():
            c = u'x'
        elif ch.isdigit():
            c = u'd'
        else:
            c = ch
        if n == 0 or buf[n - 1] != c:
            if n == 6:
                break
            buf[n] = c
            n += 1
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, n)


cdef int* _path_buffer(int n, int* local) except NULL:
    """Room for the labels of ``n`` tokens: ``local`` (LOCAL ints on the caller's stack) when it is big
    enough, else a new block the caller frees (when the result is not ``local``)."""
    cdef int* path = local
    if n > LOCAL:
        path = <int*>malloc(n * sizeof(int))
        if path is NULL:
            raise MemoryError()
    return path


@cython.no_gc  # holds strings and a dict of ints only: no cycles, and 10^5 records are not traversed
cdef class Form:
    """What one token form (text, norm, kind) gives a sentence's scores."""
    cdef str norm
    cdef str kind
    cdef object short  # shortest stem (``"w:" + short`` is a quote head)
    cdef object desc  # descriptor class (word forms), or None
    cdef object bihead  # {next norm: attribute id} of the bigrams starting with this norm, or None
    cdef int quote  # 0: norm is not '"'; 1: an opening quote (« “ „); 2: another quote
    cdef bint word
    cdef double* own  # L doubles: the own features' weights summed
    cdef int* aid  # the context features' attribute ids, slot by slot, in feature order
    cdef int ctx[5]  # slot d (0: -2:, 1: -1:, 2: 1:, 3: 2:) holds aid[ctx[d]] .. aid[ctx[d + 1] - 1]

    def __dealloc__(self):
        free(self.own)


cdef class Model:
    """A crfsuite model's weights, laid out for the compiled tagger, plus the per-form records."""
    cdef int L
    cdef int n_attrs
    cdef int* rec  # 5 attribute ids (-1: unknown) per name record: x, -2:x, -1:x, 1:x, 2:x
    cdef double* dense  # attribute a's weights: dense[a * L] .. dense[a * L + L - 1] (0.0: none)
    cdef double* trans  # trans[to * L + from]
    cdef int O  # index of label "O", or -1
    cdef int* ltype  # per label: 1 B-, 2 I-, 0 other
    cdef int* lcls  # per label: class id of lab[2:]
    cdef list classes
    cdef readonly list labels
    # bare feature value -> name record, per feature kind
    cdef dict by_w, by_st, by_sh, by_k, by_s2, by_s3, by_s4, by_p3, by_d, by_end, by_qh, bigrams
    cdef int flag_rec[9]
    cdef int bos, eos, inq
    cdef int pads[4]
    # the lexicons of crf._word_features
    cdef object stems
    cdef dict stem_info  # stem -> (flag bits, descriptor class or None)
    cdef dict endings
    cdef tuple ending_lengths
    cdef Py_UCS4 end2[MAX_END2][2]  # last two letters of every ending (a quick test before the look-ups)
    cdef int n_end2
    cdef frozenset legal, quotes
    # per-form records: token text -> Form; (text, norm, kind) -> Form for a text seen with another norm
    cdef dict forms, others
    cdef PyTypeObject* token_type  # tokens whose text, norm, kind are read from their slots (read_slots)
    cdef object token_class
    cdef Py_ssize_t slot_text, slot_norm, slot_kind
    cdef object v_short, v_shape, v_desc, v_end  # ``_values``'s results besides the flag bits
    cdef public Py_ssize_t forms_size  # the dicts are emptied when they hold that many records
    cdef int* src  # per label k: the SOURCES labels j with the largest transitions j -> k
    cdef double* crest  # per label k: the largest transition into k from another label
    # work buffers, grown as needed
    cdef double* e
    cdef double* score
    cdef int* back
    cdef int* head  # qh= attribute of each token (-1: unknown), -2: not inside quotes
    cdef int* bi  # bi= attribute of each token, or -1
    cdef double** own  # each token's record: own vector, context attribute ids, slot bounds
    cdef int** aid
    cdef int* ctx
    cdef const double** rows  # MAX_ROWS per token
    cdef int* n_rows
    cdef int cap

    def __init__(self, list labels, dict state_features, dict transitions, stems, dict stem_flags,
                 dict descriptors, dict endings, frozenset legal_forms, frozenset quotes):
        """``labels``, ``state_features`` {(attribute, label): weight} and ``transitions`` {(from, to):
        weight} as ``crf.model_weights`` reads them from the model file; ``stems`` is ``morph.stems``;
        ``stem_flags`` {stem: flag bits (``STEM_FLAGS``)}; ``descriptors``, ``endings`` (ending -> what,
        the first to try first), ``legal_forms`` and ``quotes`` the tables of ``crf._word_features``."""
        cdef int L = len(labels), a, k, j, r
        self.L = L
        self.labels = list(labels)
        index = {lab: k for k, lab in enumerate(labels)}
        by_attr: dict = {}
        for (attr, lab), w in state_features.items():
            by_attr.setdefault(attr, []).append((index[lab], w))
        names = list(by_attr)
        aid = {x: a for a, x in enumerate(names)}
        self.n_attrs = len(names)
        self.dense = <double*>malloc((self.n_attrs * L + 1) * sizeof(double))
        self.trans = <double*>malloc((L * L + 1) * sizeof(double))
        self.ltype = <int*>malloc((L + 1) * sizeof(int))
        self.lcls = <int*>malloc((L + 1) * sizeof(int))
        if not (self.dense and self.trans and self.ltype and self.lcls):
            raise MemoryError()
        for a in range(self.n_attrs * L):
            self.dense[a] = 0.0
        for a in range(self.n_attrs):
            for k, w in by_attr[names[a]]:
                self.dense[a * L + k] = w
        for k in range(L * L):
            self.trans[k] = 0.0
        for (x, y), w in transitions.items():
            self.trans[index[y] * L + index[x]] = w
        self.src = <int*>malloc((L * SOURCES + 1) * sizeof(int))
        self.crest = <double*>malloc((L + 1) * sizeof(double))
        if not (self.src and self.crest):
            raise MemoryError()
        for k in range(L):
            by_weight = sorted(range(L), key=lambda j: -self.trans[k * L + j])
            for t in range(SOURCES):
                self.src[k * SOURCES + t] = by_weight[t] if t < L else -1
            self.crest[k] = self.trans[k * L + by_weight[SOURCES]] if SOURCES < L else -INFINITY
        self.O = index.get("O", -1)
        self.classes = []
        cls_id: dict = {}
        for k, lab in enumerate(labels):
            self.ltype[k] = 1 if lab.startswith("B-") else 2 if lab.startswith("I-") else 0
            self.lcls[k] = cls_id.setdefault(lab[2:], len(cls_id))
            if self.lcls[k] == len(self.classes):
                self.classes.append(lab[2:])

        # name records: x -> the ids of x, -2:x, -1:x, 1:x, 2:x
        slots = {"-2:": 1, "-1:": 2, "1:": 3, "2:": 4}
        rec_of = {}
        for full in names:
            x, slot = full, 0
            for prefix, s in slots.items():
                if full.startswith(prefix):
                    x, slot = full[len(prefix):], s
                    break
            rec_of.setdefault(x, [-1] * 5)[slot] = aid[full]
        bases = list(rec_of)
        self.rec = <int*>malloc((5 * len(bases) + 1) * sizeof(int))
        if not self.rec:
            raise MemoryError()
        for r, x in enumerate(bases):
            for k in range(5):
                self.rec[5 * r + k] = rec_of[x][k]
        kinds = {"w": {}, "st": {}, "sh": {}, "k": {}, "s2": {}, "s3": {}, "s4": {}, "p3": {},
                 "d": {}, "end": {}}
        self.bigrams = {}
        self.by_qh = {}
        plain: dict = {}
        for r, x in enumerate(bases):
            kind, eq, value = x.partition("=")
            if not eq:
                plain[x] = r
            elif kind in kinds:
                kinds[kind][value] = r
            elif kind == "qh":
                if self.rec[5 * r] >= 0:
                    self.by_qh[value] = self.rec[5 * r]
            elif kind == "bi" and self.rec[5 * r] >= 0:
                # every split at a "|" (a norm may hold one): "bi=" + a + "|" + b is looked up as (a, b)
                for j in range(len(value)):
                    if value[j] == "|":
                        self.bigrams.setdefault(value[:j], {})[value[j + 1:]] = self.rec[5 * r]
        self.by_w, self.by_st, self.by_sh, self.by_k = kinds["w"], kinds["st"], kinds["sh"], kinds["k"]
        self.by_s2, self.by_s3, self.by_s4, self.by_p3 = kinds["s2"], kinds["s3"], kinds["s4"], kinds["p3"]
        self.by_d, self.by_end = kinds["d"], kinds["end"]
        for k, x in enumerate(FLAG_NAMES):
            self.flag_rec[k] = plain.get(x, -1)

        def own_id(x):
            r = plain.get(x, -1)
            return -1 if r < 0 else self.rec[5 * r]
        self.bos, self.eos, self.inq = own_id("BOS"), own_id("EOS"), own_id("inq")
        r = plain.get("none", -1)
        for k in range(4):
            self.pads[k] = -1 if r < 0 else self.rec[5 * r + 1 + k]

        self.stems = stems
        info: dict = {}
        for s, bits in stem_flags.items():
            info[s] = [bits, None]
        for s, d in descriptors.items():
            if d:
                info.setdefault(s, [0, None])[1] = d
        self.stem_info = {s: (v[0], v[1]) for s, v in info.items()}
        self.endings = dict(endings)
        self.ending_lengths = tuple(sorted({len(x) for x in endings}, reverse=True))
        pairs = sorted({x[len(x) - 2:] for x in endings if len(x) >= 2})
        if len(pairs) <= MAX_END2 and all(len(x) >= 2 for x in endings):
            self.n_end2 = len(pairs)
            for k, x in enumerate(pairs):
                self.end2[k][0] = x[0]
                self.end2[k][1] = x[1]
        else:
            self.n_end2 = -1  # no quick test
        self.legal = legal_forms
        self.quotes = quotes
        self.forms = {}
        self.others = {}
        self.forms_size = FORMS_SIZE

    def __dealloc__(self):
        free(self.dense); free(self.rec); free(self.trans)
        free(self.ltype); free(self.lcls)
        free(self.e); free(self.score); free(self.back); free(self.head); free(self.bi)
        free(self.own); free(self.aid); free(self.ctx); free(self.src); free(self.crest)
        free(self.rows); free(self.n_rows)

    def clear(self):
        """Forget every per-form record (they are rebuilt on demand)."""
        self.forms.clear()
        self.others.clear()

    # ------------------------------------------------------------ one word form
    cdef object _ending(self, str s):
        """``crf._name_ending``: what the longest known ending of ``s`` marks (3+ letters before it)."""
        cdef Py_ssize_t n = len(s)
        cdef int k, i
        cdef Py_UCS4 a, b
        if n < 2:
            return None
        if self.n_end2 >= 0:
            a = s[n - 2]
            b = s[n - 1]
            for i in range(self.n_end2):
                if self.end2[i][1] == b and self.end2[i][0] == a:
                    break
            else:
                return None
        for k in self.ending_lengths:
            if n > k + 2:
                what = self.endings.get(s[n - k:])
                if what is not None:
                    return what
        return None

    cdef int _values(self, str text, str norm, str kind) except -1:
        """The bare values of ``crf._word_features(text, norm, kind)``: the flag bits, returned, and
        the shortest stem, shape, descriptor class (or None) and surname ending (or None), left in
        ``self.v_*``. MIRRORS ``crf._word_features``."""
        cdef int bits = 0, i
        cdef Py_ssize_t n = len(text)
        cdef PyObject* p
        d = None
        end = None
        if kind == "word":
            stems = self.stems(norm)
            short = stems[len(stems) - 1]
        else:
            short = norm
        shape = _shape(text)
        if n and (<Py_UCS4>text[0]).isupper():
            bits |= CAP
        if n > 1 and text.isupper():
            bits |= UPPER
        if kind == "word":
            info = self.stem_info
            for s in stems:
                p = PyDict_GetItemWithError(info, s)
                if p is not NULL:
                    bits |= <int>(<tuple>p)[0]
                    if d is None:
                        d = (<tuple>p)[1]
            if text in self.legal:
                bits |= LF
            else:
                i = text.find("-")
                if i >= 0 and text[:i] in self.legal:
                    bits |= LF
            for i in range(min(3, len(stems))):
                end = self._ending(stems[i])
                if end is not None:
                    break
        elif text in self.quotes:
            bits |= QUOTE
        self.v_short, self.v_shape, self.v_desc, self.v_end = short, shape, d, end
        return bits

    def features(self, str text, str norm, str kind):
        """(own feature names, names its neighbours see, descriptor class) of one form, built from
        ``_values``: ``crf._word_features`` must give the same (the test for drift)."""
        bits = self._values(text, norm, kind)
        short, shape, d, end = self.v_short, self.v_shape, self.v_desc, self.v_end
        n = len(norm)
        own = ["w=" + norm, "st=" + short, "sh=" + shape, "k=" + kind, "s2=" + norm[max(n - 2, 0):],
               "s3=" + norm[max(n - 3, 0):], "s4=" + norm[max(n - 4, 0):], "p3=" + norm[:3]]
        flags = [x for k, x in enumerate(FLAG_NAMES[:8]) if bits & (1 << k)]
        if d is not None:
            flags.append("d=" + d)
        if end is not None:
            flags.append("end=" + end)
        if bits & QUOTE:
            flags.append("quote")
        own.extend(flags)
        return tuple(own), (own[0], own[2], own[1], *flags), d

    cdef inline int _rec(self, dict table, object value):
        cdef PyObject* p = PyDict_GetItemWithError(table, value)
        return -1 if p is NULL else <int><object>p

    cdef Form _new_form(self, str text, str norm, str kind):
        """The record of a form: its own features' weights summed (from zero, in feature order, as
        crfsuite sums them) and its context features' ids, found by their bare values."""
        cdef int own[MAX_OWN]
        cdef int near[MAX_NEAR]
        cdef int n_own = 0, n_near = 0, k, r, a, d, q, n_ids = 0, L = self.L
        cdef Py_ssize_t n = len(norm)
        cdef const double* v
        cdef Form f = Form.__new__(Form)
        cdef int bits = self._values(text, norm, kind)
        short, shape, desc, end = self.v_short, self.v_shape, self.v_desc, self.v_end
        rw, rst, rsh = self._rec(self.by_w, norm), self._rec(self.by_st, short), self._rec(self.by_sh, shape)
        own[0], own[1], own[2], own[3] = rw, rst, rsh, self._rec(self.by_k, kind)
        own[4] = self._rec(self.by_s2, norm[max(n - 2, 0):])
        own[5] = self._rec(self.by_s3, norm[max(n - 3, 0):])
        own[6] = self._rec(self.by_s4, norm[max(n - 4, 0):])
        own[7] = self._rec(self.by_p3, norm[:3])
        near[0], near[1], near[2] = rw, rsh, rst
        n_own, n_near = 8, 3
        for k in range(8):  # cap .. lf
            if bits & (1 << k):
                own[n_own] = near[n_near] = self.flag_rec[k]
                n_own += 1
                n_near += 1
        if desc is not None:
            own[n_own] = near[n_near] = self._rec(self.by_d, desc)
            n_own += 1
            n_near += 1
        if end is not None:
            own[n_own] = near[n_near] = self._rec(self.by_end, end)
            n_own += 1
            n_near += 1
        if bits & QUOTE:
            own[n_own] = near[n_near] = self.flag_rec[8]
            n_own += 1
            n_near += 1
        for d in range(1, 5):
            for k in range(n_near):
                r = near[k]
                if r >= 0 and self.rec[5 * r + d] >= 0:
                    n_ids += 1
        f.own = <double*>malloc(L * sizeof(double) + n_ids * sizeof(int) + 8)
        if f.own is NULL:
            raise MemoryError()
        f.aid = <int*>(f.own + L)
        for k in range(L):
            f.own[k] = 0.0
        for k in range(n_own):  # summed from zero in feature order, as crfsuite sums them
            r = own[k]
            if r >= 0:
                a = self.rec[5 * r]
                if a >= 0:
                    v = self.dense + a * L
                    for q in range(L):
                        f.own[q] += v[q]
        n_ids = 0
        for d in range(1, 5):
            f.ctx[d - 1] = n_ids
            for k in range(n_near):
                r = near[k]
                if r >= 0:
                    a = self.rec[5 * r + d]
                    if a >= 0:
                        f.aid[n_ids] = a
                        n_ids += 1
        f.ctx[4] = n_ids
        f.norm = norm
        f.kind = kind
        f.word = kind == "word"
        f.short = short
        f.desc = desc
        f.quote = 0 if norm != '"' else 1 if (text in u"«“„" and text != '"') else 2
        f.bihead = self.bigrams.get(norm)
        return f

    def read_slots(self, type token_type):
        """Read ``text``, ``norm`` and ``kind`` of tokens of this class (a slots class) straight from
        their slots, without the attribute protocol (3 look-ups per token). Any other object, or a
        slot left empty, is read by attribute."""
        offsets = []
        for name in ("text", "norm", "kind"):
            d = token_type.__dict__.get(name)
            if type(d) is not MemberDescriptorType or (<PyMemberDescrObject*>d).d_member.type != T_OBJECT_EX:
                self.token_type = NULL
                return False
            offsets.append((<PyMemberDescrObject*>d).d_member.offset)
        self.slot_text, self.slot_norm, self.slot_kind = offsets
        self.token_class = token_type  # kept alive
        self.token_type = <PyTypeObject*>token_type
        return True

    cdef Form _form(self, object token):
        """The record of a token's form, made on first sight."""
        cdef str text, norm, kind
        cdef PyObject* a
        cdef PyObject* b
        cdef PyObject* c
        cdef Form f
        cdef PyObject* p
        if Py_TYPE(token) == self.token_type:
            a = (<PyObject**>(<char*><PyObject*>token + self.slot_text))[0]
            b = (<PyObject**>(<char*><PyObject*>token + self.slot_norm))[0]
            c = (<PyObject**>(<char*><PyObject*>token + self.slot_kind))[0]
            if a is NULL or b is NULL or c is NULL:
                text, norm, kind = token.text, token.norm, token.kind  # raises the AttributeError
            else:
                text, norm, kind = <object>a, <object>b, <object>c
        else:
            text, norm, kind = token.text, token.norm, token.kind
        p = PyDict_GetItemWithError(self.forms, text)
        if p is not NULL:
            f = <Form>p
            if f.norm == norm and f.kind == kind:
                return f
            key = (text, norm, kind)  # the tokenizer never gives one text two norms; a caller might
            p = PyDict_GetItemWithError(self.others, key)
            if p is not NULL:
                return <Form>p
            f = self._new_form(text, norm, kind)
            self.others[key] = f
            return f
        f = self._new_form(text, norm, kind)
        self.forms[text] = f  # (the dicts are emptied when too big by ``_scores``, between sentences)
        return f

    # ------------------------------------------------------------ one sentence
    cdef int _grow(self, int n) except -1:
        cdef int m
        if n <= self.cap:
            return 0
        n = max(n, 2 * self.cap, 64)
        m = n * self.L
        free(self.e); free(self.score); free(self.back); free(self.head); free(self.bi)
        free(self.own); free(self.aid); free(self.ctx); free(self.rows); free(self.n_rows)
        self.e = <double*>malloc(m * sizeof(double))
        self.score = <double*>malloc(m * sizeof(double))
        self.back = <int*>malloc(m * sizeof(int))
        self.head = <int*>malloc(n * sizeof(int))
        self.bi = <int*>malloc(n * sizeof(int))
        self.own = <double**>malloc(n * sizeof(double*))
        self.aid = <int**>malloc(n * sizeof(int*))
        self.ctx = <int*>malloc(5 * n * sizeof(int))
        self.rows = <const double**>malloc(MAX_ROWS * n * sizeof(double*))
        self.n_rows = <int*>malloc(n * sizeof(int))
        if not (self.e and self.score and self.back and self.head and self.bi and self.own
                and self.aid and self.ctx and self.rows and self.n_rows):
            self.cap = 0
            raise MemoryError()
        self.cap = n
        return 0

    cdef int _scores(self, list tokens) except -1:
        """Fill ``self.e`` with the state scores of the sentence (n x L), in crfsuite's order."""
        cdef int n = len(tokens), i, j, k, r, L = self.L, quotes = 0
        cdef Form f
        cdef object prev_bi = None
        cdef PyObject* p
        cdef const int* aid
        cdef const double** rows
        cdef int n_rows
        cdef const double* dense = self.dense
        cdef int* head
        cdef int* bi
        cdef int* ctx
        if len(self.forms) >= self.forms_size:
            self.forms.clear()
        if len(self.others) >= self.forms_size:
            self.others.clear()
        # A new form's record may run Python code (morph.stems), where another thread may run and use
        # this model: the work buffers below are shared, so they are filled only once all records are
        # at hand, and nothing from there to the end of Viterbi runs Python code (or lets go of the
        # GIL). ``forms`` keeps the records alive while the buffers point into them.
        forms = [self._form(t) for t in tokens]
        self._grow(n)
        head, bi, ctx = self.head, self.bi, self.ctx
        for i in range(n):
            f = <Form>forms[i]
            self.own[i] = f.own
            prefetch(f.own)
            prefetch(f.own + 8)
            prefetch(f.own + 16)
            prefetch(f.own + L)
            self.aid[i] = f.aid
            for k in range(5):
                ctx[5 * i + k] = f.ctx[k]
            head[i] = -2  # not inside quotes
            bi[i] = -1
            if prev_bi is not None:  # "bi=" + previous norm + "|" + norm
                p = PyDict_GetItemWithError(prev_bi, f.norm)
                if p is not NULL:
                    bi[i] = <int><object>p
            prev_bi = f.bihead
            if f.quote:
                quotes = 1
        if quotes:  # crf._quote_heads: inside quotes, what follows the closing quote
            self._quote_heads(forms)
        for i in range(n):  # the rows of weights to add, in feature order
            rows = self.rows + i * MAX_ROWS
            rows[0] = self.own[i]
            n_rows = 1
            if i == 0 and self.bos >= 0:
                rows[n_rows] = dense + self.bos * L
                n_rows += 1
            if i == n - 1 and self.eos >= 0:
                rows[n_rows] = dense + self.eos * L
                n_rows += 1
            if head[i] != -2:
                if self.inq >= 0:
                    rows[n_rows] = dense + self.inq * L
                    n_rows += 1
                if head[i] >= 0:
                    rows[n_rows] = dense + head[i] * L
                    n_rows += 1
            for k in range(4):  # -2:, -1:, 1:, 2: from the token that far away (slot k of its record)
                j = i - 2 + k + (1 if k >= 2 else 0)
                if 0 <= j < n:
                    aid = self.aid[j]
                    for r in range(ctx[5 * j + k], ctx[5 * j + k + 1]):
                        rows[n_rows] = dense + aid[r] * L
                        n_rows += 1
                elif self.pads[k] >= 0:
                    rows[n_rows] = dense + self.pads[k] * L
                    n_rows += 1
            if bi[i] >= 0:
                rows[n_rows] = dense + bi[i] * L
                n_rows += 1
            self.n_rows[i] = n_rows
            for r in range(n_rows):  # asked from memory now, for all tokens at once
                prefetch(rows[r])
                prefetch(rows[r] + 8)
                prefetch(rows[r] + 16)
                prefetch(rows[r] + L - 1)
        for i in range(n):  # their sums
            sum_rows(self.e + i * L, self.rows + i * MAX_ROWS, self.n_rows[i], L)
        return 0

    cdef int _quote_heads(self, list forms) except -1:
        """``crf._quote_heads`` on the form records: the qh= attribute of each token inside quotes."""
        cdef int n = len(forms), i, j, k, a, open_at = -1
        cdef Form f, u
        for i in range(n):
            f = <Form>forms[i]
            if f.quote == 0:
                continue
            if open_at < 0 or f.quote == 1:
                open_at = i
                continue
            h = "none"
            for j in range(i + 1, min(n, i + 4)):
                u = <Form>forms[j]
                if not u.word:
                    break
                if u.desc:
                    h = u.desc
                    break
                if j == i + 1:
                    h = "w:" + u.short
            a = self.by_qh.get(h, -1)
            for k in range(open_at + 1, i):
                self.head[k] = a
            open_at = -1
        return 0

    cdef void _viterbi(self, int n, int* path):
        """Best label path into ``path``: crfsuite's loops and tie rule (the first label with the
        highest score wins), with fewer additions.

        The best path into label k most often comes from the best previous label j1 or from one of
        the SOURCES labels with the largest transitions into k (``self.src``: B-X and I-X into I-X).
        Those are tried; any other j scores prev[j] + trans[j -> k] <= p2 + crest[k] (p2: the second
        best previous score, crest[k]: the largest transition into k from a label not tried; rounding
        is monotonic), so when that bound is below the best found, no other j reaches it. Ties go to
        the lowest j, as in crfsuite's loop over all j in index order. When the bound does not settle
        it (or a score is NaN), crfsuite's loop runs as it is."""
        cdef int L = self.L, i, j, k, t, best, j1
        cdef double s, m, v, p1, p2
        cdef double* score = self.score
        cdef const double* e = self.e
        cdef const double* crest = self.crest
        cdef const int* src = self.src
        cdef int* back = self.back
        cdef const double* prev
        cdef const double* col
        cdef bint nan
        for k in range(L):
            score[k] = e[k]
        for i in range(1, n):
            prev = score + (i - 1) * L
            p1 = p2 = -INFINITY
            j1 = -1
            nan = False
            for j in range(L):
                v = prev[j]
                nan |= v != v
                if v > p1:
                    p2 = p1
                    p1 = v
                    j1 = j
                elif v > p2:
                    p2 = v
            for k in range(L):
                col = self.trans + k * L  # transitions into label k
                m = -INFINITY
                best = -1
                if not nan and j1 >= 0:
                    m = prev[j1] + col[j1]
                    best = j1
                    for t in range(SOURCES):
                        j = src[k * SOURCES + t]
                        if j >= 0 and j != j1:
                            s = prev[j] + col[j]
                            if s > m or (s == m and j < best):
                                m = s
                                best = j
                if nan or j1 < 0 or not (p2 + crest[k] < m and m > -DBL_MAX):  # crfsuite's loop as it is
                    m = -DBL_MAX
                    best = -1
                    for j in range(L):
                        s = prev[j] + col[j]
                        if m < s:
                            m = s
                            best = j
                if best >= 0:
                    back[i * L + k] = best
                score[i * L + k] = m + e[i * L + k]
        m = -DBL_MAX
        best = 0
        for k in range(L):
            if m < score[(n - 1) * L + k]:
                m = score[(n - 1) * L + k]
                best = k
        path[n - 1] = best
        for i in range(n - 2, -1, -1):
            best = back[(i + 1) * L + best]
            path[i] = best

    cdef int _decode(self, list tokens, int* path) except -1:
        """The best labels of a sentence into ``path`` (a buffer of the caller's, not one of the shared
        work buffers: what runs next, Python objects built, may let another thread tag)."""
        cdef int n = len(tokens)
        if n == 0:
            return 0
        self._scores(tokens)
        self._viterbi(n, path)
        return n

    def tag(self, list tokens):
        """BIO labels of one sentence's tokens."""
        cdef int local[LOCAL]
        cdef int n = len(tokens), i
        cdef int* path = _path_buffer(n, local)
        try:
            self._decode(tokens, path)
            labels = self.labels
            return [labels[path[i]] for i in range(n)]
        finally:
            if path != &local[0]:
                free(path)

    def spans(self, sentences):
        """``(cls, start, end)`` entity spans of all the sentences (objects with ``tokens``), as
        ``crf.spans(tokens, labels)`` gives them sentence by sentence."""
        cdef int local[LOCAL]
        cdef int n, i, k, O = self.O, cur
        cdef int* path
        out = []
        for s in sentences:
            tokens = s.tokens
            if type(tokens) is not list:
                tokens = list(tokens)
            n = len(tokens)
            path = _path_buffer(n, local)
            try:
                self._decode(tokens, path)
                for i in range(n):
                    if path[i] != O:
                        break
                else:
                    continue  # most sentences: nothing tagged
                cur = -1  # class of the open span
                for i in range(n):
                    k = path[i]
                    if self.ltype[k] == 1 or (self.ltype[k] == 2 and (cur < 0 or cur != self.lcls[k])):
                        if cur >= 0:
                            out.append((self.classes[cur], start, end))
                        cur = self.lcls[k]
                        t = tokens[i]
                        start, end = t.start, t.end
                    elif self.ltype[k] == 2:
                        end = tokens[i].end
                    else:
                        if cur >= 0:
                            out.append((self.classes[cur], start, end))
                        cur = -1
                if cur >= 0:
                    out.append((self.classes[cur], start, end))
            finally:
                if path != &local[0]:
                    free(path)
        return out

    def state_scores(self, list tokens):
        """The state scores (n lists of L floats) the tagger decodes: crfsuite's, bit for bit."""
        cdef int n = len(tokens), i, k, L = self.L
        if n == 0:
            return []
        self._scores(tokens)
        e = [self.e[i] for i in range(n * L)]  # copied before any list is made
        return [e[i * L:(i + 1) * L] for i in range(n)]

