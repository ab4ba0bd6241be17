"""Command line: parse arguments, call one library function, present the result.

Exit codes: 0 all good; 1 errors in the user's data; 2 usage errors (click's,
and a file or folder of the wrong kind); 3 the environment failed (LibreOffice,
output folder). A command returns its result's code; every run that cannot go
on is mapped in one place, :meth:`_Commands.invoke` (a DossierError to its
``exit_code``, an operating-system error to 3 naming the file), which
:func:`main` runs, and :func:`main` adds interruptions and internal errors.
No command catches a DossierError of its own.
"""

from __future__ import annotations

import errno
import functools
import os
import signal
import sys
from pathlib import Path

import click

from dossier import __version__
from dossier.errors import EXIT_DATA, EXIT_ENVIRONMENT, EXIT_OK, DataError, DossierError, os_error_message
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


def _date_option(value: str | None, hint: str):
    """A date given on the command line (any spelling the data accepts), or None."""
    from dossier import vietnamese

    if not value:
        return None
    try:
        return vietnamese.parse_ngay(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=hint) from None

@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossier")
def cli():
    """dossier — lập hồ sơ kết nạp đảng viên từ dữ liệu YAML.

    Kiểm tra dữ liệu, dựng văn bản theo mẫu, chuyển sang PDF và đóng thành
    một tập hồ sơ cho mỗi người. Mỗi lệnh có --help kèm một ví dụ.

    Ví dụ: dossier validate samples/
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
    from dossier.numbers import validate_workspace
    from dossier.sources import no_data_files

    report = validate_workspace(list(paths))
    if not report.files_checked and not report.findings:  # only folders, and no data file in them
        raise no_data_files(list(paths))
    if fmt == "json":
        from dossier import outputs

        click.echo(outputs.dumps(outputs.validate(report.findings, report.files_checked)))
    else:
        click.echo(report_text(report.findings, report.files_checked))
    sys.exit(EXIT_DATA if any(f.is_error for f in report.findings) else EXIT_OK)


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Thư mục ghi hồ sơ.")
@click.option("-j", "--jobs", type=click.IntRange(1, 16), default=None,
              help="Số tiến trình LibreOffice chạy song song (mặc định: số nhân CPU).")
@click.option("--force", is_flag=True, help="Dựng lại mọi văn bản, bỏ qua bộ nhớ đệm.")
@click.option("-q", "--quiet", is_flag=True, help="Không hiện thanh tiến độ; chỉ in từng dòng kết quả.")
def build(sources, out, jobs, force, quiet):
    """Dựng hồ sơ PDF: cả lớp, hoặc từng người.

    SOURCES là tệp lớp (loai: lop), tệp người xin vào Đảng (loai: ung_vien) hoặc
    thư mục: một thư mục dựng mọi lớp trong đó, rồi dựng riêng từng người không
    có trong lớp nào (có bảng tổng hợp, OUT/summary.json); tệp YAML không dựng
    được thì liệt kê kèm lý do. Mỗi người: kiểm tra dữ liệu, dựng văn bản, chuyển PDF, đóng tập
    có bìa, mục lục, dấu trang, số trang. Mỗi lớp có thêm văn bản của lớp, bảng
    tổng hợp, summary.json và bao-cao.html. Chạy lại cùng lệnh sau khi bị dừng
    thì làm tiếp phần còn lại, không làm lại phần đã xong. Mã thoát 1 nếu có
    hồ sơ không dựng được.

    Ví dụ: dossier build samples -o out
    """
    from dossier.convert import ConversionPool

    show_bar = not quiet and sys.stdout.isatty() and not os.environ.get("CI")
    # LibreOffice first: it starts while the rest of the toolkit loads
    with ConversionPool(workers=jobs) as pool:
        from dossier import batch
        from dossier.build import build_candidate
        from dossier.sources import find_sources
        from dossier.workspace import DocumentCache

        found = find_sources(list(sources))
        for finding in found.problems:
            click.echo(format_text(finding), err=True)
        failed = bool(found.problems)
        workers = jobs or pool.workers
        for class_path in found.classes:
            click.echo(f"Lớp {class_path}:")
            failed |= not _build_batch(batch, functools.partial(batch.build_class, class_path, out, pool,
                                                                force=force), workers, show_bar)
        if found.outside or found.skipped:  # people no class built lists, files not built
            click.echo(f"{batch.OUTSIDE_CLASSES}:")
            failed |= not _build_batch(batch, functools.partial(
                batch.build_outside_classes, found.outside, out, pool, skipped=found.skipped, force=force,
                sources=", ".join(str(s) for s in sources if s.is_dir())), workers, show_bar)
        cache = DocumentCache()
        for path in found.candidates:
            result = build_candidate(path, out, pool=pool, cache=cache, force=force)
            _print_candidate(result)
            failed |= not result.ok
    sys.exit(EXIT_DATA if failed else EXIT_OK)


def _print_candidate(result, indent: str = "") -> None:
    for finding in result.findings:
        if finding.is_error:
            click.echo(indent + format_text(finding), err=True)
    if not result.ok:
        click.echo(f"{indent}✗ {result.name or result.source}: không dựng được hồ sơ", err=True)
        return
    click.echo(f"{indent}✓ {result.name} ({result.rendered} văn bản dựng mới, {result.converted} chuyển PDF mới)")
    if result.ended:
        from dossier.vn_dates import ngay_ngan, parse_ngay

        ended = result.ended
        click.echo(f"{indent}    hồ sơ đã kết thúc ngày {ngay_ngan(parse_ngay(ended['ngay']))}: "
                   f"{ended['ten_ly_do']}")
    for bundle in result.bundles:
        click.echo(f"{indent}    {bundle.path} ({bundle.pages} trang, {len(bundle.documents)} tài liệu)")
    for guide in result.guides:
        click.echo(f"{indent}    bản hướng dẫn chép tay: {guide}")
    for draft in result.drafts:
        click.echo(f"{indent}    bản dự thảo (bước chưa có ngày, không đóng vào hồ sơ): {draft}")
    for _stage, code, why in result.missing:
        click.echo(f"{indent}    chưa có {code}: {why}")


def _build_batch(batch, build_batch, workers, show_bar) -> bool:
    """Run ``build_batch`` (a class, or the people outside classes) with a
    progress bar or one line per candidate, then show its summary table."""
    import time

    started = time.monotonic()
    bar = None

    def on_progress(n, done, total):
        nonlocal bar
        if show_bar:
            if bar is None:
                bar = click.progressbar(length=max(total, 1), label="  Văn bản", show_eta=True, show_pos=True)
                bar.__enter__()
            bar.update(n)

    def on_candidate(result):
        if not show_bar:
            status = "✓" if result.ok else "✗"
            click.echo(f"  {status} {result.name or result.source}")

    try:
        outcome = build_batch(jobs=workers + 1, on_progress=on_progress, on_candidate=on_candidate)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for finding in outcome.findings:
        click.echo("  " + format_text(finding), err=finding.is_error)
    for finding in outcome.skipped:
        click.echo("  " + format_text(finding), err=finding.is_error)
    _print_table(batch.summary_rows(outcome))
    review = sum(batch.status(r) == batch.STATUS_REVIEW for r in outcome.candidates)
    documents = f"{len(outcome.class_documents)} văn bản của lớp, " if outcome.is_class else ""
    skipped = f"{len(outcome.skipped)} tệp không dựng, " if outcome.skipped else ""
    click.echo(f"  {len(outcome.candidates)} người, {len(outcome.failed)} không dựng được, {review} cần xem lại, "
               f"{documents}{skipped}{time.monotonic() - started:.1f} giây")
    click.echo(f"  Báo cáo: {outcome.folder / batch.REPORT_FILE}")
    return outcome.ok


def _print_table(rows) -> None:
    header = ("Người xin vào Đảng", "Hồ sơ", "Trang", "Tình trạng", "Còn thiếu hoặc cần sửa")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        note = row[4] if len(row[4]) <= 100 else row[4][:99] + "…"
        click.echo("  " + "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + note)


@cli.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Thư mục ghi các tệp .docx.")
@click.option("--form", "codes", multiple=True, metavar="MÃ", help="Chỉ dựng mẫu này (lặp lại được), ví dụ 9-KNĐ.")
def render(source, out, codes):
    """Dựng các văn bản Word (.docx) của một người hoặc một lớp, không chuyển PDF.

    SOURCE là tệp người xin vào Đảng hoặc tệp lớp (văn bản của lớp và của từng
    học viên). Hữu ích để sửa tay trong Word trước khi in. Xem danh sách mã
    bằng `dossier forms`.

    \b
    Ví dụ: dossier render samples/ung-vien/nguyen-thi-hoa.yaml -o out --form 9-KNĐ
    """
    from dossier.build import render_documents

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


@cli.group()
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


@cli.group()
def numbers():
    """Cấp và xem số văn bản (Số 125-QĐ/ĐU) theo cơ quan, loại văn bản, nhiệm kỳ.

    \b
    Ví dụ: dossier numbers allocate samples/lop/lop-2026-01.yaml --form CV-DD --ngay 20/11/2026
    """


@numbers.command("allocate")
@click.argument("target", metavar="TỆP", type=click.Path(exists=True, path_type=Path))
@click.option("--form", "code", required=True, metavar="MÃ", help="Mã tài liệu cần cấp số, ví dụ 9-KNĐ, CV-TTLL, CV-DD.")
@click.option("--to", "instance", default=None, metavar="NƠI_NHẬN",
              help="Với công văn thẩm tra lý lịch (CV-TTLL, CV-TTLL-LOP): chỉ cấp số cho bản gửi nơi này "
                   "(một nơi trong gia_dinh[].tham_tra). Không ghi: cấp số cho mọi bản chưa có số.")
@click.option("--ngay", "when", default=None, metavar="NGÀY",
              help="Với văn bản của lớp hay của bộ hồ sơ: ngày ghi trên văn bản (mặc định: hôm nay), "
                   "ví dụ 20/11/2026.")
def numbers_allocate(target, code, instance, when):
    """Cấp số tiếp theo cho văn bản và ghi vào sổ so-van-ban.yaml.

    TỆP là tệp của người xin vào Đảng, tệp lớp (CV-TTLL-LOP, CV-GHS, CV-DD),
    hoặc thư mục bộ hồ sơ (văn bản của cả bộ hồ sơ). Số mới = số lớn nhất đã
    dùng (trong sổ và trong dữ liệu) của cùng cơ quan, loại văn bản và nhiệm
    kỳ, cộng 1. Công văn thẩm tra lý lịch: mỗi nơi nhận một số, theo ngày gửi
    ghi trên công văn (tham_tra[].ngay_gui). Không sửa tệp dữ liệu.

    \b
    Ví dụ: dossier numbers allocate samples/lop/lop-2026-01.yaml --form CV-DD --ngay 20/11/2026
    """
    from dossier import vietnamese
    from dossier.numbers import REGISTER_FILE, allocate
    from dossier.numbers import validate_workspace

    day = _date_option(when, "--ngay")
    report = validate_workspace([target]) if target.is_file() else None
    if report and any(f.is_error for f in report.findings):
        click.echo(report_text(report.findings), err=True)
        sys.exit(EXIT_DATA)
    given = allocate(target, code, instance, when=day)
    for item in given:
        to = f" gửi {item.instance}" if item.instance else ""
        dated = f" ngày {vietnamese.ngay_ngan(item.when)}" if item.when else ""
        click.echo(f"✓ Đã cấp số {item.symbol} cho {item.code}{to}{dated} ({target})")
    click.echo(f"Đã ghi vào {REGISTER_FILE}")


@numbers.command("list")
@click.argument("workspace", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."))
def numbers_list(workspace):
    """Liệt kê các số văn bản đã dùng trong bộ hồ sơ, theo cơ quan và loại.

    Ví dụ: dossier numbers list samples
    """
    from dossier.numbers import uses_in
    from dossier.workspace import DocumentCache, find_root

    root = find_root(workspace)
    if root is None:
        raise DataError(f"không tìm thấy to-chuc.yaml trong {workspace} hay các thư mục cha")
    for key, uses in sorted(uses_in(root, DocumentCache()).items(), key=lambda kv: (kv[0].body, kv[0].type_code)):
        click.echo(f"{key.body} — {key.type_code} — nhiệm kỳ {key.term}:")
        for use in sorted(uses, key=lambda u: u.number):
            where = f" — gửi {use.instance}" if use.instance else ""
            click.echo(f"  {use.number:>4}  {use.code}  {use.holder}{where}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", metavar="NGÀY", default=None,
              help="Ngày kiểm tra, tính tuổi và thời hạn (mặc định: hôm nay), ví dụ 2026-11-22 hoặc 22/11/2026.")
@click.option("--window", type=click.IntRange(0, 250), default=None, metavar="SỐ_NGÀY",
              help="Báo các thời hạn đến trong số ngày làm việc này (mặc định theo bộ quy tắc: 10).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Trình bày kết quả dạng văn bản hay JSON.")
def check(paths, as_of, window, fmt):
    """Kiểm tra hồ sơ: giai đoạn, tài liệu còn thiếu, điều kiện, thời hạn.

    Với từng người (tệp ung_vien, thư mục, hoặc tệp lớp): giai đoạn và bước
    tiếp theo; tài liệu còn thiếu theo danh mục; điều kiện kết nạp (tuổi tính
    theo tháng, học vấn, người giới thiệu, giấy chứng nhận 60 tháng, kết nạp
    lại); thời hạn tính theo ngày làm việc (trừ ngày nghỉ lễ, Tết). Mỗi lỗi
    ghi căn cứ trong bộ quy tắc của tổ chức. Mã thoát 1 khi có lỗi.

    Ví dụ: dossier check samples/ --as-of 2026-11-22
    """
    from dossier.check import check_paths, report_json, report_text

    day = _date_option(as_of, "--as-of")
    report = check_paths(list(paths), day, window)
    click.echo(report_json(report) if fmt == "json" else report_text(report))
    sys.exit(EXIT_DATA if report.has_errors else EXIT_OK)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)  # a kill is handled like Ctrl-C: no half-written file
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # usage errors: click's own message, exit 2
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("\nĐã dừng theo yêu cầu. Các tệp đã ghi đều hoàn chỉnh; chạy lại cùng lệnh để làm tiếp "
                   "phần còn lại.", err=True)
        sys.exit(130)
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
