"""What a file started with ``dossier new`` still lacks: warnings, not errors,
so that the new file validates at once and says what to fill in.

* a candidate file without any step (``moc``) yet: the personal details the
  schema requires once the dossier has a step (its ``allOf`` … ``then.required``);
* a class file: each ``hoc_vien`` entry without its certificate number.
"""

from __future__ import annotations

from dossier.findings import WARNING, Finding
from dossier.schema import load_schema
from dossier.yaml_document import Document


def _required_later(kind: str) -> list[str]:
    fields: list[str] = []
    for rule in load_schema(kind).get("allOf", []):
        fields += rule.get("then", {}).get("required", [])
    return fields


def candidate_gaps(doc: Document) -> list[Finding]:
    data = doc.data
    if not isinstance(data, dict) or "moc" in data:
        return []  # with a step, the schema requires them (errors)
    properties = load_schema("ung_vien")["properties"]
    missing = [f"{name} ({properties[name].get('title', name)})" for name in _required_later("ung_vien")
               if data.get(name) in (None, "", [], {})]
    if not missing:
        return []
    return [Finding(WARNING, "data.not_yet_given",
                    f"chưa khai {', '.join(missing)}; cần khai trước bước đầu tiên của hồ sơ (moc) và trước khi "
                    "dựng văn bản — bỏ dấu # ở đầu dòng trong tệp rồi điền", doc.location(("ho_ten",), key=True))]


def class_gaps(doc: Document) -> list[Finding]:
    found = []
    entries = doc.data.get("hoc_vien") if isinstance(doc.data, dict) else None
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and entry.get("so_chung_nhan") in (None, ""):
            found.append(Finding(WARNING, "class.certificate_number_missing",
                                 f"học viên '{entry.get('ho_so')}' chưa có số giấy chứng nhận (so_chung_nhan); "
                                 "giấy chứng nhận (CN-NTVĐ) để trống chỗ ghi số cho đến khi khai", doc.location(("hoc_vien", i))))
    return found
