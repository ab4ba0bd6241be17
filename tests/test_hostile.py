"""Hostile and broken inputs (issue #8): the corpus in tests/hostile/, run through the real CLI.

Every case of tests/hostile/cases.yaml must end with the expected exit code, the
expected finding code(s), a Vietnamese message naming the file (and the line,
where there is one), no traceback, no temporary file left behind, no incomplete
output, and no network use (the guard in conftest.py).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import NETWORK_EXIT, ROOT, SAMPLES, dossier_process_args
from dossier.cli import cli
from dossier.loader import load

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))
BASE = (HOSTILE / "base.yaml").read_text(encoding="utf-8")
HEAD = "# Ca thử dữ liệu xấu (tests/hostile/cases.yaml), tạo lúc chạy thử: {}\n"
BODY = BASE.split("\n", 2)[2]  # the base candidate without its two comment lines

# file:line:col: lỗi [code] field: message   (dossier.findings.format_text)
FINDING = re.compile(r"^\s*(?P<where>\S.*?): (?P<severity>lỗi|cảnh báo|lưu ý) \[(?P<code>[a-z_.]+)\] (?P<text>.*)$")


def _limit_memory():
    import resource

    limit = 3 * 1024 ** 3  # address space: a run that reads without bound fails instead of swapping
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


# --------------------------------------------------------------- generators
# Inputs too large or too binary to commit, written at test time.

def _body(old: str, new: str) -> str:
    assert old in BODY, old
    return BODY.replace(old, new, 1)


def gen_alias_bomb(ctx) -> Path:
    lines = [HEAD.format("bom bí danh (billion laughs)"), "loai: ung_vien", "a0: &a0 [cười, cười, cười, cười, cười]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return ctx.write("ung-vien/alias-bomb.yaml", "\n".join(lines) + "\n")


def gen_deep_nesting(ctx) -> Path:
    return ctx.write("ung-vien/deep-nesting.yaml", "loai: ung_vien\ngia_dinh: " + "[" * 50_000 + "]" * 50_000 + "\n")


def gen_too_many_values(ctx) -> Path:
    items = "".join(f"  - quan_he: Họ hàng {i}\n" for i in range(60_000))  # under 2 MiB, 120 000 values
    return ctx.write("ung-vien/too-many-values.yaml", "loai: ung_vien\ngia_dinh:\n" + items)


def gen_three_megabytes(ctx) -> Path:
    filler = "# " + "Lịch sử bản thân " * 6 + "\n"
    return ctx.write("ung-vien/three-megabytes.yaml", BODY + filler * (3 * 1024 * 1024 // len(filler.encode())))


def gen_long_inline_value(ctx) -> Path:
    text = HEAD.format("giá trị một dòng dài 2.500 ký tự") + _body(
        "noi_sinh: Xã Đại Từ, tỉnh Thái Nguyên", "noi_sinh: Xã Đại Từ, tỉnh Thái Nguyên" + " và vùng lân cận" * 150)
    return ctx.write("ung-vien/long-inline-value.yaml", text)


def gen_long_block_value(ctx) -> Path:
    paragraph = "  Năm 2020 tham gia hoạt động tình nguyện ở địa phương, được tuyên dương.\n"
    text = HEAD.format("đoạn văn dài 25.000 ký tự") + _body(
        "lich_su_ban_than: |-\n", "lich_su_ban_than: |-\n" + paragraph * 350)
    return ctx.write("ung-vien/long-block-value.yaml", text)


def gen_five_gigabytes(ctx) -> Path:
    path = ctx.write("ung-vien/five-gigabytes.yaml", BODY)
    with open(path, "r+b") as handle:
        handle.truncate(5 * 1024 ** 3)
    return path


def gen_fifo(ctx) -> Path:
    path = ctx.ws / "ung-vien" / "duong-ong.yaml"
    os.mkfifo(path)
    return path


def gen_dev_zero(ctx) -> Path:
    path = ctx.ws / "ung-vien" / "vo-tan.yaml"
    path.symlink_to("/dev/zero")
    return path


def gen_nfd_attachment(ctx) -> Path:
    name = unicodedata.normalize("NFD", "đơn-xin-vào-đảng.png")
    shutil.copy(ctx.ws / "tep-dinh-kem" / "lang-thi-thuong-don-xin-vao-dang.png", ctx.ws / "tep-dinh-kem" / name)


def gen_encrypted_pdf(ctx) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("mat-khau-cua-chi-bo")
    buffer = io.BytesIO()
    writer.write(buffer)
    (ctx.ws / "tep-dinh-kem" / "co-mat-khau.pdf").write_bytes(buffer.getvalue())


def gen_huge_pdf(ctx) -> None:
    from dossier.attachments import MAX_ATTACHMENT_BYTES

    with open(ctx.ws / "tep-dinh-kem" / "rat-lon.pdf", "wb") as handle:  # sparse: takes no disk space
        handle.write(b"%PDF-1.4\n")
        handle.truncate(MAX_ATTACHMENT_BYTES + 1024 * 1024)


def gen_pixel_bomb(ctx) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)  # 10^10 RGB pixels
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    (ctx.ws / "tep-dinh-kem" / "qua-nhieu-diem-anh.png").write_bytes(png)


def gen_truncated_template(ctx) -> Path:
    data = (ROOT / "templates" / "9-KND.docx").read_bytes()
    return ctx.write_bytes("mau/9-KND.docx", data[: len(data) // 2])


def gen_linked_picture_template(ctx) -> Path:
    return ctx.write_bytes("mau/9-KND.docx", linked_picture_docx("http://192.0.2.1/theo-doi.png"))


def linked_picture_docx(url: str) -> bytes:
    """A Word file whose picture is "linked to file" at ``url`` instead of embedded."""
    from docx import Document
    from docx.shared import Mm
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(picture, "PNG")
    picture.seek(0)
    document = Document()
    document.add_paragraph("Ảnh:")
    document.add_picture(picture, width=Mm(10))
    plain = io.BytesIO()
    document.save(plain)
    linked = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(linked, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = data.replace(b'r:embed="', b'r:link="')
            if name == "word/_rels/document.xml.rels":
                data = re.sub(rb'Target="media/image1\.png"',
                              b'Target="' + url.encode() + b'" TargetMode="External"', data)
            target.writestr(name, data)
    return linked.getvalue()


def _workbook(rows: list) -> bytes:
    """A small workbook with a sheet ung-vien holding ``rows`` (openpyxl)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "ung-vien"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_sheet_rows(data: bytes, rows: bytes, count: int) -> bytes:
    """``data`` with ``count`` copies of ``rows`` streamed into its first sheet (and no <dimension>)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item.filename, content)
                continue
            content = re.sub(rb"<dimension[^>]*/>", b"", content)
            head, tail = content.split(b"</sheetData>")
            with target.open(item.filename, "w") as stream:
                stream.write(head)
                for _ in range(count // 1000):
                    stream.write(rows * 1000)
                stream.write(b"</sheetData>" + tail)
    return out.getvalue()


def gen_xlsx_zip_bomb(ctx) -> Path:
    data = _with_sheet_rows(_workbook([["Họ và tên thường dùng"]]), b"\0" * 1024, 300 * 1024)
    return ctx.write_bytes("bang-tinh/bom-nen.xlsx", data)


def gen_xlsx_million_rows(ctx) -> Path:
    data = _with_sheet_rows(_workbook([["Họ và tên thường dùng"]]),
                            '<row><c t="inlineStr"><is><t>Nguyễn Văn A</t></is></c></row>'.encode(), 1_000_000)
    return ctx.write_bytes("bang-tinh/trieu-dong.xlsx", data)


def gen_xlsx_huge_cell(ctx) -> Path:
    return ctx.write_bytes("bang-tinh/o-rat-dai.xlsx",
                           _workbook([["Họ và tên thường dùng", "Lịch sử bản thân"], ["Nguyễn Văn A", "x " * 100_000]]))


def gen_xls_file(ctx) -> Path:
    return ctx.write_bytes("bang-tinh/danh-sach.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)


def gen_xlsx_from_docx(ctx) -> Path:
    return ctx.write_bytes("bang-tinh/van-ban.xlsx", template_docx("Không phải bảng tính"))


GENERATORS = {name[4:].replace("_", "-"): fn for name, fn in dict(globals()).items() if name.startswith("gen_")}


# --------------------------------------------------------------- the runner

class Context:
    """The folders of one case: tmp/ws (a copy of samples), tmp/outside, tmp/out."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.ws = tmp / "ws"
        self.outside = tmp / "outside"
        self.out = tmp / "out"
        shutil.copytree(SAMPLES, self.ws)
        self.outside.mkdir()
        (self.outside / "bi-mat.pdf").write_bytes(b"%PDF-1.4\n% l\xc3\xbd l\xe1\xbb\x8bch m\xe1\xba\xadt\n%%EOF\n")

    def write(self, rel: str, text: str) -> Path:
        return self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.ws / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def expand(self, text: str, file: Path | None) -> str:
        return (text.replace("{ws}", str(self.ws)).replace("{out}", str(self.out))
                .replace("{outside}", str(self.outside)).replace("{file}", str(file or "")))


def template_docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def prepare(case: dict, tmp: Path) -> tuple[Context, Path | None, list[str]]:
    ctx = Context(tmp)
    placed = None
    if "file" in case:
        source = HOSTILE / case["file"]
        placed = ctx.write_bytes(case.get("place", f"ung-vien/{source.name}"), source.read_bytes())
    for rel, target in (case.get("extra") or {}).items():
        ctx.write_bytes(target, (HOSTILE / rel).read_bytes())
    for link, target in (case.get("symlinks") or {}).items():
        (ctx.ws / link).symlink_to(ctx.expand(target, None))
    if "template" in case:
        source = HOSTILE / case["template"]
        data = source.read_bytes() if source.suffix == ".docx" else template_docx(source.read_text(encoding="utf-8"))
        placed = ctx.write_bytes("mau/9-KND.docx", data)
    if "generate" in case:
        made = GENERATORS[case["generate"]](ctx)
        placed = placed or made
    args = [ctx.expand(a, placed) for a in case["args"]]
    return ctx, placed, args


def findings_in(output: str) -> list[re.Match]:
    return [m for m in map(FINDING.match, output.splitlines()) if m]


def assert_complete(folder: Path, outputs: bool = True) -> None:
    """Nothing half-written: no temporary file is left and (in an output folder)
    every file is whole."""
    if not folder.exists():
        return
    leftovers = [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == [], leftovers
    for path in folder.rglob("*") if outputs else ():
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as docx:
                assert docx.testzip() is None, path
        elif path.suffix == ".pdf":
            from pypdf import PdfReader

            assert len(PdfReader(path).pages) > 0, path
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))


def check_outcome(case: dict, placed: Path | None, ctx: Context, exit_code: int, output: str) -> None:
    assert "Traceback" not in output and "Exception ignored" not in output, output
    assert "Lỗi nội bộ" not in output, output
    assert exit_code == case["exit"], f"exit {exit_code}, expected {case['exit']}:\n{output}"
    found = findings_in(output)
    codes = {m["code"] for m in found}
    assert set(case["codes"]) <= codes, f"expected {case['codes']}, got {sorted(codes)}:\n{output}"
    if case.get("only", True):
        errors = {m["code"] for m in found if m["severity"] == "lỗi"}
        assert errors <= set(case["codes"]), f"unexpected {sorted(errors - set(case['codes']))}:\n{output}"
    lines = [line for line in output.splitlines() if case["message"] in line]
    assert lines, f"no message containing {case['message']!r}:\n{output}"
    name = case.get("names", placed.name if placed else "")
    if name:
        named = [line for line in lines if name in line]
        assert named, f"the message does not name {name}:\n{output}"
        if case.get("line"):
            assert any(re.search(re.escape(name) + rf":{case['line']}\b", line) for line in named), \
                f"the message does not point to {name}:{case['line']}:\n{output}"
    for line in lines:  # the message is Vietnamese: no English left from a library
        assert not re.search(r"\b(expected|found|while|not allowed|Traceback|Error:)\b", line.split("(chi tiết")[0]), line
    assert_complete(ctx.out)
    assert_complete(ctx.ws, outputs=False)
    assert not (ctx.tmp / "pwned-by-yaml").exists() and not (ROOT / "pwned-by-yaml").exists()


def case_params(select) -> list:
    params = []
    for case in CASES:
        if not select(case):
            continue
        marks = []
        if case.get("slow"):
            marks.append(pytest.mark.slow)
        if case.get("xfail"):
            marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


def test_manifest_is_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert {"id", "args", "exit", "codes", "message"} <= set(case), case["id"]
        assert "file" in case or "generate" in case or "template" in case, case["id"]
        if "file" in case:
            assert (HOSTILE / case["file"]).is_file(), case["file"]
        if "generate" in case:
            assert case["generate"] in GENERATORS, case["generate"]
        assert case["exit"] in (0, 1, 2, 3)
    used = {c.get("file") for c in CASES} | {c.get("template") for c in CASES}
    used |= {rel for c in CASES for rel in (c.get("extra") or {})}
    corpus = {str(p.relative_to(HOSTILE)) for p in HOSTILE.rglob("*") if p.is_file()}
    assert corpus - used - {"cases.yaml", "base.yaml"} == set(), "corpus files without a case"


@pytest.mark.parametrize("case", case_params(lambda c: not c.get("process_only")))
def test_case(case, tmp_path, monkeypatch):
    ctx, placed, args = prepare(case, tmp_path)
    monkeypatch.chdir(tmp_path)  # relative paths in the corpus stay in the sandbox
    started = time.monotonic()
    result = CliRunner().invoke(cli, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    check_outcome(case, placed, ctx, result.exit_code, result.output)
    if not case.get("slow"):
        assert time.monotonic() - started < 20, "a hostile input must be refused quickly"


@pytest.mark.parametrize("case", case_params(lambda c: c.get("process") or c.get("process_only")))
def test_case_in_a_process(case, tmp_path):
    """The same through the installed entry point, in its own process, with the
    network blocked, memory limited and a time limit."""
    ctx, placed, args = prepare(case, tmp_path)
    env = {**os.environ, "CI": "1", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(dossier_process_args(*args), cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=600 if case.get("slow") else 10, preexec_fn=_limit_memory)
    assert run.returncode != NETWORK_EXIT, run.stderr
    check_outcome(case, placed, ctx, run.returncode, run.stdout + run.stderr)


# --------------------------------------------------------------- bounded work

_MEASURE = """
import json, resource, sys, time
from dossier.loader import load
started = time.perf_counter()
_, findings = load(sys.argv[1])
print(json.dumps({"codes": [f.code for f in findings], "seconds": time.perf_counter() - started,
                  "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@pytest.mark.parametrize("generator, code", [
    ("alias-bomb", "yaml.too_complex"),
    ("deep-nesting", "yaml.too_complex"),
    ("too-many-values", "yaml.too_complex"),
    ("three-megabytes", "file.too_large"),
    ("five-gigabytes", "file.too_large"),
    ("long-inline-value", "value.too_long"),
])
def test_hostile_files_are_refused_with_bounded_time_and_memory(generator, code, tmp_path):
    """The loader alone, in a process whose address space is limited to 3 GB."""
    ctx = Context(tmp_path)
    path = GENERATORS[generator](ctx)
    run = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=_limit_memory)
    assert run.returncode == 0, run.stderr
    measured = json.loads(run.stdout)
    assert code in measured["codes"]
    assert measured["seconds"] < 8, measured
    assert measured["max_rss_kb"] < 400 * 1024, measured  # the interpreter and its imports take ~60 MB


def test_a_file_that_grows_is_read_only_up_to_the_limit(tmp_path, monkeypatch):
    """The size is checked on what is read, not only on what stat() said."""
    from dossier import loader

    path = tmp_path / "lon.yaml"
    path.write_text("loai: ung_vien\n" + "# x\n" * 100, encoding="utf-8")
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 64)
    _, findings = load(path)
    assert [f.code for f in findings] == ["file.too_large"]


# --------------------------------------------------------------- rendered literally

def docx_texts(folder: Path) -> dict[str, str]:
    from docx import Document

    texts = {}
    for path in sorted(folder.rglob("*.docx")):
        document = Document(path)
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts += [cell.text for cell in row.cells]
        texts[path.name] = "\n".join(parts)
    return texts


def render_case(tmp_path, corpus_file: str) -> dict[str, str]:
    ctx = Context(tmp_path)
    source = HOSTILE / corpus_file
    placed = ctx.write_bytes(f"ung-vien/{source.name}", source.read_bytes())
    result = CliRunner().invoke(cli, ["render", str(placed), "-o", str(ctx.out)])
    assert result.exit_code == 0, result.output
    texts = docx_texts(ctx.out)
    assert texts, result.output
    return texts


def test_special_characters_are_printed_literally(tmp_path):
    """&, <, ]]>, quotes and {{ 7*7 }} in the data are text: escaped in the XML, never evaluated."""
    texts = render_case(tmp_path, "text/special-characters.yaml")
    literal = "Xã A & B <w:t>x</w:t> {{ 7*7 }} {% raw %} ]]> 'nháy' \"kép\""
    assert any(literal in text for text in texts.values()), texts
    for name, text in texts.items():
        assert "Xã A & B <w:t>x</w:t> 49" not in text, name


def test_decomposed_unicode_is_rendered_composed(tmp_path):
    texts = render_case(tmp_path, "text/nfd.yaml")
    joined = "\n".join(texts.values())
    assert "Đỗ Thị Nghiệm" in joined or "ĐỖ THỊ NGHIỆM" in joined
    assert unicodedata.is_normalized("NFC", joined)


@pytest.mark.slow
def test_special_characters_survive_into_the_pdf(tmp_path):
    from pypdf import PdfReader

    ctx = Context(tmp_path)
    source = HOSTILE / "text/special-characters.yaml"
    placed = ctx.write_bytes(f"ung-vien/{source.name}", source.read_bytes())
    result = CliRunner().invoke(cli, ["build", str(placed), "-o", str(ctx.out)])
    assert result.exit_code == 0, result.output
    assert list(ctx.out.rglob("ho-so-ket-nap-*.pdf"))
    texts = {pdf.name: " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
             for pdf in ctx.out.rglob("tai-lieu/*.pdf")}  # the lý lịch is a guide copy, outside the bundle
    assert any("Xã A & B <w:t>x</w:t> {{ 7*7 }}" in text for text in texts.values()), texts
    assert not any("Xã A & B <w:t>x</w:t> 49" in text for text in texts.values())


# --------------------------------------------------------------- one class, many broken people

BUILT = ("complete", "missing_documents")  # built; "còn thiếu": documents of later steps still missing


@pytest.mark.slow
def test_hostile_candidates_do_not_stop_their_class(tmp_path):
    """A class whose members include a TCVN3 file, a file with a control character and
    one with an encrypted scan: those three fail with their own findings; the others
    are built; the run ends with exit 1 and no traceback."""
    from pypdf import PdfReader

    ctx = Context(tmp_path)
    members = ctx.ws / "ung-vien"
    shutil.copy(HOSTILE / "encoding/tcvn3-saved-as-utf8.yaml", members / "khuat-duy-tien.yaml")
    shutil.copy(HOSTILE / "text/control-raw.yaml", members / "vu-dinh-phuoc.yaml")
    shutil.copy(HOSTILE / "attachments/encrypted-pdf.yaml", members / "man-duc-lam.yaml")
    gen_encrypted_pdf(ctx)
    env = {**os.environ, "CI": "1", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(dossier_process_args("build", ctx.ws / "lop" / "lop-2025-01.yaml", "-o", ctx.out, "-q"),
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Traceback" not in output and "Lỗi nội bộ" not in output, output
    summary = json.loads((ctx.out / "ntvd-2025-01" / "summary.json").read_text(encoding="utf-8"))
    failed = {Path(r["file"]).name: {f["code"] for f in r["findings"] if f["severity"]["code"] == "error"}
              for r in summary["candidates"] if r["status"]["code"] not in BUILT}
    expected = {"khuat-duy-tien.yaml": "file.encoding_legacy", "vu-dinh-phuoc.yaml": "text.control_char",
                "man-duc-lam.yaml": "build.failed"}
    assert set(failed) == set(expected), failed
    for name, code in expected.items():
        assert code in failed[name], (name, failed[name])
    built = [r for r in summary["candidates"] if r["status"]["code"] in BUILT]
    assert len(built) == 2
    for person in built:
        for bundle in person["bundles"]:
            assert len(PdfReader(bundle["file"]).pages) == bundle["pages"]
    assert_complete(ctx.out)


# --------------------------------------------------------------- the output's own files, damaged

WRONG_SHAPES = ["[]", "null", '"x"', "7", '{"version": 1, "entries": []}', '{"version": 1, "entries": {"a": 5}}',
                '{"version": 2, "files": [], "inputs": null}',
                '{"version": 2, "owner": 5, "files": {"a": 5, "b": {"sha256": 7}}, "folders": "abc"}',
                '{"version": 2, "files": {"x.pdf": {"sha256": "0", "stat": "?", "from": []}}, '
                '"folders": ["../..", "/etc", 3]}',
                "\x00\xff garbage {", ""]


@pytest.mark.parametrize("content", WRONG_SHAPES)
def test_a_manifest_of_the_wrong_shape_is_read_as_absent(content, tmp_path):
    """Defect 8 (issue #17): valid JSON of the wrong shape, or garbage, in an
    output folder's manifest: read as no manifest at all, no exception."""
    from dossier.manifest import MANIFEST_FILE, Manifest

    (tmp_path / MANIFEST_FILE).write_text(content, encoding="utf-8")
    store = Manifest(tmp_path, owner="ung-vien/a.yaml")
    assert store.record_of(tmp_path / "x.pdf") is None or not store.fresh(tmp_path / "x.pdf", {})
    assert all(isinstance(r, dict) for r in store.files.values()) and store.strays == {}
    assert store.folders == [] and store.set_folders([]) == [] and store.sweep() == []


@pytest.mark.slow
def test_build_over_a_cache_of_the_wrong_shape_rebuilds_everything(tmp_path):
    """A build over an output whose cache/manifest files hold ``[]``, ``null``,
    a wrong ``entries``/``files`` or garbage: everything made again, exit 0 (on
    main an AttributeError failed the candidate on every run)."""
    ctx = Context(tmp_path)
    hoa = ctx.ws / "ung-vien" / "nguyen-thi-hoa.yaml"
    first = CliRunner().invoke(cli, ["build", str(hoa), "-o", str(ctx.out)])
    assert first.exit_code == 0, first.output
    folder = ctx.out / "nguyen-thi-hoa"
    for content in ("[]", "null", '{"version": 1, "entries": []}', '{"version": 2, "files": {"a": 5}}', "garbage"):
        for name in (".dossier-cache.json", ".dossier-manifest.json"):
            (folder / name).write_text(content, encoding="utf-8")
        result = CliRunner().invoke(cli, ["build", str(hoa), "-o", str(ctx.out)])
        assert result.exit_code == 0, (content, result.output)
        assert "Traceback" not in result.output and "AttributeError" not in result.output
        assert "văn bản dựng mới" in result.output and "(0 văn bản dựng mới" not in result.output, result.output
    assert_complete(ctx.out)
