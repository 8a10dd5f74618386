"""Contract v2's rules in `exemplars check`: levels, milestones, deadlines, quota scopes, pilot
schools, adult learners; each bad file with the exact `path:line: message` expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, write
from generator import cli
from generator.validate import load_catalog
from test_validate import GOOD, problems, record, replace

MORE_UNITS = """
- id: th-thcs-hoa-binh
  name: Trường TH và THCS Hòa Bình
  kind: school
  level: th-thcs
  parent: phong-a
- id: thpt-tinh
  name: Trường THPT Tỉnh
  kind: school
  level: thpt
  parent: so-gddt
"""

MILESTONES = """
    milestones:
      - {id: so-ket-2018, date: 2018-06-11, kind: review, title: Sơ kết}
      - {id: hoi-nghi-2019, date: 2019-11-20, kind: conference, title: Hội nghị điển hình tiên tiến}
"""


@pytest.fixture
def v2(content: Path) -> Path:
    """The fixture with a TH&THCS school, an affiliated school and two milestones."""
    units = content / "units.yml"
    units.write_text(units.read_text(encoding="utf-8") + MORE_UNITS, encoding="utf-8")
    plan = content / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(replace(text, "    registration_deadline: 2017-10-20\n",
                            "    registration_deadline: 2017-10-20\n" + MILESTONES.lstrip("\n")), encoding="utf-8")
    return content


def test_v2_fixture_loads_with_milestones_and_scopes(v2):
    catalog = load_catalog(v2, today=TODAY)
    assert list(catalog.milestones) == ["so-ket-2018", "hoi-nghi-2019"]
    assert catalog.scope_of("th-thcs-hoa-binh") == "school" and catalog.scope_of("thpt-tinh") == "affiliated"
    assert catalog.scope_of("phong-a") == "office" and catalog.office_of("th-thcs-hoa-binh").id == "phong-a"
    assert catalog.office_of("thpt-tinh") is None


def test_a_class_gives_the_level_and_none_is_a_warning_not_an_error(v2, capsys, monkeypatch):
    seventh = record(v2, replace(replace(GOOD, "unit: th-kim-dong", "unit: th-thcs-hoa-binh"),
                                 "summary:", "position: Giáo viên chủ nhiệm lớp 7A\nsummary:"), "gv-7a.yml")
    vague = record(v2, replace(replace(GOOD, "unit: th-kim-dong", "unit: th-thcs-hoa-binh"),
                               "summary:", "position: Giáo viên Ngữ văn\nsummary:"), "gv-van.yml")
    catalog = load_catalog(v2, today=TODAY, shown_from=v2.parent)
    assert catalog.level_of(catalog.by_id["gv-7a"]) == "thcs"
    assert catalog.level_of(catalog.by_id["gv-van"]) is None
    assert [str(w) for w in catalog.warnings] == [
        f"{vague}:7: level: Trường TH và THCS Hòa Bình teaches several levels (tieu-hoc, thcs) and position "
        "names no class of them, so this record counts toward its kind's total only; add level: tieu-hoc or thcs"]
    assert seventh not in str(catalog.warnings)
    monkeypatch.chdir(v2.parent)
    assert cli.main(["check", "--content", "content", "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert f"{vague}:7: cảnh báo (warning): level:" in out and out.rstrip().splitlines()[-1].startswith("OK:")


@pytest.mark.parametrize("old,new,expected", [
    ("stage: registered", "stage: registered\nlevel: thpt",
     "10: level: 'thpt' is not a level of Trường Tiểu học Kim Đồng (tieu-hoc); use one of them"),
    ("stage: registered", "stage: registered\nlevel: th-thcs",
     "10: level: 'th-thcs' is not allowed; use one of: mam-non, tieu-hoc, thcs, thpt, gdtx, other"),
    ("stage: registered", "stage: registered\nevents:\n  - {date: 2019-11-20, text: Báo cáo, milestone: hoi-nghi-2020}",
     "11: milestone: 'hoi-nghi-2020' is not a milestone of campaign 2017-2020; known: so-ket-2018, hoi-nghi-2019"),
    ("stage: registered", "stage: registered\nawards:\n  - title: Giấy khen\n    level: district\n    date: 2019-11-20\n"
     "    milestone: tong-ket",
     "14: milestone: 'tong-ket' is not a milestone of campaign 2017-2020; known: so-ket-2018, hoi-nghi-2019"),
    ("stage: registered", "stage: registered\nreplications:\n  - {unit: thcs-le-loi, date: 2019-01-01, scope: city}",
     "11: scope: 'city' is not allowed; use one of: school, district, province, sector"),
    ("stage: registered", "stage: registered\nselected: {scope: district, date: 2019-05-01}",
     "10: scope: 'district' is not allowed; use one of: province, sector"),
])
def test_v2_record_fields_are_checked(v2, old, new, expected):
    path = record(v2, replace(GOOD, old, new))
    assert f"{path}:{expected}" in problems(v2)


def test_v2_record_fields_reach_the_model(v2):
    record(v2, replace(GOOD, "stage: registered", """stage: replicating
level: tieu-hoc
events:
  - {date: 2019-11-20, text: Báo cáo tại hội nghị, milestone: hoi-nghi-2019}
awards:
  - {title: Giấy khen của Chủ tịch UBND huyện, level: district, date: 2019-11-20, milestone: hoi-nghi-2019}
replications:
  - {unit: thcs-le-loi, date: 2019-01-01, scope: district, plan: 12/KH-PGDĐT}
selected: {scope: province, date: 2019-05-01, decision: Kế hoạch số 1/KH-SGDĐT}"""), "pham-van-binh.yml")
    e = load_catalog(v2, today=TODAY).by_id["pham-van-binh"]
    assert (e.level, e.events[0].milestone, e.awards[0].level, e.awards[0].milestone) == (
        "tieu-hoc", "hoi-nghi-2019", "district", "hoi-nghi-2019")
    assert (e.replications[0].scope, e.replications[0].plan) == ("district", "12/KH-PGDĐT")
    assert (e.selected.scope, e.selected.decision) == ("province", "Kế hoạch số 1/KH-SGDĐT")


STUDENT = """
kind: student
name: Lò Văn Tuấn
title: Sinh viên tình nguyện
unit: thpt-tinh
campaign: 2017-2020
school_year: 2018-2019
summary: Mở lớp học buổi tối.
registered_title: Học sinh tiêu biểu
stage: registered
published: 2019-01-01
private:
  consent: CONSENT
"""


@pytest.mark.parametrize("consent, expected", [
    ("{by: self, date: 2019-01-01, adult: true}", None),
    ("{by: Lò Văn Minh (bố), date: 2019-01-01, child: true}", None),
    ("{by: Lò Văn Minh (bố), date: 2019-01-01, adult: true}",
     "12: private.consent.by: an adult learner (adult: true) consents alone: write by: self"),
    ("{by: Lò Văn Minh (bố), date: 2019-01-01}",
     "12: private.consent.child: the student's own agreement is required (child: true; child: false only for a "
     "preschool child under 7) before publishing; an adult learner (18 or over) writes by: self and adult: true "
     "instead"),
    ("{by: Lò Văn Minh (bố), date: 2019-01-01, child: false}",
     "12: private.consent.child: the student's own agreement is required"),
])
def test_adult_learners_consent_alone(v2, consent, expected):
    path = record(v2, STUDENT.replace("CONSENT", consent), "lo-van-tuan.yml")
    if expected is None:
        assert "lo-van-tuan" in load_catalog(v2, today=TODAY).by_id
    else:
        assert any(p.startswith(f"{path}:{expected}") for p in problems(v2)), problems(v2)


def test_a_preschool_child_needs_a_parent_only(v2):
    units = v2 / "units.yml"
    units.write_text(units.read_text(encoding="utf-8") + "- {id: mn-a, name: Trường Mầm non A, kind: school, "
                     "level: mam-non, parent: phong-a}\n", encoding="utf-8")
    record(v2, STUDENT.replace("unit: thpt-tinh", "unit: mn-a")
           .replace("CONSENT", "{by: Lò Thị Hoa (mẹ), date: 2019-01-01, child: false}"), "be-an.yml")
    assert "be-an" in load_catalog(v2, today=TODAY).by_id


def plan_with(content: Path, old: str, new: str) -> str:
    plan = content / "plan.yml"
    plan.write_text(replace(plan.read_text(encoding="utf-8"), old, new), encoding="utf-8")
    return "content/plan.yml"


def test_contract_v1_school_quota_says_what_to_change(content):
    path = plan_with(content, "      affiliated:\n        collective: {total: 1}\n        staff: {total: 2}\n"
                              "        student: {total: 3}\n", "")
    path = plan_with(content, "      school:\n        collective: {total: 1}\n",
                     "      school:\n        collective: {total: 1}\n        staff: {total: 2}\n"
                     "        student: {total: 3}\n")
    found = problems(content)
    assert len(found) == 1 and found[0].startswith(
        f"{path}:21: quotas.school: since contract v2 `school` is the quota of each school under a district "
        "office, which the plan asks for one model only; move the staff and student minimums of units "
        "directly under the department to a new `affiliated:` block")


@pytest.mark.parametrize("old,new,expected", [
    ("    registration_deadline: 2017-10-20\n", "    registration_deadline: 2017-10-20\n"
     "    deadlines: {2017-2018: 2017-10-15}\n",
     "7: deadlines: 2017-2018 already has registration_deadline 20/10/2017; keep one of the two"),
    ("    registration_deadline: 2017-10-20\n", "    registration_deadline: 2017-10-20\n"
     "    deadlines: {2022-2023: 2022-10-20}\n",
     "7: deadlines: school year 2022-2023 is outside the campaign (19/09/2017–31/12/2020)"),
    ("        collective: {total: 5, up_to: 10}", "        collective: {total: 5, up_to: 3}",
     "20: up_to: 3 is below total 5; up_to is the top of the range (5-10: total 5, up_to 10)"),
    ("    registration_deadline: 2017-10-20\n", "    registration_deadline: 2017-10-20\n"
     "    milestones:\n      - {id: a, date: 2021-06-11, kind: review, title: Sơ kết}\n",
     "8: date: 11/06/2021 is outside the campaign's period"),
    ("    registration_deadline: 2017-10-20\n", "    registration_deadline: 2017-10-20\n"
     "    milestones:\n      - {id: a, date: 2018-06-11, kind: party, title: Sơ kết}\n",
     "8: kind: 'party' is not allowed; use one of: review, conference, contest, final-review"),
    ("    registration_deadline: 2017-10-20\n", "    registration_deadline: 2017-10-20\n"
     "    document: ke-hoach.pdf\n",
     "7: document: 'ke-hoach.pdf' not found in content/media/; add the file or fix the name"),
])
def test_plan_rules_are_checked(content, old, new, expected):
    path = plan_with(content, old, new)
    assert f"{path}:{expected}" in problems(content)


def test_pilot_schools_name_campaigns_and_are_under_an_office(v2):
    units = v2 / "units.yml"
    text = units.read_text(encoding="utf-8")
    text = replace(text, "  level: tieu-hoc\n  parent: phong-a\n", "  level: tieu-hoc\n  parent: phong-a\n"
                   "  pilot: [2017-2020, 2030-2035]\n")
    text = replace(text, "  level: thpt\n  parent: so-gddt\n", "  level: thpt\n  parent: so-gddt\n  pilot: [2017-2020]\n")
    units.write_text(text, encoding="utf-8")
    found = problems(v2)
    assert any(p.startswith("content/units.yml:") and "pilot: unknown campaign '2030-2035'" in p for p in found)
    assert any("pilot: only a school under a district office can be a pilot school" in p for p in found)
    assert len(found) == 2
