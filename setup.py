"""Build of the one compiled piece, the CRF tagger's Viterbi core (``aimaq.recognize._viterbi``).

Everything else is in pyproject.toml. The extension is optional: when it cannot be built
(no C compiler), the package still installs and the tagger falls back to crfsuite (slower,
same labels)."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("aimaq.recognize._viterbi", ["src/aimaq/recognize/_viterbi.pyx"], optional=True)])
