"""``dossier guide``: the field guide as one printable HTML page."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("huong-dan.html"), show_default=True, help="Tệp HTML ghi hướng dẫn.")
def guide(out):
    """Ghi hướng dẫn khai dữ liệu: mọi trường, tên gọi, ý nghĩa, ví dụ, bắt buộc hay không, văn bản nào in.

    Một trang HTML in được (mở bằng trình duyệt, in ra giấy hoặc PDF), tạo từ
    mẫu dữ liệu và mẫu văn bản của bộ công cụ nên luôn đúng với phiên bản đang dùng.

    Ví dụ: dossier guide -o huong-dan.html
    """
    from dossier.fsutil import write_text
    from dossier.guide import page

    write_text(out, page())
    click.echo(f"✓ Đã ghi {out}")
