"""Where a candidate stands: the steps of admission and recognition, derived
from the milestones (``moc``) of the candidate file.

The steps follow the procedure of the domain notes §3 and the data model's
milestone list; they are data, ``rulesets/quy-trinh/buoc.yaml``, with a citation
each, read here once (:data:`STEPS`). Each step names the date that records it (a *point*: usually
``moc.<name>.ngay``), the stage it puts the candidate in, the catalog document
it produces, the catalog condition under which it applies, and whether a later
step without it is an error (``essential``) or only worth a warning.

Points are the dates rules talk about. Besides the steps there are the class
certificate (from the class file or ``moc.chung_nhan_nhan_thuc``), the
introductions, the date of birth and the re-admission dates. A point may have
several dates (two introducers); each comes with the field path it was read
from, so findings can point at the line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from dossier import case_end, conditions, verification
from dossier.context import Candidate, date_of
from dossier.findings import Location
from dossier.resources import read_packaged
from dossier.rulesets import RULESET_DIR


@dataclass(frozen=True)
class Stage:
    code: str
    label: str  # Vietnamese, for the report


STAGES = (
    Stage("chua_bat_dau", "Chưa có bước nào"),
    Stage("hoc_lop", "Đã học lớp bồi dưỡng nhận thức về Đảng"),
    Stage("lam_don", "Đã làm đơn xin vào Đảng"),
    Stage("tham_tra", "Thẩm tra lý lịch, lấy ý kiến nhận xét"),
    Stage("chi_bo", "Chi bộ đã có nghị quyết đề nghị kết nạp"),
    Stage("dang_uy", "Đảng ủy đã xét, đề nghị kết nạp"),
    Stage("quyet_dinh", "Đã có quyết định kết nạp"),
    Stage("du_bi", "Đảng viên dự bị"),
    Stage("xet_cong_nhan", "Đang xét công nhận đảng viên chính thức"),
    Stage("chinh_thuc", "Đảng viên chính thức"),
)
STAGE_BY_CODE = {s.code: s for s in STAGES}
ENDED = "ket_thuc"  # the stage code of an ended case (dossier.case_end); its label names the reason


@dataclass(frozen=True)
class Step:
    point: str  # name of the date that records the step (see POINTS)
    stage: str  # the stage the candidate is in once this step is taken
    label: str  # what the record is, e.g. "Nghị quyết chi bộ đề nghị kết nạp"
    action: str  # what the step is, as the next thing to do
    document: str | None = None  # catalog code the step produces
    companions: tuple[str, ...] = ()  # other catalog codes made in the same step (due with it)
    condition: str | None = None  # dossier.conditions name; None: always applies
    essential: bool = True  # a later step without this one is an error (else a warning)
    source: str = ""  # the citation (nguon)


STEPS_FILE = RULESET_DIR / "quy-trinh" / "buoc.yaml"


def _read_steps(path: Path = STEPS_FILE) -> tuple[Step, ...]:
    """The steps, in order, from ``rulesets/quy-trinh/buoc.yaml`` (shipped data,
    checked against ``schemas/buoc.schema.json`` by the tests)."""
    return tuple(
        Step(
            point=item["moc"],
            stage=item["giai_doan"],
            label=item["ten"],
            action=item["viec_can_lam"],
            document=item.get("tai_lieu"),
            companions=tuple(item.get("tai_lieu_kem") or ()),
            condition=item.get("dieu_kien"),
            essential=item.get("bat_buoc", True),
            source=item.get("nguon", ""),
        )
        for item in read_packaged(path)["buoc"]
    )


STEPS = _read_steps()
STEP_BY_POINT = {s.point: s for s in STEPS}
STEP_BY_DOCUMENT = {code: s for s in STEPS for code in ((s.document,) if s.document else ()) + s.companions}


# ------------------------------------------------------------------ points


@dataclass(frozen=True)
class Dated:
    """One date of a point, with where it was read."""

    date: dt.date
    location: Location
    field: tuple  # path in the file it was read from


def _at(c: Candidate, path: tuple) -> list[Dated]:
    node = c.data
    for key in path:
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return []
    try:
        day = date_of(node)
    except ValueError:  # reported by schema validation
        return []
    return [Dated(day, c.doc.location(path), path)] if day else []


def _milestone(name: str, key: str = "ngay") -> Callable[[Candidate], list[Dated]]:
    return lambda c: _at(c, ("moc", name, key))


def _certificate(c: Candidate) -> list[Dated]:
    own = _at(c, ("moc", "chung_nhan_nhan_thuc", "ngay"))
    if own:
        return own
    if c.class_doc is not None and c.class_entry is not None:
        path = ("chung_nhan", "ngay_cap")
        try:
            day = date_of((c.class_doc.data.get("chung_nhan") or {}).get("ngay_cap"))
        except ValueError:
            day = None
        if day:
            return [Dated(day, c.class_doc.location(path), path)]
    return []


def _verification(which: str) -> Callable[[Candidate], list[Dated]]:
    """The request (first letter sent) or the results (every reply in),
    derived from the candidate's ``tham_tra`` records."""
    def dated(c: Candidate) -> list[Dated]:
        found = verification.first_sent(c) if which == "ngay_gui" else verification.all_replied(c)
        if found is None:
            return []
        path = ("tham_tra", found[1], which)
        return [Dated(found[0], c.doc.location(path), path)]
    return dated


def _introductions(c: Candidate) -> list[Dated]:
    intro = c.data.get("gioi_thieu") if isinstance(c.data.get("gioi_thieu"), dict) else {}
    found = []
    for i, _ in enumerate(intro.get("dang_vien") or []):
        found += _at(c, ("gioi_thieu", "dang_vien", i, "ngay"))
    for key in ("doan_thanh_nien", "cong_doan"):
        found += _at(c, ("gioi_thieu", key, "ngay"))
    return found


POINTS: dict[str, Callable[[Candidate], list[Dated]]] = {
    "ngay_sinh": lambda c: _at(c, ("ngay_sinh",)),
    "chung_nhan_nhan_thuc": _certificate,
    "gioi_thieu": _introductions,
    "de_nghi_tham_tra": _verification("ngay_gui"),
    "tham_tra_ly_lich": _verification("ngay_tra_loi"),
    "ket_nap_lan_dau": lambda c: _at(c, ("ket_nap_lai", "ngay_ket_nap_lan_dau")),
    "chinh_thuc_lan_dau": lambda c: _at(c, ("ket_nap_lai", "ngay_chinh_thuc_lan_dau")),
    "ra_khoi_dang": lambda c: _at(c, ("ket_nap_lai", "ngay_ra_khoi_dang")),
    "dong_y_ket_nap_lai": lambda c: _at(c, ("ket_nap_lai", "van_ban_dong_y", "ngay")),
}
POINT_LABELS = {
    "ngay_sinh": "Ngày sinh",
    "chung_nhan_nhan_thuc": "Giấy chứng nhận bồi dưỡng nhận thức về Đảng",
    "gioi_thieu": "Giới thiệu người vào Đảng",
    "ket_nap_lan_dau": "Ngày kết nạp lần đầu",
    "chinh_thuc_lan_dau": "Ngày chính thức lần đầu",
    "ra_khoi_dang": "Ngày ra khỏi Đảng",
    "dong_y_ket_nap_lai": "Văn bản đồng ý kết nạp lại",
    # the preparatory steps of 38-HD/BTCTW §I.1.1 (no step of their own: dated when the data has them)
    "danh_sach_cam_tinh": "Đưa vào danh sách cảm tình Đảng",
    "phan_cong_giup_do": "Phân công đảng viên giúp đỡ cảm tình Đảng",
    "cho_phep_lam_thu_tuc": "Quyết định cho làm thủ tục xem xét kết nạp",
}
PREPARATORY = ("danh_sach_cam_tinh", "phan_cong_giup_do", "cho_phep_lam_thu_tuc")


def dates(c: Candidate, point: str) -> list[Dated]:
    """Every date recorded for ``point`` (a step's point or one of POINTS).
    Read once per candidate and point (the steps, rules and forms all ask, a
    check of a workspace some 250 times a candidate)."""
    memo = c.__dict__.get("_dates")
    if memo is None or memo[0] is not c.data:
        memo = (c.data, {})
        c.__dict__["_dates"] = memo
    found = memo[1].get(point)
    if found is None:
        found = memo[1][point] = POINTS[point](c) if point in POINTS else _milestone(point)(c)
    return list(found)


def date(c: Candidate, point: str) -> dt.date | None:
    """The (latest) date of ``point``, or None."""
    found = dates(c, point)
    return max(d.date for d in found) if found else None


def label(point: str) -> str:
    step = STEP_BY_POINT.get(point)
    return step.label if step else POINT_LABELS.get(point, point)


def field_path(point: str) -> tuple:
    """Where a point's date is written in the candidate file (for a point not
    yet there: where it would go)."""
    if point in ("de_nghi_tham_tra", "tham_tra_ly_lich"):
        return ("tham_tra",)
    if point in ("chung_nhan_nhan_thuc", *PREPARATORY) or point in STEP_BY_POINT:
        return ("moc", point)
    return {"ngay_sinh": ("ngay_sinh",), "gioi_thieu": ("gioi_thieu",),
            "ket_nap_lan_dau": ("ket_nap_lai",), "chinh_thuc_lan_dau": ("ket_nap_lai",),
            "ra_khoi_dang": ("ket_nap_lai",), "dong_y_ket_nap_lai": ("ket_nap_lai",)}.get(point, ())


def applies(c: Candidate, step: Step) -> bool:
    return conditions.applies(step.condition, c)


def reached(c: Candidate, step: Step) -> bool:
    """Whether the data records ``step``. Verification counts as reached once
    every destination has replied (``tham_tra[].ngay_tra_loi``), the request as
    soon as the first letter is sent (``tham_tra[].ngay_gui``)."""
    return bool(dates(c, step.point))


# ------------------------------------------------------------------ where the candidate is


@dataclass(frozen=True)
class Position:
    stage: Stage
    last: Step | None  # the furthest step taken
    next: Step | None  # the next step that applies, None when the process is over


def position(c: Candidate) -> Position:
    """The stage of the furthest step taken and the next applicable step; an
    ended case (``ket_thuc``, :mod:`dossier.case_end`) is at stage ``ket_thuc``
    with no next step."""
    last_index = -1
    for index, step in enumerate(STEPS):
        if reached(c, step):
            last_index = index
    last = STEPS[last_index] if last_index >= 0 else None
    following = next((s for s in STEPS[last_index + 1:] if applies(c, s) and not reached(c, s)), None)
    stage = STAGE_BY_CODE[last.stage] if last else STAGES[0]
    end = case_end.of(c)
    if end is not None:
        return Position(Stage(ENDED, f"Đã kết thúc: {end.text}"), last, None)
    return Position(stage, last, following)
