"""Synthetic content for benchmarks: `write_corpus(dir, n, seed)` writes a valid content folder.

The records follow the content model (shared/content-model.md): a department, its district offices
and a school network that grows with `n` (about one school per ten records, as in a real province),
two campaigns, and `n` published exemplars of every kind with Vietnamese names, titles, summaries
and stories of 300–600 words. Every student carries a guardian's and the child's consent. The same
`(n, seed)` always writes the same files, so two benchmark runs read the same text.
"""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

from generator.vietnamese import fold

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Lý", "Đinh", "Quách", "Bạch", "Xa", "Hà", "Trịnh", "Lương", "Đào", "Cao"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thanh", "Thị Hồng", "Thu", "Thị Kim", "Diệu"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Xuân", "Thanh", "Công", "Đình", "Văn Đức"]
GIVEN_F = ["Hoa", "Lan", "Hương", "Trang", "Linh", "Thảo", "Yến", "Phương", "Hạnh", "Nhung", "Mai",
           "Huyền", "Ánh", "Oanh", "Duyên", "Hòa", "Thủy", "Ngân", "Loan", "Điệp", "Quyên", "Vân"]
GIVEN_M = ["An", "Bình", "Dũng", "Đạt", "Tuấn", "Hải", "Hùng", "Khánh", "Nam", "Đông", "Đức",
           "Sơn", "Long", "Quân", "Thắng", "Phong", "Hiếu", "Trung", "Toàn", "Lâm", "Việt", "Kiên"]
DISTRICTS = ["thành phố Hòa Bình", "huyện Lạc Sơn", "huyện Mai Châu", "huyện Kim Bôi", "huyện Tân Lạc",
             "huyện Cao Phong", "huyện Lương Sơn", "huyện Yên Thủy", "huyện Lạc Thủy", "huyện Đà Bắc"]
PLACES = ["Kim Đồng", "Lê Lợi", "Nguyễn Trãi", "Võ Thị Sáu", "Đoàn Kết", "Hoa Sen", "Sơn Ca",
          "Hữu Nghị", "Quang Trung", "Chu Văn An", "Lý Tự Trọng", "Tân Lập", "Mường Khến", "Đồng Tâm",
          "Thịnh Lang", "Tân Hòa", "Phương Lâm", "Hòa Sơn", "Vạn Mai", "Pà Cò", "Tú Sơn", "Nam Thượng",
          "Bình Thanh", "Thu Phong", "Liên Sơn", "Yên Trị", "Đồng Tâm", "An Bình", "Hưng Thi", "Cao Sơn",
          "Tiền Phong", "Đoàn Thị Điểm", "Trần Quốc Toản", "Nguyễn Du", "Hoa Ban", "Sao Mai", "Vành Khuyên"]
LEVELS = {"mam-non": "Mầm non", "tieu-hoc": "Tiểu học", "thcs": "THCS", "th-thcs": "Tiểu học và THCS"}
TOPICS = ["Đổi mới dạy học", "Chuyển đổi số", "Giáo dục kỹ năng sống", "Thư viện thân thiện",
          "Bồi dưỡng học sinh giỏi", "Phổ cập giáo dục", "Giáo dục STEM", "Trường học xanh",
          "Công tác bán trú", "Giáo dục dân tộc", "Tiếng Việt cho học sinh dân tộc thiểu số"]
CRITERIA = {"collective": ["nq29", "doi-ngu", "chat-luong", "than-thien"],
            "staff": ["doi-moi", "dao-duc", "vuot-kho"],
            "manager": ["nq29", "sang-kien", "dan-dat"],
            "student": ["hoc-gioi", "vuot-kho", "viec-tot"]}
REGISTERED = {"collective": ["Tập thể lao động xuất sắc", "Cờ thi đua của UBND tỉnh", "Bằng khen của Giám đốc Sở"],
              "staff": ["Chiến sĩ thi đua cơ sở", "Lao động tiên tiến", "Bằng khen của Chủ tịch UBND tỉnh"],
              "manager": ["Chiến sĩ thi đua cấp tỉnh", "Chiến sĩ thi đua cơ sở", "Bằng khen của Bộ trưởng"],
              "student": ["Học sinh tiêu biểu", "Giấy khen của Giám đốc Sở", "Học sinh xuất sắc"]}
SUBJECTS = ["Toán", "Tiếng Việt", "Ngữ văn", "Tiếng Anh", "Khoa học tự nhiên", "Lịch sử và Địa lí",
            "Tin học", "Âm nhạc", "Mĩ thuật", "Giáo dục thể chất"]
MODELS = ["Thư viện xanh", "Góc đọc sách thân thiện", "Vườn rau bán trú", "Câu lạc bộ Em yêu khoa học",
          "Lớp học hạnh phúc", "Sân chơi dân gian", "Tủ sách lớp học", "Bếp ăn bán trú an toàn",
          "Trường học số", "Câu lạc bộ tiếng Anh", "Không gian văn hóa Mường", "Heo đất khuyến học"]

# Sentences of the stories; {n} name, {u} unit, {s} subject, {m} model, {k} a number, {y} a year.
OPENING = [
    "{n} công tác tại {u} từ năm {y}, luôn tận tâm với học sinh và đồng nghiệp.",
    "Nói đến {u}, nhiều phụ huynh nhắc ngay đến {n} với những việc làm giản dị mà bền bỉ.",
    "Những năm gần đây, {n} trở thành tấm gương được đồng nghiệp tại {u} tin yêu, học tập.",
    "Trong phong trào thi đua Dạy tốt, học tốt, {n} là một trong những gương mặt tiêu biểu của {u}.",
]
MIDDLE = [
    "Mỗi tuần, {n} dành thời gian kèm thêm cho {k} học sinh còn gặp khó khăn trong môn {s}.",
    "Từ mô hình {m}, nhà trường đã thu hút hơn {k} học sinh tham gia mỗi học kỳ.",
    "Giáo án môn {s} được thiết kế lại theo hướng phát huy tính tích cực, chủ động của người học.",
    "Các buổi sinh hoạt chuyên môn theo nghiên cứu bài học giúp giáo viên trong tổ học hỏi lẫn nhau.",
    "Phụ huynh được mời tham gia các hoạt động trải nghiệm, cùng nhà trường chăm lo cho học sinh.",
    "Năm học {y}, tỷ lệ học sinh hoàn thành tốt nhiệm vụ học tập tăng {k} phần trăm so với năm trước.",
    "Đường đến trường vào mùa mưa rất vất vả, nhưng không buổi học nào bị bỏ lỡ.",
    "Sáng kiến kinh nghiệm về dạy học môn {s} được Hội đồng khoa học ngành công nhận và phổ biến.",
    "Đội ngũ giáo viên được bồi dưỡng thường xuyên về ứng dụng công nghệ thông tin trong giảng dạy.",
    "Nhà trường phối hợp với chính quyền địa phương vận động học sinh bỏ học trở lại lớp.",
    "Thư viện được sắp xếp lại, sách được phân loại theo màu để các em dễ tìm, dễ đọc.",
    "Tiết học môn {s} trở nên sinh động hơn nhờ đồ dùng dạy học tự làm từ vật liệu tái chế.",
    "Học sinh dân tộc Mường được hỗ trợ tăng cường tiếng Việt ngay từ những ngày đầu đến lớp.",
    "Cuộc thi giáo viên dạy giỏi cấp huyện năm {y} ghi nhận nhiều tiết dạy đổi mới của tập thể.",
    "Các em được rèn kỹ năng sống qua những giờ sinh hoạt dưới cờ và hoạt động ngoài giờ lên lớp.",
    "Mô hình {m} đã được {k} trường trong huyện đến tham quan, học tập và áp dụng.",
    "Ban đại diện cha mẹ học sinh đóng góp ngày công sửa sang phòng học, làm mới sân chơi.",
    "Kết quả kiểm định chất lượng giáo dục đạt mức {k}, được đoàn đánh giá ngoài ghi nhận.",
    "Đặc biệt, việc đổi mới kiểm tra, đánh giá giúp học sinh tự tin trình bày ý kiến của mình.",
    "Những tấm gương người tốt, việc tốt được kể lại trong các buổi chào cờ đầu tuần.",
    "Lớp học được trang trí bằng sản phẩm của chính các em, gần gũi và ấm áp như ở nhà.",
    "Giờ ra chơi, sân trường rộn ràng tiếng cười với các trò chơi dân gian như ném còn, nhảy sạp.",
    "Ngoài giờ lên lớp, {n} cùng đồng nghiệp đến từng bản để gặp gỡ, động viên gia đình học sinh.",
    "Nhiều bài giảng điện tử môn {s} được chia sẻ trên kho học liệu dùng chung của ngành.",
    "Quỹ khuyến học của trường năm {y} đã trao {k} suất học bổng cho học sinh có hoàn cảnh khó khăn.",
    "Tổ chuyên môn thường xuyên dự giờ, góp ý để từng tiết dạy ngày một chất lượng hơn.",
    "Học sinh được hướng dẫn tự đánh giá, tự ghi nhật ký học tập và đặt mục tiêu cho mỗi tháng.",
    "Những chuyến tham quan thực tế giúp các em hiểu thêm về lịch sử, văn hóa của quê hương.",
    "Bếp ăn bán trú được chăm lo chu đáo, bữa ăn đủ chất giúp các em yên tâm học tập cả ngày.",
    "Kết quả thi học sinh giỏi cấp tỉnh năm {y} có {k} giải, cao nhất từ trước đến nay.",
    "Phong trào Xây dựng trường học thân thiện, học sinh tích cực được duy trì đều đặn nhiều năm.",
    "Công tác chủ nhiệm được đổi mới, mỗi học sinh đều có sổ theo dõi sự tiến bộ riêng.",
]
CAUSES = [
    "Nguyên nhân thành công trước hết là sự đồng thuận của tập thể sư phạm và phụ huynh.",
    "Kế hoạch được xây dựng cụ thể, phân công rõ người, rõ việc, rõ thời hạn hoàn thành.",
    "Sự quan tâm chỉ đạo sát sao của Phòng Giáo dục và Đào tạo là động lực quan trọng.",
    "Tinh thần tự học, tự bồi dưỡng giúp {n} không ngừng nâng cao năng lực chuyên môn.",
    "Việc kiểm tra, đánh giá thường xuyên giúp kịp thời điều chỉnh cách làm cho phù hợp.",
]
LESSONS = [
    "Bài học rút ra là phải bắt đầu từ những việc nhỏ, làm đến nơi đến chốn.",
    "Cần lắng nghe học sinh, tôn trọng sự khác biệt và khơi dậy niềm say mê học tập.",
    "Phối hợp chặt chẽ giữa nhà trường, gia đình và xã hội là chìa khóa của mọi thành công.",
    "Mô hình có thể nhân rộng ở các trường vùng khó khăn với chi phí thấp.",
    "Sự kiên trì và lòng yêu nghề giúp vượt qua mọi khó khăn của điều kiện vùng cao.",
]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _person(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


def _units(rng: random.Random, n: int) -> tuple[str, list[dict], list[dict]]:
    """The department, offices and schools; returns (yaml text, offices, schools)."""
    lines = ["# Đơn vị tổng hợp cho đo hiệu năng (synthetic).",
             "- id: syn-so", "  name: Sở Giáo dục và Đào tạo tỉnh Tổng Hợp", "  kind: department"]
    offices = []
    for i, district in enumerate(DISTRICTS):
        office = {"id": f"syn-pgd-{i}", "name": f"Phòng Giáo dục và Đào tạo {district}", "district": district}
        offices.append(office)
        lines += [f"- id: {office['id']}", f"  name: {_q(office['name'])}", "  kind: office", "  parent: syn-so"]
    schools: list[dict] = []
    seen: set[str] = set()
    for i in range(max(8, min(1200, n // 10))):
        office = offices[i % len(offices)]
        level = rng.choice(list(LEVELS))
        name = f"Trường {LEVELS[level]} {rng.choice(PLACES)}"
        if name in seen:
            name = f"{name} ({office['district']})"
        if name in seen:
            name = f"{name} số {i}"
        seen.add(name)
        school = {"id": f"syn-{level}-{i}", "name": name, "level": level, "office": office}
        schools.append(school)
        lines += [f"- id: {school['id']}", f"  name: {_q(name)}", "  kind: school", f"  level: {level}",
                  f"  parent: {office['id']}"]
    return "\n".join(lines) + "\n", offices, schools


PLAN = """campaigns:
  - id: 2017-2020
    title: Kế hoạch tuyên truyền, xây dựng và nhân rộng điển hình tiên tiến giai đoạn 2017-2020
    start: 2017-09-19
    end: 2020-12-31
    registration_deadline: 2017-10-20
    criteria:
{criteria}
  - id: 2021-2025
    title: Kế hoạch tuyên truyền, xây dựng và nhân rộng điển hình tiên tiến giai đoạn 2021-2025
    start: 2021-01-01
    end: 2025-12-31
    criteria:
{criteria}
"""
CRITERION_TEXT = {"nq29": "Thực hiện có hiệu quả Nghị quyết số 29-NQ/TW",
                  "doi-ngu": "Nâng cao chất lượng đội ngũ nhà giáo và cán bộ quản lý",
                  "chat-luong": "Tỷ lệ học sinh khá giỏi tăng đều qua các năm",
                  "than-thien": "Xây dựng trường học thân thiện, học sinh tích cực",
                  "doi-moi": "Đi đầu trong phong trào Đổi mới, sáng tạo trong dạy và học",
                  "dao-duc": "Gương mẫu về đạo đức nhà giáo",
                  "vuot-kho": "Vượt khó vươn lên",
                  "sang-kien": "Có sáng kiến trong quản lý",
                  "dan-dat": "Đưa đơn vị hoàn thành xuất sắc nhiệm vụ",
                  "hoc-gioi": "Có thành tích học tập xuất sắc",
                  "viec-tot": "Có hành động dũng cảm, trung thực"}


def _plan() -> str:
    rows = []
    for kind, ids in CRITERIA.items():
        rows.append(f"      {kind}:")
        rows += [f"        - {{id: {cid}, text: {_q(CRITERION_TEXT[cid])}}}" for cid in ids]
    return PLAN.format(criteria="\n".join(rows))


def _story(rng: random.Random, slots: dict[str, str]) -> str:
    """300–600 words of Markdown in three sections."""
    target = rng.randint(300, 600)

    def fill(sentence: str) -> str:
        return sentence.format(k=rng.randint(3, 60), y=rng.randint(2015, 2024), **slots)

    parts = ["## Hành trình", ""]
    words = 0
    paragraph: list[str] = [fill(rng.choice(OPENING))]
    middle = rng.sample(MIDDLE, len(MIDDLE))
    while words < target * 0.7:
        sentence = fill(middle.pop() if middle else rng.choice(MIDDLE))
        paragraph.append(sentence)
        words += len(sentence.split())
        if len(paragraph) >= 4:
            parts += [" ".join(paragraph), ""]
            paragraph = []
    if paragraph:
        parts += [" ".join(paragraph), ""]
    parts += ["## Nguyên nhân thành công", ""]
    causes = rng.sample(CAUSES, 3)
    parts += [" ".join(fill(c) for c in causes), ""]
    words += sum(len(c.split()) for c in causes)
    parts += ["## Bài học kinh nghiệm", ""]
    lessons = rng.sample(LESSONS, len(LESSONS))
    while words < target and lessons:
        lesson = fill(lessons.pop())
        parts.append(f"- {lesson}")
        words += len(lesson.split())
    return "\n".join(parts) + "\n"


def _record(rng: random.Random, i: int, schools: list[dict], offices: list[dict]) -> tuple[str, str, str]:
    """One exemplar: (sub-folder, id, yaml text)."""
    kind = rng.choices(["staff", "student", "manager", "collective"], weights=[35, 35, 10, 20])[0]
    # Students attend primary or lower-secondary schools (preschool children are not records).
    school = rng.choice([s for s in schools if s["level"] != "mam-non"] or schools) if kind == "student" \
        else rng.choice(schools)
    unit_id, unit_name = school["id"], school["name"]
    if kind in ("staff", "manager") and rng.random() < 0.05:
        office = rng.choice(offices)
        unit_id, unit_name = office["id"], office["name"]
    first = rng.choice([2017, 2018, 2019, 2021, 2022, 2023, 2024])
    year = f"{first}-{first + 1}"
    campaign = "2017-2020" if first < 2020 else "2021-2025"
    subject, model = rng.choice(SUBJECTS), rng.choice(MODELS)
    if kind == "collective":
        name = f"Mô hình {model}"
        title = f"{model}: cách làm hay ở {unit_name}"
        position = None
        label = f"tập thể {unit_name}"
    else:
        name = _person(rng)
        position = {"staff": f"Giáo viên môn {subject}", "manager": rng.choice(["Hiệu trưởng", "Phó Hiệu trưởng"]),
                    "student": f"Lớp {rng.randint(1, 9)}{rng.choice('ABCDE')}"}[kind]
        title = rng.choice([f"{name}: tận tụy với nghề, sáng tạo trong dạy học môn {subject}",
                            f"{name} và hành trình đổi mới ở {unit_name}",
                            f"Gương sáng {name}, {unit_name}"])
        if kind == "student":
            title = rng.choice([f"Em {name} vượt khó học giỏi", f"Em {name} trả lại của rơi",
                                f"Em {name} đạt giải cao môn {subject}"])
        label = name
    record_id = f"{_slug(name)}-{i:05d}"
    started = date(first, 9, 5) + timedelta(days=rng.randint(0, 200))
    published = started + timedelta(days=rng.randint(10, 120))
    stage = rng.choice(["registered", "nurturing", "replicating", "honoured"])
    story = _story(rng, {"n": label, "u": unit_name, "s": subject, "m": model})
    lines = [f"kind: {kind}", f"name: {_q(name)}", f"title: {_q(title)}", f"unit: {unit_id}",
             f"campaign: {campaign}", f"school_year: {year}"]
    if position:
        lines.append(f"position: {_q(position)}")
    summary = (f"{label} thực hiện mô hình {model} và đổi mới dạy học môn {subject}; "
               f"quy mô {rng.randint(2, 40)} lớp, {rng.randint(50, 900)} học sinh tham gia.")
    lines += [f"summary: {_q(summary)}", f"registered_title: {_q(rng.choice(REGISTERED[kind]))}",
              f"criteria: [{', '.join(rng.sample(CRITERIA[kind], 2))}]",
              f"fields: [{', '.join(_q(t) for t in rng.sample(TOPICS, 2))}]"]
    if kind == "student" and "trả lại" in title:
        lines.append("good_deed: true")
    lines += [f"stage: {stage}", "events:",
              f"  - {{date: {started.isoformat()}, text: \"Đăng ký điển hình\", stage: registered}}"]
    if stage == "honoured":
        lines += ["awards:", f"  - {{title: {_q(rng.choice(REGISTERED[kind]))}, level: department, "
                             f"date: {(published - timedelta(days=5)).isoformat()}, "
                             f"decision: \"Quyết định số {rng.randint(10, 999)}/QĐ-SGDĐT\"}}"]
    if kind == "collective" and stage == "replicating":
        others = [s for s in rng.sample(schools, min(3, len(schools))) if s["id"] != unit_id]
        lines += ["replications:"] + [f"  - {{unit: {s['id']}, date: {published.isoformat()}}}" for s in others]
    lines.append("story: |")
    lines += [f"  {row}" if row else "" for row in story.splitlines()]
    lines.append(f"published: {published.isoformat()}")
    if kind == "student":
        parent = f"{name.split()[0]} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)} (bố)"
        lines += ["private:", f"  consent: {{by: {_q(parent)}, date: {(started - timedelta(days=3)).isoformat()}, "
                              "child: true}"]
    return year, record_id, "\n".join(lines) + "\n"


def write_corpus(dir: Path, n: int, seed: int = 1) -> Path:
    """Write a valid content folder of `n` published exemplars into `dir`; returns `dir`."""
    dir = Path(dir)
    rng = random.Random(seed)
    (dir / "exemplars").mkdir(parents=True, exist_ok=True)
    (dir / "media").mkdir(exist_ok=True)
    units_text, offices, schools = _units(rng, n)
    (dir / "units.yml").write_text(units_text, encoding="utf-8")
    (dir / "plan.yml").write_text(_plan(), encoding="utf-8")
    folders: set[Path] = set()
    for i in range(n):
        year, record_id, text = _record(rng, i, schools, offices)
        folder = dir / "exemplars" / year
        if folder not in folders:
            folder.mkdir(exist_ok=True)
            folders.add(folder)
        (folder / f"{record_id}.yml").write_text(text, encoding="utf-8")
    return dir


if __name__ == "__main__":
    import sys

    print(write_corpus(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100))
