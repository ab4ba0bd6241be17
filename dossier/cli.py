"""Command line: parse arguments, call one library function, present the result.

Exit codes: 0 all good; 1 errors in the user's data; 2 usage errors (click's,
and a file or folder of the wrong kind); 3 the environment failed (LibreOffice,
output folder). A command returns its result's code; every run that cannot go
on is mapped in one place, :meth:`_Commands.invoke` (a DossierError to its
``exit_code``, an operating-system error to 3 naming the file), which
:func:`main` runs, and :func:`main` adds interruptions and internal errors.
No command catches a DossierError of its own.

This module holds the command group and the short commands; ``build``
(:mod:`dossier.cli_build`), ``numbers`` (:mod:`dossier.cli_numbers`) and
``templates`` (:mod:`dossier.cli_templates`) are defined in their own modules
and added to the group here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from pathlib import Path

import click

from dossier import __version__, cli_messages  # noqa: F401  (click's texts in Vietnamese: before any command)
from dossier.cli_build import build
from dossier.cli_dates import date_option
from dossier.cli_guide import guide
from dossier.cli_init import init, new
from dossier.cli_numbers import numbers
from dossier.cli_params import FORM_CODE
from dossier.cli_report import report
from dossier.cli_templates import templates
from dossier.cli_sheet import export, import_
from dossier.cli_serve import serve
from dossier.cli_verify import verify
from dossier.errors import EXIT_DATA, EXIT_ENVIRONMENT, EXIT_OK, DossierError, os_error_message
from dossier.findings import format_text, report_text


def _stopped(exc: DossierError | OSError) -> int:
    """Say why the run cannot go on; the exit code for it."""
    if isinstance(exc, DossierError):
        click.echo(f"Lỗi: {exc}", err=True)
        return exc.exit_code
    click.echo(f"Lỗi hệ thống: {os_error_message(exc)}", err=True)
    return EXIT_ENVIRONMENT


class _Commands(click.Group):
    """The command group; its :meth:`invoke` is where a run that cannot go on
    becomes a message and an exit code (the test runner goes through it too)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (DossierError, OSError) as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:  # a reader that stopped: click's own handling
                raise
            ctx.exit(_stopped(exc))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossier")
def cli():
    """dossier — lập hồ sơ kết nạp đảng viên từ dữ liệu YAML.

    Kiểm tra dữ liệu, dựng văn bản theo mẫu, chuyển sang PDF và đóng thành
    một tập hồ sơ cho mỗi người. Mỗi lệnh có --help kèm một ví dụ.

    Ví dụ: dossier validate samples/
    """


# the commands with helpers of their own live in their own modules (cli_*.py)
cli.add_command(build)
cli.add_command(numbers)
cli.add_command(templates)
cli.add_command(init)
cli.add_command(new)
cli.add_command(guide)
cli.add_command(export)  # noqa: E305 - dossier export xlsx / import xlsx: cli_sheet.py
cli.add_command(import_)
cli.add_command(report)
cli.add_command(serve)
cli.add_command(verify)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Trình bày kết quả dạng văn bản hay JSON.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=None,
              help="Thư mục kết quả (như của dossier build): giữ ở đó dữ liệu đã đọc và kết quả lần này, lần "
                   "sau chạy lại khi dữ liệu không đổi sẽ nhanh hơn. Không có -o thì không giữ gì.")
def validate(paths, fmt, out):
    """Kiểm tra các tệp dữ liệu YAML (tệp hoặc thư mục).

    Báo mọi lỗi cùng lúc, mỗi lỗi có tệp:dòng:cột, trường và lời giải thích.
    Mã thoát 0 khi không có lỗi, 1 khi có lỗi.

    Ví dụ: dossier validate samples/
    """
    from dossier.numbers import validate_workspace
    from dossier.sources import no_data_files

    from dossier import reading_kept

    report = reading_kept.report("validate", list(paths), out, lambda: validate_workspace(list(paths)))
    if not report.files_checked and not report.findings:  # only folders, and no data file in them
        raise no_data_files(list(paths))
    if fmt == "json":
        from dossier import outputs

        click.echo(outputs.dumps(outputs.validate(report.findings, report.files_checked)))
    else:
        click.echo(report_text(report.findings, report.files_checked))
    sys.exit(EXIT_DATA if any(f.is_error for f in report.findings) else EXIT_OK)


@cli.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Thư mục ghi các tệp .docx.")
@click.option("--form", "codes", multiple=True, type=FORM_CODE, metavar="MÃ",
              help="Chỉ dựng mẫu này (lặp lại được), ví dụ 9-KNĐ (gõ 9-KND cũng được).")
def render(source, out, codes):
    """Dựng các văn bản Word (.docx) của một người hoặc một lớp, không chuyển PDF.

    SOURCE là tệp người xin vào Đảng hoặc tệp lớp (văn bản của lớp và của từng
    học viên). Hữu ích để sửa tay trong Word trước khi in. Xem danh sách mã
    bằng `dossier forms`.

    \b
    Ví dụ: dossier render samples/ung-vien/nguyen-thi-hoa.yaml -o out --form 9-KNĐ
    """
    from dossier import output_session
    from dossier.build import render_documents

    with output_session.writing(out, notify=lambda message: click.echo(message, err=True)):
        done = render_documents(source, out, list(codes) or None)
    for finding in done.findings:
        click.echo(format_text(finding), err=True)
    for path in done.written:
        click.echo(f"✓ {path}")
    for code, note in done.notes:
        click.echo(f"  lưu ý {code}: {note}")
    for code, why in done.skipped:
        click.echo(f"  chưa dựng {code}: {why}")
    for code, why in done.refused:
        click.echo(f"Không dựng {code}: {why}", err=True)
    failed = any(f.is_error for f in done.findings) or not done.written or done.refused
    sys.exit(EXIT_DATA if failed else EXIT_OK)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def forms(fmt):
    """Liệt kê danh mục tài liệu của hồ sơ (templates/catalog.yaml).

    Mỗi tài liệu: mã, tên, giai đoạn, cách lập (dựng từ dữ liệu / bản scan),
    điều kiện bắt buộc, mẫu, căn cứ; "(chưa chắc chắn)" khi ghi chú nghiệp vụ
    chưa kiểm chứng được.

    Ví dụ: dossier forms
    """
    import dataclasses
    import json

    from dossier import catalog, conditions

    entries = sorted(catalog.entries().values(), key=lambda e: (e.stage, e.order))
    if fmt == "json":
        click.echo(json.dumps([dataclasses.asdict(e) for e in entries], ensure_ascii=False, indent=2))
        return
    productions = {"tao_tu_du_lieu": "dựng từ dữ liệu", "ban_scan": "bản scan", "ca_hai": "dựng hoặc scan"}
    stage = None
    for e in entries:
        if e.stage != stage:
            stage = e.stage
            click.echo(f"\n{catalog.STAGE_TITLES.get(stage, stage)}")
        notes = [productions.get(e.production, e.production)]
        if e.handwritten:
            notes.append("viết tay")
        if e.condition:
            notes.append(f"khi {conditions.CONDITIONS[e.condition][0]}")
        if not e.certain:
            notes.append("chưa chắc chắn")
        click.echo(f"  {e.code:<12} {e.title} [{'; '.join(notes)}] — {e.source}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", metavar="NGÀY", default=None,
              help="Ngày kiểm tra, tính tuổi và thời hạn (mặc định: hôm nay), ví dụ 2026-11-22 hoặc 22/11/2026.")
@click.option("--window", type=click.IntRange(0, 250), default=None, metavar="SỐ_NGÀY",
              help="Báo các thời hạn đến trong số ngày làm việc này (mặc định theo bộ quy tắc: 10).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Trình bày kết quả dạng văn bản hay JSON.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=None,
              help="Thư mục kết quả (như của dossier build): giữ ở đó dữ liệu đã đọc và kết quả lần này, lần "
                   "sau chạy lại khi dữ liệu không đổi sẽ nhanh hơn. Không có -o thì không giữ gì.")
def check(paths, as_of, window, fmt, out):
    """Kiểm tra hồ sơ: giai đoạn, tài liệu còn thiếu, điều kiện, thời hạn.

    Với từng người (tệp ung_vien, thư mục, hoặc tệp lớp): giai đoạn và bước
    tiếp theo; tài liệu còn thiếu theo danh mục; điều kiện kết nạp (tuổi tính
    theo tháng, học vấn, người giới thiệu, giấy chứng nhận 60 tháng, kết nạp
    lại); thời hạn tính theo ngày làm việc (trừ ngày nghỉ lễ, Tết). Mỗi lỗi
    ghi căn cứ trong bộ quy tắc của tổ chức. Mã thoát 1 khi có lỗi.

    Ví dụ: dossier check samples/ --as-of 2026-11-22
    """
    import datetime as dt

    from dossier import reading_kept
    from dossier.check import check_paths, report_json, report_text

    day = date_option(as_of, "--as-of") or dt.date.today()
    report = reading_kept.report("check", list(paths), out, lambda: check_paths(list(paths), day, window),
                                 str(day), window)
    click.echo(report_json(report) if fmt == "json" else report_text(report))
    sys.exit(EXIT_DATA if report.has_errors else EXIT_OK)


_signalled: list[int] = []


def _interrupt(signum, frame):
    _signalled.append(signum)
    raise KeyboardInterrupt


def main():
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)  # a kill is handled like Ctrl-C: no half-written file
    if hasattr(signal, "SIGHUP"):  # the terminal closed, the session ended: the same, then exit 129
        signal.signal(signal.SIGHUP, _interrupt)
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # usage errors: click's own message, exit 2
        cli_messages.file_hint(exc)
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        with contextlib.suppress(OSError):  # a terminal that hung up cannot show it
            click.echo("\nĐã dừng theo yêu cầu. Các tệp đã ghi đều hoàn chỉnh; chạy lại cùng lệnh để làm tiếp "
                       "phần còn lại.", err=True)
        sys.exit(129 if _signalled[-1:] == [getattr(signal, "SIGHUP", None)] else 130)
    except OSError as exc:  # outside a command (writing its last output)
        sys.exit(_stopped(exc))
    except Exception as exc:  # a bug in dossier itself: say so plainly, keep the details for developers
        if os.environ.get("DOSSIER_DEBUG"):
            raise
        click.echo(f"Lỗi nội bộ của dossier ({type(exc).__name__}: {exc}). "
                   "Hãy báo lỗi kèm lệnh đã chạy; đặt DOSSIER_DEBUG=1 để xem chi tiết.", err=True)
        sys.exit(EXIT_ENVIRONMENT)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


if __name__ == "__main__":
    main()
