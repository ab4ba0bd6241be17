"""`dossier render`: .docx only, for a person or a whole class; values are printed literally."""

import os
import subprocess

import docx
from click.testing import CliRunner

from conftest import SAMPLES, dossier_process_args, edit
from dossier.cli import cli

HOSTILE = "Nguyễn Văn A & Cộng sự <b> {{ 7*7 }}"


def text_of(path):
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_value_with_xml_and_jinja_is_printed_literally(workspace, tmp_path):
    path = workspace / "ung-vien" / "nguyen-thi-hoa.yaml"
    edit(path, "que_quan: Xã Yên Lạc", f'que_quan: "{HOSTILE} — Xã Yên Lạc')
    edit(path, "tỉnh Vĩnh Phúc cũ)\n", 'tỉnh Vĩnh Phúc cũ)"\n')
    result = CliRunner().invoke(cli, ["render", str(path), "-o", str(tmp_path), "--form", "9-KNĐ"])
    assert result.exit_code == 0, result.output
    text = text_of(tmp_path / "nguyen-thi-hoa" / "9-KND.docx")
    assert HOSTILE in text and "49" not in text


def test_quotes_pasted_around_a_value_are_not_printed(workspace, tmp_path):
    """Issue #16 item 7: `dan_toc: “Kinh”` pasted from Word printed “Kinh” in
    every document that shows it; quotes inside a value stay."""
    path = workspace / "ung-vien" / "nguyen-thi-hoa.yaml"
    edit(path, "dan_toc: Kinh", "dan_toc: “Kinh”")
    edit(path, 'so_can_cuoc: "019304001234"', "so_can_cuoc: “019304001234”")
    edit(path, "chuc_vu: Lớp trưởng, Phó Bí thư Liên chi đoàn khoa",
         "chuc_vu: Lớp trưởng, Phó Bí thư “Liên chi đoàn” khoa")
    # 1-KNĐ and 2-KNĐ are signed scans in her dossier: rendered only when asked for
    forms = [arg for code in ("1-KNĐ", "2-KNĐ", "6-KNĐ", "8-KNĐ") for arg in ("--form", code)]
    result = CliRunner().invoke(cli, ["render", str(path), "-o", str(tmp_path), *forms])
    assert result.exit_code == 0, result.output
    assert "nguyen-thi-hoa.yaml:14:10: lưu ý [text.quotes_removed] dan_toc:" in result.output
    texts = {p.name: text_of(p) for p in (tmp_path / "nguyen-thi-hoa").glob("*.docx")}
    showing = [name for name, text in texts.items() if "Kinh" in text]
    assert len(showing) >= 4, showing  # 1-KNĐ, 2-KNĐ (four times), 6-KNĐ, 8-KNĐ
    assert not [name for name, text in texts.items() if "“Kinh" in text or "“0193" in text]
    # (2-KNĐ no longer prints the căn cước number: 38-HD/BTCTW §I.1.4.2 lists no such item.)
    assert "Phó Bí thư “Liên chi đoàn” khoa" in texts["2-KND.docx"]


def test_render_a_class(tmp_path):
    result = CliRunner().invoke(cli, ["render", str(SAMPLES / "lop" / "lop-2026-01.yaml"), "-o", str(tmp_path),
                                      "--form", "DS-HV", "--form", "9-KNĐ"])
    assert result.exit_code == 0, result.output
    class_list = text_of(tmp_path / "ntvd-2026-01" / "lop" / "DS-HV.docx")
    assert "Nguyễn Thị Hoa" in class_list
    assert (tmp_path / "ntvd-2026-01" / "nguyen-thi-hoa" / "9-KND.docx").is_file()
    assert "chưa dựng Đào Minh Khương: 9-KNĐ" in result.output


# ------------------------------------------------------------- compiled templates kept between runs

def _render_in_a_process(out, cache, prelude=""):
    """`dossier render` of two sample forms in a fresh interpreter with its own cache folder."""
    args = dossier_process_args("render", SAMPLES / "ung-vien" / "nguyen-thi-hoa.yaml", "-o", out,
                                "--form", "9-KNĐ", "--form", "2-KNĐ", prelude=prelude)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)


def test_templates_compiled_by_one_run_are_loaded_by_the_next(tmp_path):
    first = _render_in_a_process(tmp_path / "a", tmp_path / "cache")
    assert first.returncode == 0, first.stderr
    kept = list((tmp_path / "cache" / "dossier").glob("jinja-*/*.cache"))
    assert len(kept) >= 3  # bodies, headers, document properties of the two forms
    # the next run compiles nothing: Jinja's compiler is broken in it, and it renders the same
    second = _render_in_a_process(tmp_path / "b", tmp_path / "cache",
                                  "import jinja2\ndef broken(*a, **k): raise RuntimeError('compiled again')\n"
                                  "jinja2.Environment.compile = broken")
    assert second.returncode == 0, second.stdout + second.stderr
    for form in ("9-KND", "2-KND"):
        assert text_of(tmp_path / "b" / "nguyen-thi-hoa" / f"{form}.docx") == \
            text_of(tmp_path / "a" / "nguyen-thi-hoa" / f"{form}.docx")


def test_a_cache_that_cannot_be_used_changes_nothing(tmp_path):
    reference = _render_in_a_process(tmp_path / "a", tmp_path / "cache")
    assert reference.returncode == 0, reference.stderr
    for kept in (tmp_path / "cache" / "dossier").glob("jinja-*/*.cache"):  # damaged files: compiled again
        kept.write_bytes(b"j2 not bytecode")
    damaged = _render_in_a_process(tmp_path / "b", tmp_path / "cache")
    (tmp_path / "not-a-folder").write_text("x")  # the cache folder cannot be made
    unusable = _render_in_a_process(tmp_path / "c", tmp_path / "not-a-folder")
    for run, out in ((damaged, "b"), (unusable, "c")):
        assert run.returncode == 0, run.stdout + run.stderr
        assert text_of(tmp_path / out / "nguyen-thi-hoa" / "9-KND.docx") == \
            text_of(tmp_path / "a" / "nguyen-thi-hoa" / "9-KND.docx")
    assert all(k.read_bytes().startswith(b"j2") and len(k.read_bytes()) > 100
               for k in (tmp_path / "cache" / "dossier").glob("jinja-*/*.cache"))  # made again
