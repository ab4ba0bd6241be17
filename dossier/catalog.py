"""The document catalog (``templates/catalog.yaml``): which documents a dossier
holds, in which order, and whether each is generated from a template or
attached as a scan. The catalog is data with a source for every entry."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from dossier import resources
from dossier.resources import read_packaged


CATALOG_FILE = resources.CATALOG

STAGE_TITLES = {
    "ket_nap": "Hồ sơ đề nghị kết nạp đảng viên",
    "cong_nhan": "Hồ sơ đề nghị công nhận đảng viên chính thức",
    "lop": "Văn bản của lớp bồi dưỡng nhận thức về Đảng",
    "bao_cao": "Báo cáo, công văn theo kế hoạch phát triển đảng viên",
}


@dataclass(frozen=True)
class Entry:
    code: str
    title: str
    stage: str
    order: int
    production: str  # tao_tu_du_lieu | ban_scan | ca_hai
    template: str | None
    source: str
    certain: bool
    condition: str | None = None  # name in dossier.conditions; None = always required
    handwritten: bool = False  # must be written by hand: the generated copy is a guide
    numbering: dict | None = None  # {moc, loai, co_quan}: where its number is kept, type code, issuer
    separate: bool = False  # in the dossier but kept apart: checked, never bundled nor on the contents (ngoai_muc_luc)


@functools.lru_cache(maxsize=None)
def entries() -> dict[str, Entry]:
    data = read_packaged(CATALOG_FILE)
    return {
        item["ma"]: Entry(
            code=item["ma"],
            title=item["ten"],
            stage=item["giai_doan"],
            order=item["thu_tu"],
            production=item["hinh_thuc"],
            template=item.get("mau"),
            source=item["nguon"],
            certain=item.get("chac_chan", True),
            condition=item.get("dieu_kien"),
            handwritten=item.get("viet_tay", False),
            numbering=item.get("so_van_ban"),
            separate=item.get("ngoai_muc_luc", False),
        )
        for item in data["tai_lieu"]
    }


def entry(code: str) -> Entry | None:
    return entries().get(code)


def in_stage(stage: str) -> list[Entry]:
    """The entries of one stage, in dossier order."""
    return sorted((e for e in entries().values() if e.stage == stage), key=lambda e: e.order)


def lookup(text: str) -> str | None:
    """The catalog code ``text`` stands for, as typed on a terminal without
    Vietnamese input: ``9-KND``, ``9-knđ`` and `` 9-KNĐ `` are ``9-KNĐ``."""
    from dossier.nearest import fold

    wanted = fold(text.strip())
    return next((code for code in entries() if fold(code) == wanted), None)
