"""The content model (`shared/content-model.md`) as declarations, with Vietnamese help texts.

The validator and the JSON Schema for editors' autocompletion are both read off these
declarations, so they cannot drift apart.
"""

from __future__ import annotations

from .schema import (Anything, Bool, Choice, Date, Field, Int, ListOf, MapOf, Obj, SchoolYear,
                     Slug, Text, Url)

UNIT_KINDS = ("department", "office", "school", "unit")
LEVELS = ("mam-non", "tieu-hoc", "th-thcs", "thcs", "thpt", "thcs-thpt", "gdtx", "other")
EXEMPLAR_KINDS = ("collective", "staff", "manager", "student")
STAGES = ("registered", "nurturing", "replicating", "honoured")
AWARD_LEVELS = ("president", "prime_minister", "ministry", "province", "department", "office", "school")

UNIT = Obj(title="Đơn vị (units.yml)", fields=[
    Field("id", Slug(), True, "Mã đơn vị: chữ thường a-z, số 0-9 và dấu '-'", "th-kim-dong"),
    Field("name", Text(300), True, "Tên đầy đủ, ví dụ: Trường Tiểu học Kim Đồng"),
    Field("kind", Choice(*UNIT_KINDS), True,
          "Loại: department (Sở), office (Phòng GD&ĐT), school (trường), unit (đơn vị trực thuộc khác)"),
    Field("level", Choice(*LEVELS), False, "Cấp học (bắt buộc với trường): mam-non, tieu-hoc, th-thcs, "
          "thcs, thpt, thcs-thpt, gdtx, other"),
    Field("parent", Slug(), False, "Mã đơn vị cấp trên (Phòng hoặc Sở); bắt buộc trừ Sở"),
    Field("website", Url(), False, "Địa chỉ trang web của đơn vị"),
    Field("until", Date(), False, "Ngày cuối cùng đơn vị tồn tại với tên này (sáp nhập, đổi tên, giải thể)"),
    Field("successor", Slug(), False, "Mã đơn vị kế thừa"),
])

CRITERION = Obj(title="Tiêu chí", fields=[
    Field("id", Slug(), True, "Mã tiêu chí"),
    Field("text", Text(2000), True, "Nội dung tiêu chí"),
])

QUOTA_KINDS = Obj(title="Chỉ tiêu theo loại", fields=[
    Field(kind, MapOf(Choice("total", *LEVELS), Int()), False,
          f"Chỉ tiêu tối thiểu loại {kind}: total và theo cấp học") for kind in EXEMPLAR_KINDS
])

CAMPAIGN = Obj(title="Kế hoạch (plan.yml)", fields=[
    Field("id", Slug(), True, "Mã kế hoạch, ví dụ 2017-2020"),
    Field("title", Text(500), True, "Tên kế hoạch"),
    Field("start", Date(), True, "Ngày bắt đầu (YYYY-MM-DD)"),
    Field("end", Date(), True, "Ngày kết thúc (YYYY-MM-DD)"),
    Field("registration_deadline", Date(), False, "Hạn gửi danh sách đăng ký"),
    Field("criteria", Obj(title="Tiêu chí theo loại", fields=[
        Field(kind, ListOf(CRITERION), False, f"Tiêu chí cho loại {kind}") for kind in EXEMPLAR_KINDS
    ]), False, "Tiêu chí theo loại điển hình"),
    Field("quotas", Obj(title="Chỉ tiêu", fields=[
        Field("office", QUOTA_KINDS, False, "Chỉ tiêu mỗi năm học cho mỗi Phòng GD&ĐT (tính trên các trường)"),
        Field("school", QUOTA_KINDS, False, "Chỉ tiêu mỗi năm học cho mỗi trường, đơn vị trực thuộc"),
    ]), False, "Chỉ tiêu đăng ký tối thiểu mỗi năm học"),
])

PLAN = Obj(title="Kế hoạch (plan.yml)", fields=[
    Field("campaigns", ListOf(CAMPAIGN), True, "Danh sách kế hoạch"),
])

EVENT = Obj(title="Sự kiện", fields=[
    Field("date", Date(), True, "Ngày (YYYY-MM-DD)"),
    Field("text", Text(2000), True, "Nội dung"),
    Field("stage", Choice(*STAGES), False, "Giai đoạn bắt đầu từ sự kiện này"),
])

AWARD = Obj(title="Khen thưởng", fields=[
    Field("title", Text(300), True, "Hình thức khen thưởng, danh hiệu, ví dụ: Bằng khen của Chủ tịch UBND tỉnh"),
    Field("level", Choice(*AWARD_LEVELS), True, "Cấp khen: president, prime_minister, ministry, province, "
          "department, office, school"),
    Field("date", Date(), True, "Ngày quyết định (YYYY-MM-DD)"),
    Field("decision", Text(300), False, "Số quyết định, ví dụ: Quyết định số 123/QĐ-UBND"),
])

REPLICATION = Obj(title="Nhân rộng", fields=[
    Field("unit", Slug(), True, "Mã đơn vị đã áp dụng mô hình"),
    Field("date", Date(), True, "Ngày bắt đầu áp dụng"),
    Field("note", Text(2000), False, "Ghi chú: quy mô, hiệu quả"),
])

PHOTO = Obj(title="Ảnh", fields=[
    Field("file", Text(300), True, "Tệp ảnh, tính từ thư mục content/media/"),
    Field("caption", Text(500), True, "Chú thích ảnh"),
    Field("alt", Text(500), True, "Mô tả ảnh cho người khiếm thị"),
])

MEDIA = Obj(title="Báo chí đưa tin", fields=[
    Field("outlet", Text(200), True, "Cơ quan báo chí"),
    Field("title", Text(500), True, "Tên bài"),
    Field("url", Url(), True, "Đường dẫn bài báo (http hoặc https)"),
    Field("date", Date(), True, "Ngày đăng"),
])

CONSENT = Obj(title="Đồng ý công bố", fields=[
    Field("by", Text(200), True, "Cha, mẹ hoặc người giám hộ đồng ý"),
    Field("date", Date(), True, "Ngày đồng ý"),
    Field("child", Bool(), True, "true: học sinh (từ đủ 7 tuổi) cũng đồng ý"),
    Field("withdrawn", Date(), False, "Ngày rút lại sự đồng ý: hồ sơ bị gỡ khỏi trang từ lần dựng sau"),
])

EXEMPLAR = Obj(title="Điển hình tiên tiến (exemplars/<mã>.yml)", fields=[
    Field("kind", Choice(*EXEMPLAR_KINDS), True, "Loại: collective (tập thể, mô hình), staff (cán bộ, "
          "giáo viên, nhân viên), manager (cán bộ quản lý), student (học sinh)"),
    Field("name", Text(200), True, "Họ và tên, hoặc tên mô hình với tập thể"),
    Field("title", Text(300), True, "Tiêu đề bài viết"),
    Field("unit", Slug(), True, "Mã đơn vị trong units.yml"),
    Field("campaign", Slug(), True, "Mã kế hoạch trong plan.yml"),
    Field("school_year", SchoolYear(), True, "Năm học, ví dụ 2018-2019; phải nằm trong thời gian kế hoạch"),
    Field("position", Text(200), False, "Chức vụ hoặc lớp: Giáo viên lớp 4A, Hiệu trưởng, Lớp 9A"),
    Field("summary", Text(3000), True, "Tóm tắt loại hình, quy mô hoạt động, nội dung thực hiện"),
    Field("registered_title", Text(300), True, "Danh hiệu thi đua, hình thức khen thưởng đăng ký"),
    Field("criteria", ListOf(Slug()), False, "Mã các tiêu chí của kế hoạch mà điển hình đáp ứng"),
    Field("fields", ListOf(Text(100), max_items=10), False, "Lĩnh vực (tối đa 10), ví dụ: Đổi mới dạy học"),
    Field("good_deed", Bool(), False, "true: gương người tốt, việc tốt"),
    Field("stage", Choice(*STAGES), True, "Giai đoạn: registered (đăng ký), nurturing (bồi dưỡng), "
          "replicating (nhân rộng), honoured (tôn vinh)"),
    Field("events", ListOf(EVENT), False, "Các mốc: {date, text, stage?}"),
    Field("awards", ListOf(AWARD), False, "Khen thưởng: {title, level, date, decision?}"),
    Field("replications", ListOf(REPLICATION), False, "Đơn vị đã nhân rộng: {unit, date, note?}"),
    Field("photos", ListOf(PHOTO), False, "Ảnh: {file, caption, alt}"),
    Field("media", ListOf(MEDIA), False, "Báo chí đưa tin: {outlet, title, url, date}"),
    Field("story", Text(100_000), False, "Bài viết (Markdown): nguyên nhân thành công, bài học kinh nghiệm"),
    Field("published", Date(), False, "Ngày đăng; ngày trong tương lai thì chưa đăng. Bắt buộc trừ bản nháp"),
    Field("draft", Bool(), False, "true: bản nháp, không đưa lên trang"),
    Field("featured", Bool(), False, "true: đưa lên trang chủ"),
    Field("private", Anything(), False, "Thông tin riêng (liên hệ, ghi chú, sự đồng ý): không bao giờ công bố"),
])

#: Fields a student record may not carry publicly: children's pages show no contact or address,
#: whatever an editor types. Such data belongs under `private:`.
STUDENT_FORBIDDEN_PATTERNS = {
    "phone number": r"(?<!\d)(?:\+?84|0)(?:[\s.-]?\d){8,10}(?!\d)",
    "e-mail address": r"[\w.+-]+@[\w-]+\.[\w.-]+",
    # A date must follow, and "học sinh năm học …" is not a birth date.
    "birth date": r"(?i)(?:ngày sinh|(?<!học )sinh ngày|(?<!học )sinh năm)\s*:?\s*\d",
    "home address": r"(?i)\b(?:địa chỉ|nhà ở|trú tại|thường trú|tạm trú)\b",
}
#: Lower-case text a match cannot lack: most stories have none, and skip the pattern (at 10,000
#: records the patterns alone took a second).
STUDENT_FORBIDDEN_NEEDLES = {
    "e-mail address": ("@",),
    "birth date": ("sinh",),
    "home address": ("địa chỉ", "nhà ở", "trú tại", "thường trú", "tạm trú"),
}
