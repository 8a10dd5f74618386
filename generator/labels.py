"""Vietnamese labels for the codes of the content model, as readers see them."""

from __future__ import annotations

KINDS = {
    "collective": "Tập thể, mô hình",
    "staff": "Cán bộ, giáo viên, nhân viên",
    "manager": "Cán bộ quản lý",
    "student": "Học sinh",
}
KINDS_PLURAL = {
    "collective": "Tập thể, mô hình điển hình",
    "staff": "Cán bộ, giáo viên, nhân viên tiêu biểu",
    "manager": "Cán bộ quản lý tiêu biểu",
    "student": "Học sinh tiêu biểu",
}
STAGES = {
    "registered": "Đăng ký",
    "nurturing": "Bồi dưỡng, xây dựng",
    "replicating": "Nhân rộng",
    "honoured": "Tôn vinh",
}
AWARD_LEVELS = {
    "president": "Chủ tịch nước",
    "prime_minister": "Thủ tướng Chính phủ",
    "ministry": "Bộ Giáo dục và Đào tạo",
    "province": "UBND tỉnh",
    "department": "Sở Giáo dục và Đào tạo",
    "office": "Phòng Giáo dục và Đào tạo",
    "school": "Cấp trường",
}
UNIT_KINDS = {
    "department": "Sở Giáo dục và Đào tạo",
    "office": "Phòng Giáo dục và Đào tạo",
    "school": "Trường học",
    "unit": "Đơn vị trực thuộc",
}
LEVELS = {
    "mam-non": "Mầm non",
    "tieu-hoc": "Tiểu học",
    "th-thcs": "Tiểu học và THCS",
    "thcs": "Trung học cơ sở",
    "thpt": "Trung học phổ thông",
    "thcs-thpt": "THCS và THPT",
    "gdtx": "Giáo dục thường xuyên",
    "other": "Khác",
}
GOOD_DEED = "Người tốt, việc tốt"

GROUPS = {"kind": KINDS, "kinds": KINDS_PLURAL, "stage": STAGES, "award_level": AWARD_LEVELS,
          "unit_kind": UNIT_KINDS, "level": LEVELS}


def label(code: str | None, group: str) -> str:
    """Vietnamese label of a code; the code itself if unknown (never an empty cell)."""
    if code is None:
        return ""
    return GROUPS[group].get(code, code)
