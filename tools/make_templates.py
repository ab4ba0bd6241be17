"""Build the Word templates in ``templates/`` with python-docx.

Run from the repository root::

    .venv/bin/python tools/make_templates.py            # writes templates/*.docx
    .venv/bin/python tools/make_templates.py --out DIR  # somewhere else
    .venv/bin/python tools/make_templates.py --only 9-KND

The building blocks are in ``tools/docx_blocks.py``; each ``tools/forms_*.py``
module defines builders for one group of documents and lists them in its
``TEMPLATES`` dict (template file stem -> builder).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Callable, Iterable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx_blocks import *  # noqa: E402,F401,F403 - re-exported for the tests
from docx_blocks import TEMPLATES_DIR, finish  # noqa: E402

TEMPLATES: dict[str, Callable] = {}
for _module in sorted(Path(__file__).resolve().parent.glob("forms_*.py")):
    TEMPLATES.update(importlib.import_module(_module.stem).TEMPLATES)


def build_all(out_dir: Path = TEMPLATES_DIR, only: Iterable[str] | None = None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in TEMPLATES.items():
        if only and name not in only:
            continue
        path = out_dir / f"{name}.docx"
        finish(builder()).save(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR, help="output folder")
    parser.add_argument("--only", action="append", choices=sorted(TEMPLATES),
                        help="build only this template (repeatable)")
    args = parser.parse_args(argv)
    for path in build_all(args.out, args.only):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
