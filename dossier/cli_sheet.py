"""``dossier export xlsx`` and ``dossier import xlsx``: the spreadsheet round-trip."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dossier.errors import EXIT_DATA
from dossier.findings import ERROR, WARNING, report_text


@click.group("export")
def export():
    """Xuất dữ liệu hồ sơ ra tệp khác (bảng tính Excel).

    \b
    Ví dụ: dossier export xlsx samples -o ho-so.xlsx
    """


@export.command("xlsx")
@click.argument("workspace", metavar="THƯ_MỤC", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "out", required=True, metavar="TỆP.xlsx", type=click.Path(path_type=Path),
              help="Tệp bảng tính sẽ ghi (ghi đè nếu đã có).")
@click.option("--blank", is_flag=True, help="Chỉ ghi các cột và danh sách chọn, không có dòng dữ liệu: "
              "mẫu để văn phòng điền từ đầu.")
def export_xlsx(workspace, out, blank):
    """Ghi mọi người xin vào Đảng của THƯ_MỤC ra một tệp Excel.

    Trang ung-vien có một dòng cho mỗi người (cả lớp, số giấy chứng nhận, chi
    bộ, người giới thiệu); các trang gia-dinh, cong-tac, dao-tao,
    khen-thuong-ky-luat, nuoc-ngoai, moc, dinh-kem có một dòng cho mỗi mục.
    Cột đầu (ẩn) nối dòng với tệp YAML: đừng sửa cột đó. Sửa xong, nhập lại
    bằng dossier import xlsx. Danh sách cột: docs/bang-tinh.md.

    \b
    Ví dụ: dossier export xlsx samples -o ho-so.xlsx
    """
    from dossier.sheet_export import export_workbook

    result = export_workbook(workspace, out, blank=blank)
    for finding in result.findings:
        click.echo(report_text([finding]).splitlines()[0], err=True)
    people = result.rows.get("ung-vien", 0)
    what = "mẫu trống" if blank else f"{people} người xin vào Đảng"
    click.echo(f"✓ Đã ghi {out} ({what})")


@click.group("import")
def import_():
    """Nhập dữ liệu hồ sơ từ tệp khác (bảng tính Excel).

    \b
    Ví dụ: dossier import xlsx ho-so.xlsx samples --dry-run
    """


@import_.command("xlsx")
@click.argument("book", metavar="TỆP.xlsx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("workspace", metavar="THƯ_MỤC", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Chỉ cho biết sẽ thay đổi gì (tệp, trường, cũ → mới), không ghi gì.")
@click.option("--delete", is_flag=True, help="Xóa các mục (người thân, quá trình công tác…) không còn trong "
              "bảng tính. Không có tùy chọn này thì giữ nguyên và cảnh báo. Tệp hồ sơ không bao giờ bị xóa.")
def import_xlsx(book, workspace, dry_run, delete):
    """Tạo hoặc cập nhật các tệp YAML của THƯ_MỤC từ tệp Excel.

    Người mới thành tệp mới trong ung-vien/ (và được thêm vào tệp lớp); ô
    đã sửa chỉ đổi đúng trường đó; chú thích, thứ tự và cách viết ngày của
    tệp được giữ. Mọi lỗi được chỉ đến trang, dòng, cột (ung-vien!F12); có
    lỗi thì không ghi gì. Tệp cũ được sao lưu vào .dossier/sao-luu/.

    \b
    Ví dụ: dossier import xlsx ho-so.xlsx samples --dry-run
    """
    from dossier.sheet_import import import_workbook

    result = import_workbook(book, workspace, dry_run=dry_run, delete=delete)
    shown = [f for f in result.findings if f.severity in (ERROR, WARNING)]
    if shown:
        click.echo(report_text(shown), err=True)
    if any(f.severity == ERROR for f in result.findings):
        click.echo("Có lỗi: không ghi tệp nào. Sửa bảng tính rồi nhập lại.", err=True)
        sys.exit(EXIT_DATA)
    for change in result.changes:
        old = "(trống)" if change.old is None else change.old
        new = "(xóa)" if change.new is None else change.new
        click.echo(f"{change.file}: {change.field}: {old} → {new}")
    for rel in result.created:
        click.echo(f"{rel}: tệp mới")
    if dry_run:
        click.echo(f"Chạy thử: {len(result.changes)} thay đổi, {len(result.created)} tệp mới; chưa ghi gì.")
    else:
        click.echo(f"✓ Đã ghi {len(result.written)} tệp ({len(result.created)} tệp mới).")
