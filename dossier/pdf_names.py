"""pypdf's writer, spelling each PDF name once.

``NameObject.renumber`` escapes a name character by character every time the
name is written; the documents of a class and their bundles write the same few
hundred names (``/Type``, ``/Font``, ``/Contents`` …) hundreds of thousands of
times, about 5 % of a class build's CPU in this process (bench/README.md,
"Rendering and writing PDFs"). The spelling depends on the name alone, so it is
kept: the bytes written are the same (tests/test_pdf_names.py). Imported by
every module that writes a PDF with pypdf.
"""

from __future__ import annotations

import functools

from pypdf.generic import NameObject

if not hasattr(NameObject.renumber, "cache_info"):
    NameObject.renumber = functools.lru_cache(maxsize=8192)(NameObject.renumber)
