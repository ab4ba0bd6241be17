"""Who may be admitted (domain notes §7): age counted in months on the day the
chi bộ considers, education, introducers, the awareness-course certificate,
re-admission (the chi bộ's vote: :mod:`dossier.rules.votes`).

Before the chi bộ has met, the same rules look at today (``as_of``) and say
what still stands in the way, as notes (info) or warnings; once the chi bộ has
met, a rule that was not satisfied on the meeting day is an error.
"""

from __future__ import annotations

import datetime as dt
import re

from dossier import stage, vietnamese
from dossier.findings import ERROR, INFO, WARNING, Finding
from dossier.rules import RuleContext, day_text

# ket_nap_lai.ly_do_ma (schemas/ung-vien.schema.json): the labels of 294-QĐ/TW §3.5.2
REASON_LABELS = {
    "tu_bo_sinh_hoat": "tự bỏ sinh hoạt đảng",
    "xin_ra_khoi_dang": "làm đơn xin ra khỏi Đảng",
    "xin_ra_khoi_dang_gia_dinh": "làm đơn xin ra khỏi Đảng vì lý do gia đình đặc biệt khó khăn",
    "mat_doan_ket": "gây mất đoàn kết nội bộ nghiêm trọng",
    "an_tham_nhung": "bị kết án hình sự vì tội tham nhũng",
    "an_nghiem_trong": "bị kết án hình sự về tội phạm nghiêm trọng trở lên",
    "an_it_nghiem_trong": "bị kết án hình sự về tội phạm ít nghiêm trọng",
    "khac": "lý do khác",
}
_GRADE = re.compile(r"^\s*([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*$")


def check(ctx: RuleContext) -> list[Finding]:
    return (_age(ctx) + _education(ctx) + _introducers(ctx) + _certificate(ctx)
            + _readmission(ctx))


def attached(ctx: RuleContext, code: str) -> bool:
    return any(isinstance(item, dict) and item.get("tai_lieu") == code
               for item in ctx.candidate.data.get("dinh_kem") or [])


def age_text(months: int) -> str:
    """``17 tuổi 11 tháng`` for 215 months."""
    if months < 0:
        return f"{months} tháng"
    years, rest = divmod(months, 12)
    return f"{years} tuổi" + (f" {rest} tháng" if rest else "")


# ------------------------------------------------------------------ age


def _age(ctx: RuleContext) -> list[Finding]:
    birth = ctx.date(("ngay_sinh",))
    if birth is None:
        return []
    low, high = int(ctx.value("tuoi_toi_thieu_thang")), int(ctx.value("tuoi_toi_da_thang"))
    meeting = ctx.meeting
    day = meeting or ctx.as_of
    months = vietnamese.so_thang_tron(birth, day)
    where = ("ngay_sinh",)
    extra = {"so_thang": months, "ngay_xet": day.isoformat()}
    if months < low:
        eligible_from = vietnamese.cong_thang(birth, low)
        if meeting:
            return [ctx.finding(
                ERROR, "age.too_young",
                f"Chưa đủ {low // 12} tuổi vào ngày chi bộ xét kết nạp ({day_text(meeting)}): mới {months} tháng "
                f"tròn ({age_text(months)}), cần ít nhất {low} tháng; đủ tuổi từ ngày {day_text(eligible_from)}.",
                where, ("tuoi_toi_thieu_thang",), **extra)]
        return [ctx.finding(
            INFO, "age.not_yet",
            f"Đến ngày {day_text(day)} mới {months} tháng tròn ({age_text(months)}); chi bộ chỉ được xét "
            f"kết nạp từ ngày {day_text(eligible_from)} (đủ {low} tháng).",
            where, ("tuoi_toi_thieu_thang",), **extra)]
    if months > high:
        code = str(ctx.value("dong_y_tren_60_tuoi"))
        when = f"vào ngày chi bộ xét kết nạp ({day_text(meeting)})" if meeting else f"đến ngày {day_text(day)}"
        base = (f"Đã quá {high // 12} tuổi {when}: {months} tháng tròn ({age_text(months)}), tối đa {high} tháng. "
                "Chỉ được kết nạp khi có văn bản đồng ý của Ban Thường vụ tỉnh ủy, thành ủy, đảng ủy trực thuộc "
                "Trung ương trước khi quyết định")
        thresholds = ("tuoi_toi_da_thang", "dong_y_tren_60_tuoi")
        if attached(ctx, code):
            return [ctx.finding(INFO, "age.too_old", base + f"; đã có văn bản đồng ý ({code} trong dinh_kem).",
                                where, thresholds, **extra)]
        decided = ctx.date(("moc", "quyet_dinh_ket_nap", "ngay")) is not None
        return [ctx.finding(ERROR if decided else WARNING, "age.too_old",
                            base + f"; chưa có văn bản này (đính kèm với mã {code} trong dinh_kem).",
                            where, thresholds, **extra)]
    return []


# ------------------------------------------------------------------ education


def _education(ctx: RuleContext) -> list[Finding]:
    level = (ctx.candidate.data.get("trinh_do") or {}).get("giao_duc_pho_thong")
    match = _GRADE.match(str(level)) if level else None
    if not match:
        return []
    grade, system = int(match[1]), int(match[2])
    minimum = _per_system(ctx.value("hoc_van_toi_thieu"), system)
    exception = _per_system(ctx.value("hoc_van_toi_thieu_ngoai_le"), system)
    where = ("trinh_do", "giao_duc_pho_thong")
    if minimum is None or grade >= minimum:
        return []
    text = (f"Trình độ giáo dục phổ thông {grade}/{system}: chưa tốt nghiệp trung học cơ sở "
            f"(cần {minimum}/{system}).")
    if exception is not None and grade >= exception:
        return [ctx.finding(
            WARNING, "education.too_low",
            text + " Chỉ được kết nạp nếu thuộc trường hợp ngoại lệ: ở miền núi, biên giới, hải đảo, vùng đồng bào "
            f"dân tộc thiểu số, vùng đặc biệt khó khăn hoặc là ngư dân (tối thiểu tiểu học, {exception}/{system}).",
            where, ("hoc_van_toi_thieu", "hoc_van_toi_thieu_ngoai_le"))]
    return [ctx.finding(
        ERROR if ctx.meeting else WARNING, "education.too_low",
        text + (f" Thấp hơn cả mức tối thiểu của trường hợp ngoại lệ ({exception}/{system})."
                if exception is not None else ""),
        where, ("hoc_van_toi_thieu", "hoc_van_toi_thieu_ngoai_le"))]


def _per_system(table, system: int):
    if isinstance(table, dict):
        for key, value in table.items():
            if str(key) == str(system):
                return int(value)
        return None
    return int(table) if table is not None else None


# ------------------------------------------------------------------ introducers


def _introducers(ctx: RuleContext) -> list[Finding]:
    c = ctx.candidate
    intro = c.data.get("gioi_thieu") if isinstance(c.data.get("gioi_thieu"), dict) else {}
    members = [m for m in intro.get("dang_vien") or [] if isinstance(m, dict)]
    unions = [key for key in ("doan_thanh_nien", "cong_doan") if intro.get(key)]
    meeting = ctx.meeting
    applied = ctx.date(("moc", "don_xin_vao_dang", "ngay")) is not None
    findings: list[Finding] = []
    need = int(ctx.value("so_nguoi_gioi_thieu"))
    have = len(members) + (1 if unions else 0)
    if (have < need or not members) and (meeting or applied):
        union_words = {"doan_thanh_nien": "nghị quyết giới thiệu của Ban Chấp hành Đoàn cơ sở",
                       "cong_doan": "nghị quyết giới thiệu của Ban Chấp hành Công đoàn cơ sở"}
        if members or unions:
            now = (f"{'Khi chi bộ xét chỉ có' if meeting else 'Mới có'} {len(members)} đảng viên giới thiệu"
                   + "".join(f" và {union_words[u]}" for u in unions))
        else:
            now = "Chưa có người, tổ chức giới thiệu vào Đảng (gioi_thieu)"
        message = (f"{now}; cần hai đảng viên chính thức, hoặc một đảng viên chính thức cùng Ban Chấp hành Đoàn "
                   "cơ sở (người trong độ tuổi thanh niên là đoàn viên) hoặc Ban Chấp hành Công đoàn cơ sở.")
        findings.append(ctx.finding(ERROR if meeting else INFO, "introducer.too_few", message,
                                    ("gioi_thieu",), ("so_nguoi_gioi_thieu",)))

    findings += _youth_union(ctx, unions)

    together = int(ctx.value("gioi_thieu_cung_cong_tac_thang"))
    for i, item in enumerate(members):
        record = c.org.members.get(item.get("ma"))
        if record is None:
            continue  # reported by validation (ref.member)
        person = record[0]
        name = person.get("ho_ten", item.get("ma"))
        written = ctx.date(("gioi_thieu", "dang_vien", i, "ngay"))
        on = written or meeting or ctx.as_of
        official = _date(person.get("ngay_chinh_thuc"))
        if official is None or official > on:
            why = (f"chính thức từ ngày {day_text(official)}" if official else
                   "danh sách đảng viên không ghi ngày chính thức (ngay_chinh_thuc): đang là đảng viên dự bị")
            when = ("ngày ký giấy giới thiệu" if written else
                    "ngày chi bộ xét" if meeting else "hôm nay")
            findings.append(ctx.finding(
                ERROR if (written or meeting) else WARNING, "introducer.not_full_member",
                f"Người giới thiệu {name} chưa là đảng viên chính thức vào {when} ({day_text(on)}): {why}.",
                ("gioi_thieu", "dang_vien", i, "ma"), source=ctx.source("so_nguoi_gioi_thieu"),
                certainty=ctx.certainty("so_nguoi_gioi_thieu")))
        start = _month_start(item.get("cung_cong_tac_tu"))
        if start is None or isinstance(item.get("phan_cong_thay"), dict):
            continue  # a replacement assigned by the chi bộ needs no 12 months together (294-QĐ/TW §3.2.2)
        day = meeting or ctx.as_of
        months = vietnamese.so_thang_tron(start, day)
        if months < together:
            enough = vietnamese.cong_thang(start, together)
            since = f"từ tháng {start.month}/{start.year}"
            if meeting:
                message = (f"Người giới thiệu {name} mới cùng công tác, học tập với người vào Đảng {months} tháng "
                           f"({since}) tính đến ngày chi bộ xét ({day_text(meeting)}); cần ít nhất {together} tháng "
                           f"(đủ từ ngày {day_text(enough)}).")
            else:
                message = (f"Người giới thiệu {name} cùng công tác, học tập với người vào Đảng {since}: đủ "
                           f"{together} tháng từ ngày {day_text(enough)}; chi bộ chỉ xét được từ ngày đó.")
            findings.append(ctx.finding(ERROR if meeting else INFO, "introducer.too_short", message,
                                        ("gioi_thieu", "dang_vien", i, "cung_cong_tac_tu"),
                                        ("gioi_thieu_cung_cong_tac_thang",), so_thang=months))
    return findings


def _youth_union(ctx: RuleContext, unions: list[str]) -> list[Finding]:
    """The Youth Union path both ways, age taken on the day of the Youth Union's
    resolution (else the chi bộ meeting): a member of youth age is introduced by
    the Youth Union and one official member; someone past youth age by two
    official members, not by the Youth Union."""
    c = ctx.candidate
    birth, meeting = ctx.date(("ngay_sinh",)), ctx.meeting
    resolution = ctx.date(("gioi_thieu", "doan_thanh_nien", "ngay"))
    on = resolution or meeting or ctx.as_of
    if birth is None:
        return []
    ctx = ctx.at(on)
    official = bool((c.data.get("doan_the") or {}).get("can_bo_doan"))
    limit_name = "tuoi_thanh_nien_can_bo_doan_toi_da_thang" if official else "tuoi_thanh_nien_toi_da_thang"
    limit = int(ctx.value(limit_name))
    months = vietnamese.so_thang_tron(birth, on)
    who = "cán bộ Đoàn" if official else "đoàn viên"
    when = (f"ngày Đoàn ra nghị quyết giới thiệu ({day_text(on)})" if resolution
            else f"ngày chi bộ xét ({day_text(on)})" if meeting else f"ngày {day_text(on)}")
    if "doan_thanh_nien" in unions and months > limit:
        return [ctx.finding(
            ERROR if meeting else WARNING, "introducer.youth_union_over_age",
            f"Được Ban Chấp hành Đoàn cơ sở giới thiệu nhưng vào {when} đã {age_text(months)}, quá tuổi thanh niên "
            f"của {who} ({limit // 12} tuổi, {limit} tháng): người hết tuổi thanh niên phải do hai đảng viên chính "
            "thức giới thiệu.", ("gioi_thieu", "doan_thanh_nien"), (limit_name, "so_nguoi_gioi_thieu"),
            so_thang=months)]
    if (meeting and "doan_thanh_nien" not in unions and (c.data.get("doan_the") or {}).get("doan_thanh_nien")
            and months <= limit):
        return [ctx.finding(
            WARNING, "introducer.youth_union_expected",
            f"Người vào Đảng là đoàn viên, trong độ tuổi thanh niên khi chi bộ xét ({day_text(meeting)}), nhưng "
            "không có nghị quyết giới thiệu của Ban Chấp hành Đoàn cơ sở (gioi_thieu.doan_thanh_nien); nơi có tổ "
            "chức Đoàn thì Đoàn cơ sở và một đảng viên chính thức giới thiệu.",
            ("gioi_thieu",), (limit_name, "so_nguoi_gioi_thieu"), so_thang=months)]
    return []


def _date(value) -> dt.date | None:
    try:
        return vietnamese.parse_ngay(value) if value else None
    except ValueError:
        return None


def _month_start(value) -> dt.date | None:
    """The first day of a month written ``2024-09`` / ``09/2024``: counting from
    the first day gives the introducer the benefit of the doubt."""
    if not value:
        return None
    try:
        year, month = vietnamese.parse_thang(str(value))
    except ValueError:
        return None
    return dt.date(year, month, 1)


# ------------------------------------------------------------------ certificate


def _certificate(ctx: RuleContext) -> list[Finding]:
    c = ctx.candidate
    found = stage.dates(c, "chung_nhan_nhan_thuc")
    meeting = ctx.meeting
    valid_months = int(ctx.value("hieu_luc_chung_nhan_nhan_thuc_thang"))
    thresholds = ("hieu_luc_chung_nhan_nhan_thuc_thang",)
    if not found:
        if meeting:
            return [ctx.finding(
                ERROR, "certificate.missing",
                "Chi bộ đã xét kết nạp nhưng không có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng: "
                "người này không có trong tệp lớp nào (lop/*.yaml, hoc_vien) và không khai moc.chung_nhan_nhan_thuc.",
                ("moc",), thresholds)]
        return []
    issued = found[0]
    expiry = vietnamese.cong_thang(issued.date, valid_months)  # last day it is valid
    extra = {"ngay_cap": issued.date.isoformat(), "het_han_sau_ngay": expiry.isoformat()}
    head = (f"Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng cấp ngày {day_text(issued.date)} có giá trị "
            f"{valid_months} tháng (đến hết ngày {day_text(expiry)})")
    if meeting:
        if meeting > expiry:
            return [ctx.finding(ERROR, "certificate.expired",
                                head + f"; chi bộ xét kết nạp ngày {day_text(meeting)} khi giấy đã hết hạn: phải "
                                "học lại lớp bồi dưỡng nhận thức về Đảng.",
                                issued.location, thresholds, **extra)]
        return []
    if ctx.as_of > expiry:
        return [ctx.finding(WARNING, "certificate.expired",
                            head + ": đã hết hạn; phải học lại lớp bồi dưỡng trước khi chi bộ xét kết nạp.",
                            issued.location, thresholds, **extra)]
    left = ctx.calendar.working_days_between(ctx.as_of, expiry)
    if left <= ctx.window:
        return [ctx.finding(WARNING, "certificate.expiring",
                            head + f": còn {left} ngày làm việc; chi bộ cần xét kết nạp trước khi giấy hết hạn, "
                            "nếu không phải học lại.", issued.location, thresholds, con_lai_ngay_lam_viec=left,
                            **extra)]
    return []


# ------------------------------------------------------------------ re-admission


def _readmission(ctx: RuleContext) -> list[Finding]:
    c = ctx.candidate
    again = c.data.get("ket_nap_lai")
    if not isinstance(again, dict):
        return []
    findings: list[Finding] = []
    meeting = ctx.meeting
    left = ctx.date(("ket_nap_lai", "ngay_ra_khoi_dang"))
    need = int(ctx.value("ket_nap_lai_sau_thang"))
    if left is not None:
        day = meeting or ctx.as_of
        months = vietnamese.so_thang_tron(left, day)
        if months < need:
            earliest = vietnamese.cong_thang(left, need)
            if meeting:
                message = (f"Ra khỏi Đảng ngày {day_text(left)}, đến ngày chi bộ xét ({day_text(meeting)}) mới "
                           f"{months} tháng; chỉ được xét kết nạp lại sau ít nhất {need} tháng (từ ngày "
                           f"{day_text(earliest)}).")
            else:
                message = (f"Ra khỏi Đảng ngày {day_text(left)}: chi bộ chỉ được xét kết nạp lại từ ngày "
                           f"{day_text(earliest)} (sau ít nhất {need} tháng).")
            findings.append(ctx.finding(ERROR if meeting else INFO, "readmission.too_soon", message,
                                        ("ket_nap_lai", "ngay_ra_khoi_dang"), ("ket_nap_lai_sau_thang",),
                                        so_thang=months))
    earlier = again.get("so_lan_da_ket_nap_lai")
    if isinstance(earlier, int) and earlier >= int(ctx.value("ket_nap_lai_toi_da_lan")):
        findings.append(ctx.finding(
            ERROR, "readmission.only_once",
            f"Đã được kết nạp lại {earlier} lần: chỉ kết nạp lại một lần, không được xem xét kết nạp lại nữa.",
            ("ket_nap_lai", "so_lan_da_ket_nap_lai"), ("ket_nap_lai_toi_da_lan",)))
    reason = again.get("ly_do_ma")
    if reason in (ctx.value("ket_nap_lai_khong_xet_ly_do") or []):
        findings.append(ctx.finding(
            ERROR, "readmission.excluded_reason",
            f"Đã ra khỏi Đảng vì lý do không được xem xét kết nạp lại ({REASON_LABELS.get(reason, reason)}).",
            ("ket_nap_lai", "ly_do_ma"), ("ket_nap_lai_khong_xet_ly_do",)))
    code = str(ctx.value("dong_y_ket_nap_lai"))
    if not again.get("van_ban_dong_y") and not attached(ctx, code):
        decided = ctx.date(("moc", "quyet_dinh_ket_nap", "ngay"))
        if decided:
            message = (f"Đã có quyết định kết nạp lại (ngày {day_text(decided)}) nhưng không có văn bản đồng ý của "
                       "Ban Thường vụ tỉnh ủy, thành ủy (ket_nap_lai.van_ban_dong_y hoặc tệp đính kèm mã "
                       f"{code}); văn bản này phải có trước khi quyết định.")
        else:
            message = ("Cần văn bản đồng ý của Ban Thường vụ tỉnh ủy, thành ủy trước khi cấp ủy có thẩm quyền "
                       f"quyết định kết nạp lại (khai ket_nap_lai.van_ban_dong_y hoặc đính kèm mã {code}).")
        findings.append(ctx.finding(ERROR if decided else INFO, "readmission.no_consent", message,
                                    ("ket_nap_lai",), ("dong_y_ket_nap_lai",)))
    return findings
