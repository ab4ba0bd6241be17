"""The report as JSON (``dossier report --format json``: counts only, the
organisation's identity and the period) and the committee above combining
such summaries and workspaces into its own report.

Incoming summaries are untrusted files: size-limited, parsed as JSON,
validated against ``schemas/output/report.schema.json``, their total checked
against the sum of their units, and refused (with a Vietnamese message naming
the file) when their period or way of counting differs from the report's, or
when an organisation comes twice — the same file twice, two summaries of one
organisation, or a workspace and its own summary.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator

from dossier import case_end, ke_hoach, outputs, report_groups, resources, stage, vietnamese
from dossier.errors import DataError
from dossier.report_counts import Figures, Period, Report, Unit
from dossier.workspace import display_path

VERSION = outputs.VERSION
MAX_BYTES = 5 * 1024 * 1024
SCHEMA_FILE = resources.SCHEMAS / "output" / "report.schema.json"


# ---------------------------------------------------------------- to JSON


def _counted(counts: dict, labels: dict) -> list[dict]:
    return [{**outputs.labelled(code, labels), "count": n} for code, n in counts.items() if n]


def _stage_labels() -> dict:
    return {s.code: s.label for s in stage.STAGES}


def figures_json(f: Figures) -> dict:
    return {
        "chi_tieu": f.chi_tieu, "ket_nap": f.ket_nap, "ty_le_chi_tieu": f.ty_le_chi_tieu,
        "cong_nhan_chinh_thuc": f.cong_nhan_chinh_thuc, **{code: f.nhom.get(code, 0) for code in report_groups.GROUP_CODES},
        "tong_tuoi": f.tong_tuoi, "tuoi_binh_quan": f.tuoi_binh_quan, "hoc_lop": f.hoc_lop,
        "ket_thuc": _counted(f.ket_thuc, {code: r.label for code, r in case_end.reasons().items()}),
        "dang_xem_xet": _counted(f.dang_xem_xet, _stage_labels()),
        "chi_tieu_nhom": dict(f.chi_tieu_nhom), "nguon": dict(f.nguon),
    }


def to_json(report: Report) -> dict:
    return {
        "version": VERSION,
        "to_chuc": report.organisation,
        "ky": {"tu_ngay": report.period.start.isoformat(), "den_ngay": report.period.end.isoformat(),
               "ten": report.period.label, "chi_tieu_cua": report.target_label},
        "ngay_bao_cao": report.as_of.isoformat(),
        "ket_nap_theo": outputs.labelled(report.counting, ke_hoach.COUNTING),
        "nguon": report.sources or [report.organisation],
        "don_vi": [{"ma": u.ma, "ten": u.ten, **figures_json(u.figures)} for u in report.units],
        "tong": figures_json(report.total),
    }


# ---------------------------------------------------------------- from JSON


@functools.lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def _figures(data: dict) -> Figures:
    return Figures(
        chi_tieu=data["chi_tieu"], ket_nap=data["ket_nap"], cong_nhan_chinh_thuc=data["cong_nhan_chinh_thuc"],
        nhom={code: data[code] for code in report_groups.GROUP_CODES}, tong_tuoi=data["tong_tuoi"],
        hoc_lop=data["hoc_lop"], ket_thuc={i["code"]: i["count"] for i in data["ket_thuc"]},
        dang_xem_xet={i["code"]: i["count"] for i in data["dang_xem_xet"]},
        chi_tieu_nhom=dict(data["chi_tieu_nhom"]), nguon=dict(data["nguon"]))


def _refuse(path: Path, why: str) -> DataError:
    return DataError(f"không dùng được tệp tổng hợp này: {why}", path=display_path(path))


def read_summary(path: Path) -> Report:
    """A summary written by ``dossier report --format json``, checked."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _refuse(path, f"không đọc được ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise _refuse(path, f"tệp quá lớn (quá {MAX_BYTES // 1024 // 1024} MB)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refuse(path, "không phải tệp JSON (UTF-8) do lệnh dossier report --format json ghi ra") from None
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path)) if isinstance(data, dict) \
        else [None]
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) if first is not None else ""
        if first is not None and first.validator == "required" and "'" in first.message:
            where = "/".join(filter(None, (where, first.message.split("'")[1])))
        raise _refuse(path, "không đúng mẫu báo cáo của dossier (schemas/output/report.schema.json)"
                      + (f", sai ở trường '{where}'" if where else ""))
    units = [Unit(u["ma"], u["ten"], _figures(u)) for u in data["don_vi"]]
    total = _figures(data["tong"])
    added = Figures()
    for unit in units:
        added.add(unit.figures)
    if figures_json(added) | {"chi_tieu": None, "chi_tieu_nhom": {}, "nguon": {}, "ty_le_chi_tieu": None} != \
            figures_json(total) | {"chi_tieu": None, "chi_tieu_nhom": {}, "nguon": {}, "ty_le_chi_tieu": None}:
        raise _refuse(path, "số liệu tổng (tong) không bằng tổng số liệu các đơn vị (don_vi)")
    try:
        start, end = dt.date.fromisoformat(data["ky"]["tu_ngay"]), dt.date.fromisoformat(data["ky"]["den_ngay"])
        as_of = dt.date.fromisoformat(data["ngay_bao_cao"])
    except ValueError:
        raise _refuse(path, "ngày của kỳ báo cáo không hợp lệ") from None
    return Report(organisation=data["to_chuc"], period=Period(start, end, data["ky"]["ten"]), as_of=as_of,
                  counting=data["ket_nap_theo"]["code"], target_label=data["ky"]["chi_tieu_cua"], units=units,
                  total=total, sources=data["nguon"])


# ---------------------------------------------------------------- combining


def _key(text) -> str:
    return " ".join(vietnamese.nfc(str(text or "")).split()).casefold()


def _names(organisation: dict) -> set[str]:
    return {_key(organisation.get(k)) for k in ("ten", "dang_bo")} - {""}


def combine(own: Report, others: list[tuple[Report, str]]) -> Report:
    """``own`` (the issuing committee's workspace) with the reports of the
    organisations below (each with the file or folder it came from): one row
    each, or added to the row of ``own``'s plan that allocates to it."""
    result = copy.deepcopy(own)
    seen = {}  # organisation name -> where it came from
    for organisation in own.sources or [own.organisation]:
        for name in _names(organisation):
            seen[name] = "thư mục của cấp ủy lập báo cáo"
    for other, where in others:
        if (other.period.start, other.period.end) != (own.period.start, own.period.end):
            raise DataError(f"kỳ báo cáo của tệp này ({vietnamese.ngay_ngan(other.period.start)}–"
                            f"{vietnamese.ngay_ngan(other.period.end)}) khác kỳ đang tổng hợp "
                            f"({vietnamese.ngay_ngan(own.period.start)}–{vietnamese.ngay_ngan(own.period.end)})",
                            path=where)
        if other.counting != own.counting:
            raise DataError(f"tệp này tính người kết nạp theo {ke_hoach.COUNTING[other.counting]}, báo cáo đang "
                            f"tổng hợp theo {ke_hoach.COUNTING[own.counting]}: không cộng được", path=where)
        for organisation in other.sources or [other.organisation]:
            for name in _names(organisation):
                if name in seen:
                    raise DataError(f"{organisation.get('ten')} đã có trong số liệu tổng hợp (từ {seen[name]}); "
                                    "mỗi tổ chức chỉ được tính một lần", path=where)
            for name in _names(organisation):
                seen[name] = where
        result.sources = (result.sources or [own.organisation]) + (other.sources or [other.organisation])
        row = next((u for u in result.units if _key(u.ten) in _names(other.organisation)), None)
        if row is None:
            row = Unit(other.organisation.get("ma", ""), other.organisation.get("dang_bo") or other.organisation["ten"],
                       Figures(other.total.chi_tieu, chi_tieu_nhom=dict(other.total.chi_tieu_nhom),
                               nguon=dict(other.total.nguon)))
            result.units.append(row)
        row.figures.add(other.total)
        result.total.add(other.total)
    if own.total.chi_tieu is None and result.units and all(u.figures.chi_tieu is not None for u in result.units):
        result.total.chi_tieu = sum(u.figures.chi_tieu for u in result.units)
        labels = {other.target_label for other, _ in others}
        result.target_label = labels.pop() if len(labels) == 1 and None not in labels else "của các đơn vị"
    return result
