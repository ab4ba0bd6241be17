"""Vietnamese working days (ngày làm việc), for deadlines counted in working days.

A day is a working day for a Party body when it is Monday to Friday (public
sector: 40 hours a week, Saturday and Sunday off) and not a public holiday, or
when it is a Saturday/Sunday declared a make-up working day (ngày làm bù).
Sources of days off and make-up days, strongest first:

1. the organisation's own ``ngay_lam_bu`` (make-up working days) and
   ``ngay_nghi_them`` (extra days off) in ``to-chuc.yaml``;
2. national days the ``holidays`` library does not have yet, kept as data with
   their source in ``dossier/rules/ngay-nghi-quoc-gia.yaml``;
3. the ``holidays`` library (Vietnam): Labour Code 2019 Art. 112 holidays,
   Tết computed from the Vietnamese lunar calendar (5 days; the library also
   places the extra days the government gives so that Tết joins the weekend),
   compensatory days when a holiday falls on a weekend, and the government's
   announced swaps (``weekend_workdays`` are worked Saturdays).

Counting: "within N working days of day D" means on or before the N-th working
day after D; D itself is not counted (BLDS 2015 Art. 147: a period starts on
the day after the event).
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dossier import resources, vietnamese
from dossier.resources import read_packaged

SUPPLEMENT_FILE = resources.RULES / "ngay-nghi-quoc-gia.yaml"
MAX_SPAN_DAYS = 366 * 20  # no deadline counts further than this; guards against runaway loops
WEEKEND_NAMES = {5: "thứ Bảy", 6: "Chủ nhật"}


@dataclass(frozen=True)
class NationalDays:
    """Days off and make-up days the library lacks: date -> (name, source)."""

    days_off: dict
    working_days: dict


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return vietnamese.parse_ngay(str(value))


@functools.lru_cache(maxsize=None)
def national_supplement(path: Path = SUPPLEMENT_FILE) -> NationalDays:
    """The national days kept as data (``ngay_nghi``, ``ngay_lam_bu``)."""
    if not path.is_file():
        return NationalDays({}, {})
    data = read_packaged(path) or {}

    def read(key: str) -> dict:
        return {_as_date(item["ngay"]): (item.get("ten", ""), item.get("nguon", ""))
                for item in data.get(key) or []}

    return NationalDays(read("ngay_nghi"), read("ngay_lam_bu"))


_LIBRARY_LOCK = threading.Lock()  # the holidays object fills in a year on first use


@functools.lru_cache(maxsize=None)
def _national_library():
    import holidays  # slow to import (bench/README.md): only when a deadline is counted

    return holidays.country_holidays("VN", language="vi")


@functools.lru_cache(maxsize=None)
def _national_reason(day: dt.date) -> str | None:
    """Why ``day`` is off nationally (the supplement, then the library, then the
    weekend), or None; the same for every organisation, so computed once a day
    (deadline counts walk the same days for every candidate)."""
    supplement = national_supplement()
    if day in supplement.working_days:
        return None
    if day in supplement.days_off:
        return supplement.days_off[day][0] or "ngày nghỉ"
    library = _national_library()
    with _LIBRARY_LOCK:
        name = library.get(day)  # also fills the year's weekend_workdays
        if day in library.weekend_workdays:
            return None
    return name or WEEKEND_NAMES.get(day.weekday())


class WorkCalendar:
    """Working days of one organisation.

    >>> cal = WorkCalendar()
    >>> cal.add_working_days(dt.date(2026, 2, 12), 2)   # Thursday before Tết 2026
    datetime.date(2026, 2, 23)
    """

    def __init__(self, days_off: Iterable = (), working_days: Iterable = (), *, national: bool = True):
        self._national = national
        self._own_off = {_as_date(d) for d in days_off}
        self._own_work = {_as_date(d) for d in working_days}

    @classmethod
    def for_organisation(cls, org_data: dict | None) -> "WorkCalendar":
        """The calendar of an organisation file: national days plus its
        ``ngay_nghi_them`` and ``ngay_lam_bu``."""
        data = org_data if isinstance(org_data, dict) else {}
        return cls(_dates(data.get("ngay_nghi_them")), _dates(data.get("ngay_lam_bu")))

    # ------------------------------------------------------------ one day

    def day_off_reason(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day (Vietnamese), or None if it is one."""
        if day in self._own_work:
            return None
        if day in self._own_off:
            return "ngày nghỉ do tổ chức khai báo (ngay_nghi_them)"
        return _national_reason(day) if self._national else WEEKEND_NAMES.get(day.weekday())

    def is_working_day(self, day: dt.date) -> bool:
        return self.day_off_reason(day) is None

    # ------------------------------------------------------------ counting

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself not
        counted); ``start`` when ``count`` is 0."""
        if count < 0:
            raise ValueError("count must not be negative")
        day, found = start, 0
        limit = start + dt.timedelta(days=MAX_SPAN_DAYS)
        while found < count:
            day += dt.timedelta(days=1)
            if day > limit:
                raise ValueError(f"{count} working days after {start} is out of range")
            if self.is_working_day(day):
                found += 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days ``d`` with ``start < d <= end``; negative when ``end`` is
        before ``start``. ``add_working_days(s, n) == e`` implies
        ``working_days_between(s, e) == n``."""
        if end < start:
            return -self.working_days_between(end, start)
        if (end - start).days > MAX_SPAN_DAYS:
            raise ValueError(f"{start} to {end} is out of range")
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def days_off_between(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """Weekday days off (holidays, declared days) in ``start < d <= end``, for messages."""
        found, day = [], start
        while day < end and (day - start).days <= MAX_SPAN_DAYS:
            day += dt.timedelta(days=1)
            reason = self.day_off_reason(day)
            if reason is not None and day.weekday() < 5:
                found.append((day, reason))
        return found


def _dates(values) -> list[dt.date]:
    out = []
    for value in values or []:
        try:
            out.append(_as_date(value))
        except (ValueError, TypeError):
            continue  # reported by schema validation
    return out
