"""Build of the compiled pieces: the CRF tagger's Viterbi core (``aimaq.recognize._viterbi``) and the
body of ``morph.stems`` (``aimaq.kk._stems``).

Everything else is in pyproject.toml. Both extensions are optional: when one cannot be built
(no C compiler), the package still installs and falls back to pure Python, with the same output:
the tagger to crfsuite (slower, same labels), ``morph.stems`` to its reference body."""
from setuptools import Extension, setup

setup(ext_modules=[
    Extension("aimaq.recognize._viterbi", ["src/aimaq/recognize/_viterbi.pyx"], optional=True),
    Extension("aimaq.kk._stems", ["src/aimaq/kk/_stems.pyx"], optional=True),
])
