"""``dossier templates``: export the built-in Word templates, check templates."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dossier.errors import EXIT_DATA, EXIT_OK
from dossier.findings import report_text


@click.group()
def templates():
    """Xuất và kiểm tra mẫu văn bản Word.

    Ví dụ: dossier templates check
    """


@templates.command("export")
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Ghi đè cả các tệp đã có mà khác mẫu có sẵn (mất phần đã sửa trong đó).")
def templates_export(target, force):
    """Chép các mẫu có sẵn ra thư mục để sửa trong Word.

    Đặt mẫu đã sửa vào thư mục `mau/` của bộ hồ sơ (cạnh to-chuc.yaml), giữ
    nguyên tên tệp, để thay mẫu có sẵn. Không bao giờ ghi đè một tệp đã có mà
    khác mẫu có sẵn (mẫu đã sửa), trừ khi có --force; tệp giống hệt thì để
    nguyên. Mã thoát 1 nếu có tệp không được ghi đè.

    Ví dụ: dossier templates export samples/mau
    """
    from dossier.template_check import export_templates

    result = export_templates(target, force)
    for path in result.written:
        click.echo(f"✓ {path}")
    for path in result.overwritten:
        click.echo(f"✓ {path} (đã ghi đè tệp cũ khác mẫu có sẵn)")
    for path in result.same:
        click.echo(f"= {path} (đã có, giống hệt mẫu có sẵn)")
    for path in result.kept:
        click.echo(f"✗ {path}: đã có và khác mẫu có sẵn (có thể là mẫu đã sửa), không ghi đè", err=True)
    if result.kept:
        click.echo(f"Không ghi đè {len(result.kept)} tệp khác mẫu có sẵn. Muốn thay chúng bằng mẫu có sẵn "
                   "(mất phần đã sửa) thì chạy lại với --force, hoặc xuất ra một thư mục khác để so sánh.", err=True)
        sys.exit(EXIT_DATA)


@templates.command("check")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Bộ hồ sơ dùng để biết các biến có sẵn (mặc định: bộ hồ sơ chứa thư mục mẫu, hoặc samples/).")
def templates_check(folder, data):
    """Kiểm tra mẫu Word đúng như khi dựng: thẻ không đóng, thẻ bị tách không ghép lại được, dấu ngoặc không thành thẻ, lỗi cú pháp, biến không có trong dữ liệu.

    Thẻ bị Word tách thành nhiều đoạn định dạng mà khi dựng vẫn được ghép
    lại thì không bị báo. Khi dựng, mẫu trong mau/ có lỗi loại này bị từ
    chối với cùng lời báo. Không ghi FOLDER thì kiểm tra các mẫu có sẵn.

    Ví dụ: dossier templates check samples/mau
    """
    from dossier import resources
    from dossier.template_check import check_template, known_variables
    from dossier.workspace import display_path, find_root

    folder = folder or resources.TEMPLATES
    root = data or find_root(folder) or resources.sample_workspace()
    known = known_variables(root) if root is not None else {}  # no data: the variables are not checked
    findings = []
    files = sorted(folder.glob("*.docx"))
    for path in files:
        findings += check_template(path, known.get(path.name), display_path(path))
    click.echo(report_text(findings, len(files)))
    sys.exit(EXIT_DATA if any(f.is_error for f in findings) else EXIT_OK)
