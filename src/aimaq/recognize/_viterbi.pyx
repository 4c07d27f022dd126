# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled core of the CRF tagger: per-token label scores summed from per-word-form vectors,
then Viterbi decoding, both in C.

crfsuite spends most of its time turning feature strings into attribute ids; here the
features of a word form are summed into label-score vectors once (``aimaq.recognize.crf``
caches them per form), so a sentence costs a few vector additions per token and one
Viterbi pass. Ties are broken as crfsuite breaks them (the first label with the highest
score wins), so the labels are those crfsuite would give.

A vector is a ``bytes`` object of ``L`` native doubles, or None for all zeros.
"""
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from libc.stdlib cimport free, malloc


cdef inline void _add(double* e, object v, int L):
    cdef const double* p
    cdef int k
    if v is not None:
        p = <const double*>PyBytes_AS_STRING(v)
        for k in range(L):
            e[k] += p[k]


def viterbi(list forms, tuple pads, object bos, object eos, object pre, object post,
            bytes trans, int L):
    """Best label indices of one sentence.

    ``forms[i]`` is the 5-tuple of vectors of token i's form: its own features, then what it
    adds to the token 2 after, 1 after, 1 before and 2 before it (the model's ``-2:``, ``-1:``,
    ``1:``, ``2:`` features); ``pads`` the 4 vectors of the ``d:none`` features past the ends;
    ``bos``/``eos`` added to the first/last token; ``pre[i]``/``post[i]`` (lists, or None) extra
    vectors added before/after the context ones; ``trans`` the L x L transition weights, one row
    per label transited *to* (``trans[to * L + from]``).
    """
    cdef int n = len(forms)
    cdef int i, j, k, d, best
    cdef double s, m
    cdef double* e
    cdef double* score
    cdef int* back
    cdef const double* tr = <const double*>PyBytes_AS_STRING(trans)
    cdef const double* prev
    cdef const double* col
    if n == 0:
        return []
    e = <double*>malloc(n * L * sizeof(double))
    score = <double*>malloc(n * L * sizeof(double))
    back = <int*>malloc(n * L * sizeof(int))
    if e == NULL or score == NULL or back == NULL:
        free(e); free(score); free(back)
        raise MemoryError()
    try:
        for i in range(n):
            row = forms[i]
            for k in range(L):
                e[i * L + k] = 0.0
            _add(e + i * L, row[0], L)
            if i == 0:
                _add(e + i * L, bos, L)
            if i == n - 1:
                _add(e + i * L, eos, L)
            if pre is not None:
                _add(e + i * L, pre[i], L)
            for d in range(4):  # slots 1..4 of forms[i + (-2, -1, 1, 2)[d]]
                j = i - 2 + d + (1 if d >= 2 else 0)
                if 0 <= j < n:
                    _add(e + i * L, forms[j][d + 1], L)
                else:
                    _add(e + i * L, pads[d], L)
            if post is not None:
                _add(e + i * L, post[i], L)
        for k in range(L):
            score[k] = e[k]
        for i in range(1, n):
            prev = score + (i - 1) * L
            for k in range(L):
                col = tr + k * L  # transitions into label k, one row of the transposed matrix
                m = -1.7976931348623157e308
                best = -1
                for j in range(L):
                    s = prev[j] + col[j]
                    if m < s:
                        m = s
                        best = j
                if best >= 0:
                    back[i * L + k] = best
                score[i * L + k] = m + e[i * L + k]
        out = [0] * n
        m = -1.7976931348623157e308
        best = 0
        for k in range(L):
            if m < score[(n - 1) * L + k]:
                m = score[(n - 1) * L + k]
                best = k
        out[n - 1] = best
        for i in range(n - 2, -1, -1):
            best = back[(i + 1) * L + best]
            out[i] = best
        return out
    finally:
        free(e); free(score); free(back)


def vsum(list vectors, int L):
    """The sum of ``vectors`` (bytes of L doubles, or None), added in order; None when all are None."""
    cdef double* acc
    cdef const double* p
    cdef int k
    cdef bint hit = False
    out = None
    for v in vectors:
        if v is None:
            continue
        p = <const double*>PyBytes_AS_STRING(v)
        if not hit:
            out = PyBytes_FromStringAndSize(NULL, L * sizeof(double))
            acc = <double*>PyBytes_AS_STRING(out)
            for k in range(L):
                acc[k] = 0.0
            hit = True
        for k in range(L):
            acc[k] += p[k]
    return out
