"""CPU of rendering one document (issue #22): every render of `dossier render`
on the samples' classes, captured once (template, values, margins), then
replayed in this process, and the CPU per render printed with a JSON line.

    .venv/bin/python bench/render_bench.py [--repeat 5]

No LibreOffice: it measures what `dossier.render.render_docx` costs alone
(docxtpl, python-docx, Jinja and writing the file), the share of a build's
CPU the toolkit spends rendering. Compare code by running it on two checkouts.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier import build, render_cached  # noqa: E402
from dossier import render as render_module  # noqa: E402
from dossier.cli import cli  # noqa: E402


def capture(work: Path) -> list[tuple]:
    """The renders of `dossier render` on each class file of the samples."""
    calls = []
    original = render_module.render_docx

    def spy(template, context, output, margins=None, draft=False, pictures=False):
        calls.append((Path(template), context, margins, draft))
        return original(template, context, output, margins, draft=draft, pictures=pictures)

    build.render_docx = render_cached.render_docx = spy  # `dossier render` renders through build
    try:
        for class_file in sorted((ROOT / "samples" / "lop").glob("*.yaml")):
            with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
                cli(["render", str(class_file), "-o", str(work / "capture")], standalone_mode=False)
    finally:
        build.render_docx = render_cached.render_docx = original
    return calls


def replay(calls: list[tuple], out: Path) -> float:
    """CPU seconds of one replay of ``calls``."""
    start = time.process_time()
    for i, (template, context, margins, draft) in enumerate(calls):
        render_module.render_docx(template, context, out / f"{i}.docx", margins, draft=draft)
    return time.process_time() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="replays measured after a first, unmeasured one (5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dossier-render-bench-") as tmp:
        work = Path(tmp)
        calls = capture(work)
        if not calls:
            print("no render captured", file=sys.stderr)
            return 1
        (work / "replay").mkdir()
        replay(calls, work / "replay")  # templates read and compiled, as in a build after its first candidate
        per_render = [replay(calls, work / "replay") / len(calls) * 1000 for _ in range(args.repeat)]
    median = statistics.median(per_render)
    print(f"{len(calls)} renders of {len({c[0].name for c in calls})} templates, {args.repeat} replays: "
          f"{median:.2f} ms of CPU a render ({min(per_render):.2f}–{max(per_render):.2f})")
    print(json.dumps({"renders": len(calls), "repeat": args.repeat, "ms_per_render": round(median, 3),
                      "ms_per_render_range": [round(min(per_render), 3), round(max(per_render), 3)]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
