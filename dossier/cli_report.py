"""``dossier report``: the development report of a period against the plan
(docx, xlsx or json), the reminder letter to the units behind their target,
and the committee above combining summaries and workspaces."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from dossier.cli_dates import date_option
from dossier.errors import EXIT_DATA, EXIT_OK, DataError, WrongInput
from dossier.findings import WARNING, format_text, report_text


def _period(year, start, end, term, code, root, cache):
    from dossier import ke_hoach, vietnamese
    from dossier.report_counts import Period

    chosen = [name for name, given in (("--year", year), ("--from/--until", start or end), ("--term", term),
                                       ("--ky", code)) if given]
    if len(chosen) != 1:
        raise click.UsageError("hãy chọn đúng một kỳ báo cáo: --year NĂM, --from NGÀY --until NGÀY, "
                               "--term NĂM-NĂM hoặc --ky MÃ" + (f" (đang có {', '.join(chosen)})" if chosen else ""))
    if year:
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}", year=year)
    if term:
        first, _, last = term.partition("-")
        if not (first.isdigit() and last.isdigit() and int(first) <= int(last)):
            raise click.BadParameter("viết nhiệm kỳ dạng 2025-2030", param_hint="--term")
        return Period(dt.date(int(first), 1, 1), dt.date(int(last), 12, 31), f"nhiệm kỳ {term}", term=term)
    if code:
        plans = ke_hoach.plans_in(root, cache)
        if not plans:
            raise DataError("thư mục chưa có tệp kế hoạch (loai: ke_hoach) nên không có kỳ báo cáo --ky", path=str(root))
        item = plans[0].period(code)
        first, last = vietnamese.parse_ngay(item["tu_ngay"]), vietnamese.parse_ngay(item["den_ngay"])
        return Period(first, last, item.get("ten") or code)
    first, last = date_option(start, "--from"), date_option(end, "--until")
    if first is None or last is None or first > last:
        raise click.UsageError("--from và --until đi cùng nhau, ngày đầu không sau ngày cuối")
    return Period(first, last, f"từ ngày {vietnamese.ngay_van_ban(first)} đến ngày {vietnamese.ngay_van_ban(last)}")


def _sources(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    from dossier.workspace import display_path

    folders, files, seen = [], [], {}
    for path in paths:
        key = path.resolve()
        if key in seen:
            raise DataError(f"được đưa vào hai lần (cùng tệp với {display_path(seen[key])}); mỗi tệp, thư mục chỉ "
                            "được tính một lần", path=display_path(path))
        seen[key] = path
        (folders if path.is_dir() else files).append(path)
    for path in files:
        if path.suffix.lower() != ".json":
            raise WrongInput(f"{display_path(path)} không phải thư mục hồ sơ hay tệp tổng hợp .json; lệnh report cần "
                             "thư mục hồ sơ (có to-chuc.yaml) và, khi tổng hợp, các tệp do dossier report --format json "
                             "ghi ra.")
    if not folders:
        raise WrongInput("lệnh report cần ít nhất một thư mục hồ sơ (có to-chuc.yaml): thư mục đầu tiên là của cấp ủy "
                         "lập báo cáo, cho phần đầu văn bản và người ký.")
    return folders, files


@click.command("report")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path),
                metavar="THƯ_MỤC|TỔNG_HỢP.json…")
@click.option("--year", type=click.IntRange(1930, 2200), default=None, metavar="NĂM", help="Kỳ là cả năm, ví dụ 2026.")
@click.option("--from", "start", default=None, metavar="NGÀY", help="Ngày đầu của kỳ (tính cả ngày này).")
@click.option("--until", "end", default=None, metavar="NGÀY", help="Ngày cuối của kỳ (tính cả ngày này).")
@click.option("--term", default=None, metavar="NĂM-NĂM", help="Kỳ là cả nhiệm kỳ, ví dụ 2025-2030.")
@click.option("--ky", "code", default=None, metavar="MÃ", help="Một kỳ báo cáo khai trong tệp kế hoạch (ky_bao_cao).")
@click.option("--ngay", "when", default=None, metavar="NGÀY",
              help="Ngày của báo cáo (mặc định: hôm nay); số đang xem xét tính đến ngày này nếu trước cuối kỳ.")
@click.option("--format", "fmt", type=click.Choice(["docx", "xlsx", "json"]), default="docx", show_default=True)
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=None,
              help="Tệp ghi ra (mặc định: bao-cao-….docx/.xlsx ở thư mục hiện tại; json: in ra màn hình).")
@click.option("--reminder", is_flag=True, help="Viết công văn đôn đốc các đơn vị dưới ngưỡng chỉ tiêu (--below).")
@click.option("--below", type=click.FloatRange(0, 1000), default=50, show_default=True, metavar="PHẦN_TRĂM",
              help="Ngưỡng của công văn đôn đốc: đơn vị kết nạp dưới tỷ lệ này của chỉ tiêu.")
@click.option("--han", "deadline", default=None, metavar="NGÀY", help="Hạn báo cáo ghi trong công văn đôn đốc.")
def report(paths, year, start, end, term, code, when, fmt, out, reminder, below, deadline):
    """Báo cáo kết quả phát triển đảng viên của một kỳ so với kế hoạch.

    Đếm từ hồ sơ từng người (kết nạp theo ngày quyết định kết nạp, hoặc ngày
    lễ nếu kế hoạch chọn), theo đơn vị và toàn đảng bộ, so với chỉ tiêu trong
    tệp kế hoạch (loai: ke_hoach). --format docx: Báo cáo theo thể thức văn
    bản của Đảng; xlsx: bảng tính có biểu đồ; json: chỉ số liệu, gửi cấp trên
    tổng hợp. Cấp trên đưa các tệp .json cùng thư mục của mình để tổng hợp.

    \b
    Ví dụ: dossier report samples --year 2026 -o bao-cao-2026.docx
    """
    from dossier import outputs, report_combine, report_counts, report_forms
    from dossier.context import ORG_FILE
    from dossier.ke_hoach import issuing_body, plan_for
    from dossier.numbers import validate_workspace
    from dossier.vietnamese import slug
    from dossier.workspace import DocumentCache, Organisation, find_root

    folders, files = _sources(list(paths))
    roots = []
    for folder in folders:
        root = find_root(folder)
        if root is None:
            raise WrongInput(f"không tìm thấy {ORG_FILE} trong {folder} hay các thư mục cha")
        checked = validate_workspace([root])
        if any(f.is_error for f in checked.findings):
            click.echo(report_text(checked.findings), err=True)
            sys.exit(EXIT_DATA)
        roots.append(root)
    cache = DocumentCache()
    period = _period(year, start, end, term, code, roots[0], cache)
    day = date_option(when, "--ngay") or dt.date.today()
    as_of = min(period.end, day)
    own = report_counts.count_workspace(roots[0], period, as_of, cache)
    others = [(report_counts.count_workspace(r, period, as_of), str(r)) for r in roots[1:]]
    others += [(report_combine.read_summary(f), str(f)) for f in files]
    result = report_combine.combine(own, others) if others else own
    for finding in result.findings:
        if finding.severity == WARNING:
            click.echo(format_text(finding), err=True)
    org = Organisation.from_document(cache.get(roots[0] / ORG_FILE)[0])
    issuer = issuing_body(org, plan_for(roots[0], cache, period.end) or plan_for(roots[0], cache, period.start))
    if reminder:
        from dossier.report_docx import write_docx

        values = report_forms.reminder_values(result, org, issuer, roots[0], day, below,
                                              date_option(deadline, "--han"))
        if values is None:
            click.echo(f"Không có đơn vị nào kết nạp dưới {below:g}% chỉ tiêu: không cần công văn đôn đốc.")
            sys.exit(EXIT_OK)
        target = out or Path(f"cong-van-don-doc-{slug(period.label)}.docx")
        write_docx(report_forms.REMINDER, values, target, roots[0], org.data)
        click.echo(f"✓ Đã ghi công văn đôn đốc {len(values['dd']['don_vi'])} đơn vị: {target}")
        sys.exit(EXIT_OK)
    if fmt == "json":
        text = outputs.dumps(report_combine.to_json(result))
        if out is None:
            click.echo(text)
            sys.exit(EXIT_OK)
        from dossier.fsutil import write_bytes

        write_bytes(out, (text + "\n").encode("utf-8"))
    elif fmt == "xlsx":
        from dossier.report_xlsx import write_xlsx

        out = out or Path(f"bao-cao-{slug(period.label)}.xlsx")
        write_xlsx(result, out, f"Kết quả công tác phát triển đảng viên {period.label} — {issuer['ten']}")
    else:
        from dossier.report_docx import write_docx

        out = out or Path(f"bao-cao-{slug(period.label)}.docx")
        write_docx(report_forms.REPORT, report_forms.report_values(result, org, issuer, roots[0], day), out,
                   roots[0], org.data)
    f = result.total
    rate = f" ({report_forms.percent(f.ket_nap, f.chi_tieu)} chỉ tiêu {result.target_label})" if f.chi_tieu else ""
    click.echo(f"✓ Đã ghi {out}: kết nạp {report_forms.so(f.ket_nap)} đảng viên{rate}, "
               f"{len(result.units)} đơn vị")
    sys.exit(EXIT_OK)
