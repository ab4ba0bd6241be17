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

STATUSES = ["complete", "missing_documents", "needs_review", "incomplete", "failed", "ended"]
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

# ---------------------------------------------------------------- dossier report --format json
# Counts only: the organisation's identity and the period, never a name, birth date or ID number of a person.
# Incoming summaries are untrusted files (dossier/report_combine.py validates them against this schema):
# every count is bounded and every string short.
GROUP_CODES = ["nu", "dan_toc_thieu_so", "ton_giao", "doan_vien", "doan_gioi_thieu", "hoc_sinh_sinh_vien", "cong_nhan",
               "thanh_nien"]
SHORT = {"type": "string", "maxLength": 300}
N = {"type": "integer", "minimum": 0, "maximum": 10_000_000}
N_OR_NULL = {"type": ["integer", "null"], "minimum": 0, "maximum": 10_000_000}
PERCENT = {"type": ["number", "null"], "minimum": 0, "maximum": 1_000_000_000}
COUNTED = {"type": "array", "maxItems": 50, "items": obj({"code": {**SHORT, "pattern": "^[a-z_]+$"}, "label": SHORT,
                                                          "count": N}, title="Số lượng theo mã")}
FIGURES = {
    "chi_tieu": {**N_OR_NULL, "description": "Chỉ tiêu kết nạp của kỳ; null khi không có chỉ tiêu."},
    "ket_nap": {**N, "description": "Số người kết nạp trong kỳ (theo ket_nap_theo)."},
    "ty_le_chi_tieu": {**PERCENT, "description": "Số kết nạp so với chỉ tiêu, phần trăm (114.29 là 114,29%); null khi không có chỉ tiêu."},
    "cong_nhan_chinh_thuc": {**N, "description": "Số đảng viên được công nhận chính thức trong kỳ (ngày quyết định công nhận)."},
    **{code: {**N, "description": f"Số người kết nạp trong kỳ thuộc nhóm {code} (dossier/rules/nhom-bao-cao.yaml)."}
       for code in GROUP_CODES},
    "tong_tuoi": {**N, "description": "Tổng số tuổi (năm tròn, tại ngày kết nạp) của những người kết nạp, để tính tuổi bình quân khi tổng hợp."},
    "tuoi_binh_quan": {**PERCENT, "description": "Tuổi bình quân tại ngày kết nạp; null khi không ai được kết nạp."},
    "hoc_lop": {**N, "description": "Số người học lớp bồi dưỡng nhận thức về Đảng trong kỳ (ngày cấp giấy chứng nhận)."},
    "ket_thuc": {**COUNTED, "description": "Số hồ sơ kết thúc trong kỳ theo lý do (dossier/rules/ly-do-ket-thuc.yaml)."},
    "dang_xem_xet": {**COUNTED, "description": "Số người đang được xem xét (chưa kết nạp) cuối kỳ, theo giai đoạn."},
    "chi_tieu_nhom": {"type": "object", "additionalProperties": False, "properties": {c: N for c in GROUP_CODES},
                      "description": "Chỉ tiêu theo nhóm, nếu kế hoạch có."},
    "nguon": {"type": "object", "additionalProperties": False,
              "properties": {"cam_tinh_dang": N, "cu_di_hoc_lop": N}, "description": "Nguồn theo kế hoạch, nếu có."},
}
ORGANISATION = obj({"ma": SHORT, "ten": SHORT, "dang_bo": SHORT, "cap_tren": {**SHORT, "type": ["string", "null"]}},
                   title="Tổ chức đảng (cấp ủy) lập báo cáo")
write("report", "Kết quả dossier report --format json",
      "Báo cáo kết quả công tác phát triển đảng viên của một tổ chức đảng trong một kỳ: chỉ có số liệu theo đơn vị "
      "và tổng, danh tính tổ chức và kỳ báo cáo; không có họ tên, ngày sinh, số định danh của ai. Cấp ủy cấp trên "
      "tổng hợp các tệp này bằng `dossier report tong-hop/*.json THU_MUC --year …`.",
      {"version": VERSION,
       "to_chuc": {"$ref": "#/$defs/organisation"},
       "ky": obj({"tu_ngay": {"type": "string", "format": "date"}, "den_ngay": {"type": "string", "format": "date"},
                  "ten": SHORT, "chi_tieu_cua": {**SHORT, "type": ["string", "null"],
                                                 "description": "Chỉ tiêu so sánh: năm …, nhiệm kỳ …; null khi không có."}},
                 title="Kỳ báo cáo (tính cả ngày đầu và ngày cuối)"),
       "ngay_bao_cao": {"type": "string", "format": "date", "description": "Số liệu đang xem xét tính đến ngày này."},
       "ket_nap_theo": labelled(["quyet_dinh", "le_ket_nap"], title="Ngày dùng để tính người kết nạp"),
       "nguon": {"type": "array", "maxItems": 10_000, "items": {"$ref": "#/$defs/organisation"},
                 "description": "Các tổ chức đã được tổng hợp vào báo cáo này (kể cả chính nó)."},
       "don_vi": {"type": "array", "maxItems": 10_000,
                  "items": obj({"ma": SHORT, "ten": SHORT, **FIGURES}, title="Số liệu một đơn vị")},
       "tong": obj(FIGURES, title="Số liệu toàn đảng bộ")},
      {"organisation": ORGANISATION})

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
