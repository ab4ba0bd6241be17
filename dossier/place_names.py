"""Place names of the time: a document prints the names in use on its own date.

Names change (the 2025 reorganisation merged provinces and communes and
dropped the district level). The user enters the old names; nothing is looked
up in a merger table:

* a candidate's addresses: ``dia_danh_cu`` in the candidate file, a list of
  ``{den_ngay, noi_sinh, que_quan, thuong_tru, tam_tru}``: each entry holds the
  names in use **up to and including** ``den_ngay``;
* a Party body: ``ten_cu`` in ``to-chuc.yaml``, a list of
  ``{den_ngay, ten, ten_cap_uy, dia_danh}`` with the same meaning.

A document dated on or before ``den_ngay`` prints the entry's names; a later
one (or one with no date yet) prints today's. The lý lịch (2-KNĐ) adds the
former name in brackets after today's name for the place of birth and home
town (38-HD/BTCTW §I.1.4.2 (5), (6)).
"""

from __future__ import annotations

import datetime as dt

from dossier import vietnamese

ADDRESS_FIELDS = ("noi_sinh", "que_quan", "thuong_tru", "tam_tru")
BODY_FIELDS = ("ten", "ten_cap_uy", "dia_danh")


def _day(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return vietnamese.parse_ngay(value) if isinstance(value, str) and value else None


def _entries(records) -> list[tuple[dt.date, dict]]:
    """``(den_ngay, entry)``, earliest first; entries without a valid date are skipped."""
    found = []
    for entry in records or []:
        if isinstance(entry, dict) and _day(entry.get("den_ngay")) is not None:
            found.append((_day(entry["den_ngay"]), entry))
    return sorted(found, key=lambda pair: pair[0])


def address(data: dict, field: str, on: dt.date | None) -> str:
    """A candidate's address ``field`` as written on a document of date ``on``."""
    if on is not None:
        for until, entry in _entries(data.get("dia_danh_cu")):
            if on <= until and isinstance(entry.get(field), str) and entry[field]:
                return entry[field]
    value = data.get(field)
    return value if isinstance(value, str) else ""


def with_former(data: dict, field: str, on: dt.date | None) -> str:
    """The name in use on ``on``, then the name it replaced in brackets
    (``Xã Lạng Giang, tỉnh Bắc Ninh (tên cũ: xã Tân Dĩnh, huyện Lạng Giang,
    tỉnh Bắc Giang)``), as 38-HD asks for the lý lịch."""
    name = address(data, field, on)
    former = [e.get(field) for until, e in _entries(data.get("dia_danh_cu"))
              if (on is None or until < on) and isinstance(e.get(field), str) and e.get(field)]
    if former and vietnamese.nfc(former[-1]) != vietnamese.nfc(name):
        old = former[-1]
        return f"{name} (tên cũ: {old[:1].lower() + old[1:]})"
    return name


def body(record: dict, on: dt.date | None) -> dict:
    """A Party body as named on a document of date ``on`` (``ten``,
    ``ten_cap_uy``, ``dia_danh`` from its ``ten_cu`` entry of the time)."""
    if not record.get("ten_cu") or on is None:
        return record
    for until, entry in _entries(record.get("ten_cu")):
        if on <= until:
            named = {**record, **{k: entry[k] for k in BODY_FIELDS if isinstance(entry.get(k), str) and entry[k]}}
            if entry.get("ten") and not entry.get("ten_cap_uy"):
                named.pop("ten_cap_uy", None)  # the committee's name of the time is not known: the body's
            return named
    return record
