"""Children's data, second round (issue 13, points 1 and 2): contact data in every public text of a
student record, in the ways Vietnamese people write it, and the keys of `private:`."""

from __future__ import annotations

import pytest

from conftest import TODAY, build, all_text
from generator.loader import ContentError
from generator.validate import load_catalog

STUDENT = "content/exemplars/sub/dang-van-an.yml"


def _problems(content) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_catalog(content, today=TODAY, shown_from=content.parent)
    return [str(p) for p in info.value.problems]


def _student(content, extra: str = "", summary: str | None = None) -> None:
    """The fixture's student (line 13 is `private:`), with lines added before `private:`."""
    path = content / "exemplars/sub/dang-van-an.yml"
    text = path.read_text(encoding="utf-8")
    if summary is not None:
        text = text.replace("summary: Nhặt được ví tiền và trả lại người đánh rơi.", f"summary: {summary}")
    path.write_text(text.replace("private:", extra + "private:"), encoding="utf-8")


# Each way of writing a child's contact data, as the issue lists them and as the old patterns missed.
CONTACT_FORMS = [
    ("(+84) 912-345-678", "phone number"),
    ("+84 912 345 678", "phone number"),
    ("0912.345.678", "phone number"),
    ("０９１２ ３４５ ６７８", "phone number"),          # full-width digits
    ("09\u200b12 345 678", "phone number"),            # a zero-width space hides nothing
    ("(024) 3825 1234", "phone number"),
    ("an [at] gmail.com", "e-mail address"),
    ("an (at) gmail (dot) com", "e-mail address"),
    ("an a còng gmail chấm com", "e-mail address"),
    ("an＠gmail．com", "e-mail address"),
    ("Năm sinh: 2010", "birth date"),
    ("Em sinh ra ngày 12/3/2010", "birth date"),
    ("em sinh ra vào năm 2010", "birth date"),
    ("Nhà em ở thôn Đồng Tâm, xã Yên Mông", "home address"),
    ("Số nhà 12, đường Cù Chính Lan", "home address"),
    ("Em ở ngõ 34 phố Hoàng Diệu", "home address"),
    ("Em ở tổ 5, phường Phương Lâm", "home address"),
]


@pytest.mark.parametrize("text,what", CONTACT_FORMS)
def test_each_vietnamese_form_is_refused_in_the_summary(content, text, what):
    _student(content, summary=f"'{text}. Nhặt được ví tiền.'")
    assert f"{STUDENT}:8: summary: a student's page must not show a {what}; move it under private:" \
        in _problems(content)


# Every public text of a student record, the line it is on, and its label in the message.
PLACES = [
    ("events:\n  - {date: 2019-01-05, text: 'Gọi 0912 345 678', stage: registered}\n", 14, "events[0].text"),
    ("photos:\n  - {file: anh.png, caption: 'Em An, 0912 345 678', alt: Em An}\n", 14, "photos[0].caption"),
    ("photos:\n  - {file: anh.png, caption: Em An, alt: 'Em An, 0912 345 678'}\n", 14, "photos[0].alt"),
    ("awards:\n  - title: Giấy khen (liên hệ 0912 345 678)\n    level: school\n    date: 2019-01-05\n",
     14, "awards[0].title"),
    ("media:\n  - {outlet: Báo, title: 'Em An 0912 345 678', url: 'https://example.vn/a', date: 2019-01-05}\n",
     14, "media[0].title"),
    ("fields: [Đổi mới, '0912 345 678']\n", 13, "fields[1]"),
    ("story: |\n  Em là học sinh ngoan.\n\n  Liên hệ: 0912 345 678\n", 16, "story"),
]


@pytest.mark.parametrize("extra,line,label", PLACES)
def test_contact_data_in_any_public_field_is_refused(content, extra, line, label):
    _student(content, extra)
    assert f"{STUDENT}:{line}: {label}: a student's page must not show a phone number; move it under " \
           "private:" in _problems(content)


# What a student's page legitimately says: classes, school years, prizes with their years,
# decision numbers, dates of events. None of it may be mistaken for contact data.
HARMLESS = [
    "Lớp 9A, năm học 2018-2019",
    "Giải Nhất cấp tỉnh năm 2019; Giải Ba Olympic Toán 2019-2020",
    "Học sinh năm học 2018-2019 đạt giải, học sinh năm 2019 đạt giải",
    "Quyết định số 1234/QĐ-UBND ngày 12/03/2019, Bằng khen số 0123/QĐ-SGDĐT",
    "Em đạt 84 điểm, 1.234.567 lượt xem, ngày 05.06.2019",
    "Trường THCS xã Yên Mông; giúp bạn ở bản Chiềng; tháng 9/2019 em dự thi",
    "Mười năm sinh hoạt đội, sinh viên năm 3, at the contest",
    "Em nắm vững kiến thức cơ bản, xã hội; tổ 3 em đạt giải, xã hội hóa giáo dục",
]


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_student_text_passes(content, text):
    _student(content, f"events:\n  - {{date: 2019-01-05, text: '{text}', stage: registered}}\n", summary=f"'{text}'")
    catalog = load_catalog(content, today=TODAY)
    assert catalog.by_id["dang-van-an"].summary == text


def test_staff_may_publish_their_own_contact(content):
    """Only children are protected this way: a teacher's office phone on a staff page is allowed."""
    path = content / "exemplars/nguyen-thi-hoa.yml"
    path.write_text(path.read_text().replace("summary: Đổi mới", "summary: Liên hệ 0912 345 678. Đổi mới"))
    assert "0912 345 678" in load_catalog(content, today=TODAY).by_id["nguyen-thi-hoa"].summary


def test_a_withdrawal_beside_consent_is_refused(content):
    """Written beside `consent:` instead of inside it, a withdrawal used to be ignored and the child
    stayed published."""
    _student(content, "", None)
    path = content / "exemplars/sub/dang-van-an.yml"
    path.write_text(path.read_text() + "  withdrawn: 2019-05-01\n")
    found = _problems(content)
    assert any(p.startswith(f"{STUDENT}:15: private.withdrawn: unknown key; withdrawn belongs inside consent")
               for p in found), found


def test_unknown_private_key_has_a_suggestion(content):
    path = content / "exemplars/sub/dang-van-an.yml"
    path.write_text(path.read_text() + "  phnoe: '0912 345 678'\n")
    assert any(p.startswith(f"{STUDENT}:15: private.phnoe: unknown key (did you mean 'phone'?)")
               for p in _problems(content))


def test_known_private_keys_pass(content):
    path = content / "exemplars/sub/dang-van-an.yml"
    path.write_text(path.read_text() + "  phone: '0912 345 678'\n  email: an@example.vn\n  ghi_chu: x\n"
                                       "  address: thôn Đồng Tâm, xã Yên Mông\n")
    assert "dang-van-an" in load_catalog(content, today=TODAY).by_id


def test_consent_dated_after_the_build_is_refused(content):
    path = content / "exemplars/sub/dang-van-an.yml"
    path.write_text(path.read_text().replace("date: 2019-02-01", "date: 2026-12-01"))
    assert f"{STUDENT}:14: private.consent.date: 01/12/2026 is after the build date 25/11/2026; a consent " \
           "must be given before publishing: write the date it was signed" in _problems(content)


def test_empty_withdrawn_is_not_ignored(content):
    path = content / "exemplars/sub/dang-van-an.yml"
    text = path.read_text().replace("  consent: {by: Đặng Văn Bình (bố), date: 2019-02-01, child: true}",
                                    "  consent:\n    by: Đặng Văn Bình (bố)\n    date: 2019-02-01\n"
                                    "    child: true\n    withdrawn:\n")
    path.write_text(text)
    assert f"{STUDENT}:18: private.consent.withdrawn: has no value; write it, or remove the line" \
        in _problems(content)


def test_empty_draft_is_not_a_publication(content):
    path = content / "exemplars/nguyen-thi-hoa.yml"
    path.write_text(path.read_text() + "draft:\n")
    lines = path.read_text().count("\n")
    assert f"content/exemplars/nguyen-thi-hoa.yml:{lines}: draft: has no value; write draft: true (not " \
           "published yet) or draft: false, or remove the line" in _problems(content)


def test_contact_in_a_topic_never_becomes_a_url(tmp_path, content):
    """`fields` used to turn a student's phone number into a topic page's URL."""
    _student(content, "fields: ['0912 345 678']\n")
    with pytest.raises(ContentError):
        load_catalog(content, today=TODAY)
    _student_fixed = (content / "exemplars/sub/dang-van-an.yml")
    _student_fixed.write_text(_student_fixed.read_text().replace("fields: ['0912 345 678']\n", ""))
    assert "0912" not in all_text(build(tmp_path, content))
