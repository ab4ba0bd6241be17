"""Write the JSON Schemas of the machine outputs (schemas/output/*.schema.json).

The outputs are formatted by dossier/outputs.py; tests/test_outputs.py validates
real outputs of the samples against these schemas. Run after changing either:
``.venv/bin/python tools/make_output_schemas.py``.
"""

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "schemas" / "output"
S = "https://json-schema.org/draft/2020-12/schema"
str_or_null = {"type": ["string", "null"]}
int_or_null = {"type": ["integer", "null"]}


def labelled(codes=None, nullable=False, title=None):
    code = {"type": "string", "description": "Mã ổn định, dành cho chương trình."}
    if codes:
        code["enum"] = codes
    obj = {"type": "object", "additionalProperties": False, "required": ["code", "label"],
           "properties": {"code": code, "label": {"type": "string", "description": "Nhãn tiếng Việt, dành cho người đọc."}}}
    if title:
        obj["title"] = title
    return {"anyOf": [obj, {"type": "null"}]} if nullable else obj


def obj(props, required=None, title=None, description=None, extra=False):
    o = {"type": "object", "additionalProperties": extra, "required": list(props) if required is None else required,
         "properties": props}
    if title:
        o["title"] = title
    if description:
        o["description"] = description
    return o


FINDING = obj({
    "severity": labelled(["error", "warning", "info"], title="Mức độ: error (lỗi), warning (cảnh báo), info (lưu ý)"),
    "code": {"type": "string", "description": "Mã ổn định của phát hiện, ví dụ schema.enum, age.too_young."},
    "message": {"type": "string", "description": "Lời giải thích tiếng Việt."},
    "location": {"anyOf": [obj({"path": {"type": "string"}, "line": int_or_null, "column": int_or_null,
                                "field": str_or_null}, title="Tệp, dòng, cột và trường"), {"type": "null"}]},
    "source": {**str_or_null, "description": "Căn cứ (văn bản quy định) của quy tắc, nếu có."},
    "extra": {"type": "object", "description": "Dữ liệu thêm cho chương trình (mã tài liệu, bộ quy tắc…)."},
}, required=["severity", "code", "message", "location", "source"], title="Một phát hiện")
FINDINGS = {"type": "array", "items": {"$ref": "#/$defs/finding"}}
COUNTS = {"errors": {"type": "integer", "minimum": 0}, "warnings": {"type": "integer", "minimum": 0},
          "infos": {"type": "integer", "minimum": 0}}
VERSION = {"const": 1, "description": "Phiên bản của định dạng; tăng khi một khóa đổi nghĩa hoặc bị bỏ."}
ENDED = {"anyOf": [obj({
    "ngay": {"type": "string", "format": "date"},
    "ly_do": labelled(title="Lý do kết thúc (mã trong dossier/rules/ly-do-ket-thuc.yaml)"),
    "ghi_chu": {"type": "string"}, "van_ban": {"type": "string"}, "can_cu": {"type": "string"},
    "chuyen_sinh_hoat": {"type": "array", "items": {"type": "object"}},
}, title="Hồ sơ đã kết thúc (ket_thuc)"), {"type": "null"}]}
STAGES = ["ket_nap", "cong_nhan", "lop"]


def write(name, title, description, props, defs):
    schema = {"$schema": S, "$id": f"https://dossier.local/schemas/output/{name}.schema.json", "title": title,
              "description": description, **obj(props), "$defs": defs}
    (OUT / f"{name}.schema.json").write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


write("validate", "Kết quả dossier validate --format json",
      "Mọi lỗi, cảnh báo, lưu ý trong các tệp dữ liệu YAML đã kiểm tra.",
      {"version": VERSION, "files_checked": {**int_or_null, "description": "Số tệp YAML đã kiểm tra."}, **COUNTS,
       "findings": FINDINGS}, {"finding": FINDING})

DEADLINE = obj({
    "code": {"type": "string"}, "title": {"type": "string"},
    "start": {**str_or_null, "format": "date"}, "due": {**str_or_null, "format": "date"},
    "done": {**str_or_null, "format": "date"},
    "state": labelled(["dung_han", "tre_han", "qua_han", "sap_den_han", "con_han", "som_hon_quy_dinh", "da_qua_moc",
                       "chua_den_moc"]),
    "working_days_left": int_or_null, "source": {"type": "string"}, "rule": {"type": "string"},
}, title="Một thời hạn")
DOCUMENT = obj({
    "code": {"type": "string", "description": "Mã tài liệu trong danh mục (templates/catalog.yaml)."},
    "title": {"type": "string"},
    "stage": labelled(STAGES),
    "needed": labelled(["da_den", "buoc_tiep_theo", "chua_den"]),
    "state": labelled(["co", "thieu", "khong_mo_duoc", "het_han", "khong_khop"], nullable=True),
    "how": labelled(["tao_tu_du_lieu", "ban_scan", "lop"], nullable=True),
    "reason": str_or_null,
}, title="Một tài liệu của danh mục")
CANDIDATE = obj({
    "file": {"type": "string"}, "ho_ten": {"type": "string"}, "ruleset": {"type": "string"},
    "stage": labelled(nullable=True, title="Giai đoạn"), "last_step": {"type": "string"},
    "next_step": {"type": "string"}, "ended": ENDED, "window_working_days": {"type": "integer"}, **COUNTS,
    "findings": FINDINGS, "deadlines": {"type": "array", "items": {"$ref": "#/$defs/deadline"}},
    "documents": {"type": "array", "items": {"$ref": "#/$defs/document"}},
}, title="Kiểm tra một người xin vào Đảng")
write("check", "Kết quả dossier check --format json",
      "Với từng người: giai đoạn, bước tiếp theo, phát hiện, thời hạn, tài liệu theo danh mục.",
      {"version": VERSION, "as_of": {"type": "string", "format": "date"}, "window_working_days": int_or_null,
       "files_checked": {"type": "integer"}, "candidates_checked": {"type": "integer"}, **COUNTS,
       "ended_by_reason": {"type": "array", "items": obj({"code": {"type": "string"}, "label": {"type": "string"},
                                                          "count": {"type": "integer"}},
                                                         title="Số hồ sơ đã kết thúc theo lý do")},
       "candidates": {"type": "array", "items": {"$ref": "#/$defs/candidate"}},
       "other_findings": FINDINGS},
      {"finding": FINDING, "deadline": DEADLINE, "document": DOCUMENT, "candidate": CANDIDATE})

STATUSES = ["complete", "needs_review", "incomplete", "failed", "ended"]
PERSON = obj({
    "ho_ten": {"type": "string"}, "file": {"type": "string"},
    "status": labelled(STATUSES, title="Tình trạng hồ sơ"), "ended": ENDED,
    "rendered": {"type": "integer", "description": "Số văn bản dựng mới."},
    "converted": {"type": "integer", "description": "Số văn bản chuyển PDF mới."},
    "bundles": {"type": "array", "items": obj({"stage": labelled(STAGES), "file": {"type": "string"},
                                               "pages": {"type": "integer"}, "documents": {"type": "integer"},
                                               "incomplete": {"type": "boolean",
                                                              "description": "Tập thiếu tài liệu không dựng được "
                                                                             "(tên tệp …-chua-du.pdf)."}},
                                              title="Một tập hồ sơ PDF")},
    "guides": {"type": "array", "items": {"type": "string"}, "description": "Bản hướng dẫn chép tay (không đóng vào hồ sơ)."},
    "drafts": {"type": "array", "items": {"type": "string"},
               "description": "Bản dự thảo của bước chưa có ngày (không đóng vào hồ sơ)."},
    "missing": {"type": "array", "items": obj({"stage": labelled(STAGES), "ma": {"type": "string"},
                                               "reason": {"type": "string"}}, title="Tài liệu chưa có")},
    "failed_documents": {"type": "array", "items": obj({"stage": labelled(STAGES), "ma": {"type": "string"},
                                                        "reason": {"type": "string"}},
                                                       title="Tài liệu không dựng được trong lần này (hồ sơ chưa đủ)")},
    "findings": FINDINGS, "checks": FINDINGS,
}, title="Hồ sơ của một người")
write("summary", "summary.json của một lần dựng",
      "Kết quả dựng một lớp (hoặc những người dựng riêng, không theo lớp).",
      {"version": VERSION,
       "class": {"anyOf": [obj({"ten": {"type": "string"}, "file": {"type": "string"}}), {"type": "null"}]},
       "folder": {"type": "string"},
       "counts": obj({"candidates": {"type": "integer"}, **{s: {"type": "integer"} for s in STATUSES},
                      "class_documents": {"type": "integer"}, "skipped": {"type": "integer"}}),
       "class_documents": {"type": "array", "items": {"type": "string"}},
       "class_findings": FINDINGS,
       "candidates": {"type": "array", "items": {"$ref": "#/$defs/person"}},
       "skipped": FINDINGS},
      {"finding": FINDING, "person": PERSON})

KINDS = ["stale", "damaged", "foreign", "missing", "incomplete"]
write("verify", "Kết quả dossier verify --format json",
      "Mọi tệp trong thư mục kết quả không đúng với dữ liệu hiện tại: cũ, hỏng hoặc bị sửa, lạ, thiếu, chưa đủ.",
      {"version": VERSION, "folder": {"type": "string", "description": "Thư mục kết quả đã kiểm tra."},
       "ok": {"type": "boolean", "description": "true khi mọi tệp đều đúng và dữ liệu không có lỗi."},
       "files_checked": {"type": "integer", "minimum": 0},
       "counts": obj({k: {"type": "integer", "minimum": 0} for k in KINDS}),
       "problems": {"type": "array", "items": obj({
           "kind": labelled(KINDS, title="Loại vấn đề: stale (cũ), damaged (hỏng hoặc bị sửa), foreign (lạ), "
                                         "missing (thiếu), incomplete (hồ sơ chưa đủ: …-chua-du.pdf)"),
           "file": {"type": "string"}, "reason": {"type": "string", "description": "Lý do, tiếng Việt."}},
           title="Một tệp có vấn đề")},
       "kept": {"type": "array", "items": {"type": "string"},
                "description": "Bản đầy đủ của lần dựng trước (…-ban-truoc.pdf), giữ lại có chủ ý bên hồ sơ chưa đủ."},
       "findings": FINDINGS},
      {"finding": FINDING})
