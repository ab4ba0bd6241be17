"""Rulesets: the regulation in force, as data.

Each file in ``rulesets/`` names a regulation (e.g. ``qd294-2025``: Quy định
294-QĐ/TW with Hướng dẫn 06-HD/TW and 38-HD/BTCTW), the period it is in force
(``hieu_luc_tu`` … ``het_hieu_luc``), the "căn cứ" lines that decisions cite,
every threshold (probation months, deadlines in working days, age window…) with
its ``nguon`` (source) and ``tin_cay`` (certainty A/B/C), the deadlines
(``thoi_han``) and the order of steps (``thu_tu_moc``). Code never hard-codes a
threshold.

**Which ruleset applies** is decided by the date of each event: a chi bộ
resolution of 20/6/2025 is judged by the rules in force that day
(:func:`in_force_on`), a decision of 10/7/2025 by those in force on its own day.
An organisation may still name one ruleset with ``bo_quy_tac``: an explicit
override, used for every date.

**Inheritance.** A file may say ``ke_thua: <code>``: it starts from that
ruleset; its ``nguong`` and ``thoi_han`` entries replace the parent's entries of
the same name (``thoi_han`` by ``ma``) or add to them; its ``thu_tu_moc`` entries
are added after the parent's, and ``bo_thu_tu_moc`` lists the parent's entries
(by ``ma``) it drops; ``can_cu`` replaces the parent's when given; the period in
force (``hieu_luc_tu``, ``het_hieu_luc``) is never inherited. So a
regime that differs from another by a few citations is a few lines, not a copy.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from dossier import resources
from dossier.errors import DataError
from dossier.resources import read_packaged

RULESET_DIR = resources.RULESETS


@dataclass(frozen=True)
class Threshold:
    value: float | int
    source: str
    certainty: str


@dataclass(frozen=True)
class Ruleset:
    code: str
    name: str
    grounds: tuple[str, ...]  # "Căn cứ …;" lines, in order
    thresholds: dict
    start: dt.date | None = None  # hieu_luc_tu
    end: dt.date | None = None  # het_hieu_luc (inclusive)
    deadlines: tuple = field(default=(), compare=False)  # thoi_han entries
    order: tuple = field(default=(), compare=False)  # thu_tu_moc entries

    def threshold(self, name: str) -> Threshold:
        try:
            return self.thresholds[name]
        except KeyError:
            raise DataError(f"bộ quy tắc '{self.code}' thiếu ngưỡng '{name}'") from None

    def value(self, name: str):
        return self.threshold(name).value

    def in_force(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    @property
    def label(self) -> str:
        """``qd294-2025 (Quy định 294-QĐ/TW …)`` for a finding's citation."""
        return f"{self.code} ({self.name})"


def available() -> list[str]:
    return sorted(p.stem for p in RULESET_DIR.glob("*.yaml"))


@functools.lru_cache(maxsize=None)
def _raw(code: str, chain: tuple = ()) -> dict:
    """A ruleset file merged over the ruleset it inherits from (``ke_thua``)."""
    path = RULESET_DIR / f"{code}.yaml"
    if not path.is_file():
        raise DataError(
            f"không có bộ quy tắc '{code}'; các bộ quy tắc có sẵn: {', '.join(available())}"
        )
    data = read_packaged(path) or {}
    parent_code = data.get("ke_thua")
    if not parent_code:
        return data
    if parent_code in chain or parent_code == code:
        raise DataError(f"bộ quy tắc '{code}' kế thừa vòng tròn qua '{parent_code}'")
    parent = _raw(parent_code, chain + (code,))
    own = {"nguong", "thoi_han", "thu_tu_moc", "bo_thu_tu_moc", "hieu_luc_tu", "het_hieu_luc"}
    merged = {k: v for k, v in parent.items() if k not in own}
    merged.update({k: v for k, v in data.items() if k not in own - {"hieu_luc_tu", "het_hieu_luc"}})
    merged["nguong"] = {**(parent.get("nguong") or {}), **(data.get("nguong") or {})}
    deadlines = {item["ma"]: item for item in parent.get("thoi_han") or []}
    deadlines.update({item["ma"]: item for item in data.get("thoi_han") or []})
    merged["thoi_han"] = list(deadlines.values())
    dropped = set(data.get("bo_thu_tu_moc") or ())
    merged["thu_tu_moc"] = ([item for item in parent.get("thu_tu_moc") or [] if item.get("ma") not in dropped]
                            + list(data.get("thu_tu_moc") or []))
    return merged


def _day(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@functools.lru_cache(maxsize=None)
def load(code: str) -> Ruleset:
    data = _raw(code)
    return Ruleset(
        code=code,
        name=data["ten"],
        grounds=tuple(item["noi_dung"] for item in data.get("can_cu", [])),
        thresholds={
            name: Threshold(item["gia_tri"], item["nguon"], item.get("tin_cay", "C"))
            for name, item in data.get("nguong", {}).items()
        },
        start=_day(data.get("hieu_luc_tu")),
        end=_day(data.get("het_hieu_luc")),
        deadlines=tuple(data.get("thoi_han") or ()),
        order=tuple(data.get("thu_tu_moc") or ()),
    )


@functools.lru_cache(maxsize=1)
def _all() -> tuple[Ruleset, ...]:
    """Every shipped ruleset, oldest first."""
    return tuple(sorted((load(code) for code in available()), key=lambda r: r.start or dt.date.min))


def in_force_on(day: dt.date) -> Ruleset:
    """The ruleset in force on ``day``. A day before the oldest ruleset is judged
    by the oldest (the toolkit ships no earlier rules); after the newest one's
    start, by the newest."""
    rulesets = _all()
    for ruleset in reversed(rulesets):
        if ruleset.in_force(day):
            return ruleset
    return rulesets[0] if day < (rulesets[0].start or dt.date.min) else rulesets[-1]


@dataclass(frozen=True)
class Choice:
    """How an organisation's rules are chosen: by the date of each event, or one
    ruleset named with ``bo_quy_tac`` (an explicit override)."""

    override: Ruleset | None = None

    def on(self, day: dt.date | None, fallback: dt.date | None = None) -> Ruleset:
        """The ruleset for an event of ``day`` (``fallback`` — usually the as-of
        date — when the event has no date yet)."""
        if self.override is not None:
            return self.override
        return in_force_on(day or fallback or dt.date.today())


def choice(code: str | None) -> Choice:
    """``bo_quy_tac`` of an organisation file (may be absent)."""
    return Choice(load(code) if code else None)
