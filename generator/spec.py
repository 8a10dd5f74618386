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
#: The plan's steps (bước), in order; the plan keeps "giai đoạn" for its multi-year period.
STAGES = ("discovered", "registered", "nurturing", "replicating", "honoured")
AWARD_LEVELS = ("president", "prime_minister", "ministry", "province", "department", "district", "office",
                "school")
#: Levels a person can count toward (a school of several levels is not one for a person).
PERSON_LEVELS = ("mam-non", "tieu-hoc", "thcs", "thpt", "gdtx", "other")
MILESTONE_KINDS = ("review", "conference", "contest", "final-review")
REPLICATION_SCOPES = ("school", "district", "province", "sector")
SELECTION_SCOPES = ("province", "sector")
REPORTING_CADENCES = ("monthly", "quarterly")

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
    Field("pilot", ListOf(Slug()), False, "Trường chỉ đạo điểm: mã các kế hoạch (plan.yml) mà trường được "
          "Phòng GD&ĐT chọn chỉ đạo điểm", ["2017-2020"]),
])

CRITERION = Obj(title="Tiêu chí", fields=[
    Field("id", Slug(), True, "Mã tiêu chí"),
    Field("text", Text(2000), True, "Nội dung tiêu chí"),
])

QUOTA_KINDS = Obj(title="Chỉ tiêu theo loại", fields=[
    Field(kind, MapOf(Choice("total", "up_to", *PERSON_LEVELS), Int()), False,
          f"Chỉ tiêu tối thiểu loại {kind}: total, up_to (mức phấn đấu, ví dụ 5-10 mô hình) và theo cấp học")
    for kind in EXEMPLAR_KINDS
])

PERSON = Obj(title="Người", fields=[
    Field("name", Text(200), True, "Họ và tên"),
    Field("role", Text(300), False, "Chức vụ, ví dụ: Phó Giám đốc"),
    Field("phone", Text(50), False, "Điện thoại công vụ"),
    Field("email", Text(200), False, "Thư điện tử công vụ"),
])

MILESTONE = Obj(title="Mốc lộ trình", fields=[
    Field("id", Slug(), True, "Mã mốc, duy nhất, ví dụ so-ket-2018", "so-ket-2018"),
    Field("date", Date(), True, "Ngày (YYYY-MM-DD)"),
    Field("kind", Choice(*MILESTONE_KINDS), True, "Loại: review (sơ kết), conference (hội nghị điển hình "
          "tiên tiến), contest (cuộc thi viết), final-review (tổng kết)"),
    Field("title", Text(300), True, "Tên mốc, ví dụ: Sơ kết 3 năm thực hiện Kế hoạch"),
    Field("text", Text(3000), False, "Mô tả ngắn theo Kế hoạch"),
])

CAMPAIGN = Obj(title="Kế hoạch (plan.yml)", fields=[
    Field("id", Slug(), True, "Mã kế hoạch, ví dụ 2017-2020"),
    Field("title", Text(500), True, "Tên kế hoạch"),
    Field("start", Date(), True, "Ngày bắt đầu (YYYY-MM-DD)"),
    Field("end", Date(), True, "Ngày kết thúc (YYYY-MM-DD)"),
    Field("number", Text(100), False, "Số hiệu văn bản, ví dụ 1676/KH-SGD&ĐT-VP"),
    Field("date", Date(), False, "Ngày ban hành (YYYY-MM-DD)"),
    Field("issuer", Text(300), False, "Cơ quan ban hành, ví dụ Sở Giáo dục và Đào tạo tỉnh Hòa Bình"),
    Field("signer", PERSON, False, "Người ký: {name, role}"),
    Field("document", Text(300), False, "Tệp văn bản đã ký (PDF), tính từ thư mục content/media/"),
    Field("contact", PERSON, False, "Đầu mối liên hệ công khai của Kế hoạch: {name, role, phone, email}"),
    Field("registration_deadline", Date(), False, "Hạn gửi danh sách đăng ký năm học đầu: danh sách phải "
          "đến TRƯỚC ngày này (\"trước ngày 20/10/2017\")"),
    Field("deadlines", MapOf(SchoolYear(), Date()), False, "Hạn đăng ký các năm học sau: {2018-2019: "
          "2018-10-20}; năm học không có hạn thì không có đăng ký trễ hạn"),
    Field("criteria", Obj(title="Tiêu chí theo loại", fields=[
        Field(kind, ListOf(CRITERION), False, f"Tiêu chí cho loại {kind}") for kind in EXEMPLAR_KINDS
    ]), False, "Tiêu chí theo loại điển hình"),
    Field("quotas", Obj(title="Chỉ tiêu", fields=[
        Field("office", QUOTA_KINDS, False, "Chỉ tiêu mỗi năm học cho mỗi Phòng GD&ĐT, tính trên mọi đơn vị "
              "thuộc Phòng"),
        Field("school", QUOTA_KINDS, False, "Chỉ tiêu mỗi năm học cho mỗi trường thuộc Phòng GD&ĐT "
              "(Kế hoạch: ít nhất 01 mô hình)"),
        Field("affiliated", QUOTA_KINDS, False, "Chỉ tiêu mỗi năm học cho mỗi đơn vị, trường học trực thuộc Sở "
              "(Kế hoạch: 01 mô hình, 02 cán bộ, giáo viên, 03 học sinh)"),
    ]), False, "Chỉ tiêu đăng ký tối thiểu mỗi năm học"),
    Field("pilot", MapOf(Choice(*PERSON_LEVELS), Int()), False, "Số trường chỉ đạo điểm mỗi Phòng GD&ĐT chọn "
          "theo cấp học: {mam-non: 3, tieu-hoc: 3, thcs: 3}"),
    Field("reporting", Obj(title="Chế độ báo cáo", fields=[
        Field("office", Choice(*REPORTING_CADENCES), False, "Phòng GD&ĐT gửi tin tuyên truyền: monthly (hằng "
              "tháng) hoặc quarterly (hằng quý)"),
        Field("affiliated", Choice(*REPORTING_CADENCES), False, "Đơn vị, trường học trực thuộc gửi tin: "
              "monthly hoặc quarterly"),
    ]), False, "Định kỳ gửi thông tin tuyên truyền về Văn phòng Sở"),
    Field("milestones", ListOf(MILESTONE), False, "Lộ trình: sơ kết, hội nghị, cuộc thi viết, tổng kết"),
])

PLAN = Obj(title="Kế hoạch (plan.yml)", fields=[
    Field("campaigns", ListOf(CAMPAIGN), True, "Danh sách kế hoạch"),
])

EVENT = Obj(title="Sự kiện", fields=[
    Field("date", Date(), True, "Ngày (YYYY-MM-DD)"),
    Field("text", Text(2000), True, "Nội dung"),
    Field("stage", Choice(*STAGES), False, "Bước bắt đầu từ sự kiện này (registered: ngày đăng ký)"),
    Field("milestone", Slug(), False, "Mã mốc lộ trình của kế hoạch (plan.yml milestones), ví dụ "
          "hoi-nghi-2019: được giới thiệu tại hội nghị"),
])

AWARD = Obj(title="Khen thưởng", fields=[
    Field("title", Text(300), True, "Hình thức khen thưởng, danh hiệu, ví dụ: Bằng khen của Chủ tịch UBND tỉnh"),
    Field("level", Choice(*AWARD_LEVELS), True, "Cấp khen: president (Chủ tịch nước), prime_minister, "
          "ministry, province (Chủ tịch UBND tỉnh), department (Giám đốc Sở), district (Chủ tịch UBND "
          "huyện/thành phố), office (Trưởng phòng GD&ĐT), school"),
    Field("date", Date(), True, "Ngày quyết định (YYYY-MM-DD)"),
    Field("decision", Text(300), False, "Số quyết định, ví dụ: Quyết định số 123/QĐ-UBND"),
    Field("milestone", Slug(), False, "Mã mốc lộ trình nơi được khen (ví dụ tong-ket-2020)"),
])

REPLICATION = Obj(title="Nhân rộng", fields=[
    Field("unit", Slug(), True, "Mã đơn vị đã áp dụng mô hình"),
    Field("date", Date(), True, "Ngày bắt đầu áp dụng"),
    Field("note", Text(2000), False, "Ghi chú: quy mô, hiệu quả"),
    Field("scope", Choice(*REPLICATION_SCOPES), False, "Phạm vi nhân rộng: school (trường), district "
          "(huyện, thành phố), province (tỉnh), sector (toàn ngành)"),
    Field("plan", Text(100), False, "Số Kế hoạch nhân rộng, ví dụ 45/KH-PGDĐT"),
])

SELECTION = Obj(title="Sở lựa chọn nhân rộng", fields=[
    Field("scope", Choice(*SELECTION_SCOPES), True, "Phạm vi: province (toàn tỉnh) hoặc sector (toàn ngành)"),
    Field("date", Date(), True, "Ngày quyết định lựa chọn"),
    Field("decision", Text(300), False, "Số văn bản, ví dụ Kế hoạch số 12/KH-SGDĐT"),
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
    Field("by", Text(200), True, "Cha, mẹ hoặc người giám hộ đồng ý; người học đã thành niên tự đồng ý: self"),
    Field("date", Date(), True, "Ngày đồng ý"),
    Field("child", Bool(), False, "true: học sinh (từ đủ 7 tuổi, mọi cấp trừ mầm non) cũng đồng ý"),
    Field("adult", Bool(), False, "true: sinh viên, học viên từ đủ 18 tuổi tự đồng ý (by: self)"),
    Field("withdrawn", Date(), False, "Ngày rút lại sự đồng ý: hồ sơ bị gỡ khỏi trang từ lần dựng sau"),
])

EXEMPLAR = Obj(title="Điển hình tiên tiến (exemplars/<mã>.yml)", fields=[
    Field("kind", Choice(*EXEMPLAR_KINDS), True, "Loại: collective (tập thể, mô hình), staff (cán bộ, "
          "giáo viên, nhân viên), manager (cán bộ quản lý), student (học sinh, sinh viên, học viên)"),
    Field("name", Text(200), True, "Họ và tên, hoặc tên mô hình với tập thể"),
    Field("title", Text(300), True, "Tiêu đề bài viết"),
    Field("unit", Slug(), True, "Mã đơn vị trong units.yml"),
    Field("campaign", Slug(), True, "Mã kế hoạch trong plan.yml"),
    Field("school_year", SchoolYear(), True, "Năm học, ví dụ 2018-2019; phải nằm trong thời gian kế hoạch"),
    Field("position", Text(200), False, "Chức vụ hoặc lớp: Giáo viên lớp 4A, Hiệu trưởng, Lớp 9A"),
    Field("level", Choice(*PERSON_LEVELS), False, "Cấp học của người này (mam-non, tieu-hoc, thcs, thpt, gdtx, "
          "other); chỉ cần ở trường nhiều cấp học khi position không ghi lớp"),
    Field("summary", Text(3000), True, "Tóm tắt loại hình, quy mô hoạt động, nội dung thực hiện"),
    Field("registered_title", Text(300), True, "Danh hiệu thi đua, hình thức khen thưởng đăng ký"),
    Field("criteria", ListOf(Slug()), False, "Mã các tiêu chí của kế hoạch mà điển hình đáp ứng"),
    Field("fields", ListOf(Text(100), max_items=10), False, "Lĩnh vực (tối đa 10), ví dụ: Đổi mới dạy học"),
    Field("good_deed", Bool(), False, "true: gương người tốt, việc tốt"),
    Field("stage", Choice(*STAGES), True, "Bước: discovered (phát hiện), registered (đăng ký), nurturing "
          "(bồi dưỡng, xây dựng), replicating (nhân rộng), honoured (tôn vinh)"),
    Field("events", ListOf(EVENT), False, "Các mốc: {date, text, stage?, milestone?}"),
    Field("awards", ListOf(AWARD), False, "Khen thưởng: {title, level, date, decision?, milestone?}"),
    Field("replications", ListOf(REPLICATION), False, "Đơn vị đã nhân rộng: {unit, date, note?, scope?, plan?}"),
    Field("selected", SELECTION, False, "Sở lựa chọn mô hình để nhân rộng: {scope: province|sector, date, "
          "decision?}"),
    Field("photos", ListOf(PHOTO), False, "Ảnh: {file, caption, alt}"),
    Field("media", ListOf(MEDIA), False, "Báo chí đưa tin: {outlet, title, url, date}"),
    Field("story", Text(100_000), False, "Bài viết (Markdown): nguyên nhân thành công, bài học kinh nghiệm"),
    Field("published", Date(), False, "Ngày đăng; ngày trong tương lai thì chưa đăng. Bắt buộc trừ bản nháp"),
    Field("draft", Bool(), False, "true: bản nháp, không đưa lên trang"),
    Field("featured", Bool(), False, "true: đưa lên trang chủ"),
    Field("private", Anything(), False, "Thông tin riêng (liên hệ, ghi chú, sự đồng ý): không bao giờ công bố"),
])
