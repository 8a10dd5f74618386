"""`exemplars new`: a correctly named record, every field explained in Vietnamese, for editors.

The editorial board are education officials, not programmers: the new file lists every field of
the content model with its help text (read from `spec`, the validator's own declarations, so
the explanations never drift), fills what is known (kind, name, unit, campaign, school year, a
registration event dated today) and marks what the editor must write with `CẦN THAY`. It starts
as a draft, so a half-written record is never published, and passes `exemplars check` as created.
Optional fields are commented-out examples: remove the `# ` in front of the lines to use them.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from . import spec
from .jsonschema_export import SCHEMA_DIR
from .loader import Problem
from .model import Campaign, Unit
from .schema import SCHOOL_YEAR, Field, ListOf, Obj
from .levels import unit_levels
from .validate import PLACEHOLDER
from .validate_plan import campaigns as load_campaigns
from .validate_plan import units as load_units
from .labels import KINDS
from .vietnamese import format_date, slugify

# PLACEHOLDER marks every value the editor must replace (the guide tells editors to search for
# it); the validator refuses it in any record that is not a draft.
#: Line above each commented-out example or choice (tests uncomment the lines under it).
EXAMPLE_MARK = "# Ví dụ (bỏ dấu # ở đầu các dòng dưới để dùng):"
CHOICE_MARK = "# Chọn (bỏ dấu # ở dòng criteria: và ở các tiêu chí điển hình đạt được):"
WIDTH = 96

POSITION_EXAMPLES = {"collective": "Tổ khối 4", "staff": "Giáo viên lớp 4A", "manager": "Hiệu trưởng",
                     "student": "Lớp 9A"}
TITLE_EXAMPLES = {"collective": "Tập thể lao động xuất sắc", "staff": "Chiến sĩ thi đua cơ sở",
                  "manager": "Chiến sĩ thi đua cơ sở", "student": "Học sinh tiêu biểu"}
#: Units a record of each kind may belong to (students study in schools and colleges).
UNIT_KINDS_FOR = {"collective": spec.UNIT_KINDS, "staff": spec.UNIT_KINDS, "manager": spec.UNIT_KINDS,
                  "student": ("school", "unit")}


class ScaffoldError(Exception):
    """What went wrong, in Vietnamese, for the editor; the command exits with status 1."""


@dataclass(frozen=True)
class NewRecord:
    """Everything known about a record before the editor writes it."""

    kind: str
    name: str
    unit: Unit
    campaign: Campaign
    school_year: str
    today: date
    record_id: str
    schema_ref: str
    sibling: str | None = None  # another unit of the same office, for the replication example


def record_id(name: str, unit_id: str) -> str:
    """`Nguyễn Thị Hoa` at `th-kim-dong` → `nguyen-thi-hoa-th-kim-dong` (unit id avoids clashes)."""
    name_slug = slugify(name)
    if not name_slug:
        raise ScaffoldError(f"Tên {name!r} không tạo được mã tệp: hãy viết họ tên hoặc tên mô hình bằng chữ.")
    return f"{name_slug}-{unit_id}"


def school_year_of(day: date) -> str:
    """The school year (1 September – 31 August) that contains `day`."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


def create(content_dir: Path, kind: str, unit_id: str, name: str, school_year: str | None = None,
           campaign_id: str | None = None, today: date | None = None) -> Path:
    """Write `content/exemplars/<school-year>/<id>.yml`; raise `ScaffoldError` instead of guessing."""
    content_dir = Path(content_dir)
    today = today or date.today()
    record = prepare(content_dir, kind, unit_id, name, school_year, campaign_id, today)
    target = content_dir / "exemplars" / record.school_year / f"{record.record_id}.yml"
    if target.exists():
        raise ScaffoldError(f"{target} đã có; không ghi đè. Mở tệp đó để sửa, hoặc đặt tên khác.")
    clash = next((p for p in (content_dir / "exemplars").rglob(f"{record.record_id}.yml")), None)
    if clash is not None:
        raise ScaffoldError(f"{clash} đã dùng mã {record.record_id!r} (mã hồ sơ là tên tệp, không được "
                            "trùng); không tạo tệp mới. Mở tệp đó để sửa, hoặc đặt tên khác.")
    ref = os.path.relpath(_schema_file(content_dir), target.parent.resolve())
    record = replace(record, schema_ref=Path(ref).as_posix())
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(render(record))
    return target


def prepare(content_dir: Path, kind: str, unit_id: str, name: str, school_year: str | None,
            campaign_id: str | None, today: date) -> NewRecord:
    """Check the arguments against units.yml and plan.yml; pick the campaign of the school year."""
    if kind not in spec.EXEMPLAR_KINDS:
        raise ScaffoldError(f"Loại {kind!r} không có; dùng một trong: " + ", ".join(
            f"{k} ({KINDS[k].lower()})" for k in spec.EXEMPLAR_KINDS))
    name = " ".join(name.split())
    if not name:
        raise ScaffoldError("Thiếu tên: thêm --name \"Họ và tên\" (hoặc tên mô hình với tập thể).")
    problems: list[Problem] = []
    shown = str
    units = load_units(content_dir / "units.yml", shown, problems)
    campaigns = load_campaigns(content_dir / "plan.yml", shown, problems, content_dir / "media")
    if problems:
        raise ScaffoldError("Sửa units.yml và plan.yml trước (chạy exemplars check):\n"
                            + "\n".join(str(p) for p in problems))
    unit = units.get(unit_id)
    if unit is None:
        import difflib

        close = difflib.get_close_matches(unit_id, list(units), n=3)
        hint = f" Có phải: {', '.join(close)}?" if close else ""
        raise ScaffoldError(f"Không có đơn vị {unit_id!r} trong units.yml.{hint} Mã đơn vị là dòng id: "
                            "của đơn vị trong units.yml.")
    if unit.kind not in UNIT_KINDS_FOR[kind]:
        raise ScaffoldError(f"{unit.name} ({unit_id}) là đơn vị loại {unit.kind}; điển hình loại {kind} "
                            f"({KINDS[kind].lower()}) phải thuộc một trường hoặc đơn vị trực thuộc.")
    year = school_year or school_year_of(today)
    m = SCHOOL_YEAR.match(year)
    if not m or int(m[2]) != int(m[1]) + 1:
        raise ScaffoldError(f"Năm học {year!r} không đúng dạng; viết như 2025-2026.")
    if unit.until and unit.until < date(int(year[:4]), 9, 1):
        succ = f"; dùng đơn vị kế thừa --unit {unit.successor}" if unit.successor else ""
        raise ScaffoldError(f"{unit.name} ({unit_id}) chỉ tồn tại đến {format_date(unit.until)}, trước năm "
                            f"học {year}{succ}.")
    campaign = _campaign(campaigns, campaign_id, year)
    siblings = sorted(u.id for u in units.values() if u.parent == unit.parent and u.id != unit.id
                      and u.kind in ("school", "unit") and not u.until)
    return NewRecord(kind=kind, name=name, unit=unit, campaign=campaign, school_year=year, today=today,
                     record_id=record_id(name, unit_id), schema_ref="", sibling=siblings[0] if siblings else None)


def _campaign(campaigns: dict[str, Campaign], campaign_id: str | None, year: str) -> Campaign:
    def period(c: Campaign) -> str:
        return f"{c.id} ({format_date(c.start)}–{format_date(c.end)})"

    if campaign_id:
        campaign = campaigns.get(campaign_id)
        if campaign is None:
            raise ScaffoldError(f"Không có kế hoạch {campaign_id!r} trong plan.yml; có: "
                                + ", ".join(map(period, campaigns.values())))
        if not campaign.covers(year):
            raise ScaffoldError(f"Năm học {year} nằm ngoài kế hoạch {period(campaign)}; đổi --year "
                                "hoặc --campaign.")
        return campaign
    covering = [c for c in campaigns.values() if c.covers(year)]
    if not covering:
        raise ScaffoldError(f"Năm học {year} không thuộc kế hoạch nào trong plan.yml ("
                            + ", ".join(map(period, campaigns.values()))
                            + "). Ghi năm học bằng --year, ví dụ --year 2025-2026, hoặc thêm kế hoạch mới "
                              "vào plan.yml.")
    return max(covering, key=lambda c: c.start)  # a year shared by two plans belongs to the newer


def _schema_file(content_dir: Path) -> Path:
    """The committed exemplar schema of the project that holds `content_dir`."""
    for folder in (content_dir.resolve(), *content_dir.resolve().parents):
        candidate = folder / "schemas" / "exemplar.schema.json"
        if candidate.is_file():
            return candidate
    return SCHEMA_DIR / "exemplar.schema.json"


# --- the template -------------------------------------------------------------------------------

#: Lines of one field (after its help comment) for a record.
Block = Callable[[NewRecord, Field], list[str]]


def render(r: NewRecord) -> str:
    fields = {f.name: f for f in spec.EXEMPLAR.fields}
    out = [
        f"# yaml-language-server: $schema={r.schema_ref}",
        "#",
        f"# ĐIỂN HÌNH TIÊN TIẾN – {r.name} ({r.unit.name}), năm học {r.school_year}",
        f"# Mã hồ sơ (tên tệp): {r.record_id}. Tạo ngày {format_date(r.today)} bằng lệnh exemplars new.",
        "#",
        "# Cách điền:",
        f"#  1. Thay mọi chữ {PLACEHOLDER} bằng nội dung thật (giữ nguyên tên trường ở bên trái dấu hai chấm).",
        "#  2. Dòng bắt đầu bằng # là ghi chú, không được đăng. Muốn dùng một ví dụ: xoá dấu # ở đầu dòng.",
        "#  3. Chạy make check: mỗi lỗi được báo theo dạng tệp:dòng: trường: lỗi.",
        "#  4. Khi đã sẵn sàng đăng: đổi draft: true thành draft: false và ghi ngày đăng published.",
        "# Hướng dẫn đầy đủ: trang «Hướng dẫn biên tập» (content/pages/huong-dan-bien-tap.md).",
    ]
    for name, f in fields.items():
        out.append("")
        out.extend(_help(f))
        out.extend(_BLOCKS[name](r, f))
    return "\n".join(out) + "\n"


def _help(f: Field) -> list[str]:
    need = "bắt buộc" if f.required else "không bắt buộc"
    if f.name == "published":
        need = "bắt buộc khi đăng"
    lines = textwrap.wrap(f"{f.name} ({need}): {f.doc}", WIDTH - 2)
    item = f.type.item if isinstance(f.type, ListOf) else None
    if isinstance(item, Obj):
        for sub in item.fields:
            lines += textwrap.wrap(f"  - {sub.name}{' (bắt buộc)' if sub.required else ''}: {sub.doc}",
                                   WIDTH - 2, subsequent_indent="      ")
    return [f"# {line}" for line in lines]


def _text(value: str) -> str:
    """A YAML scalar for `value`: plain when it reads back as the same text, else double-quoted."""
    plain = re.fullmatch(r"[^\W\d_][^:#\n\"'{}\[\]&*!|>%@`]*", value) and value == value.strip()
    if plain and value.lower() not in ("true", "false", "null", "yes", "no", "on", "off", "y", "n"):
        return value
    return json.dumps(value, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return _text(str(value))


def _items(example: dict[str, Any], obj: Obj, indent: str = "  ") -> list[str]:
    """One list item with the fields of `obj` in declaration order (a missing example fails loudly)."""
    lines: list[str] = []
    for sub in obj.fields:
        if sub.name not in example:
            if sub.required:
                raise KeyError(f"scaffold: no example for required field {sub.name!r}")
            continue
        lines.append(f"{indent}{'  ' if lines else '- '}{sub.name}: {_value(example[sub.name])}")
    return lines


def _commented(lines: list[str], mark: str = EXAMPLE_MARK) -> list[str]:
    return [mark] + [f"# {line}".rstrip() for line in lines]


def _list_example(examples: Callable[[NewRecord], list[dict[str, Any]]]) -> Block:
    def block(r: NewRecord, f: Field) -> list[str]:
        lines = [f"{f.name}:"]
        for example in examples(r):
            lines += _items(example, f.type.item)  # type: ignore[attr-defined]
        return _commented(lines)
    return block


def _placeholder(what: Callable[[NewRecord], str]) -> Block:
    return lambda r, f: [f"{f.name}: {_text(f'{PLACEHOLDER}: {what(r)}')}"]


def _criteria(r: NewRecord, f: Field) -> list[str]:
    items = r.campaign.criteria.get(r.kind, [])
    if not items:
        return [f"# (Kế hoạch {r.campaign.id} chưa có tiêu chí cho loại {r.kind}.)"]
    lines = ["criteria:"]
    for c in items:
        text = textwrap.shorten(c.text, WIDTH - 20 - len(c.id), placeholder="…")
        lines.append(f"  - {c.id}  # {text}")
    return _commented(lines, CHOICE_MARK)


def _level(r: NewRecord) -> list[str]:
    """A person at a school of several levels says which one; elsewhere the unit's level holds."""
    levels = unit_levels(r.unit.level)
    if r.kind == "collective" or not levels:
        return ["# level: (không dùng cho tập thể, mô hình hoặc đơn vị không có cấp học)"]
    if len(levels) == 1:
        return [f"# level: {levels[0]}  # không cần ghi: cấp học lấy theo đơn vị"]
    return _commented([f"level: {levels[0]}  # hoặc {', '.join(levels[1:])}; bỏ qua nếu position ghi lớp"],
                      CHOICE_MARK)


def _private(r: NewRecord, f: Field) -> list[str]:
    if r.kind != "student":
        return _commented(["private:", "  contact: Họ tên, số điện thoại người liên hệ",
                           "  note: Ghi chú nội bộ"])
    consent = {sub.name: sub for sub in spec.CONSENT.fields}
    return [
        "# Học sinh là trẻ em: chỉ được đăng khi có giấy đồng ý của cha, mẹ hoặc người giám hộ và",
        "# học sinh cũng đồng ý. Điền đủ ba dòng dưới trước khi đổi draft thành false.",
        "private:",
        "  consent:",
        f"    # {consent['by'].doc}",
        f"    by: {_text(f'{PLACEHOLDER}: họ tên cha, mẹ hoặc người giám hộ (quan hệ với học sinh)')}",
        f"    # {consent['date'].doc}, dạng YYYY-MM-DD",
        f"    date: {_text(f'{PLACEHOLDER}: ngày ký giấy đồng ý')}",
        f"    # {consent['child'].doc}",
        "    child: false",
        f"    # {consent['adult'].doc}",
        "    # adult: true",
        f"    # {consent['withdrawn'].doc}",
        "    # withdrawn: YYYY-MM-DD",
        "  # Thông tin liên hệ của gia đình (không bao giờ được đăng):",
        "  # contact: Họ tên, số điện thoại",
    ]


_BLOCKS: dict[str, Block] = {
    "kind": lambda r, f: [f"kind: {r.kind}"],
    "name": lambda r, f: [f"name: {_text(r.name)}"],
    "title": _placeholder(lambda r: f"tiêu đề bài viết về {r.name}"),
    "unit": lambda r, f: [f"unit: {r.unit.id}  # {r.unit.name}"],
    "campaign": lambda r, f: [f"campaign: {r.campaign.id}  # "
                              f"{textwrap.shorten(r.campaign.title, WIDTH - 14 - len(r.campaign.id), placeholder='…')}"],
    "school_year": lambda r, f: [f"school_year: {r.school_year}"],
    "position": lambda r, f: _commented([f"position: {POSITION_EXAMPLES[r.kind]}"]),
    "level": lambda r, f: _level(r),
    "summary": _placeholder(lambda r: "một đoạn tóm tắt loại hình, quy mô hoạt động, nội dung thực "
                                      "hiện (cột «Tóm tắt» của phiếu đăng ký)."),
    "registered_title": _placeholder(lambda r: f"danh hiệu thi đua đăng ký, ví dụ: {TITLE_EXAMPLES[r.kind]}"),
    "criteria": _criteria,
    "fields": lambda r, f: _commented(["fields:", "  - Đổi mới dạy học", "  - Chuyển đổi số"]),
    "good_deed": lambda r, f: _commented(["good_deed: true"]),
    "stage": lambda r, f: ["stage: registered"],
    "events": lambda r, f: ["events:", *_items({"date": r.today, "text": f"{r.unit.name} đăng ký "
                                                "điển hình tiên tiến.", "stage": "registered"},
                                               f.type.item)],  # type: ignore[attr-defined]
    "awards": _list_example(lambda r: [{
        "title": "Bằng khen của Chủ tịch UBND tỉnh", "level": "province", "date": r.today,
        "decision": "Quyết định số 123/QĐ-UBND"}]),
    "replications": _list_example(lambda r: [{
        "unit": r.sibling or "ma-don-vi", "date": r.today, "note": "Áp dụng mô hình ở 3 lớp"}]),
    "photos": _list_example(lambda r: [{
        "file": f"{r.record_id}-1.jpg", "caption": "Ai, làm gì, ở đâu (hiện dưới ảnh)",
        "alt": "Tả những gì nhìn thấy trong ảnh, cho người khiếm thị"}]),
    "selected": lambda r, f: _commented(["selected:", "  scope: province",
                                         f"  date: {r.today.isoformat()}",
                                         "  decision: Kế hoạch số 12/KH-SGDĐT"]),
    "media": _list_example(lambda r: [{
        "outlet": "Báo Giáo dục và Thời đại", "title": "Tên bài báo", "url": "https://example.vn/ten-bai",
        "date": r.today}]),
    "story": lambda r, f: _commented(["story: |", "  ## Nguyên nhân thành công", "",
                                      "  Viết bài ở đây (Markdown). Mỗi đoạn cách nhau một dòng trống.", "",
                                      "  ## Bài học kinh nghiệm", "", "  - Bài học thứ nhất"]),
    "published": lambda r, f: _commented([f"published: {r.today.isoformat()}"]),
    "draft": lambda r, f: ["draft: true"],
    "featured": lambda r, f: _commented(["featured: true"]),
    "private": _private,
}
