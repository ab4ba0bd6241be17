"""Dossiers with a document that failed: written, marked, never hiding the gap.

When a document that belongs in a bundle cannot be made in this run — its
conversion failed twice, or its template in the workspace's ``mau/`` is broken —
the other documents of the person (and the other people) still build, and the
bundle is written as ``ho-so-…-<tệp>-chua-du.pdf``: its cover and contents
name each missing document and why (:mod:`dossier.bundle_gaps`), and its
status is ``incomplete`` ("chưa đủ") in summary.json and the report.

The last complete bundle, if there is one, is not overwritten: it is renamed
``ho-so-…-<tệp>-ban-truoc.pdf`` in the same folder ("the previous version"),
so that no file under the normal name shows other data than the current one,
and the last complete dossier is still at hand. A later run in which every
document is made writes the complete bundle under its normal name and removes
both the ``-chua-du`` and the ``-ban-truoc`` file.

Both are known to the folder's manifest (:mod:`dossier.manifest`): the
``-chua-du`` bundle is recorded with the missing documents among what it was
made from (and as ``missing``), the ``-ban-truoc`` one keeps the record of the
complete bundle it was, marked ``kept``; neither is swept to ``OUT/.cu/``, and
``dossier verify`` reports the first as incomplete and the second as kept on
purpose. A document's older .docx or PDF that this run could not replace
(broken template, failed conversion) is not this run's: it moves to ``.cu/``.

A run that is being stopped (Ctrl-C, SIGTERM: the conversion pool is closed)
writes no bundle at all for the people it had not finished: the files already
there stay as they are, and the same command started again finishes them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dossier.bundle_gaps import Missing
from dossier.convert_jobs import MSG_CLOSED
from dossier.errors import EnvironmentFailure
from dossier.findings import ERROR, Finding, Location
from dossier.output_names import bundle_name, previous_bundle_name

PREVIOUS = "ban_truoc"  # the manifest's ``kept`` of a previous complete bundle kept on purpose


@dataclass(frozen=True)
class FailedDocument:
    """A document of a bundle that this run could not make (dossier.bundle_gaps.Missing, plus its stage)."""

    stage: str
    code: str
    title: str
    why: str


def record(result, item, finding: Finding, why: str) -> None:
    """A document that could not be made: ``finding`` (an error) on the build
    result; a document of a bundle (``item``: a planned document, neither a
    guide copy nor a draft) is also listed as missing from it, with ``why``."""
    result.findings.append(finding)
    if item.in_bundle and not item.draft:
        result.failed.append(FailedDocument(item.stage, item.form.code, item.form.title, why))


def interrupted(conversions) -> bool:
    """Whether a conversion failed only because the pool was being closed (the command is stopping)."""
    return any(not c.ok and c.error == MSG_CLOSED for c in conversions)


class Interrupted(Exception):
    """The command is stopping: no bundle is written for this candidate."""


def stopped(source: str) -> Finding:
    """The finding of a candidate left unfinished by a command being stopped."""
    return Finding(ERROR, "build.interrupted", "lệnh bị dừng trước khi dựng xong hồ sơ này; chưa ghi tập hồ sơ "
                   "mới, hãy chạy lại cùng lệnh", Location(source))


def gaps(failed: list[FailedDocument]) -> list[Missing]:
    """What an incomplete bundle shows as missing (dossier.bundle_gaps)."""
    return [Missing(f.code, f.title, f.why) for f in failed]


def render_failed(result, store, item, exc, docx: Path) -> None:
    """``item``'s template is broken (a DossierError from rendering): the
    document fails, not the dossier. Its .docx and PDF of an earlier run are no
    longer what the data makes: released from this run's outputs, they move to
    ``OUT/.cu/`` (dossier.manifest)."""
    if isinstance(exc, EnvironmentFailure):
        raise exc
    record(result, item, Finding(ERROR, "render.failed", f"không dựng được {item.form.code}: {exc.message}",
                                 Location(exc.path or result.source, exc.line)),
           f"mẫu Word {Path(exc.path).name + ' ' if exc.path else ''}của bộ hồ sơ bị lỗi; chi tiết trong báo cáo dựng")
    store.release(docx, docx.with_suffix(".pdf"))


def bundle_target(folder: Path, prefix: str, incomplete: bool) -> Path:
    """Where a bundle is written: ``ho-so-…-<tệp>.pdf``, or ``…-chua-du.pdf``."""
    return folder / bundle_name(prefix, folder.name, incomplete)


def previous_target(folder: Path, prefix: str) -> Path:
    """Where the last complete bundle is kept: ``ho-so-…-<tệp>-ban-truoc.pdf``."""
    return folder / previous_bundle_name(prefix, folder.name)


def keep_previous(store, folder: Path, prefix: str) -> None:
    """Before an incomplete bundle is written: the complete one under the normal
    name, if the manifest ``store`` shows it intact, is kept aside as
    ``…-ban-truoc.pdf`` (its record follows it, marked ``kept``). A damaged or
    unlisted file there is not kept as a dossier (a listed one goes to ``.cu/``)."""
    complete = bundle_target(folder, prefix, False)
    if store.intact(complete):
        os.replace(complete, previous_target(folder, prefix))
        store.moved(complete, previous_target(folder, prefix), kept=PREVIOUS)


def settle(store, folder: Path, prefix: str, incomplete: bool) -> None:
    """After a bundle is written (or found up to date): an incomplete one keeps
    the previous complete one it stands beside (claimed, never swept); a
    complete one removes its incomplete and previous versions — only files the
    manifest ``store`` lists (the toolkit touches nothing else)."""
    previous = previous_target(folder, prefix)
    if incomplete:
        if store.record_of(previous) is not None:
            store.claim(previous)
        return
    for path in (bundle_target(folder, prefix, True), previous):
        if store.record_of(path) is not None:
            path.unlink(missing_ok=True)
            store.forget(path)


def recorded(store, folder: Path, prefix: str) -> tuple[tuple[Path, dict] | None, tuple[Path, dict] | None]:
    """For ``dossier verify``: the incomplete bundle and the kept previous one
    the manifest lists for ``prefix``, each as (path, record), or None."""
    gap, previous = bundle_target(folder, prefix, True), previous_target(folder, prefix)
    return ((gap, store.record_of(gap)) if store.record_of(gap) else None,
            (previous, store.record_of(previous)) if store.record_of(previous) else None)
