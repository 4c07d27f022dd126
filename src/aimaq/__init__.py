"""Aimaq: monitor the regional economy of Kazakhstan from what is published about it.

The Python API mirrors the command line (see :mod:`aimaq.api`)::

    from aimaq import extract_text
    doc = extract_text("Өңірге 892,1 млрд теңге инвестиция тартылған.")
    doc.to_dict()["mentions"]
"""
__version__ = "0.1.0"

from aimaq.pipeline import analyze, extract, extract_text  # noqa: E402

__all__ = ["__version__", "analyze", "extract", "extract_text"]
