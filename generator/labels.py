"""Vietnamese labels for the codes of the content model, as readers see them."""

from __future__ import annotations

KINDS = {
    "collective": "Tập thể, mô hình",
    "staff": "Cán bộ, giáo viên, nhân viên",
    "manager": "Cán bộ quản lý",
    "student": "Học sinh, sinh viên, học viên",
}
KINDS_PLURAL = {
    "collective": "Tập thể, mô hình điển hình",
    "staff": "Cán bộ, giáo viên, nhân viên tiêu biểu",
    "manager": "Cán bộ quản lý tiêu biểu",
    "student": "Học sinh, sinh viên, học viên tiêu biểu",
}
#: The plan's five steps (bước). Never "giai đoạn": the plan uses that word for its period.
STAGES = {
    "discovered": "Phát hiện",
    "registered": "Đăng ký",
    "nurturing": "Bồi dưỡng, xây dựng",
    "replicating": "Nhân rộng",
    "honoured": "Tôn vinh",
}
AWARD_LEVELS = {
    "president": "Chủ tịch nước",
    "prime_minister": "Thủ tướng Chính phủ",
    "ministry": "Bộ Giáo dục và Đào tạo",
    "province": "Chủ tịch UBND tỉnh",
    "department": "Giám đốc Sở Giáo dục và Đào tạo",
    "district": "Chủ tịch UBND huyện, thành phố",
    "office": "Trưởng phòng Giáo dục và Đào tạo",
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
#: The plan's duties differ by where a unit stands (see `Catalog.scope_of`).
SCOPES = {
    "office": "Phòng Giáo dục và Đào tạo",
    "school": "Trường thuộc Phòng GD&ĐT",
    "affiliated": "Đơn vị, trường học trực thuộc Sở",
}
MILESTONE_KINDS = {
    "review": "Sơ kết",
    "conference": "Hội nghị điển hình tiên tiến",
    "contest": "Cuộc thi viết",
    "final-review": "Tổng kết",
}
REPLICATION_SCOPES = {
    "school": "Trong trường",
    "district": "Toàn huyện, thành phố",
    "province": "Toàn tỉnh",
    "sector": "Toàn ngành",
}
SELECTION_SCOPES = {"province": "Nhân rộng toàn tỉnh", "sector": "Nhân rộng toàn ngành"}
REPORTING = {"monthly": "hằng tháng", "quarterly": "hằng quý"}

GROUPS = {"kind": KINDS, "kinds": KINDS_PLURAL, "stage": STAGES, "award_level": AWARD_LEVELS,
          "unit_kind": UNIT_KINDS, "level": LEVELS, "scope": SCOPES, "milestone_kind": MILESTONE_KINDS,
          "replication_scope": REPLICATION_SCOPES, "selection_scope": SELECTION_SCOPES,
          "reporting": REPORTING}


def label(code: str | None, group: str) -> str:
    """Vietnamese label of a code; the code itself if unknown (never an empty cell)."""
    if code is None:
        return ""
    return GROUPS[group].get(code, code)
