"""Each rule of the content model: a bad file and the exact `path:line: message` expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, write
from generator.loader import ContentError
from generator.validate import load_catalog

GOOD = """
kind: staff
name: Phạm Văn Bình
title: Thầy Bình và câu lạc bộ Toán
unit: th-kim-dong
campaign: 2017-2020
school_year: 2018-2019
summary: Câu lạc bộ Toán tuổi thơ.
registered_title: Lao động tiên tiến
stage: registered
published: 2019-01-01
"""


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_catalog(content, today=TODAY, shown_from=content.parent)
    return [str(p) for p in info.value.problems]


def record(content: Path, text: str, name: str = "bad.yml") -> str:
    write(content / "exemplars" / name, text)
    return f"content/exemplars/{name}"


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def test_fixture_is_valid(content):
    catalog = load_catalog(content, today=TODAY)
    assert sorted(e.id for e in catalog.exemplars) == ["dang-van-an", "nguyen-thi-hoa", "thu-vien-xanh"]


def test_good_record_loads(content):
    record(content, GOOD, "pham-van-binh.yml")
    assert "pham-van-binh" in load_catalog(content, today=TODAY).by_id


@pytest.mark.parametrize("old,new,expected", [
    ("kind: staff", "kind: teacher", "1: kind: 'teacher' is not allowed; use one of: collective, staff, manager, student"),
    ("stage: registered", "stage: done", "9: stage: 'done' is not allowed"),
    ("unit: th-kim-dong", "unit: th-kim-dongg", "4: unit: unknown unit 'th-kim-dongg'; use an id from units.yml (did you mean 'th-kim-dong'?)"),
    ("campaign: 2017-2020", "campaign: 2030-2035", "5: campaign: unknown campaign '2030-2035'"),
    ("school_year: 2018-2019", "school_year: 2023-2024", "6: school_year: 2023-2024 is outside campaign 2017-2020"),
    ("school_year: 2018-2019", "school_year: 2018-2020", "6: school_year: '2018-2020' is not a school year"),
    ("published: 2019-01-01", "published: 2019-02-30", "10: published: '2019-02-30' is not a real calendar date"),
    ("published: 2019-01-01", "published: 01/01/2019", "10: published: '01/01/2019' is not a date; write it as YYYY-MM-DD"),
    ("published: 2019-01-01\n", "", "1: published: required field is missing"),
    ("summary: Câu lạc bộ Toán tuổi thơ.\n", "", "1: summary: required field is missing"),
    ("name: Phạm Văn Bình", "name: true", "2: name: expected text, got true/false; put the value in quotes"),
    ("title: Thầy Bình và câu lạc bộ Toán", "titel: Thầy Bình", "3: titel: unknown field (did you mean 'title'?)"),
    ("stage: registered", "stage: registered\ngood_deed: yes", "10: good_deed: expected true or false, got 'yes'"),
    ("stage: registered", "stage: registered\ncriteria: [nq29]", "10: criteria: 'nq29' is not a staff criterion of campaign 2017-2020"),
    ("stage: registered", "stage: registered\nfeatured: true\nfeatured: false", "11: featured: duplicate key"),
    ("stage: registered", "stage: registered\nmedia:\n  - {outlet: Báo, title: Bài, url: 'javascript:alert(1)', date: 2019-01-01}",
     "11: url: 'javascript:alert(1)' is not a web address"),
    ("stage: registered", "stage: registered\nreplications:\n  - {unit: khong-co, date: 2019-01-01}",
     "11: replications: unknown unit 'khong-co'"),
    ("stage: registered", "stage: registered\nawards:\n  - title: Bằng khen\n    level: king\n    date: 2019-01-01",
     "12: level: 'king' is not allowed"),
])
def test_rule_reports_line(content, old, new, expected):
    path = record(content, replace(GOOD, old, new))
    found = problems(content)
    assert any(p.startswith(f"{path}:{expected}") for p in found), found


def test_bad_published_date_is_one_problem(content):
    path = record(content, GOOD.replace("published: 2019-01-01", "published: 25/11/2026"))
    assert [p for p in problems(content) if p.startswith(path)] == [
        f"{path}:10: published: '25/11/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-25"]


def test_scaffold_placeholder_is_never_published(content):
    path = record(content, GOOD.replace("title: Thầy Bình và câu lạc bộ Toán", "title: 'CẦN THAY: tiêu đề'"))
    assert f"{path}:3: title: still holds the placeholder 'CẦN THAY'; write the real text, or keep draft: true" \
        in problems(content)
    record(content, GOOD.replace("title: Thầy Bình và câu lạc bộ Toán", "title: 'CẦN THAY: tiêu đề'")
           + "draft: true\n")
    assert "bad" not in load_catalog(content, today=TODAY).by_id


def test_photo_must_exist(content):
    path = record(content, GOOD.replace("stage: registered", "stage: registered\nphotos:\n"
                                        "  - file: khong-co.jpg\n    caption: Ảnh\n    alt: Ảnh"))
    assert f"{path}:11: file: photo 'khong-co.jpg' not found in content/media/; add the file or fix the name" \
        in problems(content)


def test_photo_outside_media_is_refused(content):
    path = record(content, GOOD.replace("stage: registered", "stage: registered\nphotos:\n"
                                        "  - {file: ../units.yml, caption: x, alt: x}"))
    assert f"{path}:11: file: '../units.yml' must be a path inside content/media/" in problems(content)


def test_photo_must_be_an_image(content):
    (content / "media" / "gia.jpg").write_text("<svg onload=alert(1)>")
    path = record(content, GOOD.replace("stage: registered", "stage: registered\nphotos:\n"
                                        "  - {file: gia.jpg, caption: x, alt: x}"))
    assert f"{path}:11: file: 'gia.jpg' is not a .jpg image" in problems(content)


def test_duplicate_id_across_folders(content):
    record(content, GOOD, "sub/nguyen-thi-hoa.yml")
    found = problems(content)
    assert any(p.startswith("content/exemplars/sub/nguyen-thi-hoa.yml:1: duplicate id 'nguyen-thi-hoa'")
               for p in found) or any(p.startswith("content/exemplars/nguyen-thi-hoa.yml:1: duplicate id")
                                      for p in found), found


def test_bad_file_name(content):
    path = record(content, GOOD, "Phạm Bình.yml")
    assert any(p.startswith(f"{path}:1: file name 'Phạm Bình.yml' is not a valid id") for p in problems(content))


def test_yaml_extension_is_not_dropped_silently(content):
    path = record(content, GOOD, "pham-binh.yaml")
    assert f"{path}:1: exemplar files must end in .yml; rename it" in problems(content)


def test_student_without_consent(content):
    text = (content / "exemplars/sub/dang-van-an.yml").read_text()
    start = text.index("private:")
    (content / "exemplars/sub/dang-van-an.yml").write_text(text[:start])
    assert any(p.startswith("content/exemplars/sub/dang-van-an.yml:1: private.consent: a student record needs "
                            "the consent") for p in problems(content))


def test_student_consent_needs_child_agreement(content):
    path = content / "exemplars/sub/dang-van-an.yml"
    path.write_text(path.read_text().replace("child: true", "child: false"))
    assert any(p.startswith("content/exemplars/sub/dang-van-an.yml:14: private.consent.child: the student's own")
               for p in problems(content)), problems(content)


def test_student_public_contact_is_refused(content):
    path = content / "exemplars/sub/dang-van-an.yml"
    path.write_text(path.read_text().replace("summary: Nhặt được ví tiền",
                                             "summary: Em sinh ngày 1/2/2006, số điện thoại 0912 345 678. Nhặt được ví tiền"))
    found = problems(content)
    assert "content/exemplars/sub/dang-van-an.yml:8: summary: a student's page must not show a phone number; " \
           "move it under private:" in found
    assert "content/exemplars/sub/dang-van-an.yml:8: summary: a student's page must not show a birth date; " \
           "move it under private:" in found


@pytest.mark.parametrize("text, what", [
    ("Liên hệ: em.an@example.com", "e-mail address"),
    ("NGÀY SINH: 01/02/2012", "birth date"),
    ("Địa chỉ: xóm Bãi, xã Tân Lập", "home address"),
    ("Hiện THƯỜNG TRÚ ở xóm Bãi", "home address"),
    ("Gọi +84 912 345 678", "phone number"),
])
def test_each_kind_of_contact_on_a_student_page_is_refused(content, text, what):
    path = content / "exemplars/sub/dang-van-an.yml"
    path.write_text(path.read_text().replace("summary: Nhặt", f"summary: '{text}. Nhặt").replace("đánh rơi.", "đánh rơi.'"))
    assert f"content/exemplars/sub/dang-van-an.yml:8: summary: a student's page must not show a {what}; " \
           "move it under private:" in problems(content)


def test_unit_rules(content):
    write(content / "units.yml", """
        - id: so-gddt
          name: Sở
          kind: department
        - id: phong-a
          name: Phòng A
          kind: office
        - id: th-kim-dong
          name: Trường Kim Đồng
          kind: school
          parent: phong-b
        - id: thcs-le-loi
          name: Trường Lê Lợi
          kind: school
          level: thcs
          parent: phong-a
        - id: thcs-le-loi
          name: Trùng
          kind: unit
          parent: so-gddt
        - id: Sai_Ma
          name: Sai
          kind: unit
          parent: so-gddt
    """)
    found = problems(content)
    assert "content/units.yml:4: parent: required for a unit of kind 'office'; add the id of its office or of " \
           "the department" in found
    assert "content/units.yml:10: parent: unknown unit 'phong-b'; use an id defined in units.yml" in found
    assert any(p.startswith("content/units.yml:7: level: required for a school") for p in found)
    assert "content/units.yml:16: id: duplicate unit id 'thcs-le-loi' (also on line 11); rename one" in found
    assert any(p.startswith("content/units.yml:20: id: 'Sai_Ma' is not a valid id") for p in found)


def test_unit_ceased_before_school_year(content):
    text = (content / "units.yml").read_text()
    (content / "units.yml").write_text(text.replace("  level: thcs\n", "  level: thcs\n  until: 2018-06-30\n"
                                                    "  successor: th-kim-dong\n"))
    found = problems(content)
    assert any(p.startswith("content/exemplars/sub/dang-van-an.yml:4: unit: 'thcs-le-loi' ceased on 30/06/2018,"
                            " before school year 2018-2019; use its successor 'th-kim-dong'") for p in found), found


def test_all_problems_reported_at_once(content):
    record(content, GOOD.replace("kind: staff", "kind: x"), "a.yml")
    record(content, GOOD.replace("unit: th-kim-dong", "unit: y"), "b.yml")
    write(content / "exemplars" / "c.yml", "kind: [unclosed\n")
    found = problems(content)
    assert [p.split(":")[0] for p in found] == ["content/exemplars/a.yml", "content/exemplars/b.yml",
                                                "content/exemplars/c.yml"]


def test_cli_check_lists_problems_and_exits_1(content, capsys, monkeypatch):
    from generator.cli import main

    record(content, GOOD.replace("kind: staff", "kind: teacher"))
    monkeypatch.chdir(content.parent)
    assert main(["check", "--content", "content", "--today", str(TODAY)]) == 1
    out = capsys.readouterr().out
    assert "content/exemplars/bad.yml:1: kind: 'teacher' is not allowed" in out


def test_cli_check_ok(content, capsys, monkeypatch):
    from generator.cli import main

    monkeypatch.chdir(content.parent)
    assert main(["check", "--content", "content", "--today", str(TODAY)]) == 0
    assert "OK: 3" in capsys.readouterr().out
