"""The reporting duty (chế độ báo cáo, generator/reporting.py and pages/reporting.py).

Figures are counted by hand from content/ (dates of published records and news posts per unit).
"""

from __future__ import annotations

import html
import json
import re
from datetime import date

import pytest

from conftest import write
from generator.reporting import MISSING, OPEN, SENT, duty, parse_period, periods_between
from generator.validate import load_catalog

#: Lạc Sơn sent news in March 2019 (its study-visit post, 14/03) and June 2019 (Tân Lập's model,
#: published 05/06/2019) only; every other month of 2018-2019 is missing.
LAC_SON_MISSING_2018_2019 = ["2018-09", "2018-10", "2018-11", "2018-12", "2019-01", "2019-02", "2019-04",
                             "2019-05", "2019-07", "2019-08"]


def test_periods():
    march, q3 = parse_period("2019-03"), parse_period("2019-Q3")
    assert (march.start, march.end, march.label, march.school_year) == (date(2019, 3, 1), date(2019, 3, 31),
                                                                        "Tháng 03/2019", "2018-2019")
    # A quarter belongs to the school year in which it ends: July–September 2019 → 2019-2020.
    assert (q3.start, q3.end, q3.label, q3.school_year) == (date(2019, 7, 1), date(2019, 9, 30), "Quý III/2019",
                                                            "2019-2020")
    assert [p.key for p in periods_between(date(2017, 9, 19), date(2018, 1, 2), "quarterly")] == [
        "2017-Q3", "2017-Q4", "2018-Q1"]
    assert len(periods_between(date(2017, 9, 19), date(2018, 8, 31), "monthly")) == 12
    with pytest.raises(ValueError):
        parse_period("2019-13")


def test_demo_office_with_a_gap(demo_catalog):
    year = next(y for y in duty(demo_catalog) if y.school_year == "2018-2019")
    units = {u.unit.id: u for u in year.units}
    assert [p.key for p in units["pgd-lac-son"].missing] == LAC_SON_MISSING_2018_2019
    assert units["pgd-lac-son"].count(SENT) == 2 and units["pgd-lac-son"].cadence == "monthly"
    # The city sent every month: 4 posts (09/2018, 10/2018, 01/2019, 08/2019) fill the months
    # without a published record.
    assert units["pgd-tp-hoa-binh"].count(SENT) == 12 and units["pgd-tp-hoa-binh"].missing == []
    # 3 offices × 12 months + 6 affiliated units × 4 quarters = 60 periods; sent: city 12, Lạc
    # Sơn 2, Mai Châu 2 (04 and 06/2019), GDTX tỉnh 1 (Q3/2018: its model, 10/09/2018).
    assert (year.total(SENT), year.total(MISSING), year.total(OPEN)) == (17, 43, 0)
    assert units["gdtx-tinh-hoa-binh"].cadence == "quarterly"
    assert [p.key for p in units["gdtx-tinh-hoa-binh"].missing] == ["2018-Q4", "2019-Q1", "2019-Q2"]


def test_the_current_period_is_open_not_missing(content):
    # The fixture corpus with the plan's cadence: office phong-a has Kim Đồng's model (published
    # 01/04/2019) and a post of its own dated 20/05/2019; on 15/05/2019 that post is not out yet.
    plan = content / "plan.yml"
    plan.write_text(plan.read_text("utf-8").replace(
        "    registration_deadline: 2017-10-20\n",
        "    registration_deadline: 2017-10-20\n    reporting: {office: monthly, affiliated: quarterly}\n"),
        encoding="utf-8")
    write(content / "news/tin-thang-5.md", "---\ntitle: Tin tháng 5\ndate: 2019-05-20\nunit: phong-a\n---\nTin.\n")
    year = next(y for y in duty(load_catalog(content, today=date(2019, 5, 15))) if y.school_year == "2018-2019")
    [office] = year.units
    states = [(p.period.key, p.state) for p in office.periods]
    assert states[-3:] == [("2019-03", SENT), ("2019-04", SENT), ("2019-05", OPEN)]  # June not yet due
    assert office.due == 8 and [p.key for p in office.missing] == ["2018-09", "2018-10", "2018-11", "2018-12",
                                                                    "2019-01", "2019-02"]
    # On 01/06/2019 May has ended with the post of 20/05: sent.
    year = next(y for y in duty(load_catalog(content, today=date(2019, 6, 1))) if y.school_year == "2018-2019")
    assert [(p.period.key, p.state) for p in year.units[0].periods][-2:] == [("2019-05", SENT), ("2019-06", SENT)]


def test_reporting_page_names_the_missing_months(demo_site):
    page = html.unescape((demo_site / "bao-cao/2018-2019/index.html").read_text("utf-8"))
    line = re.search(r'<li data-unit="pgd-lac-son">(.*?)</li>', page, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", " ", line).split())
    months = ", ".join(f"tháng {m[5:]}/{m[:4]}" for m in LAC_SON_MISSING_2018_2019)
    assert text == f"Phòng Giáo dục và Đào tạo huyện Lạc Sơn : đã gửi 2/12 kỳ; chưa gửi: {months} ."
    assert "Toàn tỉnh: 17 kỳ đã gửi · 43 kỳ còn thiếu" in " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert page.count('class="ex-duty--missing"') == 43
    index = (demo_site / "bao-cao/index.html").read_text("utf-8")
    assert 'href="2018-2019/"' in index


def test_reporting_json(demo_site):
    data = json.loads((demo_site / "api/reporting.json").read_text("utf-8"))
    year = next(y for y in data["school_years"] if y["school_year"] == "2018-2019")
    assert year["totals"] == {"sent": 17, "missing": 43, "open": 0}
    lac_son = next(u for u in year["units"] if u["unit"] == "pgd-lac-son")
    assert lac_son["missing"] == LAC_SON_MISSING_2018_2019 and lac_son["sent"] == 2
    march = next(p for p in lac_son["periods"] if p["period"] == "2019-03")
    assert march == {"period": "2019-03", "start": "2019-03-01", "end": "2019-03-31", "state": "sent",
                     "exemplars": [], "news": ["lac-son-tham-quan-thu-vien-kim-dong"]}


def test_the_duty_is_worded_from_plan_yml_not_fixed_text():
    from generator.pages.reporting import duty_text

    # The plan's V.5 wording for its cadence, and another cadence worded the same way.
    assert duty_text({"affiliated": "quarterly", "office": "monthly"}) == (
        "01 lần/tháng/phòng GD&ĐT; 01 lần/quý/đơn vị, trường học trực thuộc")
    assert duty_text({"office": "quarterly"}) == "01 lần/quý/phòng GD&ĐT"
