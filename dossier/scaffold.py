"""Ways in: start a workspace (``dossier init``), add a class or a candidate
(``dossier new``). Every file is generated from the schemas
(:mod:`dossier.skeleton`) and written through :mod:`dossier.yaml_writer`:
a new file never replaces one that exists; the class file a candidate is added
to is edited round-trip, after a backup copy."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from dossier import fsutil, skeleton, workspace_schemas, yaml_writer
from dossier.errors import DataError, WrongInput
from dossier.nearest import closest, fold, suggestion
from dossier.vn_text import slug
from dossier.workspace import ORG_FILE, DocumentCache, Organisation, display_path, find_root

CLASS_DIR = "lop"
CANDIDATE_DIR = "ung-vien"
GUIDE_LINE = "# Giải thích từng trường (nghĩa, văn bản nào in, ví dụ): dossier guide -o huong-dan.html\n"
UNCOMMENT_LINE = ("# Dòng bắt đầu bằng \"# \" là trường chưa khai: xóa hai ký tự \"# \" ở đầu dòng (giữ nguyên các\n"
                  "# dấu cách sau đó) rồi điền giá trị sau dấu hai chấm.\n")

README = """\
THƯ MỤC HỒ SƠ KẾT NẠP ĐẢNG VIÊN (tạo bằng lệnh dossier init)

to-chuc.yaml   Tổ chức đảng: địa danh, nhiệm kỳ, các cấp (đảng bộ cấp trên, đảng bộ cơ sở,
               chi bộ), đảng viên của từng chi bộ, cấp ủy quyết định kết nạp. Khai một lần.
lop/           Mỗi lớp bồi dưỡng nhận thức về Đảng một tệp. Tạo bằng:
                 dossier new lop --ten "Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2026" ...
ung-vien/      Mỗi người xin vào Đảng một tệp. Tạo bằng:
                 dossier new ung-vien "Họ và tên" --lop lop/<tệp lớp>.yaml --chi-bo <mã chi bộ>
tep-dinh-kem/  (tự tạo khi cần) Bản scan đơn viết tay, ảnh thẻ, kết quả thẩm tra...
.dossier/      Do công cụ quản lý: bản sao lưu các tệp trước khi công cụ sửa (sao-luu/),
               mẫu dữ liệu cho trình soạn thảo (schemas/). Không cần mở.

Trong các tệp .yaml, dòng bắt đầu bằng "# " là trường chưa khai: xóa "# " rồi điền.
Giải thích từng trường:   dossier guide -o huong-dan.html
Kiểm tra dữ liệu:         dossier validate .
Xem còn thiếu gì:         dossier check .
Dựng hồ sơ PDF:           dossier build . -o ../ho-so-pdf
"""

_KY_HIEU = {"tinh": "TU", "cap_tren_co_so": "ĐU", "co_so": "ĐU", "bo_phan": "ĐU", "chi_bo": "CB"}


@dataclass
class Member:
    ho_ten: str
    ngay_vao_dang: dt.date
    ngay_chinh_thuc: dt.date | None = None


@dataclass
class Branch:
    ten: str
    members: list[Member] = field(default_factory=list)


@dataclass
class NewOrganisation:
    """What ``dossier init`` asks for: the chain of bodies and the chi bộ."""

    dia_danh: str
    co_so: str
    nhiem_ky: str = "2025-2030"
    cap_tren: str | None = None
    tinh: str | None = None
    chi_bo: list[Branch] = field(default_factory=list)
    tap_the: str | None = None  # Ban Thường vụ (of the body above) | Đảng ủy (grassroots, authorised)
    signers: dict = field(default_factory=dict)  # "co-so" | "cap-tren" | "tinh" -> [(ho_ten, chuc_vu)]


def committee_name(ten: str) -> str:
    """``Đảng bộ phường Bình Minh`` → ``Đảng ủy phường Bình Minh``;
    ``Đảng bộ tỉnh Thái Nguyên`` → ``Tỉnh ủy Thái Nguyên``."""
    rest = ten.removeprefix("Đảng bộ").strip()
    if rest.startswith("tỉnh "):
        return "Tỉnh ủy " + rest.removeprefix("tỉnh ")
    if rest.startswith("thành phố "):
        return "Thành ủy " + rest.removeprefix("thành phố ")
    return f"Đảng ủy {rest}" if rest != ten else ten


def branch_code(ten: str) -> str:
    return "cb-" + slug(ten.removeprefix("Chi bộ").strip() or ten, 40)


def member_code(ho_ten: str) -> str:
    return "dv-" + slug(ho_ten, 40)


def organisation_values(org: NewOrganisation) -> dict:
    bodies = []
    above = None
    for ma, cap, ten in (("tinh", "tinh", org.tinh), ("cap-tren", "cap_tren_co_so", org.cap_tren),
                         ("co-so", "co_so", org.co_so)):
        if not ten:
            continue
        body = {"ma": ma, "cap": cap}
        if above:
            body["cap_tren"] = above
        body.update({"ten": ten, "ten_cap_uy": committee_name(ten), "ky_hieu": _KY_HIEU[cap]})
        if org.signers.get(ma):
            body["nguoi_ky"] = [{"ho_ten": name, "chuc_vu": role} for name, role in org.signers[ma]]
        bodies.append(body)
        above = ma
    for branch in org.chi_bo:
        members = [{"ma": member_code(m.ho_ten), "ho_ten": m.ho_ten, "ngay_vao_dang": m.ngay_vao_dang,
                    **({"ngay_chinh_thuc": m.ngay_chinh_thuc} if m.ngay_chinh_thuc else {})}
                   for m in branch.members]
        if not members:
            raise WrongInput(f"chi bộ '{branch.ten}' chưa có đảng viên nào: khai ít nhất bí thư chi bộ bằng "
                             f"--dang-vien \"{branch.ten}: Họ tên, ngày vào Đảng\"")
        bodies.append({"ma": branch_code(branch.ten), "cap": "chi_bo", "cap_tren": "co-so", "ten": branch.ten,
                       "ky_hieu": "CB", "bi_thu": members[0]["ma"], "dang_vien": members})
    deciding = "cap-tren" if org.cap_tren else "co-so"
    tap_the = org.tap_the or ("Ban Thường vụ" if org.cap_tren else "Đảng ủy")
    return {"loai": "to_chuc", "nhiem_ky": org.nhiem_ky, "dia_danh": org.dia_danh,
            "tham_quyen_ket_nap": {"co_quan": deciding, "tap_the": tap_the}, "co_quan": bodies}


def _header(root: Path, path: Path, schema: str, *lines: str) -> str:
    return (workspace_schemas.schema_line(root, path, schema) + "".join(f"# {line}\n" for line in lines)
            + UNCOMMENT_LINE + GUIDE_LINE)


@dataclass
class Created:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # already there: left as they were
    changed: list[Path] = field(default_factory=list)  # edited (a backup copy first)


def _create(path: Path, text: str, done: Created) -> None:
    (done.written if yaml_writer.create(path, text) else done.kept).append(path)


def init_workspace(folder: Path, org: NewOrganisation) -> Created:
    """A workspace in ``folder``: ``to-chuc.yaml``, ``lop/``, ``ung-vien/``, ``README.txt``."""
    folder = Path(folder)
    done = Created()
    fsutil.make_folder(folder)
    workspace_schemas.ensure(folder)
    org_file = folder / ORG_FILE
    text = _header(folder, org_file, "to-chuc.schema.json",
                   "Tổ chức đảng: các cấp, chi bộ và đảng viên, cấp ủy quyết định kết nạp (tạo bằng dossier init).",
                   "Thêm đảng viên: chép một mục trong dang_vien, đổi mã (duy nhất), họ tên, ngày vào Đảng.")
    _create(org_file, text + skeleton.fields_text("to_chuc", organisation_values(org)), done)
    for name in (CLASS_DIR, CANDIDATE_DIR):
        fsutil.make_folder(folder / name)
    _create(folder / "README.txt", README, done)
    return done


def _workspace(start: Path) -> tuple[Path, Organisation]:
    root = find_root(Path(start))
    if root is None:
        raise WrongInput(f"không tìm thấy {ORG_FILE} ở {start} hay các thư mục cha; tạo thư mục hồ sơ trước "
                         "bằng: dossier init <thư mục>")
    doc, findings = DocumentCache().get(root / ORG_FILE)
    if doc is None or any(f.is_error for f in findings):
        raise DataError(f"{display_path(root / ORG_FILE)} còn lỗi; chạy dossier validate {display_path(root)} "
                        "để xem và sửa trước")
    return root, Organisation.from_document(doc)


def _branch(org: Organisation, typed: str | None) -> str:
    branches = {ma: body for ma, body in org.bodies.items() if body.get("cap") == "chi_bo"}
    if not branches:
        raise WrongInput(f"{ORG_FILE} chưa có chi bộ nào (cap: chi_bo); khai chi bộ trước")
    listing = ", ".join(f"{ma} ({b.get('ten')})" for ma, b in branches.items())
    if typed is None:
        if len(branches) == 1:
            return next(iter(branches))
        raise WrongInput(f"hãy chọn chi bộ bằng --chi-bo; các chi bộ: {listing}")
    for ma, body in branches.items():
        if fold(typed) in (fold(ma), fold(str(body.get("ten", "")))):
            return ma
    names = {**{ma: ma for ma in branches}, **{str(b.get("ten")): ma for ma, b in branches.items()}}
    near = [names[n] for n in closest(typed, names)]
    raise WrongInput(f"chi bộ '{typed}' không có trong {ORG_FILE}{suggestion(list(dict.fromkeys(near)))}; "
                     f"các chi bộ: {listing}")


def new_candidate(start: Path, ho_ten: str, lop: Path | None = None, chi_bo: str | None = None) -> Created:
    """``ung-vien/<tên>.yaml`` for ``ho_ten``, added to the class file ``lop``."""
    ho_ten = " ".join(ho_ten.split())
    if not ho_ten:
        raise WrongInput("cần họ và tên người xin vào Đảng, ví dụ: dossier new ung-vien \"Nguyễn Văn An\"")
    root, org = _workspace(lop.parent if lop else start)
    if lop is not None:
        _check_class_file(lop)
    path = root / CANDIDATE_DIR / f"{slug(ho_ten)}.yaml"
    if path.exists():
        raise DataError(f"đã có tệp {display_path(path)}; không ghi đè. Nếu là người khác trùng tên, đặt tên "
                        "tệp khác bằng cách đổi tên tệp cũ trước")
    text = _header(root, path, "ung-vien.schema.json", f"Người xin vào Đảng: {ho_ten} (tạo bằng dossier new ung-vien).",
                   "Thứ tự các trường theo Lý lịch người xin vào Đảng (2-KNĐ).")
    done = Created()
    _create(path, text + skeleton.fields_text("ung_vien", {"loai": "ung_vien", "chi_bo": _branch(org, chi_bo),
                                                           "ho_ten": ho_ten}), done)
    if done.kept:  # made between the check and now
        raise DataError(f"đã có tệp {display_path(path)}; không ghi đè")
    if lop is not None and _add_to_class(lop, path, root):
        done.changed.append(lop)
    return done


def _check_class_file(lop: Path) -> None:
    doc, findings = DocumentCache().get(lop)
    if doc is None or doc.kind != "lop":
        raise WrongInput(f"{display_path(lop)} không phải tệp lớp (loai: lop)")


def _add_to_class(lop: Path, candidate: Path, root: Path) -> bool:
    reference = Path(os.path.relpath(candidate, lop.parent)).as_posix()

    def add(data) -> None:
        if data.get("hoc_vien") is None:
            data["hoc_vien"] = []
        entries = data["hoc_vien"]
        if any(isinstance(e, dict) and e.get("ho_so") == reference for e in entries):
            return
        if hasattr(entries, "fa"):
            entries.fa.set_block_style()  # "hoc_vien: []" becomes a block list
        entries.append({"ho_so": reference})

    return yaml_writer.edit(lop, add, root)


def new_class(start: Path, ma: str, ten: str, tu_ngay: dt.date, den_ngay: dt.date, ngay_cap: dt.date,
              nguoi_ky: str | None = None, chuc_vu: str | None = None, don_vi: str | None = None,
              dia_diem: str | None = None) -> Created:
    """``lop/<mã>.yaml``: the class, its certificates' date and signer, no student yet."""
    root, org = _workspace(start)
    deciding = org.bodies.get(((org.doc.data or {}).get("tham_quyen_ket_nap") or {}).get("co_quan"), {})
    signer = (deciding.get("nguoi_ky") or [{}])[0]
    nguoi_ky = nguoi_ky or signer.get("ho_ten")
    chuc_vu = chuc_vu or signer.get("chuc_vu")
    if not nguoi_ky or not chuc_vu:
        raise WrongInput("cần người ký giấy chứng nhận: --nguoi-ky \"Họ tên\" --chuc-vu \"Bí thư\" (hoặc khai "
                         "nguoi_ky của cấp ủy quyết định trong to-chuc.yaml)")
    values = {"loai": "lop", "ma": ma, "ten": ten,
              "don_vi_to_chuc": don_vi or deciding.get("ten_cap_uy") or deciding.get("ten", ""),
              **({"dia_diem": dia_diem} if dia_diem else {}),
              "tu_ngay": tu_ngay, "den_ngay": den_ngay,
              "chung_nhan": {"ngay_cap": ngay_cap, "nguoi_ky": {"ho_ten": nguoi_ky, "chuc_vu": chuc_vu}},
              "hoc_vien": []}
    path = root / CLASS_DIR / f"{slug(ma)}.yaml"
    text = _header(root, path, "lop.schema.json", f"{ten} (tạo bằng dossier new lop).",
                   "Học viên được thêm bằng: dossier new ung-vien \"Họ tên\" --lop <tệp này>; ghi số giấy "
                   "chứng nhận (so_chung_nhan) khi có.")
    body = skeleton.fields_text("lop", values).splitlines(keepends=True)
    # the students last: the people added by ``new ung-vien`` come after it, not after a commented field
    students = [line for line in body if line.startswith("hoc_vien:")]
    done = Created()
    _create(path, text + "".join([line for line in body if line not in students] + students), done)
    if done.kept:
        raise DataError(f"đã có tệp {display_path(path)}; không ghi đè (đặt mã lớp khác bằng --ma)")
    return done
