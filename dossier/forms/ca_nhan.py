"""Personal documents: written and signed by one person, not issued by a body.

* 1-KNĐ Đơn xin vào Đảng and 2-KNĐ Lý lịch của người xin vào Đảng (its values
  in ``dossier/forms/ly_lich.py``) are written
  **by hand** by the candidate (domain notes §4, §6.1, §6.2). Unless the
  organisation accepts typed copies (``chap_nhan_ban_danh_may: true``), the
  generated document is a pre-filled **guide copy** ("bản hướng dẫn") to copy
  from: a boxed mark at the top of its first page (and of each part of the
  lý lịch that starts a page) and a "BẢN HƯỚNG DẪN" watermark on every page
  say so. With typed
  copies accepted, both are empty and the document is a normal typed copy.
  Free text the data lacks becomes, in a guide copy, a hint in brackets and
  dotted lines; a typed copy is not produced without it (NotReady).
* 3-KNĐ Giấy giới thiệu người vào Đảng: one per introducing full member.
* 10-KNĐ Bản tự kiểm điểm of the probationary member and 11-KNĐ Bản nhận xét
  of the full member assigned to help (recognition stage): typed frames
  with the facts filled in and dotted lines for the assessment itself, which
  the data does not hold.

The contents of 3-, 10- and 11-KNĐ are reconstructed [C] (catalog
``chac_chan: false``).
"""

from __future__ import annotations

from dossier import catalog, place_names, vietnamese
from dossier.context import Candidate, candidate_values, date_of, document_number, header_names, place_of
from dossier.forms import NotReady, Rendered, candidate_form
from dossier.forms.common import NGAY_TRONG, formatted_date, member

#: Printed where a value is still to be written by hand (inside sentences and table cells).
#: A line may break every three dots (a zero-width space): twelve dots that
#: cannot be broken (about 59 mm) wrap whole to the next line and leave the
#: line above, justified, stretched with large gaps.
DOTS = "\u200b".join(["…" * 3] * 4)
#: A whole paragraph to write by hand: the free-text paragraphs of the templates
#: have a right tab stop with a dot leader, so a lone tab is a dotted line.
DOT_LINE = "\t"
NONE = "Không"

WATERMARK = "BẢN HƯỚNG DẪN"
GUIDE_HEADLINE = "BẢN HƯỚNG DẪN — KHÔNG THAY THẾ BẢN VIẾT TAY"
# The mark is two centred lines, each boxed (the template's run has a character border).
GUIDE_MARKS = {
    "1-KNĐ": f"{GUIDE_HEADLINE}\nNgười xin vào Đảng tự chép tay đơn này, ký và nộp bản viết tay.",
    "2-KNĐ": f"{GUIDE_HEADLINE}\nNgười xin vào Đảng tự chép tay vào quyển lý lịch in sẵn và ký.",
}

# ------------------------------------------------------------------ helpers

def _entry(code: str):
    return catalog.entry(code)


def is_guide(c: Candidate) -> bool:
    """Whether handwritten documents are generated as guide copies (the default)."""
    return not c.org.data.get("chap_nhan_ban_danh_may")


def paragraphs(text) -> list[str]:
    """Free text as a list of paragraphs: one per non-empty line (YAML ``|``
    blocks keep their lines; ``>-`` blocks are one paragraph)."""
    if not isinstance(text, str):
        return []
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def month(value) -> str:
    """``2019-09`` → ``9-2019`` (the lý lịch spelling)."""
    year, m = vietnamese.parse_thang(value)
    return vietnamese.thang_nam(year, m)


def period(start, end) -> str:
    """``9-2019 đến 6-2022``; an open end is ``nay``. Two lines (the template
    cell shows ``9-2019`` over ``đến 6-2022``), so a narrow column never
    breaks a date at its hyphen."""
    return f"{month(start)}\nđến {month(end) if end else 'nay'}"


def _short_date(value) -> str:
    return formatted_date(value) if value else ""


def _or(value, default: str = NONE) -> str:
    return value if isinstance(value, str) and value.strip() else default


def _free_text(c: Candidate, field: str, hint: str, lines: int = 4) -> list[str]:
    """Paragraphs of a free-text field. Missing: in a guide copy, the hint and
    dotted lines for the candidate to write; a typed copy cannot be made."""
    found = paragraphs(c.data.get(field))
    if found:
        return found
    if not is_guide(c):
        raise NotReady(f"chưa có {field} trong dữ liệu: bản đánh máy phải có đủ nội dung do người xin vào Đảng viết")
    return [f"({hint})"] + [DOT_LINE] * lines


def _grassroots(c: Candidate, body: dict) -> dict | None:
    """The grassroots committee above a chi bộ (its parent for a grassroots chi bộ)."""
    return c.org.ancestor(body, "co_so") or c.org.parent(body)


def _committee(body: dict | None) -> str:
    return (body.get("ten_cap_uy") or body["ten"]) if body else ""


def _unit_chain(c: Candidate, body: dict) -> str:
    """``Chi bộ …, Đảng bộ bộ phận …, Đảng bộ …``: from a chi bộ up to its grassroots organisation."""
    names, seen = [], set()
    while body is not None and body.get("ma") not in seen:
        seen.add(body.get("ma"))
        names.append(body["ten"])
        if body.get("cap") in ("co_so", "cap_tren_co_so", "tinh"):
            break
        body = c.org.parent(body)
    return ", ".join(names)


def _personal_van_ban(c: Candidate, body: dict, when, on=None) -> dict:
    """Header values of a personal document written in a chi bộ: place and date
    (the chi bộ and its superior too, which the member's letters no longer print)."""
    superior, issuer = header_names(c.org, body, on)
    return {"cap_tren": superior, "co_quan": issuer, "dong_ngay": when}


def _date_line(c: Candidate, body: dict, value, year: int | None = None) -> str:
    """The place-and-date line; blanks to fill in by hand when the date is not known."""
    return vietnamese.dong_ngay(place_of(c.org, body, date_of(value)), date_of(value),
                                nam=None if date_of(value) else year)


def _guide_values(c: Candidate, code: str) -> dict:
    guide = is_guide(c)
    return {"ban_huong_dan": GUIDE_MARKS[code] if guide else "", "chu_chim": WATERMARK if guide else ""}


def _line(label: str, value: str, number: str = "") -> dict:
    return {"so": number, "nhan": label, "gia_tri": value}


# ------------------------------------------------------------- 1-KNĐ

@candidate_form("1-KNĐ")
def application(c: Candidate) -> list[Rendered]:
    """Mẫu 1-KNĐ: Đơn xin vào Đảng (guide copy unless typed copies are accepted)."""
    d = c.data
    grassroots = _grassroots(c, c.chi_bo)
    addressees = [f"- Chi ủy {c.chi_bo['ten']};"]
    if grassroots is not None:
        addressees.append(f"- {_committee(grassroots)}.")
    else:
        addressees[0] = addressees[0][:-1] + "."
    level = c.data.get("trinh_do") or {}
    education = [f"giáo dục phổ thông {level['giao_duc_pho_thong']}"] if level.get("giao_duc_pho_thong") else []
    if level.get("chuyen_mon"):
        education.append(f"chuyên môn: {level['chuyen_mon']}")
    if level.get("ly_luan_chinh_tri"):
        education.append(f"lý luận chính trị: {level['ly_luan_chinh_tri']}")
    birth = date_of(d["ngay_sinh"])
    on = date_of(c.milestone("don_xin_vao_dang").get("ngay"))
    identity = [
        _line("Tôi là:", f"{d['ho_ten']}"),
        _line("Giới tính:", d.get("gioi_tinh", "")),
        _line("Sinh ngày:", vietnamese.ngay_thang_nam(birth).removeprefix("ngày ")),
        _line("Nơi sinh:", place_names.address(d, "noi_sinh", on)),
        _line("Quê quán:", place_names.address(d, "que_quan", on)),
        _line("Dân tộc:", f"{d.get('dan_toc', '')}; tôn giáo: {d.get('ton_giao', '')}"),
        _line("Nơi thường trú:", place_names.address(d, "thuong_tru", on)),
    ]
    if d.get("tam_tru"):
        identity.append(_line("Nơi tạm trú:", place_names.address(d, "tam_tru", on)))
    identity += [
        _line("Nghề nghiệp:", d.get("nghe_nghiep", "")),
        _line("Trình độ:", "; ".join(education) or DOTS),
    ]
    values = {
        "van_ban": {
            **_guide_values(c, "1-KNĐ"),
            "dong_ngay": _date_line(c, c.chi_bo, c.milestone("don_xin_vao_dang").get("ngay")),
        },
        "uv": candidate_values(c, on),
        "don": {
            "kinh_gui": addressees,
            "ban_than": identity,
            "nhan_thuc": _free_text(c, "nhan_thuc_ve_dang",
                                    "Ghi nhận thức của bản thân về mục đích, lý tưởng, vai trò lãnh đạo của Đảng"),
            "dong_co": _free_text(c, "dong_co", "Ghi động cơ xin vào Đảng và lời hứa của bản thân"),
        },
    }
    entry = _entry("1-KNĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "1-KND")]


# ------------------------------------------------------------- 3-KNĐ

@candidate_form("3-KNĐ")
def introductions(c: Candidate) -> list[Rendered]:
    """Mẫu 3-KNĐ: Giấy giới thiệu người vào Đảng, one per introducing full member."""
    introducers = (c.data.get("gioi_thieu") or {}).get("dang_vien") or []
    if not introducers:
        raise NotReady("chưa có đảng viên giới thiệu (gioi_thieu.dang_vien)")
    entry = _entry("3-KNĐ")
    made = []
    for index, item in enumerate(introducers, start=1):
        person = member(c, item["ma"])
        _, body_ma, _ = c.org.members[item["ma"]]
        body = c.org.bodies[body_ma]
        values = {
            "van_ban": _personal_van_ban(c, body, _date_line(c, body, item.get("ngay"),
                                                             _year_of(c.milestone("nghi_quyet_chi_bo")))),
            "uv": candidate_values(c, date_of(item.get("ngay"))),
            "gt": {
                "kinh_gui": c.chi_bo["ten"],
                "ho_ten": person["ho_ten"],
                "ngay_sinh": person["ngay_sinh"] or NGAY_TRONG,
                "que_quan": _or(person["que_quan"], DOTS),
                "ngay_vao_dang": person["ngay_vao_dang"] or NGAY_TRONG,
                "ngay_chinh_thuc": person["ngay_chinh_thuc"] or NGAY_TRONG,
                "chuc_vu": _or(person["chuc_vu"], DOTS),
                "chuc_vu_dang": _or(person["chuc_vu_dang"], DOTS),
                "chuc_vu_chinh_quyen": _or(person["chuc_vu_chinh_quyen"], DOTS),
                "don_vi": _unit_chain(c, body),
                "cung_cong_tac_tu": _running_month(item["cung_cong_tac_tu"]),
                "noi_cung_cong_tac": _or(item.get("noi_cung_cong_tac"), DOTS),
            },
        }
        made.append(Rendered(entry.code, f"{entry.title} — đồng chí {person['ho_ten']}", entry.template, values,
                             f"3-KND-{index:02d}"))
    return made


def _running_month(value) -> str:
    """``tháng 9/2022``: a month in running text (a slash, which never breaks a line)."""
    year, m = vietnamese.parse_thang(value)
    return f"tháng {m}/{year}"


def _year_of(milestone: dict) -> int | None:
    d = date_of(milestone.get("ngay"))
    return d.year if d else None


# ------------------------------------------------------- 10-KNĐ, 11-KNĐ

def _probation(c: Candidate) -> dict:
    """Facts of the probation shared by 10-KNĐ and 11-KNĐ; NotReady before the ceremony."""
    ceremony = date_of(c.milestone("le_ket_nap").get("ngay"))
    if ceremony is None:
        raise NotReady("chưa tổ chức lễ kết nạp (moc.le_ket_nap): chưa có thời gian dự bị")
    months = c.ruleset.value("du_bi_thang")
    end = vietnamese.cong_thang(ceremony, months)
    decision = c.milestone("quyet_dinh_ket_nap")
    body = c.bodies.deciding
    if body is not None:
        decider = c.bodies.deciding_name
        number = document_number(decision.get("so"), "QĐ", body.get("ky_hieu", "ĐU"))
    else:
        decider, number = DOTS, document_number(decision.get("so"), "QĐ", "ĐU")
    when = date_of(decision.get("ngay"))
    reference = f"Quyết định số {number}" + (f" ngày {vietnamese.ngay_van_ban(when)}" if when else "") + f" của {decider}"
    return {
        "ngay_ket_nap": vietnamese.ngay_van_ban(ceremony),
        "quyet_dinh": reference,
        "du_bi_thang": str(months),
        "du_bi_tu": vietnamese.ngay_van_ban(ceremony),
        "du_bi_den": vietnamese.ngay_van_ban(end),
        "_end": end,
    }


def _helper(c: Candidate) -> tuple[dict, dict] | None:
    ma = c.data.get("nguoi_giup_do")
    if not ma or ma not in c.org.members:
        return None
    _, body_ma, _ = c.org.members[ma]
    return member(c, ma), c.org.bodies[body_ma]


@candidate_form("10-KNĐ")
def self_assessment(c: Candidate) -> list[Rendered]:
    """Mẫu 10-KNĐ: Bản tự kiểm điểm của đảng viên dự bị."""
    probation = _probation(c)
    end = probation.pop("_end")
    d = c.data
    course = c.milestone("chung_nhan_dang_vien_moi")
    if course:
        number = f" số {course['so']}" if course.get("so") else (f" số {course['so_ky_hieu']}"
                                                                   if course.get("so_ky_hieu") else "")
        course_text = (f"Giấy chứng nhận{number} ngày {_short_date(course.get('ngay'))}"
                       + (f" của {course['noi_cap']}" if course.get("noi_cap") else ""))
    else:
        course_text = DOTS
    helper = _helper(c)
    facts = [
        _line("Họ và tên:", d["ho_ten"]),
        _line("Ngày, tháng, năm sinh:", _short_date(d["ngay_sinh"])),
        _line("Quê quán:", d.get("que_quan", "")),
        _line("Chức vụ, đơn vị công tác:", d.get("nghe_nghiep", "")),
        _line("Ngày vào Đảng:", f"{probation['ngay_ket_nap']}, theo {probation['quyet_dinh']}"),
        _line("Thời gian dự bị:", f"{probation['du_bi_thang']} tháng, từ ngày {probation['du_bi_tu']} "
                                  f"đến ngày {probation['du_bi_den']}"),
        _line("Học lớp bồi dưỡng lý luận chính trị cho đảng viên mới:", course_text),
        _line("Đảng viên chính thức được phân công giúp đỡ:", f"đồng chí {helper[0]['ho_ten']}" if helper else DOTS),
    ]
    values = {
        "van_ban": _personal_van_ban(c, c.chi_bo, _date_line(c, c.chi_bo, c.milestone("tu_kiem_diem").get("ngay"),
                                                            end.year)),
        "uv": candidate_values(c),
        "kd": {"kinh_gui": c.chi_bo["ten"], "ban_than": facts, "du_bi_thang": probation["du_bi_thang"]},
    }
    entry = _entry("10-KNĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "10-KND")]


@candidate_form("11-KNĐ")
def helper_assessment(c: Candidate) -> list[Rendered]:
    """Mẫu 11-KNĐ: Bản nhận xét đảng viên dự bị của đảng viên chính thức được phân công giúp đỡ."""
    probation = _probation(c)
    end = probation.pop("_end")
    helper = _helper(c)
    if helper is None:
        raise NotReady("chưa có đảng viên chính thức được phân công giúp đỡ (nguoi_giup_do)")
    person, body = helper
    facts = [
        _line("Tôi là:", person["ho_ten"]),
        _line("Ngày vào Đảng:", person["ngay_vao_dang"] or NGAY_TRONG),
        _line("Ngày chính thức:", person["ngay_chinh_thuc"] or NGAY_TRONG),
        _line("Chức vụ:", _or(person["chuc_vu"], DOTS)),
        _line("Đơn vị sinh hoạt:", _unit_chain(c, body)),
    ]
    values = {
        "van_ban": _personal_van_ban(c, body, _date_line(c, body, c.milestone("nhan_xet_giup_do").get("ngay"),
                                                         end.year)),
        "uv": candidate_values(c),
        "nx": {
            "kinh_gui": c.chi_bo["ten"],
            "nguoi_giup_do": facts,
            "ho_ten_giup_do": person["ho_ten"],
            "ngay_ket_nap": probation["ngay_ket_nap"],
            "quyet_dinh": probation["quyet_dinh"],
            "du_bi_tu": probation["du_bi_tu"],
            "du_bi_den": probation["du_bi_den"],
        },
    }
    entry = _entry("11-KNĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "11-KND")]
