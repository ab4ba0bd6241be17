"""Verification of a candidate's personal history (thẩm tra lý lịch), as data.

Two things in the candidate file describe it:

* ``gia_dinh[].tham_tra``: the committee that must verify that relative
  (06-HD/TW §3.4a: parents, parents-in-law, spouse, adult children);
* ``tham_tra``: one record per committee asked to verify: ``noi_tham_tra``
  (named as in ``gia_dinh[].tham_tra``), ``so`` (the letter's number),
  ``ngay_gui``, ``ngay_tra_loi``, ``ket_qua`` (what the reply says) and
  ``nuoc_ngoai`` (the committee or agency is abroad). ``ket_luan_tham_tra``
  is the conclusion the chi bộ draws from all the replies, when it has one.

Destinations are compared by :func:`dossier.vietnamese.khoa_dia_danh` (spaces,
case, old and new tone-mark placement), the first spelling is printed. Names
that differ by one letter ("An Khánh" / "An Khang") may be two communes: they
are never merged, only reported, unless the organisation lists the pair in
``noi_tham_tra_khac_nhau``. A relative whose destination is the sending
committee itself is verified by that committee directly: no letter.

The milestones the rest of the toolkit uses are derived here: the request is
sent on the first ``ngay_gui``; verification is complete on the last
``ngay_tra_loi`` once every destination has replied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dossier.context import Candidate, date_of
from dossier.vn_place_keys import gan_giong, khoa_dia_danh


@dataclass
class Destination:
    """One committee asked to verify relatives of one candidate."""

    name: str  # the first spelling found
    key: str
    relatives: list[tuple[int, dict]] = field(default_factory=list)  # (index in gia_dinh, relative)
    record: dict | None = None  # the ``tham_tra`` record for it
    record_index: int | None = None

    @property
    def sent(self) -> dt.date | None:
        return _day((self.record or {}).get("ngay_gui"))

    @property
    def replied(self) -> dt.date | None:
        return _day((self.record or {}).get("ngay_tra_loi"))

    @property
    def result(self) -> str:
        return str((self.record or {}).get("ket_qua") or "").strip()

    @property
    def abroad(self) -> bool:
        return bool((self.record or {}).get("nuoc_ngoai"))


@dataclass
class Plan:
    """Where a candidate's relatives are verified."""

    sender: dict  # the body that sends the letters
    letters: list[Destination]  # one letter each, in the order first named
    own: Destination | None  # relatives the sender verifies directly (no letter)
    near: list[tuple[str, str]]  # names that differ by one letter, not silenced
    orphans: list[tuple[int, dict]]  # records naming no relative's destination

    @property
    def all(self) -> list[Destination]:
        return self.letters + ([self.own] if self.own else [])


def _day(value) -> dt.date | None:
    try:
        return date_of(value)
    except ValueError:  # reported by schema validation
        return None


def sender(c: Candidate) -> dict:
    """The grassroots committee above the chi bộ (the chi bộ itself when it is
    a grassroots chi bộ): it signs the verification letters."""
    return c.org.ancestor(c.chi_bo, "co_so") or c.chi_bo


def committee_name(body: dict) -> str:
    return body.get("ten_cap_uy") or body["ten"]


def is_own(body: dict, destination: str) -> bool:
    """Whether ``destination`` is ``body``'s own committee: the same name after
    normalising, or that name followed by a place (``…, tỉnh Thái Nguyên``)."""
    own, key = khoa_dia_danh(committee_name(body)), khoa_dia_danh(destination)
    return key == own or key.startswith(own + ", ")


def known_different(org_data: dict, a: str, b: str) -> bool:
    """Whether the organisation lists ``a`` and ``b`` as two different places
    (``noi_tham_tra_khac_nhau``), which silences the near-duplicate warning."""
    pair = {khoa_dia_danh(a), khoa_dia_danh(b)}
    for item in org_data.get("noi_tham_tra_khac_nhau") or []:
        if isinstance(item, list) and {khoa_dia_danh(str(x)) for x in item} >= pair:
            return True
    return False


def near_duplicates(org_data: dict, names: list[str]) -> list[tuple[str, str]]:
    """Pairs of names that differ by one letter or by diacritics only, and
    that the organisation has not declared different."""
    found = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if gan_giong(a, b) and not known_different(org_data, a, b):
                found.append((a, b))
    return found


def records(c: Candidate) -> list[tuple[int, dict]]:
    return [(i, r) for i, r in enumerate(c.data.get("tham_tra") or []) if isinstance(r, dict)]


def plan(c: Candidate) -> Plan:
    """The verification of ``c``: one destination per place, its record, the
    sender's own commune apart. Worked out once per resolved candidate (the
    steps, the checker and the forms all ask)."""
    known = c.__dict__.get("_verification_plan")
    if known is not None and known[0] is c.data:
        return known[1]
    made = _plan(c)
    c.__dict__["_verification_plan"] = (c.data, made)
    return made


def _plan(c: Candidate) -> Plan:
    body = sender(c)
    groups: dict[str, Destination] = {}
    for index, relative in enumerate(c.data.get("gia_dinh") or []):
        where = relative.get("tham_tra") if isinstance(relative, dict) else None
        if isinstance(where, str) and where.strip():
            key = khoa_dia_danh(where)
            groups.setdefault(key, Destination(where.strip(), key)).relatives.append((index, relative))
    orphans = []
    for index, record in records(c):
        where = record.get("noi_tham_tra")
        group = groups.get(khoa_dia_danh(where)) if isinstance(where, str) else None
        if group is None or group.record is not None:
            orphans.append((index, record))
        else:
            group.record, group.record_index = record, index
    own = [d for d in groups.values() if is_own(body, d.name)]
    letters = [d for d in groups.values() if d not in own]
    merged_own = None
    if own:
        merged_own = own[0]
        for other in own[1:]:
            merged_own.relatives += other.relatives
    near = near_duplicates(c.org.data, [d.name for d in groups.values()])
    return Plan(body, letters, merged_own, near, orphans)


def first_sent(c: Candidate) -> tuple[dt.date, int] | None:
    """The first letter sent: (date, index of its record)."""
    sent = [(d.sent, d.record_index) for d in plan(c).letters if d.sent]
    return min(sent) if sent else None


def all_replied(c: Candidate) -> tuple[dt.date, int] | None:
    """The last reply once every destination (letters, and the sender's own
    verification when it has a record) has one: (date, index of its record)."""
    p = plan(c)
    needed = p.letters + ([p.own] if p.own and p.own.record else [])
    if not needed or any(d.replied is None for d in needed):
        return None
    return max((d.replied, d.record_index) for d in needed)
