"""Quota arithmetic (generator/quotas.py) on a small hand-made catalog, figures counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from generator.model import Campaign, Catalog, Event, Exemplar, Unit
from generator.quotas import columns, counts_toward, dashboard, year_quota

YEAR = "2018-2019"
DEADLINE = date(2018, 10, 20)

UNITS = [
    Unit("so", "Sở Giáo dục và Đào tạo", "department"),
    Unit("pgd-a", "Phòng GD&ĐT A", "office", parent="so"),
    Unit("pgd-b", "Phòng GD&ĐT B", "office", parent="so"),
    Unit("mn-a", "Trường Mầm non A", "school", level="mam-non", parent="pgd-a"),
    Unit("th-a", "Trường Tiểu học A", "school", level="tieu-hoc", parent="pgd-a"),
    Unit("lc-a", "Trường TH và THCS A", "school", level="th-thcs", parent="pgd-a"),
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
    registration_deadline=date(2017, 10, 20),
    quotas={"office": {"staff": {"total": 4, "mam-non": 1, "tieu-hoc": 2, "thcs": 2},
                       "student": {"total": 3, "tieu-hoc": 2, "thcs": 1},
                       "collective": {"total": 2}},
            "school": {"collective": {"total": 1}, "staff": {"total": 2}, "student": {"total": 1}}})
OTHER = Campaign(id="k2", title="Kế hoạch 2", start=date(2018, 9, 1), end=date(2019, 8, 31),
                 quotas={"school": {"staff": {"total": 9}}})


def rec(rid: str, kind: str, unit: str, registered: date | None = date(2018, 10, 1),
        year: str = YEAR, campaign: str = "k1") -> Exemplar:
    events = (Event(registered, "Đăng ký", "registered"),) if registered else ()
    return Exemplar(id=rid, source=f"{rid}.yml", kind=kind, name=rid, title=rid, unit=unit,
                    campaign=campaign, school_year=year, summary="s", registered_title="t",
                    stage="registered", published=date(2019, 1, 1), events=events)


RECORDS = [
    rec("gv-mn", "staff", "mn-a"),
    rec("ql-th", "manager", "th-a"),                          # a manager counts as staff
    rec("gv-lc", "staff", "lc-a", registered=date(2018, 10, 21)),  # th-thcs: tiểu học and THCS; late
    rec("hs-th", "student", "th-a"),
    rec("hs-lc", "student", "lc-a"),
    rec("hs-thcs", "student", "thcs-a", registered=date(2018, 10, 20)),  # on the deadline: not late
    rec("tt-th", "collective", "th-a"),
    rec("gv-pgd", "staff", "pgd-a", registered=None),         # the office's own record, no date
    rec("hs-b", "student", "th-b", registered=date(2018, 11, 2)),  # late, other office
    rec("gv-thpt", "staff", "thpt"),
    rec("cu", "collective", "th-a", year="2017-2018", registered=date(2017, 10, 1)),
    rec("k2-gv", "staff", "th-a", campaign="k2"),             # other campaign: not counted in k1
]


@pytest.fixture
def catalog() -> Catalog:
    return Catalog(units={u.id: u for u in UNITS}, campaigns={"k1": CAMPAIGN, "k2": OTHER},
                   exemplars=list(RECORDS), today=date(2026, 1, 1))


def figures(q) -> dict[tuple[str, str], tuple[int, int]]:
    return {(li.kind, li.key): (li.actual, li.required) for li in q.lines}


def test_counting_rules():
    staff, manager = rec("a", "staff", "x"), rec("b", "manager", "x")
    assert counts_toward(manager, "tieu-hoc", "staff", "total")
    assert counts_toward(manager, "tieu-hoc", "manager", "total")
    assert not counts_toward(staff, "tieu-hoc", "manager", "total")
    assert not counts_toward(staff, "tieu-hoc", "student", "total")
    assert counts_toward(staff, "th-thcs", "staff", "tieu-hoc")
    assert counts_toward(staff, "th-thcs", "staff", "thcs")
    assert counts_toward(staff, "th-thcs", "staff", "th-thcs")
    assert not counts_toward(staff, "th-thcs", "staff", "mam-non")
    assert not counts_toward(staff, "thcs-thpt", "staff", "thcs")
    assert not counts_toward(staff, None, "staff", "thcs")
    assert counts_toward(staff, None, "staff", "total")


def test_columns_put_total_first_in_plan_order():
    assert columns(CAMPAIGN, "office") == (
        ("staff", "total"), ("staff", "mam-non"), ("staff", "tieu-hoc"), ("staff", "thcs"),
        ("student", "total"), ("student", "tieu-hoc"), ("student", "thcs"), ("collective", "total"))
    assert columns(CAMPAIGN, "department") == ()


def test_office_counts_its_schools_and_itself(catalog):
    yq = year_quota(catalog, YEAR, CAMPAIGN)
    a, b = yq.offices
    assert (a.unit.id, b.unit.id) == ("pgd-a", "pgd-b")
    # pgd-a, k1, 2018-2019: gv-mn, ql-th, gv-lc, hs-th, hs-lc, hs-thcs, tt-th, gv-pgd = 8 records.
    # staff: gv-mn (MN), ql-th (TH), gv-lc (TH&THCS → TH and THCS), gv-pgd (office, no level) = 4;
    #   mam-non 1 (gv-mn), tieu-hoc 2 (ql-th, gv-lc), thcs 1 (gv-lc).
    # student: hs-th (TH), hs-lc (TH&THCS), hs-thcs (THCS) = 3; tieu-hoc 2, thcs 2.
    # collective: tt-th = 1 (cu is 2017-2018; k2-gv is another campaign).
    assert a.registered == 8
    assert figures(a) == {("staff", "total"): (4, 4), ("staff", "mam-non"): (1, 1),
                          ("staff", "tieu-hoc"): (2, 2), ("staff", "thcs"): (1, 2),
                          ("student", "total"): (3, 3), ("student", "tieu-hoc"): (2, 2),
                          ("student", "thcs"): (2, 1), ("collective", "total"): (1, 2)}
    assert not a.met and a.unmet == 2
    assert a.shortfall == 1            # missing toward totals only: one collective
    assert a.line("staff", "thcs").shortfall == 1
    assert a.line("student", "thcs").shortfall == 0 and a.line("student", "thcs").met
    assert a.required == 4 + 3 + 2
    assert [e.id for e in a.late] == ["gv-lc"]
    # pgd-b: one student of th-b.
    assert b.registered == 1 and figures(b)[("student", "total")] == (1, 3)
    assert figures(b)[("student", "tieu-hoc")] == (1, 2) and figures(b)[("staff", "total")] == (0, 4)


def test_schools_and_affiliated_units(catalog):
    yq = year_quota(catalog, YEAR, CAMPAIGN)
    ids = [q.unit.id for q in yq.schools]
    # Tree order: pgd-a's schools (Vietnamese order of names: Mầm non, THCS, TH và THCS, Tiểu
    # học), pgd-b's, then the department's own units (affiliated units before schools); the
    # merged school has no 2018-2019 record and is left out.
    assert ids == ["mn-a", "thcs-a", "lc-a", "th-a", "th-b", "tt", "thpt"]
    by_id = {q.unit.id: q for q in yq.schools}
    th = by_id["th-a"]
    # th-a: tt-th (collective), ql-th (manager → staff), hs-th (student).
    assert figures(th) == {("collective", "total"): (1, 1), ("staff", "total"): (1, 2),
                           ("student", "total"): (1, 1)}
    assert th.unmet == 1 and th.shortfall == 1
    assert by_id["th-a"].office.id == "pgd-a" and by_id["thpt"].office is None
    assert figures(by_id["tt"]) == {("collective", "total"): (0, 1), ("staff", "total"): (0, 2),
                                    ("student", "total"): (0, 1)}
    assert by_id["tt"].shortfall == 4
    assert figures(by_id["thpt"])[("staff", "total")] == (1, 2)


def test_late_registrations_follow_the_deadline_of_the_year(catalog):
    yq = year_quota(catalog, YEAR, CAMPAIGN)
    assert yq.deadline == DEADLINE
    # gv-lc registered 21/10 and hs-b 02/11: after 20/10/2018; hs-thcs on 20/10 is in time;
    # gv-pgd has no registration date and cannot be late.
    assert sorted(e.id for e in yq.late) == ["gv-lc", "hs-b"]


def test_merged_unit_still_counts_when_it_has_records(catalog):
    catalog.exemplars.append(rec("cu-hs", "student", "cu-a"))
    catalog.__post_init__()
    yq = year_quota(catalog, YEAR, CAMPAIGN)
    assert "cu-a" in [q.unit.id for q in yq.schools]
    assert figures(yq.offices[0])[("student", "total")] == (4, 3)


def test_dashboard_has_one_entry_per_year_and_campaign_newest_first(catalog):
    entries = [(yq.school_year, yq.campaign.id, len(yq.records)) for yq in dashboard(catalog)]
    assert entries == [("2018-2019", "k1", 10), ("2018-2019", "k2", 1), ("2017-2018", "k1", 1)]
    k2 = dashboard(catalog)[1]
    assert k2.deadline is None and k2.late == ()
    assert k2.by_kind() == {"staff": 1}
    assert dashboard(catalog)[0].by_kind() == {"staff": 5, "student": 4, "collective": 1}
