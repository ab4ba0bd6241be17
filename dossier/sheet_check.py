"""Validating the files an import would write, with each problem at its cell.

The would-be text of every new or changed file is loaded and checked exactly
as ``dossier validate`` loads and checks a file (:func:`dossier.loader.load`,
:func:`dossier.schema.validate`, the references of :mod:`dossier.validate`),
so the message is the one validate gives; its field path
(``gia_dinh[2].nam_sinh``) is then mapped back to the cell the value came from
(``gia-dinh!D7``). A problem a file already had before the import is not the
import's: it is left to validate to report.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from dossier import loader, schema, validate, yaml_writer
from dossier.findings import Finding, Location
from dossier.workspace import ORG_FILE, DocumentCache, Organisation, resolved


class _WouldBe(DocumentCache):
    """A document cache that sees the would-be files instead of those on disk."""

    def __init__(self, documents: dict):
        super().__init__()
        self.documents = documents  # resolved path -> (document, findings)

    def get(self, path: Path):
        found = self.documents.get(resolved(Path(path)))
        return found if found is not None else super().get(path)


def _would_be_text(plan, rel: str) -> bytes:
    if rel in plan.new:
        return ("# yaml-language-server: $schema=../.dossier/schemas/ung-vien.schema.json\n"
                + yaml_writer.dumps(plan.new[rel])).encode("utf-8")
    return plan.ws.entry(rel).render()


def check(plan) -> list[Finding]:
    root = plan.ws.root
    touched = sorted(set(plan.new) | plan.touched)
    documents = {}
    with tempfile.TemporaryDirectory(prefix="dossier-nhap-") as folder:
        for i, rel in enumerate(touched):
            temporary = Path(folder) / f"{i}.yaml"
            temporary.write_bytes(_would_be_text(plan, rel))
            doc, found = loader.load(temporary, rel)
            if doc is not None:
                doc.path = root / rel
                found = found + schema.validate(doc)
            documents[resolved(root / rel)] = (doc, found)
    cache = _WouldBe(documents)
    org_doc, _ = cache.get(root / ORG_FILE)
    org = Organisation.from_document(org_doc) if org_doc is not None and org_doc.kind == "to_chuc" else None
    new_paths = {resolved(root / rel) for rel in plan.new}
    findings = []
    for rel in touched:
        doc, found = documents[resolved(root / rel)]
        if doc is not None and doc.kind == "ung_vien":
            found = found + validate._check_candidate(doc, org, root, cache)
        elif doc is not None and doc.kind == "lop":
            found = found + [f for f in validate._check_class(doc, cache, root)
                             if not _names_new_file(f, doc, new_paths)]
        before = set() if rel in plan.new else _known(root / rel)
        findings += [_at_cell(plan, rel, f) for f in found if _key(f) not in before]
    return findings


def _names_new_file(finding: Finding, doc, new_paths: set) -> bool:
    """A class entry naming a file the import is about to create is not missing."""
    if finding.code != "ref.file_missing":
        return False
    for i, entry in enumerate(doc.data.get("hoc_vien") or []):
        if isinstance(entry, dict) and isinstance(entry.get("ho_so"), str) and \
                resolved(doc.path.parent / entry["ho_so"]) in new_paths and f"'{entry['ho_so']}'" in finding.message:
            return True
    return False


def _key(finding: Finding) -> tuple:
    return finding.code, finding.message, finding.location.field if finding.location else None


def _known(path: Path) -> set:
    """The problems the file on disk has now (loading, schema and references)."""
    report = validate.validate_paths([path])
    return {_key(f) for f in report.findings}


def _at_cell(plan, rel: str, finding: Finding) -> Finding:
    cells = plan.cells.get(rel, {})
    field = finding.location.field if finding.location else None
    probe = field or ""
    while probe and probe not in cells:
        cut = max(probe.rfind("."), probe.rfind("["))
        probe = probe[:cut] if cut > 0 else ""
    ref = cells.get(probe) if probe else plan.rows.get(rel)
    if ref is None:
        ref = plan.rows.get(rel)
    message = finding.message
    if field and probe != field:
        message = f"{field}: {message}"
    if ref is None:
        return finding
    return Finding(finding.severity, finding.code, f"{message} ({rel})" if rel not in message else message,
                   Location(plan.display, field=ref), finding.source)
