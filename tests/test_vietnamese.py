"""Vietnamese collation, folding and dates."""

from __future__ import annotations

from datetime import date

from generator.vietnamese import collation_key, fold, format_date, name_key


def test_letter_order():
    words = ["Ư", "U", "Ơ", "Ô", "O", "Đ", "D", "Â", "Ă", "A", "B", "E", "Ê"]
    assert sorted(words, key=collation_key) == ["A", "Ă", "Â", "B", "D", "Đ", "E", "Ê", "O", "Ô", "Ơ", "U", "Ư"]


def test_tone_is_second_level():
    # Letters decide first (an < ăn), then tones: ngang, huyền, hỏi, ngã, sắc, nặng.
    words = ["ăn", "án", "ạn", "àn", "an", "ản", "ãn"]
    assert sorted(words, key=collation_key) == ["an", "àn", "ản", "ãn", "án", "ạn", "ăn"]


def test_names_sort_by_given_name_then_middle_then_family():
    names = ["Trần Văn Đức", "Nguyễn Thị Ánh", "Lê Văn Dũng", "Phạm Thị Anh", "Đỗ Minh Anh", "Vũ Ân"]
    assert sorted(names, key=name_key) == ["Đỗ Minh Anh", "Phạm Thị Anh", "Nguyễn Thị Ánh", "Vũ Ân",
                                           "Lê Văn Dũng", "Trần Văn Đức"]


def test_nfd_input_sorts_like_nfc():
    import unicodedata

    assert collation_key(unicodedata.normalize("NFD", "Đặng")) == collation_key("Đặng")


def test_fold():
    assert fold("Đặng Thị Ánh – Trường Tiểu học") == "dang thi anh – truong tieu hoc"


def test_date_format():
    assert format_date(date(2026, 11, 25)) == "25/11/2026"
    assert format_date(date(2026, 1, 5)) == "05/01/2026"
