"""Plan: which documents one candidate's dossier holds, and how each is produced.

One :class:`DossierPlan` per candidate answers, once, the question every later
stage asks — ``check`` (present, missing, due), ``build`` (what to render and
bundle), ``render`` (which .docx to write) and the class letters (how many
documents a dossier holds). Nothing else decides what a dossier contains.

For each catalog stage the candidate has (admission always; recognition once
probation is over or one of its steps is in the data) and each catalog entry,
the plan says one of:

* ``generated`` — made from the data by its form builder (``forms``), values ready;
* ``draft`` — made from the data, but its own step is not dated yet: rendered
  as a draft (``…-du-thao``, marked "DỰ THẢO"), never bundled, and still
  listed as missing until its step is dated (issue #18);
* ``guide`` — a handwritten document (``viet_tay``) of which a typed guide copy
  is made to copy by hand; the dossier still needs the signed scan;
* ``scan`` — a signed scan attached in ``dinh_kem`` (and readable);
* ``class`` — produced by the class file (a class document);
* ``missing`` — none of these, with the reason (Vietnamese).

An entry whose condition does not hold for the candidate, or a step an ended
case will never take, is not part of the plan; :attr:`DossierPlan.not_applicable`
keeps why, for ``render --form`` to explain.

Each planned document also carries when it is needed (:data:`DUE`, :data:`NEXT`,
:data:`NOT_YET`): due when a step at or after it in catalog order has been
taken, needed next when it lies between the last step taken and the next
step that produces a document.
"""

from __future__ import annotations

import datetime as dt
import math
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from dossier import case_end, catalog, conditions, forms, stage, vietnamese
from dossier.context import Candidate, date_of
from dossier.errors import DossierError
from dossier.forms import Rendered
from dossier.workspace import referenced_path

GENERATED, DRAFT, GUIDE, SCAN, CLASS, MISSING = "generated", "draft", "guide", "scan", "class", "missing"
HOW_LABELS = {GENERATED: "dựng từ dữ liệu", DRAFT: "bản dự thảo (bước chưa có ngày)", GUIDE: "bản hướng dẫn chép tay",
              SCAN: "bản scan có chữ ký", CLASS: "văn bản của lớp", MISSING: "chưa có"}
PRESENT = frozenset({GENERATED, SCAN, CLASS})  # what the dossier holds (a draft is not yet a document)
RENDERED = frozenset({GENERATED, DRAFT, GUIDE})  # what is rendered from a template

DUE, NEXT, NOT_YET = "da_den", "buoc_tiep_theo", "chua_den"
CATALOG_STAGES = ("ket_nap", "cong_nhan")


@dataclass
class Attachment:
    """A file of the candidate's ``dinh_kem``, placed by its catalog entry."""

    index: int  # in dinh_kem
    code: str
    title: str
    path: Path
    order: int
    stage: str
    item: dict


@dataclass
class PlannedDocument:
    """One catalog document of one candidate's dossier."""

    entry: catalog.Entry
    how: str  # GENERATED | DRAFT | GUIDE | SCAN | CLASS | MISSING
    needed: str = NOT_YET  # DUE | NEXT | NOT_YET
    reason: str | None = None  # why it is missing (or, for a guide copy, why the scan is still needed)
    forms: list[Rendered] = field(default_factory=list)  # what to render (GENERATED, DRAFT, GUIDE)
    scans: list[Attachment] = field(default_factory=list)  # attached under its code
    unreadable: bool = False  # attached, but no attached file opens

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def stage(self) -> str:
        return self.entry.stage

    @property
    def present(self) -> bool:
        return self.how in PRESENT

    @property
    def rendered(self) -> bool:
        return self.how in RENDERED

    @property
    def in_bundle(self) -> bool:
        """Generated documents go into the bundle; a guide copy or a draft never does."""
        return self.how == GENERATED

    @property
    def draft(self) -> bool:
        return self.how == DRAFT


@dataclass
class DossierPlan:
    """The documents of one candidate's dossiers, in catalog order per stage."""

    candidate: Candidate
    as_of: dt.date
    stages: list[str]
    documents: list[PlannedDocument]
    attachments: list[Attachment]
    not_applicable: dict[str, str]  # catalog code -> why it does not apply (a later stage: see why_not)

    def document(self, code: str) -> PlannedDocument | None:
        return next((d for d in self.documents if d.code == code), None)

    @property
    def rendered(self) -> list[PlannedDocument]:
        """The documents rendered from a template (bundled, or a guide copy)."""
        return [d for d in self.documents if d.rendered]

    @property
    def missing(self) -> list[PlannedDocument]:
        """The documents the dossier still lacks (a guide copy included: the
        signed handwritten original is still needed), with the reason."""
        return [d for d in self.documents if not d.present]

    def with_readable_scans(self, scan_problem: Callable[[Path], str | None]) -> "DossierPlan":
        """This plan with every attached document none of whose files opens
        (``scan_problem(path)`` says why a file does not, None when it does)
        marked missing; the same plan when every scan opens. Nothing is built again."""
        documents, changed = [], False
        for d in self.documents:
            if d.how == SCAN and all(scan_problem(s.path) is not None for s in d.scans):
                d = dataclasses.replace(d, how=MISSING, reason="tệp đính kèm không mở được", unreadable=True)
                changed = True
            documents.append(d)
        return dataclasses.replace(self, documents=documents) if changed else self

    def made_on_request(self, code: str) -> list[Rendered]:
        """The documents of ``code`` rendered from the data even though the
        dossier does not generate it (it holds the signed scan): for ``render
        --form``, to compare or edit. Raises :class:`forms.NotReady`."""
        builder = forms.CANDIDATE_FORMS.get(code)
        entry = catalog.entry(code)
        if builder is None or entry is None or entry.template is None:
            raise forms.NotReady("không có mẫu dựng tự động cho tài liệu này")
        return builder(self.candidate)

    def why_not(self, code: str) -> str:
        """Why ``code`` is not part of this dossier (Vietnamese)."""
        if code in self.not_applicable:
            return self.not_applicable[code]
        entry = catalog.entry(code)
        if entry is None:
            return f"mã '{code}' không có trong danh mục hồ sơ (dossier forms)"
        if entry.stage == "lop":
            return "đây là văn bản của lớp, dựng từ tệp lớp"
        return _stage_not_open(entry.stage)  # a stage the candidate has not reached


# ------------------------------------------------------------------ stages


def _stage_not_open(name: str) -> str:
    return (f"“{catalog.STAGE_TITLES[name]}” chưa đến lúc lập (lập khi hết thời gian dự bị "
            "hoặc khi dữ liệu đã có một bước của giai đoạn này)")


def _recognition_steps() -> list[str]:
    """The milestones of the official-recognition dossier: the steps whose
    document belongs to that stage of the catalog (dossier.stage holds the steps)."""
    return [s.point for s in stage.STEPS if s.document and getattr(catalog.entry(s.document), "stage", None) == "cong_nhan"]


def stages_of(c: Candidate, today: dt.date | None = None) -> list[str]:
    """The dossiers a candidate has: admission always; official recognition once
    the probation is over or a step of the recognition is in the data."""
    ceremony = date_of(c.milestone("le_ket_nap").get("ngay"))
    if ceremony is None:
        return ["ket_nap"]
    probation_end = vietnamese.cong_thang(ceremony, int(c.ruleset.value("du_bi_thang")))
    over = probation_end <= (today or dt.date.today()) and case_end.of(c) is None  # an ended case waits for nothing
    if over or any(c.milestone(m) for m in _recognition_steps()):
        return ["ket_nap", "cong_nhan"]
    return ["ket_nap"]


# ------------------------------------------------------------------ planning


def still_wanted(c: Candidate, code: str) -> bool:
    """Whether a document the data cannot produce yet belongs to the dossier:
    always for an open case; for an ended one only when its step was taken
    (a document of a step that will never come is not missing)."""
    if case_end.of(c) is None:
        return True
    step = stage.STEP_BY_DOCUMENT.get(code)
    return step is None or stage.reached(c, step)


def attachments_of(c: Candidate) -> list[Attachment]:
    """Every file of ``dinh_kem``, placed by its catalog entry (an unknown code last)."""
    found = []
    for i, item in enumerate(c.data.get("dinh_kem") or []):
        if not isinstance(item, dict) or not isinstance(item.get("tep"), str):
            continue
        entry = catalog.entry(item.get("tai_lieu"))
        title = item.get("ten") or (entry.title if entry else str(item.get("tai_lieu")))
        found.append(Attachment(i, item.get("tai_lieu"), title, referenced_path(c.doc.path.parent, item["tep"]),
                                entry.order if entry else 1000, entry.stage if entry else "ket_nap", item))
    return found


def plan(c: Candidate, as_of: dt.date | None = None,
         scan_problem: Callable[[Path], str | None] | None = None) -> DossierPlan:
    """The plan of ``c``'s dossiers on ``as_of`` (today by default).
    ``scan_problem(path)`` says why an attached file does not open (None when
    it does); without it every attached file is taken as readable (the bundler
    reports one that is not)."""
    as_of = as_of or dt.date.today()
    forms.load_all()
    attachments = attachments_of(c)
    stages = stages_of(c, as_of)
    documents, skipped = [], {}
    for name in stages:
        for entry in catalog.in_stage(name):
            if not conditions.applies(entry.condition, c):
                description = conditions.CONDITIONS.get(entry.condition, ("",))[0]
                skipped[entry.code] = (f"không áp dụng: tài liệu này chỉ cần khi {description}; "
                                       "hồ sơ này không thuộc trường hợp đó")
            elif not still_wanted(c, entry.code):
                skipped[entry.code] = "hồ sơ đã kết thúc trước bước này"
            else:
                scans = [a for a in attachments if a.code == entry.code]
                documents.append(_document(c, entry, scans))
    result = DossierPlan(c, as_of, stages, documents, attachments, skipped)
    _timing(result)
    return result.with_readable_scans(scan_problem) if scan_problem is not None else result


def _document(c: Candidate, entry: catalog.Entry, scans: list[Attachment]) -> PlannedDocument:
    if scans:
        return PlannedDocument(entry, SCAN, scans=scans)
    handwritten = entry.handwritten and not c.org.data.get("chap_nhan_ban_danh_may")
    builder = forms.CANDIDATE_FORMS.get(entry.code)
    if builder is not None and entry.template is not None and entry.production != "ban_scan":
        try:
            made = builder(c)
        except forms.NotReady as not_ready:
            return PlannedDocument(entry, MISSING, reason=not_ready.reason)
        except DossierError as exc:
            return PlannedDocument(entry, MISSING, reason=exc.message)
        except Exception as exc:  # a builder's bug must not stop the other documents and candidates
            return PlannedDocument(entry, MISSING, reason=f"lỗi khi dựng từ dữ liệu ({type(exc).__name__}: {exc}); "
                                                          "hãy báo cho người phát triển")
        if not made:
            return PlannedDocument(entry, MISSING, reason="không dựng được từ dữ liệu")
        if handwritten:
            return PlannedDocument(entry, GUIDE, forms=made,
                                   reason="cần bản viết tay có chữ ký (đính kèm bản scan trong dinh_kem); "
                                          "đã dựng bản hướng dẫn để chép tay")
        step = stage.STEP_BY_DOCUMENT.get(entry.code)
        if step is not None and stage.applies(c, step) and not stage.reached(c, step):
            return PlannedDocument(entry, DRAFT, forms=made,
                                   reason=f"chưa có ngày ({'.'.join(stage.field_path(step.point))}): mới có bản dự "
                                          "thảo, không đóng vào hồ sơ")
        return PlannedDocument(entry, GENERATED, forms=made)
    if entry.code in forms.CLASS_FORMS and c.class_doc is not None:
        return PlannedDocument(entry, CLASS)
    if handwritten:
        return PlannedDocument(entry, MISSING, reason="cần bản viết tay có chữ ký (đính kèm bản scan trong dinh_kem)")
    if builder is None and entry.production != "ban_scan":
        return PlannedDocument(entry, MISSING, reason="chưa có mẫu dựng tự động; cần bản scan trong dinh_kem")
    return PlannedDocument(entry, MISSING, reason="cần bản scan trong dinh_kem")


def reached_codes(c: Candidate) -> set[str]:
    """The catalog documents whose step has been taken (or whose numbering milestone is dated)."""
    codes = {code for code, s in stage.STEP_BY_DOCUMENT.items() if stage.reached(c, s)}
    for entry in catalog.entries().values():
        numbering = getattr(entry, "numbering", None)
        if isinstance(numbering, dict) and numbering.get("moc"):
            if stage.date(c, numbering["moc"]) is not None:
                codes.add(entry.code)
    return codes


def next_bound(c: Candidate):
    """The next step that produces a catalog document (it bounds what the next step needs), or None."""
    position = stage.position(c)
    start = stage.STEPS.index(position.next) if position.next else len(stage.STEPS)
    return next((s for s in stage.STEPS[start:] if s.document and catalog.entry(s.document)
                 and stage.applies(c, s) and not stage.reached(c, s)), None)


def _timing(p: DossierPlan) -> None:
    """Set when each planned document is needed (due, next, not yet)."""
    c = p.candidate
    reached = reached_codes(c)
    bound = next_bound(c)
    bound_entry = catalog.entry(bound.document) if bound else None
    for index, name in enumerate(p.stages):
        mine = [d for d in p.documents if d.stage == name]
        done = max((d.entry.order for d in mine if d.code in reached), default=0)
        if bound_entry is None or bound_entry.stage not in CATALOG_STAGES:
            upto = 0
        elif bound_entry.stage == name:
            upto = bound_entry.order
        else:  # the next document lies in a later stage: everything left of this one is needed
            upto = math.inf if CATALOG_STAGES.index(bound_entry.stage) > index else 0
        for d in mine:
            d.needed = DUE if d.entry.order <= done else NEXT if done < d.entry.order < upto else NOT_YET
