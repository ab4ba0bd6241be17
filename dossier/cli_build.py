"""``dossier build``: build the PDF dossiers of classes and people, with a
progress bar or a line per candidate, and each batch's summary table."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path

import click

from dossier.errors import EXIT_DATA, EXIT_OK
from dossier.findings import format_text


@click.command()
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
    tổng hợp và summary.json; OUT/bang-theo-doi.html là bảng theo dõi mọi lớp
    và mọi người đã dựng (mở được khi không có mạng). Chạy lại cùng lệnh sau khi bị dừng
    thì làm tiếp phần còn lại, không làm lại phần đã xong. Mã thoát 1 nếu có
    hồ sơ không dựng được. Khi một lệnh khác đang ghi vào cùng thư mục OUT,
    lệnh này chờ lệnh đó xong (tối đa DOSSIER_LOCK_TIMEOUT giây, mặc định 600;
    quá thời gian thì dừng với mã thoát 3).

    Ví dụ: dossier build samples -o out
    """
    from dossier import output_session
    from dossier.convert import ConversionPool

    show_bar = not quiet and sys.stdout.isatty() and not os.environ.get("CI")
    # one command at a time on OUT; then LibreOffice first: it starts while the
    # rest of the toolkit loads, its temporary files in OUT/.dossier-tmp
    with output_session.writing(out, notify=functools.partial(click.echo, err=True)) as scratch, \
            ConversionPool(workers=jobs, scratch=scratch) as pool, _workspace_read_once(out):
        from dossier import batch
        from dossier.output_names import person_folders
        from dossier.sources import find_sources
        from dossier.workspace import DocumentCache, find_root

        found = find_sources(list(sources))
        for finding in found.problems:
            click.echo(format_text(finding), err=True)
        failed = bool(found.problems)
        workers = jobs or pool.workers
        outcomes = []
        shared = DocumentCache()  # its indexes over the workspace are made once for every class
        for class_path in found.classes:
            click.echo(f"Lớp {class_path}:")
            outcomes.append(_build_batch(functools.partial(batch.build_class, class_path, out, pool, force=force,
                                                           cache=shared), workers, show_bar))
        if found.outside or found.skipped:  # people no class built lists, files not built
            click.echo(f"{batch.OUTSIDE_CLASSES}:")
            outcomes.append(_build_batch(functools.partial(
                batch.build_outside_classes, found.outside, out, pool, skipped=found.skipped, force=force,
                sources=", ".join(str(s) for s in sources if s.is_dir())), workers, show_bar))
        failed |= not all(outcome.ok for outcome in outcomes)
        if outcomes:  # one office board of every batch built
            from dossier import board_pages

            click.echo(f"Bảng theo dõi: {board_pages.write_static(out, outcomes)}")
        cache = DocumentCache()
        names = person_folders(found.candidates, find_root)  # two files of one stem: a folder each
        for path in found.candidates:
            result = batch.build_listed(path, out, pool, cache, force, names[path])
            _print_candidate(result)
            failed |= not result.ok
    sys.exit(EXIT_DATA if failed else EXIT_OK)


@contextlib.contextmanager
def _workspace_read_once(out: Path):
    """The parsed files, paths and digests of the workspace shared by every
    batch of the command, kept in ``out`` (dossier.validation_cache); entered
    after LibreOffice has started."""
    from dossier.validation_cache import kept_in

    with kept_in(out):
        yield


def _print_candidate(result, indent: str = "") -> None:
    for finding in result.findings:
        if finding.is_error or finding.code.startswith("output."):  # output.*: a file of the output set aside
            click.echo(indent + format_text(finding), err=True)
    if not result.ok and not result.incomplete:
        click.echo(f"{indent}✗ {result.name or result.source}: không dựng được hồ sơ", err=True)
        return
    if result.incomplete:
        click.echo(f"{indent}✗ {result.name}: hồ sơ chưa đủ, thiếu "
                   f"{', '.join(f.code for f in result.failed)} (tên tệp …-chua-du.pdf)", err=True)
    else:
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
    for failed in result.failed:
        click.echo(f"{indent}    thiếu {failed.code} (không dựng được lần này): {failed.why}")


def _build_batch(build_batch, workers, show_bar):
    """Run ``build_batch`` (a class, or the people outside classes) with a
    progress bar or one line per candidate, then show its summary table; its outcome."""
    import time

    from dossier import batch_outcome

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
            status = "✓" if result.ok else "✗ chưa đủ:" if result.incomplete else "✗"
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
    _print_table(batch_outcome.summary_rows(outcome))
    review = sum(batch_outcome.status(r) == batch_outcome.STATUS_REVIEW for r in outcome.candidates)
    documents = f"{len(outcome.class_documents)} văn bản của lớp, " if outcome.is_class else ""
    skipped = f"{len(outcome.skipped)} tệp không dựng, " if outcome.skipped else ""
    click.echo(f"  {len(outcome.candidates)} người, {len(outcome.failed)} không dựng được, {review} cần xem lại, "
               f"{documents}{skipped}{time.monotonic() - started:.1f} giây")
    return outcome


def _print_table(rows) -> None:
    header = ("Người xin vào Đảng", "Hồ sơ", "Trang", "Tình trạng", "Còn thiếu hoặc cần sửa")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        note = row[4] if len(row[4]) <= 100 else row[4][:99] + "…"
        click.echo("  " + "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + note)
