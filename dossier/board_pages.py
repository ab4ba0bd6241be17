"""The office board's pages, one presentation for both: the static
``OUT/bang-theo-doi.html`` that ``dossier build`` writes, and the pages of
``dossier serve`` (:mod:`dossier.board_server`). Jinja templates, stylesheet
and script are package data in ``dossier/board/``; the stylesheet and the
script are written into each page, so a page needs nothing from elsewhere and
works offline.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from dossier import board_chart, board_fragments, board_model, reading_kept, resources, stage, vietnamese
from dossier.findings import format_text
from dossier.fsutil import make_folder, user_cache_dir, write_text
from dossier.vn_names import khoa_sap_xep

BOARD_FILE = "bang-theo-doi.html"
STAGE_ORDER = {s.code: i for i, s in enumerate(stage.STAGES)} | {stage.ENDED: len(stage.STAGES)}


@functools.lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    folder = resources.folder("board")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             bytecode_cache=_bytecode_cache())
    env.globals.update(css=Markup((folder / "board.css").read_text(encoding="utf-8")),
                       js=Markup((folder / "board.js").read_text(encoding="utf-8")),
                       stage_order=STAGE_ORDER)
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The board's templates compiled once, kept in the user's cache folder (~0.08 s a
    command otherwise); Jinja checks each entry against its template's source."""
    folder = user_cache_dir() / f"jinja-board-{jinja2.__version__}"
    try:
        make_folder(folder)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A cache that cannot be read or written (a full disk…) only costs the compiling."""

    def load_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _common(board: board_model.Board, live: bool, href) -> dict:
    names = sorted(board.rows, key=lambda r: khoa_sap_xep(r["ho_ten"]))
    return {"board": board, "as_of": vietnamese.ngay_ngan(board.as_of), "live": live, "href": href,
            "filters": board.filters, "window": board.window,
            "name_order": {r["key"]: i for i, r in enumerate(names)}}


def board_page(board: board_model.Board, href, candidate_href, *, live: bool = False, details: bool = False,
               skipped=(), charts=(), kept_in: Path | None = None) -> str:
    """The board: ``href(link)`` reaches a file, ``candidate_href(row)`` a candidate's details;
    ``details`` writes every candidate's details below the table (the static page); ``charts``:
    results against the plan's targets (:func:`dossier.board_chart.charts_of`); ``kept_in``:
    the output folder where the rows rendered are kept for the next page (dossier.board_fragments)."""
    context = {**_common(board, live, href), "candidate_href": candidate_href}
    fragment = board_fragments.Fragments(kept_in, _render, context) if kept_in is not None else \
        (lambda name, r: Markup(_render(name, {**context, "r": r})))
    page = _environment().get_template("board.html").render(
        **context, fragment=fragment, details=details, skipped=[format_text(f) for f in skipped], charts=list(charts))
    if kept_in is not None:
        fragment.save()
    return page


def _render(name: str, values: dict) -> str:
    """A piece of the board (``row``: a row of the table; ``details``: a candidate's details)."""
    return _environment().get_template(f"{name}.html").render(values)


def candidate_page(board: board_model.Board, row: dict, href, *, live: bool = True) -> str:
    return _environment().get_template("candidate.html").render(**_common(board, live, href), r=row)


# ------------------------------------------------------------------ the static board of a build


def static_href(out: Path, workspace: Path | None):
    """Links of the static page: relative to the output folder, where the page is."""
    def href(link: dict) -> str:
        if link["area"] == "out":
            return quote(link["path"])
        target = Path(workspace or ".") / link["path"]
        return quote(Path(os.path.relpath(target, out)).as_posix())
    return href


def rows_of_outcomes(outcomes, out: Path) -> tuple[list[dict], list]:
    """The rows of every candidate of the batches built (each outcome's checker
    report with its build results), and the checker's findings on other files."""
    rows, other = [], []
    for outcome in outcomes:
        report = getattr(outcome, "check", None)
        results = {r.source: r for r in outcome.candidates}
        if report is None:
            continue
        for checked in report.candidates:
            rows.append(board_model.row(checked, results.get(checked.source), out=out))
        other += [f for f in report.other if f not in other]
    return rows, other


def write_static(out: Path, outcomes, as_of: dt.date | None = None) -> Path:
    """``OUT/bang-theo-doi.html``: the board of every class and of the candidates
    in no class that ``dossier build`` built, with every candidate's details."""
    rows, other = rows_of_outcomes(outcomes, out)
    reports = [o.check for o in outcomes if getattr(o, "check", None) is not None]
    as_of = as_of or (reports[0].as_of if reports else dt.date.today())
    board = board_model.board(rows, as_of, other)
    skipped = [f for o in outcomes for f in o.skipped]
    roots = sorted({Path(c.source).parent for r in reports for c in r.candidates})
    # counting a workspace of 1,000 for the chart takes a second: kept in OUT while it is unchanged
    charts = reading_kept.kept("board-chart", roots, out, lambda: board_chart.charts_of(roots, as_of), str(as_of))
    page = board_page(board, static_href(out, None), lambda r: f"#ct-{r['key']}", details=True, skipped=skipped,
                      charts=charts, kept_in=out)
    return write_text(out / BOARD_FILE, page)
