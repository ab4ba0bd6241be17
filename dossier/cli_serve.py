"""``dossier serve``: the office board of a workspace in the browser, live."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("workspace", required=False, default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Thư mục ghi hồ sơ (như dossier build).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Cổng trên 127.0.0.1 (đang bận thì chọn cổng khác; 0: cổng bất kỳ).")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
@click.option("--polling", is_flag=True,
              help="Dò thay đổi tệp bằng cách quét định kỳ (khi thư mục ở ổ mạng hoặc /mnt/c của WSL).")
@click.option("-j", "--jobs", type=click.IntRange(1, 16), default=None,
              help="Số tiến trình LibreOffice giữ sẵn (mặc định: số nhân CPU).")
def serve(workspace, out, port, no_browser, polling, jobs):
    """Bảng theo dõi hồ sơ trong trình duyệt, tự cập nhật khi tệp thay đổi.

    Mở một trang web trên máy này (chỉ địa chỉ 127.0.0.1, có mã truy cập):
    mỗi người một dòng — giai đoạn, bước tiếp theo, thời hạn gần nhất (quá hạn
    màu đỏ, sắp đến hạn màu vàng), tài liệu còn thiếu, lỗi và cảnh báo, hồ sơ
    PDF; trang của từng người có các mốc, phát hiện, tài liệu, thẩm tra lý
    lịch. Khi sửa tệp YAML, bản scan hoặc mẫu trong mau/, hồ sơ của người liên
    quan được kiểm tra và dựng lại vào OUT; trang tự cập nhật. Không bao giờ
    ghi vào tệp YAML. Bấm Ctrl-C để dừng.

    Ví dụ: dossier serve samples -o out
    """
    from dossier.board_server import serve as run

    run(workspace, out, port=port, open_browser=not no_browser, polling=True if polling else None,
        echo=click.echo, workers=jobs)
