"""Vietnamese working days: holidays incl. Tết (lunar), substitute days, swaps,
organisation days off and make-up days. Every expected date is counted by hand
on the 2026 calendar (1/1/2026 is a Thursday; Tết Bính Ngọ is Tuesday 17/2/2026)."""

import datetime as dt

import pytest

from conftest import SAMPLES
from dossier.loader import load
from dossier.workdays import WorkCalendar

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


@pytest.mark.parametrize("day, words", [
    (D(2026, 1, 1), "Tết Dương lịch"),
    (D(2026, 1, 2), "Tết Dương lịch"),  # swapped with Saturday 10/01 (supplement data, Bộ Nội vụ 25/12/2025)
    (D(2026, 2, 16), "Giao thừa"),  # 29 tháng Chạp
    (D(2026, 2, 17), "Tết Nguyên Đán"),
    (D(2026, 2, 20), "Mùng bốn"),
    (D(2026, 4, 27), "Giỗ Tổ Hùng Vương"),  # 10/3 âm lịch is Sunday 26/4: compensated on Monday
    (D(2026, 4, 30), "Chiến thắng"),
    (D(2026, 5, 1), "Lao động"),
    (D(2026, 8, 31), "22/08/2026"),  # day off swapped with Saturday 22/8
    (D(2026, 9, 1), "Quốc khánh"),
    (D(2026, 9, 2), "Quốc khánh"),
    (D(2026, 11, 24), "Văn hóa"),
    (D(2026, 2, 14), "thứ Bảy"),
    (D(2026, 2, 22), "Chủ nhật"),
])
def test_days_off_have_a_reason(cal, day, words):
    assert not cal.is_working_day(day)
    assert words in cal.day_off_reason(day)


@pytest.mark.parametrize("day", [
    D(2026, 1, 10),  # Saturday worked for Friday 2/1
    D(2026, 8, 22),  # Saturday worked for Monday 31/8
    D(2026, 2, 13), D(2026, 2, 23), D(2026, 4, 28), D(2026, 11, 23), D(2026, 11, 25),
])
def test_working_days(cal, day):
    assert cal.is_working_day(day)
    assert cal.day_off_reason(day) is None


def test_nine_days_of_tet_2026(cal):
    off = [D(2026, 2, 14) + dt.timedelta(days=i) for i in range(9)]
    assert not any(cal.is_working_day(d) for d in off)
    assert cal.is_working_day(D(2026, 2, 13)) and cal.is_working_day(D(2026, 2, 23))


def test_counting_across_tet(cal):
    # Thursday 12/2: Friday 13/2 is the 1st working day, then nine days off, Monday 23/2 is the 2nd.
    assert cal.add_working_days(D(2026, 2, 12), 1) == D(2026, 2, 13)
    assert cal.add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 23)
    assert cal.working_days_between(D(2026, 2, 12), D(2026, 2, 23)) == 2


def test_sixty_working_days_across_tet_and_a_make_up_saturday(cal):
    # From Monday 5/1/2026: 6–9/1 (4), Saturday 10/1 make-up (5), then five a week until 13/2 (30),
    # Tết 14–22/2, 23/2–27/3 (55), 30/3–3/4 (60).
    assert cal.add_working_days(D(2026, 1, 5), 60) == D(2026, 4, 3)
    assert cal.working_days_between(D(2026, 1, 5), D(2026, 4, 3)) == 60
    off = cal.days_off_between(D(2026, 1, 5), D(2026, 4, 3))
    assert [d for d, _ in off] == [D(2026, 2, 16) + dt.timedelta(days=i) for i in range(5)]


def test_start_day_is_not_counted_and_zero_days_is_the_same_day(cal):
    assert cal.add_working_days(D(2026, 11, 20), 0) == D(2026, 11, 20)
    # Friday 20/11 -> Monday 23/11 (1), Tuesday 24/11 is Ngày Văn hóa, Wednesday 25/11 (2)
    assert cal.add_working_days(D(2026, 11, 20), 2) == D(2026, 11, 25)
    assert cal.working_days_between(D(2026, 11, 25), D(2026, 11, 20)) == -2


@pytest.mark.parametrize("start", [D(2025, 12, 20) + dt.timedelta(days=i) for i in range(0, 70, 3)])
def test_adding_and_counting_agree(cal, start):
    for n in (1, 5, 30, 60):
        assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


def test_organisation_days_off_and_make_up_days():
    own = WorkCalendar(days_off=["2026-03-02"], working_days=[D(2026, 3, 7), "24/11/2026"])
    assert not own.is_working_day(D(2026, 3, 2))
    assert "tổ chức" in own.day_off_reason(D(2026, 3, 2))
    assert own.is_working_day(D(2026, 3, 7))  # a Saturday
    assert own.is_working_day(D(2026, 11, 24))  # the organisation works on a holiday it declares
    # Friday 27/2 + 1: Monday 2/3 is off, Tuesday 3/3
    assert own.add_working_days(D(2026, 2, 27), 1) == D(2026, 3, 3)


def test_sample_organisation_calendar():
    doc, _ = load(SAMPLES / "to-chuc.yaml")
    cal = WorkCalendar.for_organisation(doc.data)
    assert not cal.is_working_day(D(2026, 1, 2))
    assert cal.is_working_day(D(2026, 1, 10))


def test_without_national_days_only_weekends_count():
    bare = WorkCalendar(national=False)
    assert bare.is_working_day(D(2026, 2, 17))
    assert bare.add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 16)


def test_negative_count_is_refused(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(D(2026, 1, 1), -1)


# The days off on weekdays from 2025 to 2027 as the bounded holidays release and the supplement give
# them (checked by hand against the announced calendars: Tết 27–31/1/2025, 16–20/2/2026 with 2/1/2026
# swapped, 30/4–2/5/2025 with 2/5 swapped, 1–2/9, 24/11 from 2026). A new release of the library
# that moves or adds a day fails here instead of moving a deadline silently (pyproject bounds it).
PINNED_DAYS_OFF = [
    "2025-01-01",
    "2025-01-27",
    "2025-01-28",
    "2025-01-29",
    "2025-01-30",
    "2025-01-31",
    "2025-04-07",
    "2025-04-30",
    "2025-05-01",
    "2025-05-02",
    "2025-09-01",
    "2025-09-02",
    "2026-01-01",
    "2026-01-02",
    "2026-02-16",
    "2026-02-17",
    "2026-02-18",
    "2026-02-19",
    "2026-02-20",
    "2026-04-27",
    "2026-04-30",
    "2026-05-01",
    "2026-08-31",
    "2026-09-01",
    "2026-09-02",
    "2026-11-24",
    "2027-01-01",
    "2027-02-04",
    "2027-02-05",
    "2027-02-08",
    "2027-02-09",
    "2027-02-10",
    "2027-04-16",
    "2027-04-30",
    "2027-05-03",
    "2027-09-02",
    "2027-09-03",
    "2027-11-24",
]


def test_days_off_2025_to_2027_are_pinned():
    calendar = WorkCalendar.for_organisation({})
    found = [d.isoformat() for d, _ in calendar.days_off_between(dt.date(2024, 12, 31), dt.date(2027, 12, 31))]
    assert found == PINNED_DAYS_OFF
