"""Resolve a class file (``lop/*.yaml``): the class, its organisation, the
rules in force and the resolved :class:`~dossier.context.Candidate` of every
``hoc_vien`` entry, in file order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from dossier import vietnamese
from dossier.context import Candidate, open_candidate, rules_of
from dossier.errors import DataError
from dossier.loader import Document
from dossier.rulesets import Ruleset
from dossier.workspace import DocumentCache, ORG_FILE, Organisation, display_path, find_root, referenced_path


@dataclass
class ClassData:
    """A class file with everything around it.

    ``candidates`` follow the order of ``hoc_vien`` in the file; each one's
    ``class_doc``/``class_entry`` point at this class. ``issued_on`` is the date
    written on the class's letters (CV-GHS, CV-TTLL-LOP, CV-DD) and
    ``deadline`` the reporting deadline of the reminder (CV-DD); when None the
    date line is left blank to be filled in by hand.
    """

    doc: Document
    org: Organisation
    ruleset: Ruleset
    candidates: list[Candidate] = field(default_factory=list)
    issued_on: dt.date | None = None
    deadline: dt.date | None = None

    @property
    def data(self) -> dict:
        return self.doc.data

    @property
    def certificate(self) -> dict:
        """The class's ``chung_nhan`` (``ngay_cap``, ``nguoi_ky``)."""
        return self.data.get("chung_nhan") or {}

    @property
    def organiser(self) -> dict | None:
        """The body of ``to-chuc.yaml`` that ran the course (``don_vi_to_chuc``
        equal to its ``ten_cap_uy`` or ``ten``), or None for an outside body
        such as a former Trung tâm Chính trị."""
        return find_body(self.org, self.data.get("don_vi_to_chuc", ""))

    def entry(self, c: Candidate) -> dict:
        """The ``hoc_vien`` entry of a candidate of this class."""
        return c.class_entry or {}


def open_class(path: Path, cache: DocumentCache | None = None, *,
               issued_on: dt.date | None = None, deadline: dt.date | None = None) -> ClassData:
    """Resolve a class file that has passed validation; each file is loaded once
    (through ``cache``) however many learners share the organisation file."""
    cache = cache or DocumentCache()
    path = Path(path)
    doc, _ = cache.get(path)
    if doc is None or doc.kind != "lop":
        raise DataError("tệp này không phải tệp lớp bồi dưỡng (loai: lop)", path=display_path(path))
    root = find_root(path)
    if root is None:
        raise DataError(f"không tìm thấy tệp {ORG_FILE} cho lớp này", path=doc.display)
    org_doc, _ = cache.get(root / ORG_FILE)
    if org_doc is None:
        raise DataError(f"không đọc được {ORG_FILE}", path=doc.display)
    org = Organisation.from_document(org_doc)
    ruleset = rules_of(org_doc).on(issued_on)  # the rules in force on the day the class documents are issued
    data = ClassData(doc, org, ruleset, issued_on=issued_on, deadline=deadline)
    for i, entry in enumerate(doc.data.get("hoc_vien") or []):
        target = referenced_path(doc.path.parent, entry["ho_so"])
        if not target.is_file():
            raise DataError(f"không tìm thấy hồ sơ học viên '{entry['ho_so']}'", path=doc.display,
                            line=doc.location(("hoc_vien", i, "ho_so")).line)
        c = open_candidate(target, cache)
        c.class_doc, c.class_entry = doc, entry
        data.candidates.append(c)
    return data


def find_body(org: Organisation, name: str) -> dict | None:
    """The body whose committee name (``ten_cap_uy``) or name (``ten``) is ``name``."""
    wanted = vietnamese.nfc(name or "").strip().casefold()
    for body in org.bodies.values():
        for key in ("ten_cap_uy", "ten"):
            if isinstance(body.get(key), str) and body[key].strip().casefold() == wanted:
                return body
    return None
