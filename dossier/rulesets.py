"""Rulesets: the regulation in force, as data.

Each file in ``rulesets/`` names a regulation (e.g. ``qd294-2025``: Quy định
294-QĐ/TW with Hướng dẫn 06-HD/TW), the "căn cứ" lines that decisions cite,
and every threshold (probation months, deadlines in working days, age window…)
with its ``nguon`` (source) and ``tin_cay`` (certainty A/B/C). An organisation
selects its ruleset with ``bo_quy_tac``; code never hard-codes a threshold.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from dossier.errors import DataError
from dossier.loader import read_packaged

RULESET_DIR = Path(__file__).resolve().parent.parent / "rulesets"


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

    def threshold(self, name: str) -> Threshold:
        try:
            return self.thresholds[name]
        except KeyError:
            raise DataError(f"bộ quy tắc '{self.code}' thiếu ngưỡng '{name}'") from None

    def value(self, name: str):
        return self.threshold(name).value


def available() -> list[str]:
    return sorted(p.stem for p in RULESET_DIR.glob("*.yaml"))


@functools.lru_cache(maxsize=None)
def load(code: str) -> Ruleset:
    path = RULESET_DIR / f"{code}.yaml"
    if not path.is_file():
        raise DataError(
            f"không có bộ quy tắc '{code}'; các bộ quy tắc có sẵn: {', '.join(available())}"
        )
    data = read_packaged(path)
    return Ruleset(
        code=data["ma"],
        name=data["ten"],
        grounds=tuple(item["noi_dung"] for item in data.get("can_cu", [])),
        thresholds={
            name: Threshold(item["gia_tri"], item["nguon"], item.get("tin_cay", "C"))
            for name, item in data.get("nguong", {}).items()
        },
    )
