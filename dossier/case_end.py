"""The end of a case: a candidate whose admission (or recognition) stopped.

A candidate file may say that the case ended (``ket_thuc``: date, reason code,
note, the document that ended it) and, for a candidate who moved, where the
dossier went (``chuyen_sinh_hoat``: from which chi bộ to which organisation,
when; 06-HD/TW §3.9). The reasons are data, in
``dossier/rules/ly-do-ket-thuc.yaml``: a stable code, a Vietnamese label and
the regulation it rests on, so ended cases can be counted by reason.

An ended case is over everywhere:

* its stage (:func:`dossier.stage.position`) is ``ket_thuc`` and it has no next step;
* the checker drops the findings that ask for further steps — open deadlines
  (``deadline.overdue``, ``deadline.upcoming``), documents the next step needs,
  notes about what must happen before the chi bộ meets — and reports a vote
  short of its threshold as recorded (:func:`settle`); everything that is about
  the record itself (a wrong date, a missing scan of a step taken, an error in
  the data) is still reported;
* a build still makes the documents of the steps taken, lists as missing only
  documents of steps taken (:func:`dossier.plan.still_wanted`), and shows the status
  "đã kết thúc" with the reason.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from dossier import resources, vietnamese
from dossier.context import Candidate, date_of
from dossier.findings import ERROR, INFO, Finding, Location
from dossier.resources import read_packaged

REASONS_FILE = resources.RULES / "ly-do-ket-thuc.yaml"

STATUS_ENDED = "đã kết thúc"

# Findings that only ask for something still to be done: meaningless once the case is over.
FORWARD_LOOKING = frozenset({
    "deadline.overdue", "deadline.upcoming", "doc.needed_next", "certificate.expiring",
})
# Findings that are advice before the chi bộ meets (info or warning then; an error once it has met).
BEFORE_MEETING = frozenset({
    "age.not_yet", "age.too_old", "certificate.expired", "introducer.too_short", "readmission.too_soon",
    "readmission.no_consent",
})


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    description: str
    source: str
    certainty: str


@dataclass(frozen=True)
class CaseEnd:
    """How and when a case ended."""

    date: dt.date
    reason: Reason
    note: str
    document: str
    location: Location
    transfers: tuple  # the ``chuyen_sinh_hoat`` records, as written

    @property
    def text(self) -> str:
        """``rút đơn, không tiếp tục (ngày 05/10/2026)``, for the stage label and the build's status."""
        return f"{vietnamese.nfc(self.reason.label[:1].lower() + self.reason.label[1:])} (ngày " \
               f"{vietnamese.ngay_ngan(self.date)})"

    def to_dict(self) -> dict:
        return {"ngay": self.date.isoformat(), "ly_do": self.reason.code, "ten_ly_do": self.reason.label,
                "ghi_chu": self.note, "van_ban": self.document, "can_cu": self.reason.source,
                "chuyen_sinh_hoat": [dict(t) for t in self.transfers]}


@functools.lru_cache(maxsize=1)
def reasons() -> dict[str, Reason]:
    """Every reason of ``ly-do-ket-thuc.yaml`` by code, in file order."""
    return {item["ma"]: Reason(item["ma"], item["ten"], item["mo_ta"], item["nguon"], item.get("tin_cay", "C"))
            for item in read_packaged(REASONS_FILE)}


def of(c: Candidate) -> CaseEnd | None:
    """The end of ``c``'s case, or None while it is open (or when ``ket_thuc``
    is not usable: schema validation reports why)."""
    end = c.data.get("ket_thuc")
    if not isinstance(end, dict):
        return None
    try:
        day = date_of(end.get("ngay"))
    except ValueError:
        return None
    reason = reasons().get(end.get("ly_do"))
    if day is None or reason is None:
        return None
    transfers = tuple(t for t in c.data.get("chuyen_sinh_hoat") or [] if isinstance(t, dict))
    return CaseEnd(day, reason, str(end.get("ghi_chu") or ""), str(end.get("van_ban") or ""),
                   c.doc.location(("ket_thuc",)), transfers)


def settle(c: Candidate, findings: list[Finding], deadlines: list) -> tuple[list[Finding], list]:
    """The findings and deadline records of an ended case: nothing asks for a
    further step; a short vote is the record of what happened (info). An open
    case's are returned as they are."""
    end = of(c)
    if end is None:
        return findings, deadlines
    kept = []
    for f in findings:
        if f.code in FORWARD_LOOKING or (f.code in BEFORE_MEETING and f.severity != ERROR):
            continue
        if f.code == "vote.insufficient" and f.severity != INFO:
            f = Finding(INFO, f.code, f"{f.message} (Hồ sơ đã kết thúc ngày {vietnamese.ngay_ngan(end.date)}: "
                                      f"{end.reason.label.lower()}.)", f.location, f.source, f.extra)
        kept.append(f)
    return kept, [d for d in deadlines if d.done is not None]
