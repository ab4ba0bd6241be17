"""``dossier init`` and ``dossier new``: start a workspace, add a class or a candidate."""

from __future__ import annotations

from pathlib import Path

import click

from dossier.cli_dates import date_option
from dossier.workspace import display_path


def _report(done) -> None:
    for path in done.written:
        click.echo(f"✓ Đã tạo {display_path(path)}")
    for path in done.changed:
        click.echo(f"✓ Đã thêm vào {display_path(path)} (bản cũ sao lưu trong .dossier/sao-luu/)")
    for path in done.kept:
        click.echo(f"  Giữ nguyên {display_path(path)} (đã có, không ghi đè)")


def _members(typed: tuple[str, ...], branches: list[str]):
    """``--dang-vien "[Chi bộ:] Họ tên, ngày vào Đảng[, ngày chính thức]"``."""
    from dossier.nearest import fold
    from dossier.scaffold import Member

    found: dict[str, list] = {name: [] for name in branches}
    for text in typed:
        where, _, person = text.rpartition(":")
        if not where:
            if len(branches) != 1:
                raise click.BadParameter(f"'{text}': ghi tên chi bộ trước dấu hai chấm khi có nhiều chi bộ, "
                                         "ví dụ \"Chi bộ Khoa Công nghệ thông tin: Ngô Văn Đức, 19/5/2008\"",
                                         param_hint="--dang-vien")
            where = branches[0]
        branch = next((b for b in branches if fold(b) == fold(where.strip())), None)
        if branch is None:
            raise click.BadParameter(f"'{where.strip()}' không phải một --chi-bo đã khai ({', '.join(branches)})",
                                     param_hint="--dang-vien")
        parts = [p.strip() for p in person.split(",")]
        if len(parts) < 2 or not parts[0]:
            raise click.BadParameter(f"'{text}': cần họ tên và ngày vào Đảng, ví dụ \"Ngô Văn Đức, 19/5/2008\"",
                                     param_hint="--dang-vien")
        found[branch].append(Member(parts[0], date_option(parts[1], "--dang-vien"),
                                    date_option(parts[2], "--dang-vien") if len(parts) > 2 else None))
    return found


def _signers(typed: tuple[str, ...]) -> list[tuple[str, str]]:
    found = []
    for text in typed:
        name, _, role = text.partition(",")
        found.append((" ".join(name.split()), " ".join(role.split()) or "Bí thư"))
    return found


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--dia-danh", required=True, metavar="TÊN", help="Địa danh ghi ở dòng ngày tháng, ví dụ Bình Minh.")
@click.option("--co-so", required=True, metavar="TÊN", help="Đảng bộ cơ sở, ví dụ \"Đảng bộ Trường Cao đẳng …\".")
@click.option("--cap-tren", metavar="TÊN", help="Đảng bộ cấp trên trực tiếp của cơ sở, ví dụ \"Đảng bộ phường Bình Minh\".")
@click.option("--tinh", metavar="TÊN", help="Đảng bộ tỉnh (thành phố), ví dụ \"Đảng bộ tỉnh Thái Nguyên\".")
@click.option("--chi-bo", "branches", multiple=True, metavar="TÊN", help="Một chi bộ (lặp lại được).")
@click.option("--dang-vien", "members", multiple=True, metavar="[CHI BỘ:] HỌ TÊN, NGÀY VÀO ĐẢNG[, NGÀY CHÍNH THỨC]",
              help="Một đảng viên (lặp lại được); người đầu tiên của mỗi chi bộ là bí thư.")
@click.option("--ky-co-so", "sign_grassroots", multiple=True, metavar="HỌ TÊN[, CHỨC VỤ]",
              help="Người ký văn bản của đảng ủy cơ sở (lặp lại được; chức vụ mặc định Bí thư).")
@click.option("--ky-cap-tren", "sign_above", multiple=True, metavar="HỌ TÊN[, CHỨC VỤ]",
              help="Người ký văn bản của đảng ủy cấp trên (lặp lại được; chức vụ mặc định Bí thư).")
@click.option("--quyet-dinh", "tap_the", type=click.Choice(["Ban Thường vụ", "Đảng ủy"]), default=None,
              help="Tập thể quyết định kết nạp: Ban Thường vụ cấp trên (mặc định khi có --cap-tren) "
                   "hoặc Đảng ủy cơ sở được ủy quyền.")
@click.option("--nhiem-ky", default="2025-2030", show_default=True, help="Nhiệm kỳ của cấp ủy.")
def init(folder, dia_danh, co_so, cap_tren, tinh, branches, members, sign_grassroots, sign_above, tap_the,
         nhiem_ky):
    """Tạo thư mục hồ sơ mới: to-chuc.yaml có chú thích, lop/, ung-vien/, README.txt.

    Không ghi đè tệp đã có. Sau đó: dossier new lop …, dossier new ung-vien ….

    \b
    Ví dụ: dossier init ho-so-moi --dia-danh "Bình Minh" --co-so "Đảng bộ Trường Cao đẳng Công nghệ Bình Minh" --cap-tren "Đảng bộ phường Bình Minh" --ky-co-so "Lê Văn Khải" --ky-cap-tren "Hoàng Minh Tuấn" --chi-bo "Chi bộ Khoa Công nghệ thông tin" --dang-vien "Ngô Văn Đức, 19/5/2008, 19/5/2009"
    """
    from dossier.scaffold import Branch, NewOrganisation, init_workspace

    found = _members(members, list(branches))
    org = NewOrganisation(dia_danh=dia_danh, co_so=co_so, nhiem_ky=nhiem_ky, cap_tren=cap_tren, tinh=tinh,
                          chi_bo=[Branch(b, found[b]) for b in branches], tap_the=tap_the,
                          signers={"co-so": _signers(sign_grassroots), "cap-tren": _signers(sign_above)})
    _report(init_workspace(folder, org))


@click.group()
def new():
    """Tạo tệp mới trong thư mục hồ sơ: một lớp, một người xin vào Đảng.

    \b
    Ví dụ: dossier new ung-vien "Nguyễn Văn An" --lop samples/lop/lop-2026-01.yaml --chi-bo cb-cntt
    """


@new.command("ung-vien")
@click.argument("ho_ten")
@click.option("--lop", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Tệp lớp mà người này đã học: thêm vào danh sách học viên (hoc_vien).")
@click.option("--chi-bo", metavar="MÃ", default=None, help="Mã (hoặc tên) chi bộ trong to-chuc.yaml.")
@click.option("-C", "--workspace", "start", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=Path("."), help="Thư mục hồ sơ (mặc định: thư mục hiện tại, hoặc thư mục của --lop).")
def new_candidate(ho_ten, lop, chi_bo, start):
    """Tạo tệp người xin vào Đảng ung-vien/<tên>.yaml, đủ các trường theo Lý lịch 2-KNĐ.

    Trường chưa biết được để dạng chú thích (# …) nên tệp hợp lệ ngay;
    tên tệp theo họ tên, không dấu. Với --lop, người này được thêm vào lớp.

    \b
    Ví dụ: dossier new ung-vien "Nguyễn Văn An" --lop samples/lop/lop-2026-01.yaml --chi-bo cb-cntt
    """
    from dossier.scaffold import new_candidate as create

    _report(create(start, ho_ten, lop, chi_bo))


@new.command("lop")
@click.option("--ma", required=True, metavar="MÃ", help="Mã lớp, ví dụ NTVĐ-2027-01 (cũng là tên tệp).")
@click.option("--ten", required=True, help="Tên lớp, ví dụ \"Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2027\".")
@click.option("--tu-ngay", required=True, metavar="NGÀY", help="Ngày khai giảng, ví dụ 15/3/2027.")
@click.option("--den-ngay", required=True, metavar="NGÀY", help="Ngày bế giảng.")
@click.option("--ngay-cap", required=True, metavar="NGÀY", help="Ngày cấp giấy chứng nhận.")
@click.option("--nguoi-ky", metavar="HỌ TÊN", help="Người ký giấy chứng nhận (mặc định: người ký đầu tiên của cấp ủy quyết định).")
@click.option("--chuc-vu", metavar="CHỨC VỤ", help="Chức vụ người ký, ví dụ Phó Bí thư.")
@click.option("--don-vi", metavar="TÊN", help="Đơn vị tổ chức lớp (mặc định: cấp ủy quyết định kết nạp).")
@click.option("--dia-diem", metavar="NƠI", help="Địa điểm học.")
@click.option("-C", "--workspace", "start", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=Path("."), help="Thư mục hồ sơ (mặc định: thư mục hiện tại).")
def new_class(ma, ten, tu_ngay, den_ngay, ngay_cap, nguoi_ky, chuc_vu, don_vi, dia_diem, start):
    """Tạo tệp lớp bồi dưỡng nhận thức về Đảng lop/<mã>.yaml, chưa có học viên.

    \b
    Ví dụ: dossier new lop -C samples --ma NTVĐ-2027-01 --ten "Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2027" --tu-ngay 15/3/2027 --den-ngay 19/3/2027 --ngay-cap 26/3/2027
    """
    from dossier.scaffold import new_class as create

    _report(create(start, ma, ten, date_option(tu_ngay, "--tu-ngay"), date_option(den_ngay, "--den-ngay"),
                   date_option(ngay_cap, "--ngay-cap"), nguoi_ky, chuc_vu, don_vi, dia_diem))
