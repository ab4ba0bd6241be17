"""Mẫu 2-KNĐ, Lý lịch của người xin vào Đảng: the values of items (1)–(26).

Labels, their order and the set phrases (the pledge of item (23), the
certification of item (26)) are those of 38-HD/BTCTW §I.1.4.2 (quoted in
``shared/domain/sources/38-HD-BTCTW-2025-summary.md``). 38-HD prints no form,
so the layout is reconstructed (catalog ``chac_chan: false``).

Data is printed in bold (``gia_tri``); what 38-HD asks to write, where the data
does not hold it, is a hint in italics (``goi_y``) in a guide copy, and dots in a
typed copy. Place of birth and home town: today's name with the former name in
brackets (38-HD (5), (6)), both as of the lý lịch's date (:mod:`dossier.place_names`).
"""

from __future__ import annotations

from dossier import place_names, vietnamese
from dossier.context import Candidate, candidate_values, date_of
from dossier.forms import NotReady, Rendered, candidate_form
from dossier.forms.ca_nhan import (DOTS, NONE, _date_line, _entry, _free_text, _grassroots, _guide_values, _or,
                                   is_guide, month, paragraphs, period)

# Item (21) in the three groups of 38-HD, each with the relations it covers
# (within a group: this order, then the data's), what to declare, and the details printed.
_GROUPS = [
    {
        "nhom": "a) Ông, bà nội, ngoại của bản thân và của vợ (hoặc chồng)",
        "quan_he": ("Ông nội", "Bà nội", "Ông ngoại", "Bà ngoại", "Ông nội vợ", "Bà nội vợ", "Ông ngoại vợ",
                    "Bà ngoại vợ", "Ông nội chồng", "Bà nội chồng", "Ông ngoại chồng", "Bà ngoại chồng"),
        "goi_y": "(Họ và tên, năm sinh, quê quán, nơi cư trú, nghề nghiệp; những vấn đề liên quan đến tiêu chuẩn"
                 " chính trị theo Quy định của Bộ Chính trị và hướng dẫn của Ban Tổ chức Trung ương về bảo vệ chính"
                 " trị nội bộ Đảng của từng người)",
        "chi_tiet": ("nam_sinh", "que_quan", "noi_o", "nghe_nghiep", "tieu_chuan_chinh_tri", "da_mat"),
    },
    {
        "nhom": "b) Cha, mẹ đẻ (hoặc người nuôi dưỡng từ nhỏ); cha, mẹ vợ (hoặc cha, mẹ chồng); vợ (hoặc chồng)",
        "quan_he": ("Bố đẻ", "Mẹ đẻ", "Bố nuôi", "Mẹ nuôi", "Bố dượng", "Mẹ kế", "Người nuôi dưỡng",
                    "Bố vợ", "Mẹ vợ", "Bố chồng", "Mẹ chồng", "Vợ", "Chồng"),
        "goi_y": "(Họ và tên, năm sinh, nơi sinh, quê quán, nơi cư trú, nghề nghiệp, thành phần giai cấp; lịch sử"
                 " chính trị của từng người; việc chấp hành đường lối của Đảng, chính sách, pháp luật của Nhà nước."
                 " Thành phần giai cấp: trước Cách mạng Tháng Tám (1945), trong cải cách ruộng đất (1954) ở miền Bắc"
                 " hoặc cải tạo công thương nghiệp, nông nghiệp (1976) ở các tỉnh phía Nam từ Quảng Trị trở vào;"
                 " không được quy định thành phần giai cấp thì bỏ trống. Người đã mất: lý do, năm, nơi mất)",
        "chi_tiet": ("nam_sinh", "noi_sinh", "que_quan", "noi_o", "nghe_nghiep", "thanh_phan_giai_cap",
                     "lich_su_chinh_tri", "da_mat"),
    },
    {
        "nhom": "c) Anh, chị, em ruột của bản thân và của vợ (hoặc chồng); các con (con đẻ và con nuôi có đăng ký"
                " hợp pháp)",
        "quan_he": ("Anh trai", "Chị gái", "Em trai", "Em gái", "Anh vợ", "Chị vợ", "Em vợ", "Anh chồng",
                    "Chị chồng", "Em chồng", "Con trai", "Con gái", "Con nuôi"),
        "goi_y": "(Họ và tên, năm sinh, quốc tịch, nơi cư trú, nghề nghiệp, hoàn cảnh, kinh tế; việc chấp hành"
                 " đường lối của Đảng, chính sách, pháp luật của Nhà nước; tiền án, nếu có)",
        "chi_tiet": ("nam_sinh", "quoc_tich", "noi_o", "nghe_nghiep", "hoan_canh_kinh_te", "chap_hanh", "tien_an",
                     "da_mat"),
    },
]

# Hints printed under the headings of a guide copy (38-HD §I.1.4.2, paraphrased from the summary).
_HINTS = {
    "lich_su": "(Tóm tắt từ nhỏ đến khi tham gia hoạt động xã hội: vào Đoàn, nhập ngũ, vào học đại học, cao đẳng,"
               " trung cấp, tham gia tổ chức kinh tế, xã hội…)",
    "cong_tac": "(Khai đầy đủ, rõ ràng, liên tục theo tháng từ khi tham gia hoạt động xã hội, làm việc, học tập đến"
                " nay; kể cả thời gian nhập ngũ, xuất ngũ, tái ngũ, đi học, chữa bệnh, bị mất liên lạc, không"
                " hoạt động)",
    "dac_diem": "(Lý do gián đoạn sinh hoạt đảng hoặc không tham gia sinh hoạt đảng, nếu có; có bị bắt, bị tù"
                " không: chế độ nào, từ ngày nào đến ngày nào, ở đâu; có tham gia hoặc có quan hệ với tổ chức chính"
                " trị, kinh tế, xã hội nào ở nước ngoài; có giữ chức sắc tôn giáo không)",
    "dao_tao": "(Từng lớp đào tạo, bồi dưỡng lý luận chính trị, chuyên môn, nghiệp vụ: chương trình và cấp tổ"
               " chức; tên trường, thời gian, địa điểm; chính quy hay tại chức; tên văn bằng, chứng chỉ)",
    "nuoc_ngoai": "(Chỉ khai những lần ở nước ngoài từ 3 tháng trở lên để học tập, lao động hợp tác, công tác…)",
    "khen_thuong": "(Từ bằng khen trở lên, hoặc hình thức khen thưởng cao nhất đã nhận; kể cả danh hiệu vinh dự"
                   " Nhà nước)",
    "ky_luat": "(Kỷ luật Đảng, chính quyền, đoàn thể từ khiển trách trở lên; kể cả trường hợp đã được xem xét"
               " nhưng không bị kỷ luật, hoặc không bị kỷ luật do hết thời hiệu)",
    "tu_nhan_xet": "(Ưu điểm, khuyết điểm chính về phẩm chất chính trị, đạo đức, lối sống, năng lực công tác và"
                   " quan hệ quần chúng; sự tín nhiệm của quần chúng và đảng viên nơi làm việc)",
}

_PLEDGE_GROUNDS = "theo Quy định của Bộ Chính trị"


def _line(label: str, value: str = "", number: str = "", hint: str = "") -> dict:
    return {"so": number, "nhan": label, "gia_tri": value, "goi_y": hint}


def _padded(d) -> tuple[str, str, str]:
    """(day, month, year) of a date as the forms print them: ``27``, ``02``, ``1997``."""
    text = vietnamese.ngay_thang_nam(d)  # "ngày 27 tháng 02 năm 1997"
    words = text.split()
    return words[1], words[3], words[5]


def _date_words(value) -> str:
    d = date_of(value) if isinstance(value, str) else None
    return vietnamese.ngay_thang_nam(d) if d else ""


def _value(c: Candidate, value, hint: str) -> tuple[str, str]:
    """(value, hint) of a detail: the value; if none, the hint in a guide copy, dots in a typed one."""
    if isinstance(value, (int, str)) and str(value).strip():
        return str(value), ""
    return ("", f"({hint})") if is_guide(c) else (DOTS, "")


# ------------------------------------------------------------------ (1)–(13)

def _first_lines(c: Candidate) -> dict:
    """Items (1)–(4), beside the photo."""
    d = c.data
    other = []
    if d.get("ho_ten_khai_sinh") and d["ho_ten_khai_sinh"] != d["ho_ten"]:
        other.append(d["ho_ten"])
    if d.get("ten_goi_khac"):
        other.append(d["ten_goi_khac"])
    day, month_, year = _padded(date_of(d["ngay_sinh"]))
    return {
        "ho_ten_khai_sinh": vietnamese.in_hoa(d.get("ho_ten_khai_sinh") or d["ho_ten"]),
        "ten_goi_khac": {"gia_tri": "; ".join(other) or NONE, "goi_y": ""},
        "ngay": day, "thang": month_, "nam": year,
        "gioi_tinh": str(d.get("gioi_tinh", "")).lower(),
    }


def _summary_lines(c: Candidate, on) -> list[dict]:
    """Items (5)–(13), labels as 38-HD prints them."""
    d = c.data
    level = d.get("trinh_do") or {}
    youth = (d.get("doan_the") or {}).get("doan_thanh_nien") or {}
    youth_text = NONE
    if youth.get("ngay_vao"):
        youth_text = _date_words(youth["ngay_vao"]) + (f", tại {youth['noi_vao']}" if youth.get("noi_vao") else "")
    lines = [
        _line("Nơi đăng ký khai sinh:", place_names.with_former(d, "noi_sinh", on), "5)"),
        _line("Quê quán:", place_names.with_former(d, "que_quan", on), "6)"),
        _line("Nơi cư trú:", "", "7)"),
        _line("- Nơi thường trú:", place_names.address(d, "thuong_tru", on)),
        _line("- Nơi tạm trú:", _or(place_names.address(d, "tam_tru", on))),
        _line("Dân tộc:", d.get("dan_toc", ""), "8)"),
        _line("Tôn giáo:", d.get("ton_giao", ""), "9)"),
        _line("Nghề nghiệp hiện nay:", d.get("nghe_nghiep", ""), "10)"),
        _line("Trình độ hiện nay:", "", "11)"),
    ]
    for key, label in (("giao_duc_pho_thong", "Giáo dục phổ thông"), ("chuyen_mon", "Chuyên môn, nghiệp vụ"),
                       ("khoa_hoc_cong_nghe", "Khoa học công nghệ"), ("hoc_vi", "Học vị cao nhất"),
                       ("hoc_ham", "Học hàm cao nhất"), ("ly_luan_chinh_tri", "Lý luận chính trị"),
                       ("ngoai_ngu", "Ngoại ngữ"), ("tin_hoc", "Tin học"),
                       ("tieng_dan_toc_thieu_so", "Tiếng dân tộc thiểu số")):
        lines.append(_line(f"- {label}:", _or(level.get(key))))
    lines.append(_line("Ngày và nơi kết nạp vào Đoàn Thanh niên Cộng sản Hồ Chí Minh:", youth_text, "12)"))
    again = d.get("ket_nap_lai") or {}
    if not again:
        lines.append(_line("Đối với người xin được kết nạp lại vào Đảng:", NONE, "13)"))
        return lines

    def when_where(day, place) -> str:
        text = _date_words(day) or DOTS
        return text + (f", tại {place}" if place else "")

    lines += [
        _line("Đối với người xin được kết nạp lại vào Đảng:", "", "13)"),
        _line("- Ngày và nơi kết nạp vào Đảng Cộng sản Việt Nam lần thứ nhất:",
              when_where(again.get("ngay_ket_nap_lan_dau"), again.get("noi_ket_nap_lan_dau"))),
        _line("- Ngày và nơi công nhận chính thức lần thứ nhất:",
              when_where(again.get("ngay_chinh_thuc_lan_dau"), again.get("noi_chinh_thuc_lan_dau"))),
        _line("- Người giới thiệu vào Đảng lần thứ nhất:", "; ".join(again.get("nguoi_gioi_thieu_lan_dau") or [])
              or DOTS),
    ]
    return lines


# ------------------------------------------------------------------ (21)

_DETAIL_LABELS = {
    "nam_sinh": ("Năm sinh:", "năm sinh"),
    "noi_sinh": ("Nơi sinh:", "ghi nơi sinh"),
    "que_quan": ("Quê quán:", "ghi quê quán"),
    "noi_o": ("Nơi cư trú:", "ghi nơi cư trú"),
    "nghe_nghiep": ("Nghề nghiệp:", "ghi nghề nghiệp"),
    "thanh_phan_giai_cap": ("Thành phần giai cấp:", "bỏ trống nếu không được quy định thành phần giai cấp"),
    "quoc_tich": ("Quốc tịch:", ""),
    "hoan_canh_kinh_te": ("Hoàn cảnh, kinh tế:", "ghi hoàn cảnh, kinh tế"),
    "tieu_chuan_chinh_tri": ("Vấn đề liên quan đến tiêu chuẩn chính trị:",
                             "ghi những vấn đề liên quan đến tiêu chuẩn chính trị, nếu có"),
    "lich_su_chinh_tri": ("Lịch sử chính trị; chấp hành đường lối của Đảng, chính sách, pháp luật của Nhà nước:",
                          "ghi lịch sử chính trị và việc chấp hành đường lối của Đảng, chính sách, pháp luật của"
                          " Nhà nước"),
    "chap_hanh": ("Chấp hành đường lối của Đảng, chính sách, pháp luật của Nhà nước:",
                  "ghi việc chấp hành đường lối của Đảng, chính sách, pháp luật của Nhà nước"),
    "tien_an": ("Tiền án:", ""),
}


def _detail(c: Candidate, r: dict, key: str) -> dict | None:
    dead = r.get("da_mat") or {}
    if key == "da_mat":
        if not dead:
            return None
        text = f"năm {dead['nam']}" + (f", lý do: {dead['ly_do'][:1].lower() + dead['ly_do'][1:]}"
                                       if dead.get("ly_do") else "")
        return _line("Đã mất:", text + (f", tại {dead['noi_mat']}" if dead.get("noi_mat") else ""))
    label, hint = _DETAIL_LABELS[key]
    if key == "noi_o" and dead:
        label = "Nơi cư trú trước khi mất:"
    if key == "quoc_tich":
        return _line(label, r.get("quoc_tich") or "Việt Nam")
    if key == "tien_an":  # declared only if any (schema: left out when none)
        return _line(label, " ".join(paragraphs(r.get("tien_an"))) or NONE)
    if key == "thanh_phan_giai_cap" and not r.get(key):  # 38-HD: left blank when none was set
        return _line(label, "", hint=f"({hint})" if is_guide(c) else "")
    source = "lich_su_chinh_tri" if key in ("tieu_chuan_chinh_tri", "chap_hanh") else key
    value = r.get(source)
    value = " ".join(paragraphs(value)) if isinstance(value, str) else value
    shown, note = _value(c, value, hint)
    return _line(label, shown, hint=note)


def family(c: Candidate) -> list[dict]:
    """Item (21): the three groups of 38-HD, each with its relatives (a group
    the data has no one in shows one empty row to fill in)."""
    relatives = [r for r in c.data.get("gia_dinh") or [] if isinstance(r, dict)]
    guide = is_guide(c)
    groups = []
    for group in _GROUPS:
        rank = {relation: i for i, relation in enumerate(group["quan_he"])}
        members = sorted((r for r in relatives if r.get("quan_he") in rank), key=lambda r: rank[r["quan_he"]])
        people = [{"quan_he": r.get("quan_he", ""), "ho_ten": r.get("ho_ten", ""), "goi_y": "",
                   "dong": [line for key in group["chi_tiet"] if (line := _detail(c, r, key)) is not None]}
                  for r in members]
        if not people:
            people = [{"quan_he": "", "ho_ten": "" if guide else DOTS,
                       "goi_y": "(chưa khai trong dữ liệu: tự khai nếu có)" if guide else "", "dong": []}]
        groups.append({"nhom": group["nhom"], "goi_y": group["goi_y"] if guide else "", "nguoi": people})
    return groups


# ------------------------------------------------------------------ the form

def _history_notes(c: Candidate) -> list[str]:
    """Item (16): what the data says, and, for a re-admission, when and why the
    candidate left the Party (a break in Party activity)."""
    found = [p for p in paragraphs(c.data.get("dac_diem_lich_su")) if p != NONE]
    again = c.data.get("ket_nap_lai") or {}
    if again.get("ngay_ra_khoi_dang"):
        reason = " ".join(paragraphs(again.get("ly_do")))
        found.append(f"Ra khỏi Đảng {_date_words(again['ngay_ra_khoi_dang'])}" + (f": {reason}" if reason else "."))
    return found or [NONE]


def _own_text(c: Candidate, field: str, lines: int) -> list[str]:
    """The candidate's own text, else dotted lines under the printed hint (a
    guide copy; a typed copy is not made without it)."""
    return paragraphs(c.data.get(field)) or _free_text(c, field, "", lines)[1:]


def _certification(c: Candidate) -> str:
    """Item (26), the sentence 38-HD prescribes, with the candidate and the
    grassroots organisation filled in; the committee strikes what does not apply."""
    name = c.data["ho_ten"]
    grassroots = _grassroots(c, c.chi_bo)
    where = (grassroots or c.chi_bo)["ten"]
    return (f"Chứng nhận lý lịch của quần chúng {name} khai tại {where} là đúng sự thật; không (hoặc có) vấn đề"
            f" về lịch sử chính trị và chính trị hiện nay của người vào Đảng {_PLEDGE_GROUNDS}; quần chúng {name}"
            " đủ (hoặc không đủ) điều kiện để xem xét kết nạp vào Đảng.")


@candidate_form("2-KNĐ")
def personal_history(c: Candidate) -> list[Rendered]:
    """Mẫu 2-KNĐ: Lý lịch của người xin vào Đảng (guide copy unless typed copies are accepted)."""
    d = c.data
    if not is_guide(c) and not d.get("qua_trinh_cong_tac"):
        raise NotReady("chưa có quá trình công tác (qua_trinh_cong_tac) để in bản đánh máy")
    on = date_of(c.milestone("ly_lich").get("ngay"))
    work = [{"thoi_gian": period(w["tu"], w.get("den")), "cong_viec": w.get("cong_viec", ""),
             "chuc_vu": w.get("chuc_vu", "")} for w in d.get("qua_trinh_cong_tac") or []]
    if not work:  # guide copy only (see above): a row to fill in
        work = [{"thoi_gian": DOTS, "cong_viec": DOTS, "chuc_vu": ""}]
    training = [{"ten_truong": t.get("ten_truong", ""), "nganh_hoc": t.get("nganh_hoc", ""),
                 "hinh_thuc": t.get("hinh_thuc", ""), "thoi_gian": period(t["tu"], t.get("den")),
                 "van_bang": t.get("van_bang", "")} for t in d.get("dao_tao_boi_duong") or []]
    abroad = [{"thoi_gian": period(a["tu"], a.get("den")), "noi_dung": a.get("noi_dung", ""),
               "nuoc": a.get("nuoc", ""), "co_quan": a.get("co_quan_cu_di", "")} for a in d.get("di_nuoc_ngoai") or []]

    def honours(field: str) -> list[dict]:
        return [{"thang": month(h["thang"]), "noi_dung": h.get("noi_dung", ""), "cap": h.get("cap_quyet_dinh", "")}
                for h in d.get(field) or []]

    def filled(rows: list[dict], keys: tuple, middle: str) -> list[dict]:
        return [{k: row.get(k, "") for k in keys} for row in (rows or [{middle: NONE}])]

    guide = is_guide(c)
    values = {
        "van_ban": {**_guide_values(c, "2-KNĐ"), "dong_ngay": _date_line(c, c.chi_bo, c.milestone("ly_lich").get("ngay"))},
        "uv": candidate_values(c, on),
        "ll": {
            "bia": {
                "ho_ten_khai_sinh": vietnamese.in_hoa(d.get("ho_ten_khai_sinh") or d["ho_ten"]),
                "ho_ten": d["ho_ten"],
                "ngay_sinh": vietnamese.ngay_van_ban(date_of(d["ngay_sinh"])),
                "que_quan": place_names.address(d, "que_quan", on),
                "so_ly_lich": _or(d.get("so_ly_lich"), DOTS),
            },
            "dau": _first_lines(c),
            "so_luoc": _summary_lines(c, on),
            "goi_y": {key: [text] if guide else [] for key, text in _HINTS.items()},
            "lich_su": _own_text(c, "lich_su_ban_than", 6),
            "cong_tac": work,
            "dac_diem": _history_notes(c),
            "dao_tao": filled(training, ("ten_truong", "nganh_hoc", "hinh_thuc", "thoi_gian", "van_bang"),
                              "nganh_hoc"),
            "nuoc_ngoai": filled(abroad, ("thoi_gian", "noi_dung", "nuoc", "co_quan"), "noi_dung"),
            "khen_thuong": filled(honours("khen_thuong"), ("thang", "noi_dung", "cap"), "noi_dung"),
            "ky_luat": filled(honours("ky_luat"), ("thang", "noi_dung", "cap"), "noi_dung"),
            "gia_dinh": family(c),
            "tu_nhan_xet": _own_text(c, "tu_nhan_xet", 4),
            "chung_nhan": _certification(c),
        },
    }
    entry = _entry("2-KNĐ")
    return [Rendered(entry.code, entry.title, entry.template, values, "2-KND")]
