"""Command line: parse arguments, call one library function, present the result.

Exit codes (one place): 0 all good; 1 errors in the user's data; 2 usage
errors (click); 3 the environment failed (LibreOffice, output folder).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from dossier import __version__
from dossier.errors import EXIT_DATA, EXIT_ENVIRONMENT, EXIT_OK, DossierError
from dossier.findings import format_text, report_json, report_text


def _fail(error: DossierError) -> None:
    click.echo(f"Lỗi: {error}", err=True)
    sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossier")
def cli():
    """dossier — lập hồ sơ kết nạp đảng viên từ dữ liệu YAML.

    Kiểm tra dữ liệu, dựng văn bản theo mẫu, chuyển sang PDF và đóng thành
    một tập hồ sơ cho mỗi người.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Trình bày kết quả dạng văn bản hay JSON.")
def validate(paths, fmt):
    """Kiểm tra các tệp dữ liệu YAML (tệp hoặc thư mục).

    Báo mọi lỗi cùng lúc, mỗi lỗi có tệp:dòng:cột, trường và lời giải thích.
    Mã thoát 0 khi không có lỗi, 1 khi có lỗi.

    Ví dụ: dossier validate samples/
    """
    from dossier.workspace import validate_paths

    try:
        report = validate_paths(list(paths))
    except DossierError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(report_json(report.findings, report.files_checked))
    else:
        click.echo(report_text(report.findings, report.files_checked))
    sys.exit(EXIT_DATA if any(f.is_error for f in report.findings) else EXIT_OK)


@cli.command()
@click.argument("candidates", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Thư mục ghi hồ sơ.")
@click.option("--force", is_flag=True, help="Dựng lại mọi văn bản, bỏ qua bộ nhớ đệm.")
@click.option("-j", "--jobs", type=click.IntRange(1, 16), default=None,
              help="Số tiến trình LibreOffice chạy song song (mặc định: số nhân CPU).")
def build(candidates, out, force, jobs):
    """Dựng hồ sơ PDF của từng người xin vào Đảng.

    Với mỗi tệp ung_vien (hoặc thư mục chứa chúng): kiểm tra dữ liệu, dựng các
    văn bản, chuyển sang PDF và đóng thành một tập có bìa, mục lục, dấu trang.

    Ví dụ: dossier build samples/ung-vien/nguyen-thi-hoa.yaml -o out
    """
    from dossier.build import build_candidate
    from dossier.convert import ConversionPool
    from dossier.workspace import DocumentCache, collect_files

    files, problems = collect_files(list(candidates))
    for finding in problems:
        click.echo(format_text(finding), err=True)
    cache = DocumentCache()
    targets = [f for f in files if (cache.get(f)[0] is None or cache.get(f)[0].kind in (None, "ung_vien"))]
    failed = bool(problems)
    try:
        with ConversionPool(workers=jobs) as pool:
            for path in targets:
                result = build_candidate(path, out, pool=pool, cache=cache, force=force)
                for finding in result.findings:
                    click.echo(format_text(finding), err=True)
                if result.ok:
                    click.echo(f"✓ {result.name} ({result.rendered} văn bản dựng mới, "
                               f"{result.converted} chuyển PDF mới)")
                    for bundle in result.bundles:
                        click.echo(f"    {bundle.path} ({bundle.pages} trang, {len(bundle.documents)} tài liệu)")
                    for guide in result.guides:
                        click.echo(f"    bản hướng dẫn chép tay: {guide}")
                    for _stage, code, why in result.missing:
                        click.echo(f"    chưa có {code}: {why}")
                else:
                    failed = True
                    click.echo(f"✗ {result.source}: không dựng được hồ sơ", err=True)
    except DossierError as exc:
        _fail(exc)
    sys.exit(EXIT_DATA if failed else EXIT_OK)


def main():
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("Đã dừng theo yêu cầu.", err=True)
        sys.exit(130)
    except OSError as exc:
        click.echo(f"Lỗi hệ thống: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_ENVIRONMENT)
    except Exception as exc:  # a bug in dossier itself: say so plainly, keep the details for developers
        if os.environ.get("DOSSIER_DEBUG"):
            raise
        click.echo(f"Lỗi nội bộ của dossier ({type(exc).__name__}: {exc}). "
                   "Hãy báo lỗi kèm lệnh đã chạy; đặt DOSSIER_DEBUG=1 để xem chi tiết.", err=True)
        sys.exit(EXIT_ENVIRONMENT)


if __name__ == "__main__":
    main()
