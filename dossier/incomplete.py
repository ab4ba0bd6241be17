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

A run that is being stopped (Ctrl-C, SIGTERM: the conversion pool is closed)
writes no bundle at all for the people it had not finished: the files already
there stay as they are, and the same command started again finishes them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dossier.convert_jobs import MSG_CLOSED
from dossier.findings import Finding
from dossier.output_names import bundle_name, previous_bundle_name


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


def bundle_target(folder: Path, prefix: str, incomplete: bool) -> Path:
    """Where a bundle is written: ``ho-so-…-<tệp>.pdf``, or ``…-chua-du.pdf``."""
    return folder / bundle_name(prefix, folder.name, incomplete)


def keep_previous(folder: Path, prefix: str) -> None:
    """Before an incomplete bundle is written: the complete one under the normal
    name (if any) is kept aside as ``…-ban-truoc.pdf``."""
    complete = folder / bundle_name(prefix, folder.name)
    if complete.is_file():
        os.replace(complete, folder / previous_bundle_name(prefix, folder.name))


def settle(folder: Path, prefix: str) -> None:
    """After a complete bundle is written: its incomplete and previous versions go."""
    for name in (bundle_name(prefix, folder.name, incomplete=True), previous_bundle_name(prefix, folder.name)):
        (folder / name).unlink(missing_ok=True)
