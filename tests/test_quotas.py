"""Quota arithmetic (generator/quotas.py) on a small hand-made catalog, figures counted by hand.

The rules are the plan's (section IV.2.a) as contract v2 states them: an office is counted over
every unit under it; a school under an office owes one model; a unit directly under the
department owes model, staff and students; one level per person; lists are due *before* the
deadline; pilot schools 3/3/3 per office.
"""

from __future__ import annotations

from datetime import date

import pytest

from generator.levels import class_level, person_level
from generator.model import Campaign, Catalog, Event, Exemplar, Unit
from generator.quotas import Summary, columns, counts_toward, dashboard, pilots, year_quota

YEAR = "2018-2019"
DEADLINE = date(2018, 10, 20)

UNITS = [
    Unit("so", "Sở Giáo dục và Đào tạo", "department"),
    Unit("pgd-a", "Phòng GD&ĐT A", "office", parent="so"),
    Unit("pgd-b", "Phòng GD&ĐT B", "office", parent="so"),
    Unit("mn-a", "Trường Mầm non A", "school", level="mam-non", parent="pgd-a", pilot=("k1",)),
    Unit("mn-a2", "Trường Mầm non A2", "school", level="mam-non", parent="pgd-a", pilot=("k1",)),
    Unit("th-a", "Trường Tiểu học A", "school", level="tieu-hoc", parent="pgd-a"),
    Unit("lc-a", "Trường TH và THCS A", "school", level="th-thcs", parent="pgd-a", pilot=("k1",)),
    Unit("thcs-a", "Trường THCS A", "school", level="thcs", parent="pgd-a"),
    # Merged before the school year began: not expected to register in 2018-2019.
    Unit("cu-a", "Trường Tiểu học Cũ", "school", level="tieu-hoc", parent="pgd-a",
         until=date(2018, 7, 31), successor="th-a"),
    Unit("th-b", "Trường Tiểu học B", "school", level="tieu-hoc", parent="pgd-b"),
    Unit("thpt", "Trường THPT Tỉnh", "school", level="thpt", parent="so"),
    Unit("tt", "Trung tâm Kỹ thuật", "unit", parent="so"),
]

CAMPAIGN = Campaign(
    id="k1", title="Kế hoạch 1", start=date(2017, 9, 1), end=date(2020, 12, 31),
    registration_deadline=date(2017, 10, 20), deadlines={YEAR: DEADLINE},
    pilot={"mam-non": 3, "tieu-hoc": 3, "thcs": 3},
    quotas={"office": {"staff": {"total": 4, "mam-non": 1, "tieu-hoc": 2, "thcs": 2},
                       "student": {"total": 3, "tieu-hoc": 2, "thcs": 1},
                       "collective": {"total": 2, "up_to": 4}},
            "school": {"collective": {"total": 1}},
            "affiliated": {"collective": {"total": 1}, "staff": {"total": 2}, "student": {"total": 1}}})
OTHER = Campaign(id="k2", title="Kế hoạch 2", start=date(2018, 9, 1), end=date(2019, 8, 31),
                 quotas={"affiliated": {"staff": {"total": 9}}})


def rec(rid: str, kind: str, unit: str, registered: date | None = date(2018, 10, 1),
        year: str = YEAR, campaign: str = "k1", position: str | None = None, level: str | None = None,
        stage: str = "registered") -> Exemplar:
    events = (Event(registered, "Đăng ký", "registered"),) if registered else ()
    return Exemplar(id=rid, source=f"{rid}.yml", kind=kind, name=rid, title=rid, unit=unit,
                    campaign=campaign, school_year=year, summary="s", registered_title="t",
                    stage=stage, published=date(2019, 1, 1), events=events, position=position, level=level)


RECORDS = [
    rec("gv-mn", "staff", "mn-a"),
    rec("ql-th", "manager", "th-a"),                               # a manager counts toward the total only
    rec("gv-lc", "staff", "lc-a", position="Giáo viên lớp 4A",     # TH&THCS, class 4A: tiểu học only;
        registered=date(2018, 10, 20)),                            # registered on the deadline day: late
    rec("gv-lc2", "staff", "lc-a", position="Giáo viên Ngữ văn"),  # TH&THCS, no class: total only
    rec("hs-th", "student", "th-a"),
    rec("hs-lc", "student", "lc-a", position="Lớp 7A"),            # TH&THCS pupil of 7A: THCS only
    rec("hs-thcs", "student", "thcs-a", registered=date(2018, 10, 19)),  # the day before: in time
    rec("tt-th", "collective", "th-a"),
    rec("gv-pgd", "staff", "pgd-a", registered=None),              # the office's own record, no date
    rec("hs-b", "student", "th-b", registered=date(2018, 11, 2)),  # late, other office
    rec("gv-thpt", "staff", "thpt"),
    rec("ph-th", "collective", "th-a", stage="discovered"),       # only discovered: counts nowhere
    rec("cu", "collective", "th-a", year="2017-2018", registered=date(2017, 10, 1)),
    rec("k2-gv", "staff", "thpt", campaign="k2"),                 # other campaign: not counted in k1
]


@pytest.fixture
def catalog() -> Catalog:
    return Catalog(units={u.id: u for u in UNITS}, campaigns={"k1": CAMPAIGN, "k2": OTHER},
                   exemplars=list(RECORDS), today=date(2026, 1, 1))


def figures(q) -> dict[tuple[str, str], tuple[int, int]]:
    return {(li.kind, li.key): (li.actual, li.required) for li in q.lines}


@pytest.mark.parametrize("position, level", [
    ("Lớp 7A", "thcs"), ("lớp 7", "thcs"), ("7A1", "thcs"), ("Giáo viên lớp 4A", "tieu-hoc"),
    ("Lớp 11A1", "thpt"), ("Lớp 3B", "tieu-hoc"), ("Hiệu trưởng", None), ("Giáo viên Ngữ văn", None),
    ("Năm học 2018-2019", None), ("Dạy lớp 5 và lớp 6", None), (None, None),
])
def test_class_names_give_one_level(position, level):
    assert class_level(position) == level


def test_one_level_per_person():
    assert person_level(None, "th-thcs", "Lớp 7A") == "thcs"
    assert person_level(None, "th-thcs", "Lớp 11A") is None        # not a class the school teaches
    assert person_level("tieu-hoc", "th-thcs", "Lớp 7A") == "tieu-hoc"  # the record's own level wins
    assert person_level(None, "tieu-hoc", None) == "tieu-hoc"
    assert person_level(None, None, "Lớp 7A") is None              # an office has no level


def test_counting_rules():
    staff, manager, student = rec("a", "staff", "x"), rec("b", "manager", "x"), rec("c", "student", "x")
    assert counts_toward(manager, "tieu-hoc", "staff", "total")
    assert not counts_toward(manager, "tieu-hoc", "staff", "tieu-hoc")   # level minimums are teachers
    assert counts_toward(staff, "tieu-hoc", "staff", "tieu-hoc")
    assert not counts_toward(staff, "tieu-hoc", "student", "total")
    assert counts_toward(student, "thcs", "student", "thcs")
    assert not counts_toward(student, "thcs", "student", "tieu-hoc")
    assert not counts_toward(staff, None, "staff", "thcs") and counts_toward(staff, None, "staff", "total")


def test_columns_put_total_first_and_skip_up_to():
    assert columns(CAMPAIGN, "office") == (
        ("staff", "total"), ("staff", "mam-non"), ("staff", "tieu-hoc"), ("staff", "thcs"),
        ("student", "total"), ("student", "tieu-hoc"), ("student", "thcs"), ("collective", "total"))
    assert columns(CAMPAIGN, "department") == ()


def test_office_counts_every_unit_under_it_one_level_each(catalog):
    yq = year_quota(catalog, YEAR, CAMPAIGN)
    a, b = yq.offices
    assert (a.unit.id, b.unit.id) == ("pgd-a", "pgd-b")
    # pgd-a, k1, 2018-2019: gv-mn, ql-th, gv-lc, gv-lc2, hs-th, hs-lc, hs-thcs, tt-th, gv-pgd = 9
    # registered records (ph-th is only discovered; cu is 2017-2018; k2-gv another campaign).
    # staff total: gv-mn, ql-th, gv-lc, gv-lc2, gv-pgd = 5; teachers by level: mầm non gv-mn 1,
    #   tiểu học gv-lc (class 4A) 1, THCS 0 (gv-lc2 names no class, ql-th is a manager).
    # students: hs-th (TH), hs-lc (7A: THCS), hs-thcs (THCS) = 3; tiểu học 1, THCS 2.
    # collective: tt-th = 1, against 2 (range 2–4).
    assert a.registered == 9
    assert figures(a) == {("staff", "total"): (5, 4), ("staff", "mam-non"): (1, 1),
                          ("staff", "tieu-hoc"): (1, 2), ("staff", "thcs"): (0, 2),
                          ("student", "total"): (3, 3), ("student", "tieu-hoc"): (1, 2),
                          ("student", "thcs"): (2, 1), ("collective", "total"): (1, 2)}
    # Level cells never add up to more than their total.
    for kind in ("staff", "student"):
        levels = sum(li.actual for li in a.lines if li.kind == kind and li.key != "total")
        assert levels <= a.line(kind).actual
    assert a.line("collective").target == "2–4" and a.line("staff").target == "4"
    # Below minimum: teachers of tiểu học and THCS, pupils of tiểu học, models.
    assert not a.met and a.unmet == 4 and a.shortfall == 1
    assert [e.id for e in a.without_level] == ["gv-lc2"]
    assert [e.id for e in a.late] == ["gv-lc"]
    # Share of the minimum reached: totals capped at their minimum: 4 + 3 + 1 of 4 + 3 + 2.
    assert (a.counted, a.required, a.percent) == (8, 9, 88)
    assert b.registered == 1 and figures(b)[("student", "total")] == (1, 3)


def test_schools_under_an_office_owe_their_model_only(catalog):
    yq = year_quota(catalog, YEAR, CAMPAIGN)
    by_id = {q.unit.id: q for q in yq.schools}
    # Tree order within each office; the merged school has no 2018-2019 record and is left out.
    assert list(by_id) == ["mn-a", "mn-a2", "thcs-a", "lc-a", "th-a", "th-b"]
    assert all(q.scope == "school" for q in yq.schools)
    # mn-a has a teacher and no model: short of its model only; thcs-a has a pupil and no staff,
    # and is short of its model, not of staff or students.
    assert figures(by_id["mn-a"]) == {("collective", "total"): (0, 1)}
    assert figures(by_id["thcs-a"]) == {("collective", "total"): (0, 1)}
    # th-a has its model (tt-th): met, though it introduced no teacher.
    assert by_id["th-a"].met and by_id["th-a"].office.id == "pgd-a"
    assert by_id["mn-a"].pilot and not by_id["th-a"].pilot
    assert yq.office_summary(yq.offices[0].unit)[1] == Summary(units=5, met=1, required=5, counted=1)


def test_directly_affiliated_units_owe_model_staff_and_students(catalog):
    yq = year_quota(catalog, YEAR, CAMPAIGN)
    by_id = {q.unit.id: q for q in yq.affiliated}
    assert list(by_id) == ["tt", "thpt"]   # other units before schools, as in the unit tree
    assert figures(by_id["tt"]) == {("collective", "total"): (0, 1), ("staff", "total"): (0, 2),
                                    ("student", "total"): (0, 1)}
    assert not by_id["tt"].met and by_id["tt"].shortfall == 4
    assert figures(by_id["thpt"]) == {("collective", "total"): (0, 1), ("staff", "total"): (1, 2),
                                      ("student", "total"): (0, 1)}
    assert by_id["thpt"].office is None and by_id["thpt"].scope == "affiliated"


def test_summaries_for_the_year_and_the_campaign(catalog):
    yq = year_quota(catalog, YEAR, CAMPAIGN)
    # Offices: pgd-a 8/9 counted, pgd-b 1 of 9 (one student); none met.
    assert yq.summary("office") == Summary(units=2, met=0, required=18, counted=9)
    # Schools under offices: th-a met; mn-a, mn-a2, thcs-a, lc-a, th-b not: 1 of 6.
    assert yq.summary("school") == Summary(units=6, met=1, required=6, counted=1)
    # Affiliated: tt 0 of 4, thpt 1 of 4.
    assert yq.summary("affiliated") == Summary(units=2, met=0, required=8, counted=1)
    assert yq.total == Summary(units=10, met=1, required=32, counted=11) and yq.total.percent == 34


def test_the_deadline_day_is_late_and_the_day_before_is_not(catalog):
    yq = year_quota(catalog, YEAR, CAMPAIGN)
    assert yq.deadline == DEADLINE
    # gv-lc registered on 20/10 ("trước ngày 20/10": late), hs-b on 02/11; hs-thcs on 19/10 is in
    # time; gv-pgd has no registration date and cannot be late.
    assert sorted(e.id for e in yq.late) == ["gv-lc", "hs-b"]


def test_deadlines_are_never_invented():
    assert CAMPAIGN.deadline_for("2017-2018") == date(2017, 10, 20)   # registration_deadline's year
    assert CAMPAIGN.deadline_for(YEAR) == DEADLINE                     # from `deadlines`
    assert CAMPAIGN.deadline_for("2019-2020") is None                  # none given: none invented
    assert OTHER.deadline_for(YEAR) is None


def test_merged_unit_still_counts_when_it_has_records(catalog):
    catalog.exemplars.append(rec("cu-hs", "student", "cu-a"))
    catalog.__post_init__()
    yq = year_quota(catalog, YEAR, CAMPAIGN)
    assert "cu-a" in [q.unit.id for q in yq.schools]
    assert figures(yq.offices[0])[("student", "total")] == (4, 3)


def test_dashboard_has_one_entry_per_year_and_campaign_newest_first(catalog):
    entries = [(yq.school_year, yq.campaign.id, len(yq.records)) for yq in dashboard(catalog)]
    assert entries == [("2018-2019", "k1", 11), ("2018-2019", "k2", 1), ("2017-2018", "k1", 1)]
    k2 = dashboard(catalog)[1]
    assert k2.deadline is None and k2.late == ()
    assert k2.by_kind() == {"staff": 1}
    # staff: gv-mn, ql-th, gv-lc, gv-lc2, gv-pgd, gv-thpt; ph-th (discovered) is not there.
    assert dashboard(catalog)[0].by_kind() == {"staff": 6, "student": 4, "collective": 1}


def test_an_office_with_two_pilot_preschools_is_one_short(catalog):
    a, b = pilots(catalog, CAMPAIGN)
    assert a.office.id == "pgd-a"
    lines = {li.level: (li.actual, li.required, li.shortfall) for li in a.lines}
    # mn-a, mn-a2 (mầm non); lc-a (TH&THCS) pilots in both its levels.
    assert lines == {"mam-non": (2, 3, 1), "tieu-hoc": (1, 3, 2), "thcs": (1, 3, 2)}
    assert not a.met and a.shortfall == 5
    assert b.schools == () and b.shortfall == 9
