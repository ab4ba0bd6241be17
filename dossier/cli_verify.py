"""``dossier verify``: check an output folder against the data, building nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dossier.errors import EXIT_DATA, EXIT_OK
from dossier.findings import format_text


@click.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Thư mục kết quả cần kiểm tra (như của dossier build).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Trình bày kết quả dạng văn bản hay JSON.")
def verify(sources, out, fmt):
    """Kiểm tra thư mục kết quả có đúng với dữ liệu hiện tại không, không dựng gì.

    Với mọi văn bản và tập hồ sơ mà dossier build dựng từ SOURCES vào OUT, lần
    theo sổ ghi (manifest) dữ liệu → .docx → .pdf → tập hồ sơ và liệt kê mọi
    tệp cũ (dữ liệu đã đổi, hoặc không còn được dựng), hỏng hoặc bị sửa (mã
    sha256 không khớp), lạ (không có trong sổ ghi, hoặc dựng cho người khác)
    hay thiếu; hồ sơ chưa đủ (…-chua-du.pdf) được nêu cùng văn bản còn thiếu,
    bản đầy đủ lần trước (…-ban-truoc.pdf) được ghi là giữ lại có chủ ý. Chờ nếu một lệnh khác đang ghi vào OUT. Mã thoát 0 khi mọi tệp
    đều đúng, 1 khi có tệp cần dựng lại.

    Ví dụ: dossier verify samples -o out
    """
    from dossier import verify as checking

    report = checking.verify(list(sources), out, notify=lambda message: click.echo(message, err=True))
    if fmt == "json":
        from dossier import outputs

        click.echo(outputs.dumps(outputs.verification(report, checking.KIND_LABELS)))
    else:
        for finding in report.findings:
            if finding.is_error:
                click.echo(format_text(finding), err=True)
        click.echo(checking.text(report))
    sys.exit(EXIT_OK if report.ok else EXIT_DATA)
