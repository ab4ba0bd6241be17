"""What ``dossier build`` makes of the files and folders it is given.

A class file is built as a class (dossier.batch.build_class); a candidate file
named on the command line alone, as a single build. A folder contributes its
class files, and the candidates in it that none of the classes being built
lists (dossier.batch.build_outside_classes builds them, each as a single build
does, with one report); every other YAML file of a folder is listed as skipped,
with the reason, never silently left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dossier.findings import ERROR, Finding, Location
from dossier.schema import KIND_LABELS
from dossier.workspace import DocumentCache, collect_files, display_path, referenced_path, shared_parsing


@dataclass
class Sources:
    """What ``dossier build`` makes of the paths it is given (see :func:`find_sources`)."""

    classes: list[Path] = field(default_factory=list)  # each built as a class
    candidates: list[Path] = field(default_factory=list)  # candidate files named: built one by one
    outside: list[Path] = field(default_factory=list)  # found in a folder, listed by no class built
    skipped: list[Finding] = field(default_factory=list)  # files of a folder not built, and why
    problems: list[Finding] = field(default_factory=list)  # paths that do not exist


NOT_BUILT_KINDS = ("to_chuc", "so_van_ban")  # data read by the builds, nothing to build from


def find_sources(paths: list[Path]) -> Sources:
    """Sort the given files and folders: class files; candidate files named on
    the command line; the candidates found in a folder that no class being
    built lists (they are built outside the classes, each as a single build
    does); and every other YAML file of a folder, skipped with the reason."""
    with shared_parsing():  # the builds read the same files again
        return _sort(paths, DocumentCache())


def _sort(paths: list[Path], cache: DocumentCache) -> Sources:
    found = Sources()
    for path in paths:
        files, missing = collect_files([path])
        found.problems += missing
        for f in files:
            doc, findings = cache.get(f)
            kind = doc.kind if doc is not None else None
            if kind == "lop":
                found.classes.append(f)
            elif kind in NOT_BUILT_KINDS:
                if not path.is_dir():  # named on its own: say why nothing is built
                    found.skipped.append(_skipped(f, [], f"đây là tệp {KIND_LABELS[kind]}, {NOT_DATA}"))
            elif not path.is_dir():
                found.candidates.append(f)  # its build reports what is wrong with it
            elif kind == "ung_vien":
                found.outside.append(f)
            else:
                found.skipped.append(_skipped(f, findings))
    found.classes = list(dict.fromkeys(found.classes))
    found.candidates = list(dict.fromkeys(found.candidates))
    listed = {target for c in found.classes for target in class_members(c, cache)}
    found.outside = [f for f in dict.fromkeys(found.outside) if f not in listed and f not in found.candidates]
    return found


def class_members(class_path: Path, cache: DocumentCache) -> list[Path]:
    """The candidate files a class lists (``hoc_vien[].ho_so``), once each, that exist."""
    doc, _ = cache.get(class_path)
    entries = doc.data.get("hoc_vien") if doc is not None and isinstance(doc.data, dict) else None
    paths = [referenced_path(class_path.parent, e["ho_so"]) for e in entries if isinstance(e, dict)
             and isinstance(e.get("ho_so"), str)] if isinstance(entries, list) else []
    return [p for p in dict.fromkeys(paths) if p.is_file()]


NOT_DATA = "không phải tệp lớp hay hồ sơ người xin vào Đảng"


def _skipped(path: Path, findings: list[Finding], reason: str = NOT_DATA) -> Finding:
    """Why a YAML file is not built: its first error (it cannot be read, or
    says no known ``loai``), else ``reason``."""
    problem = next((f for f in findings if f.is_error), None)
    reason = problem.message if problem else reason
    return Finding(ERROR, "build.skipped", f"không dựng tệp này: {reason}",
                   problem.location if problem and problem.location else Location(display_path(path)))
