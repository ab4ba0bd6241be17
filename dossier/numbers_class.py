"""Numbers for the documents of a class (CV-TTLL-LOP, CV-GHS, CV-DD) and of
the whole workspace, in the same register as the candidates' documents
(:mod:`dossier.register`).

A class document is one letter per issuing body and destination, as
the builders of :mod:`dossier.forms` make them: CV-TTLL-LOP one letter per (sending
committee, destination committee) of the class's relatives to verify, CV-GHS
one per grassroots committee sending ready dossiers, CV-DD one from the
deciding committee. The date printed on a class letter is the date given when
it is numbered (default: the day it is numbered); the letter prints the
register's number and date.

A workspace document (one for the whole workspace, not for a person or a
class) is a catalog entry of no candidate or class stage whose issuing body
is the deciding committee (``so_van_ban.co_quan: tham_quyen``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dossier import catalog, register
from dossier.errors import DataError
from dossier.register import Slot, holder_for
from dossier.register import REGISTER_FILE, WORKSPACE
from dossier.vn_place_keys import khoa_dia_danh
from dossier.workspace import DocumentCache, Organisation, display_path, find_root

#: Catalog stages whose documents belong to a person or a class, not to the workspace.
HELD_STAGES = ("ket_nap", "cong_nhan", "lop")


def class_letters(path: Path, cache: DocumentCache, code: str) -> list[tuple[dict, str | None]]:
    """The letters ``code`` of a class as its build makes them: (issuing body, destination)."""
    from dossier.classes import open_class
    from dossier.context import deciding_body
    from dossier.forms.lop_reminder import outstanding
    from dossier.forms.lop_transmittal import transmittal_groups
    from dossier.forms.lop_verification import grouped_destinations

    cls = open_class(path, cache)
    if code == "CV-TTLL-LOP":
        return [(cls.org.bodies[ma], destination) for ma, destination in grouped_destinations(cls)]
    if code == "CV-GHS":
        groups, _ = transmittal_groups(cls)
        return [(cls.org.bodies[ma], None) for ma in groups]
    if code == "CV-DD":
        return [(deciding_body(cls.org)[0], None)] if outstanding(cls) else []
    raise DataError(f"tài liệu '{code}' không phải văn bản của lớp được cấp số (CV-TTLL-LOP, CV-GHS, CV-DD)",
                    path=display_path(path))


def class_slots(path: Path, cache: DocumentCache, entry: catalog.Entry, rows: list[dict],
                instance: str | None, when: dt.date) -> list[Slot]:
    """The class letters ``entry`` still without a number (only the one sent
    to ``instance`` when given), dated ``when``."""
    letters = class_letters(path, cache, entry.code)
    display = display_path(path)
    if not letters:
        raise DataError(f"lớp này hiện không có {entry.code} nào để cấp số (dựng thử `dossier render` để biết lý do)",
                        path=display)
    if instance is not None:
        if entry.code != "CV-TTLL-LOP":
            raise DataError(f"--to chỉ dùng cho văn bản gửi nhiều nơi (CV-TTLL, CV-TTLL-LOP); {entry.code} thì không",
                            path=display)
        chosen = [(b, d) for b, d in letters if khoa_dia_danh(d) == khoa_dia_danh(instance)]
        if not chosen:
            listed = "; ".join(d for _, d in letters)
            raise DataError(f"'{instance}' không phải nơi nhận công văn thẩm tra lý lịch của lớp; các nơi nhận: {listed}",
                            path=display)
        letters = chosen
    holder = holder_for(path, find_root(path), "lop")
    slots = []
    for body, destination in letters:
        existing = register.find(rows, holder, entry.code, destination, body["ma"])
        if existing is not None:
            if instance is not None or len(letters) == 1:
                where = f" gửi {destination}" if destination else ""
                raise DataError(f"{entry.code}{where} đã được cấp số {existing['so']} trong {REGISTER_FILE}",
                                path=display)
            continue
        slots.append(Slot(holder, entry.code, body, destination, when))
    if not slots:
        raise DataError(f"mọi {entry.code} của lớp đã được cấp số trong {REGISTER_FILE}", path=display)
    return slots


def workspace_slots(root: Path, cache: DocumentCache, entry: catalog.Entry, rows: list[dict],
                    when: dt.date) -> list[Slot]:
    """The one document ``entry`` of the whole workspace, dated ``when``."""
    if entry.stage in HELD_STAGES:
        raise DataError(f"{entry.code} là văn bản của một người hoặc một lớp: hãy chỉ tệp của người đó hay tệp lớp, "
                        "không phải thư mục", path=display_path(root))
    org_doc, _ = cache.get(root / "to-chuc.yaml")
    org = Organisation.from_document(org_doc)
    body = None
    if entry.numbering.get("co_quan") == "tham_quyen":
        body = org.bodies.get((org.data.get("tham_quyen_ket_nap") or {}).get("co_quan"))
    elif entry.numbering.get("co_quan") == "lap_ke_hoach":  # the committee of the admission plan (dossier report)
        from dossier import ke_hoach

        body = ke_hoach.issuing_body(org, ke_hoach.plan_for(root, cache, when))
    if body is None:
        raise DataError(f"không xác định được cơ quan ban hành {entry.code} (tham_quyen_ket_nap.co_quan)",
                        path=display_path(root / "to-chuc.yaml"))
    for row in rows:  # issued again on another day (each report), but not twice on one day
        if (register.holder_of(row) == WORKSPACE and row.get("tai_lieu") == entry.code
                and str(row.get("ngay")) == when.isoformat()):
            raise DataError(f"{entry.code} ngày {when.isoformat()} đã được cấp số {row['so']} trong {REGISTER_FILE}",
                            path=display_path(root))
    return [Slot(WORKSPACE, entry.code, body, None, when)]
