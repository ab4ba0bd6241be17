"""What ``dossier build`` makes of the files and folders it is given.

A class file is built as a class (dossier.batch.build_class); a candidate file
named on the command line alone, as a single build. A folder contributes its
class files, and the candidates in it that none of the classes being built
lists (dossier.batch.build_outside_classes builds them, each as a single build
does, with one report); every other YAML file of a folder is listed as skipped,
with the reason, never silently left out. Given nothing that can be built
(the organisation file, the number register, a folder with no class or
candidate file), the command stops with what it got and what it expects
(:class:`dossier.errors.WrongInput`); so does ``render`` given anything but one
candidate or class file (:func:`subject_file`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dossier.errors import WrongInput
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


NOT_BUILT_KINDS = ("to_chuc", "so_van_ban", "ke_hoach")  # data read by the builds (ke_hoach: by report), nothing to build
SUBJECTS = "tệp lớp (loai: lop) hay tệp người xin vào Đảng (loai: ung_vien)"
BUILD_EXPECTS = "lệnh build cần tệp lớp (loai: lop), tệp người xin vào Đảng (loai: ung_vien) hoặc thư mục chứa chúng"
RENDER_EXPECTS = "lệnh render cần một tệp người xin vào Đảng (loai: ung_vien) hoặc một tệp lớp (loai: lop)"


def find_sources(paths: list[Path]) -> Sources:
    """Sort the given files and folders: class files; candidate files named on
    the command line; the candidates found in a folder that no class being
    built lists (they are built outside the classes, each as a single build
    does); and every other YAML file of a folder, skipped with the reason."""
    with shared_parsing():  # the builds read the same files again
        return _sort(paths, DocumentCache())


def _sort(paths: list[Path], cache: DocumentCache) -> Sources:
    found = Sources()
    not_built = []  # what a path given is, when it is nothing to build
    wrong_kind = 0  # files named that are the organisation file or the register
    for path in paths:
        files, missing = collect_files([path])
        found.problems += missing
        before = len(found.classes) + len(found.outside) + len(found.skipped)
        for f in files:
            kind = cache.kind(f)[0]  # kept by the file's digest: no parse read for it (dossier.file_facts)
            if kind == "lop":
                found.classes.append(f)
            elif kind in NOT_BUILT_KINDS:
                if not path.is_dir():  # named on its own: say why nothing is built
                    found.skipped.append(_skipped(f, [], f"đây là tệp {KIND_LABELS[kind]}, {NOT_DATA}"))
                    not_built.append(f"{display_path(f)} là tệp {KIND_LABELS[kind]} (loai: {kind}), "
                                     "không dựng được hồ sơ từ tệp này")
                    wrong_kind += 1
            elif not path.is_dir():
                found.candidates.append(f)  # its build reports what is wrong with it
            elif kind == "ung_vien":
                found.outside.append(f)
            else:
                found.skipped.append(_skipped(f, cache.get(f)[1]))
        if path.is_dir() and len(found.classes) + len(found.outside) + len(found.skipped) == before:
            not_built.append(f"thư mục {display_path(path)} không có {SUBJECTS} nào")
    found.classes = list(dict.fromkeys(found.classes))
    found.candidates = list(dict.fromkeys(found.candidates))
    listed = {target for c in found.classes for target in class_members(c, cache)}
    found.outside = [f for f in dict.fromkeys(found.outside) if f not in listed and f not in found.candidates]
    nothing = not (found.classes or found.candidates or found.outside or found.problems)
    if nothing and len(found.skipped) == wrong_kind:  # and no file that cannot be read: not what build takes
        raise WrongInput("; ".join(not_built + [BUILD_EXPECTS]) + ".")
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


def subject_file(path: Path, cache: DocumentCache) -> None:
    """Stop, saying what it got, unless ``path`` is one file that is not the
    organisation file or the number register (what ``render`` takes: a
    candidate or class file; a file that cannot be read is reported by the
    validation that follows)."""
    if path.is_dir():
        raise WrongInput(f"{display_path(path)} là một thư mục; {RENDER_EXPECTS} "
                         f"(dựng cả thư mục thì dùng lệnh build).")
    doc, _ = cache.get(path)
    kind = doc.kind if doc is not None else None
    if kind in NOT_BUILT_KINDS:
        raise WrongInput(f"{display_path(path)} là tệp {KIND_LABELS[kind]} (loai: {kind}), "
                         f"không dựng được văn bản từ tệp này; {RENDER_EXPECTS}.")


def no_data_files(paths: list[Path]) -> WrongInput:
    """What ``validate`` says when the folders it was given hold no data file."""
    folders = ", ".join(display_path(p) for p in paths)
    return WrongInput(f"thư mục {folders} không có tệp dữ liệu YAML nào (.yaml, .yml); lệnh validate cần "
                      "tệp dữ liệu YAML hoặc thư mục chứa chúng.")
