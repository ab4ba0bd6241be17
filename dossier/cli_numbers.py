"""``dossier numbers``: allocate document numbers, list the numbers used."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dossier.cli_dates import date_option
from dossier.cli_params import FORM_CODE
from dossier.errors import EXIT_DATA, DataError
from dossier.findings import report_text


@click.group()
def numbers():
    """Cấp và xem số văn bản (Số 125-QĐ/ĐU) theo cơ quan, loại văn bản, nhiệm kỳ.

    \b
    Ví dụ: dossier numbers allocate samples/lop/lop-2026-01.yaml --form CV-DD --ngay 20/11/2026
    """


@numbers.command("allocate")
@click.argument("target", metavar="TỆP", type=click.Path(exists=True, path_type=Path))
@click.option("--form", "code", required=True, type=FORM_CODE, metavar="MÃ", help="Mã tài liệu cần cấp số, ví dụ 9-KNĐ, CV-TTLL, CV-DD.")
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

    day = date_option(when, "--ngay")
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
