# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled body of ``aimaq.kk.morph.stems``: the same candidate stems, in the same order, as the
reference ``morph._stems_py``; ``tests/test_morph_compiled.py`` compares the two.

The suffix table stays data: ``morph`` passes it here at import (``configure``), with the
devoicing pairs and the two limits, and the endings go into a trie of their letters read from the
end. One walk back from the end of a form then gives every ending it has, shortest first, where the
reference takes one slice and one set look-up per ending length.

Every candidate is a prefix of the lower-cased word, its last letter maybe devoiced (peeling an
ending always removes a devoiced letter, so only the last one can differ): the breadth-first peel
keeps candidates as (length, devoiced) pairs, and only the stems found become Python strings.
"""
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM


cdef extern from "Python.h":
    int PyUnicode_KIND(object)
    void *PyUnicode_DATA(object)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index)
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    object PyUnicode_Substring(object, Py_ssize_t start, Py_ssize_t end)


cdef enum:
    STACK = 64  # words up to this length need no heap buffer

# The trie, built by configure(): node 0 is the root; _trans[node * _width + column] is the child
# for the letter of that column (0: none, the root is nobody's child); _cmap maps a code point below
# _cmap_len to its column, or -1 when no ending has it.
cdef int *_trans = NULL
cdef char *_term = NULL
cdef int *_cmap = NULL
cdef Py_ssize_t _cmap_len = 0
cdef int _width = 0
cdef int _max_len = 0
cdef int *_matches = NULL
cdef Py_UCS4 *_dv_from = NULL
cdef Py_UCS4 *_dv_to = NULL
cdef int _n_dv = 0
cdef int _max_depth = 0
cdef int _min_stem = 1
cdef list _dv_str = []  # the devoiced letters as strings, in _dv_from's order
cdef bint _ready = False


def configure(suffixes, devoice, int max_depth, int min_stem):
    """Build the trie from ``suffixes`` (the endings) and keep ``devoice`` ({letter: devoiced
    letter}), ``max_depth`` and ``min_stem`` (``morph.MAX_DEPTH``, ``morph.MIN_STEM``)."""
    global _trans, _term, _cmap, _cmap_len, _width, _max_len, _matches
    global _dv_from, _dv_to, _n_dv, _max_depth, _min_stem, _dv_str, _ready
    cdef list ends = list(suffixes)
    cdef dict dv = dict(devoice)
    if min_stem < 1:
        raise ValueError("min_stem must be at least 1 (a stem keeps its last letter)")
    for e in ends:
        if not isinstance(e, str) or not e:
            raise ValueError(f"bad ending {e!r}")
    for k, v in dv.items():
        if not (isinstance(k, str) and isinstance(v, str) and len(k) == 1 and len(v) == 1):
            raise ValueError(f"bad devoicing pair {k!r} -> {v!r}")
    letters = sorted({ch for e in ends for ch in e})
    column = {ch: i for i, ch in enumerate(letters)}
    children = [{}]  # node -> {column: child}
    final = [False]
    for e in ends:
        node = 0
        for ch in reversed(e):
            nxt = children[node].get(column[ch])
            if nxt is None:
                nxt = len(children)
                children[node][column[ch]] = nxt
                children.append({})
                final.append(False)
            node = nxt
        final[node] = True
    _ready = False
    PyMem_Free(_trans); PyMem_Free(_term); PyMem_Free(_cmap); PyMem_Free(_matches)
    PyMem_Free(_dv_from); PyMem_Free(_dv_to)
    _width = max(len(letters), 1)
    _cmap_len = (max(ord(ch) for ch in letters) + 1) if letters else 0
    _max_len = max((len(e) for e in ends), default=0)
    _n_dv = len(dv)
    _trans = <int *>PyMem_Malloc(len(children) * _width * sizeof(int))
    _term = <char *>PyMem_Malloc(len(children) * sizeof(char))
    _cmap = <int *>PyMem_Malloc((_cmap_len + 1) * sizeof(int))
    _matches = <int *>PyMem_Malloc((_max_len + 1) * sizeof(int))
    _dv_from = <Py_UCS4 *>PyMem_Malloc((_n_dv + 1) * sizeof(Py_UCS4))
    _dv_to = <Py_UCS4 *>PyMem_Malloc((_n_dv + 1) * sizeof(Py_UCS4))
    if not (_trans and _term and _cmap and _matches and _dv_from and _dv_to):
        raise MemoryError()
    cdef Py_ssize_t i
    cdef int node_id
    for i in range(len(children) * _width):
        _trans[i] = 0
    for node_id in range(len(children)):
        _term[node_id] = final[node_id]
        for col, child in children[node_id].items():
            _trans[node_id * _width + col] = child
    for i in range(_cmap_len):
        _cmap[i] = -1
    for ch, col in column.items():
        _cmap[ord(ch)] = col
    _dv_str = []
    for i, (k, v) in enumerate(dv.items()):
        _dv_from[i] = ord(k)
        _dv_to[i] = ord(v)
        _dv_str.append(v)
    _max_depth = max_depth
    _min_stem = min_stem
    _ready = True


cdef inline int _devoiced(Py_UCS4 ch) noexcept:
    """The index of ``ch`` in the devoicing pairs, or -1."""
    cdef int i
    for i in range(_n_dv):
        if _dv_from[i] == ch:
            return i
    return -1


def stems(word):
    """Candidate stems of ``word`` (lower-cased), the word first, longest first: ``morph._stems_py``."""
    if not _ready:
        raise RuntimeError("aimaq.kk._stems.configure() has not run")
    cdef str w = word.lower()
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(w)
    cdef int kind = PyUnicode_KIND(w)
    cdef void *data = PyUnicode_DATA(w)
    # A candidate is code 2 * length + devoiced; seen[code] is its place in the order found, or -1;
    # order[] is the breadth-first queue, which is also the order found (the reference's dict).
    cdef int stack_seen[2 * STACK + 2]
    cdef int stack_order[2 * STACK + 2]
    cdef int *seen = stack_seen
    cdef int *order = stack_order
    cdef Py_ssize_t size = 2 * n + 2
    if n > STACK:
        seen = <int *>PyMem_Malloc(2 * size * sizeof(int))
        if seen == NULL:
            raise MemoryError()
        order = seen + size
    cdef Py_ssize_t i, q, count, start, end, length, stem_len, limit, k, j, nm, node
    cdef int code, d, dvi, col, depth
    cdef Py_UCS4 ch
    cdef object s
    cdef tuple result
    try:
        for i in range(size):
            seen[i] = -1
        seen[2 * n] = 0
        order[0] = <int>(2 * n)
        count = 1
        start = 0
        end = 1
        for depth in range(_max_depth):
            for q in range(start, end):
                code = order[q]
                length = code >> 1
                d = code & 1
                limit = length - _min_stem
                if limit > _max_len:
                    limit = _max_len
                # the endings of this form, shortest first
                nm = 0
                node = 0
                for k in range(1, limit + 1):
                    ch = PyUnicode_READ(kind, data, length - k)
                    if k == 1 and d:
                        ch = _dv_to[_devoiced(ch)]
                    if ch >= <Py_UCS4>_cmap_len:
                        break
                    col = _cmap[ch]
                    if col < 0:
                        break
                    node = _trans[node * _width + col]
                    if node == 0:
                        break
                    if _term[node]:
                        _matches[nm] = <int>k
                        nm += 1
                # peeled longest first, as the reference tries ending lengths
                for j in range(nm - 1, -1, -1):
                    stem_len = length - _matches[j]
                    if seen[2 * stem_len] < 0:
                        seen[2 * stem_len] = <int>count
                        order[count] = <int>(2 * stem_len)
                        count += 1
                    if seen[2 * stem_len + 1] < 0 and \
                            _devoiced(PyUnicode_READ(kind, data, stem_len - 1)) >= 0:
                        seen[2 * stem_len + 1] = <int>count
                        order[count] = <int>(2 * stem_len + 1)
                        count += 1
            start = end
            end = count
            if start == end:
                break
        # longest first; of one length, the one found first (the reference's stable sort)
        result = PyTuple_New(count)
        j = 0
        for length in range(n, -1, -1):
            code = <int>(2 * length)
            if seen[code] < 0 and seen[code + 1] < 0:
                continue
            if seen[code + 1] >= 0 and (seen[code] < 0 or seen[code + 1] < seen[code]):
                code += 1  # the devoiced one first
            for i in range(2):
                if seen[code] >= 0:
                    if code & 1:
                        dvi = _devoiced(PyUnicode_READ(kind, data, length - 1))
                        s = PyUnicode_Substring(w, 0, length - 1) + <str>_dv_str[dvi]
                    else:
                        s = PyUnicode_Substring(w, 0, length)
                    Py_INCREF(s)
                    PyTuple_SET_ITEM(result, j, s)
                    j += 1
                code ^= 1
        return result
    finally:
        if seen != stack_seen:
            PyMem_Free(seen)
