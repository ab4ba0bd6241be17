"""Rules of ``dossier check``: one module per rule kind.

* :mod:`~dossier.rules.eligibility` — who may be admitted: age in months, education,
  introducers, the awareness certificate, re-admission;
* :mod:`~dossier.rules.votes` — the votes of the chi bộ and of the committees;
* :mod:`~dossier.rules.consistency` — dates in the order of the procedure, steps
  that are missing, vote figures against the member list, dates in the future;
* :mod:`~dossier.rules.documents` — each catalog document of the stage: present
  (generated from the data, or a scan that opens), missing, expired, inconsistent;
* :mod:`~dossier.rules.deadlines` — deadlines in Vietnamese working days;
* :mod:`~dossier.rules.verification` — verification of the personal history per
  destination: reply deadlines, letters not sent, the sender's own commune,
  destinations that differ by one letter;
* :mod:`~dossier.rules.ending` — an ended case (``ket_thuc``, :mod:`dossier.case_end`).

Code implements rule *kinds*; every number comes from a ruleset
(``rulesets/*.yaml``: ``nguong`` with ``nguon`` and ``tin_cay`` for each
threshold, ``thoi_han`` for deadlines, ``thu_tu_moc`` for the order of steps).
The ruleset is the one in force on the day of the event a rule judges
(:mod:`dossier.rulesets`): eligibility on the day the chi bộ considered the
admission (today while it has not), a deadline on the day it starts, the order
of two steps on the day of the later one — unless the organisation names one
with ``bo_quy_tac``. A finding cites the threshold's source and certainty and
the ruleset it used; a rule resting on a threshold of certainty C (local
practice, unverified) never gives more than a warning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field

from dossier import vietnamese
from dossier.context import Candidate, date_of
from dossier.findings import ERROR, WARNING, Finding, Location
from dossier.rulesets import Ruleset
from dossier.workdays import WorkCalendar

SEVERITY_WORDS = {"loi": ERROR, "canh_bao": WARNING, "luu_y": "info"}


def day_text(day: dt.date | None) -> str:
    return vietnamese.ngay_ngan(day) if day else "—"


def lower_first(text: str) -> str:
    """``Đơn xin vào Đảng`` -> ``đơn xin vào Đảng`` (only the first letter)."""
    return text[:1].lower() + text[1:]


@dataclass
class RuleContext:
    """Everything a rule needs about one candidate."""

    candidate: Candidate
    as_of: dt.date
    window: int  # working days ahead in which a deadline counts as upcoming
    calendar: WorkCalendar
    deadlines: list = field(default_factory=list)  # filled by the deadline rule, for the report
    documents: list = field(default_factory=list)  # filled by the document rule, for the report
    fixed: Ruleset | None = None  # set by at(): the rules of one event's day
    plan: object | None = None  # the candidate's dossier.plan.DossierPlan, when the caller has it

    @functools.cached_property
    def ruleset(self) -> Ruleset:
        """The rules in force on the day the chi bộ considered the admission
        (on the as-of date while it has not), unless :meth:`at` fixed a day.
        Worked out once per context: every threshold a rule reads goes through it."""
        if self.fixed is not None:
            return self.fixed
        return self.candidate.rules.on(self.meeting, self.as_of)

    def at(self, day: dt.date | None) -> "RuleContext":
        """The same candidate judged by the rules in force on ``day`` (the lists
        of deadlines and documents for the report are shared)."""
        return dataclasses.replace(self, fixed=self.candidate.rules.on(day, self.as_of))

    @property
    def meeting(self) -> dt.date | None:
        """The day the chi bộ considered admission (``moc.nghi_quyet_chi_bo.ngay``)."""
        return self.date(("moc", "nghi_quyet_chi_bo", "ngay"))

    def date(self, path: tuple) -> dt.date | None:
        node = self.candidate.data
        for key in path:
            if isinstance(node, dict):
                node = node.get(key)
            elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                node = node[key]
            else:
                node = None
        try:
            return date_of(node)
        except ValueError:
            return None

    def location(self, path: tuple = ()) -> Location:
        return self.candidate.doc.location(path)

    def value(self, name: str):
        return self.ruleset.value(name)

    def source(self, *names: str) -> str:
        """``nguon`` of the thresholds, with their certainty: ``294-QĐ/TW §1.1.1 (…) [tin cậy B]``."""
        parts = []
        for name in names:
            threshold = self.ruleset.threshold(name)
            parts.append(f"{threshold.source} [tin cậy {threshold.certainty}]")
        return "; ".join(dict.fromkeys(parts))

    def certainty(self, *names: str) -> str:
        """The weakest certainty among the thresholds (A strongest, C weakest)."""
        return max((self.ruleset.threshold(n).certainty for n in names), default="A")

    def finding(self, severity: str, code: str, message: str, location: Location | tuple | None = (),
                thresholds: tuple = (), source: str | None = None, certainty: str | None = None,
                **extra) -> Finding:
        """A finding citing ``thresholds`` (names in the ruleset). An error
        resting on a certainty-C threshold is reported as a warning."""
        if thresholds:
            source = source or self.source(*thresholds)
            certainty = certainty or self.certainty(*thresholds)
            extra.setdefault("nguong", {n: _plain(self.value(n)) for n in thresholds})
        if certainty == "C" and severity == ERROR:
            severity = WARNING
        if certainty:
            extra["tin_cay"] = certainty
        if source or certainty:
            extra["bo_quy_tac"] = self.ruleset.code
            source = f"{source}; bộ quy tắc {self.ruleset.code}" if source else f"bộ quy tắc {self.ruleset.code}"
        if isinstance(location, tuple):
            location = self.location(location)
        return Finding(severity, code, message, location, source, extra)


def _plain(value):
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    return value
