"""The registration list (danh sách đăng ký) in the plan's appendix form, as .docx and .xlsx.

The appendix "GIỚI THIỆU ĐIỂN HÌNH TIÊN TIẾN" of Kế hoạch 1676/KH-SGD&ĐT-VP has four columns:
number, the exemplar (collective or person) with its unit, a summary of its type, scale or
content, and "Đăng ký danh hiệu thi đua, hình thức khen thưởng theo Kế hoạch, Đề án". Rows come
grouped by kind (collectives first), numbered through the list, as on the site
(`pages/registration.py` builds the `RegistrationList`; nothing here reads HTML).

An internal list (`exemplars export --internal`) also holds records the site does not publish;
each is marked in its name cell (and in an extra "Ghi chú (nội bộ)" column of the .xlsx), and
the document says it is internal under its title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


from ..labels import KINDS_PLURAL
from ..model import Catalog
from ..spec import EXEMPLAR_KINDS
from . import office, sheetxml

TITLE = "GIỚI THIỆU ĐIỂN HÌNH TIÊN TIẾN"
#: The appendix's four columns, in its own words (the last one in full).
COLUMNS = ("TT", "Tên điển hình (tập thể, cá nhân), đơn vị",
           "Tóm tắt loại hình, quy mô hoạt động hay nội dung triển khai thực hiện của các điển hình",
           "Đăng ký danh hiệu thi đua, hình thức khen thưởng theo Kế hoạch, Đề án")
WIDTHS_MM = (12, 48, 65, 40)
INTERNAL_NOTE = ("TÀI LIỆU NỘI BỘ – gồm cả hồ sơ chưa công bố trên trang (bản nháp, chờ ý kiến đồng ý, "
                 "hẹn ngày đăng); không đăng tải.")
STATUS = {"draft": "Bản nháp, chưa công bố",
          "awaiting-consent": "Chờ ý kiến đồng ý của cha mẹ, người giám hộ; chưa công bố",
          "scheduled": "Hẹn ngày đăng {date}"}
ROMAN = ("I", "II", "III", "IV", "V", "VI")


def status_text(status: dict[str, str], exemplar) -> str:
    code = status.get(exemplar.id)
    if not code:
        return ""
    return STATUS[code].format(date=f"{exemplar.published:%d/%m/%Y}" if code == "scheduled" else "")


def groups(reg) -> list[tuple[str, list]]:
    """(heading, rows) per kind present, in the content model's order: "I. Tập thể, mô hình …"."""
    present = [(kind, [r for r in reg.rows if r.exemplar.kind == kind]) for kind in EXEMPLAR_KINDS]
    present = [(kind, rows) for kind, rows in present if rows]
    return [(f"{ROMAN[i]}. {KINDS_PLURAL[kind]} ({len(rows)})", rows) for i, (kind, rows) in enumerate(present)]


def _name_cell(row, status: dict[str, str]) -> tuple[str, int]:
    """The name cell's lines and the index of the first italic one (the internal mark)."""
    e = row.exemplar
    lines = [e.name, *([e.position] if e.position else []), row.unit.name]
    mark = status_text(status, e)
    return "\n".join([*lines, *([f"[{mark}]"] if mark else [])]), len(lines) if mark else None


def campaigns_of(catalog: Catalog, reg) -> list:
    ids = dict.fromkeys(r.exemplar.campaign for r in reg.rows)
    if not ids:  # an empty list still says which plan it answers
        ids = {c.id: None for c in catalog.campaigns.values() if c.covers(reg.school_year)}
    return [catalog.campaigns[c] for c in ids]


def to_docx(reg, catalog: Catalog, stamp: date, status: dict[str, str] | None = None) -> bytes:
    status = status or {}
    doc = office.document()
    office.heading(doc, catalog, reg.unit)
    office.para(doc, TITLE, bold=True, size=14, align="center", space_before=12)
    office.para(doc, f"Năm học {reg.school_year.replace('-', ' – ')}", bold=True, align="center")
    for campaign in campaigns_of(catalog, reg):
        office.para(doc, f"({office.plan_reference(campaign)})", italic=True, align="center")
    if status:
        office.para(doc, INTERNAL_NOTE, bold=True, italic=True, size=12, align="center", space_before=6)
    office.para(doc, "", space_after=6)
    table = office.grid(doc, list(COLUMNS), list(WIDTHS_MM))
    for heading_text, rows in groups(reg):
        # A group heading travels with its first row: never alone at the foot of a page.
        office.add_row(table, [heading_text], list(WIDTHS_MM), bold=True, merge=True, keep_with_next=True)
        for r in rows:
            name, italic_from = _name_cell(r, status)
            office.add_row(table, [str(r.no), name, r.exemplar.summary, r.exemplar.registered_title],
                           list(WIDTHS_MM), italic_from=italic_from)
    if not reg.rows:
        office.add_row(table, ["Chưa có điển hình đăng ký."], list(WIDTHS_MM), merge=True)
    office.para(doc, "", space_after=6)
    office.signature(doc, office.date_line(office.place_of(catalog, reg.unit), None),
                     recipients=("- Văn phòng Sở GD&ĐT;", "- Lưu: VT."))
    return office.docx_bytes(doc, stamp)


@dataclass(frozen=True)
class Look:
    """How a cell looks: its font (Times New Roman), alignment and border. `align=None`: a cell
    under a merge that only draws its border."""

    size: int = 12
    bold: bool = False
    italic: bool = False
    align: str | None = "center"
    box: bool = False


#: The looks a sheet's cells have, by name (a layout names them: plain data, quick to digest).
LOOKS = {"text": Look(), "bold": Look(bold=True), "italic": Look(italic=True), "title": Look(size=14, bold=True),
         "note": Look(bold=True, italic=True), "header": Look(bold=True, box=True),
         "heading": Look(bold=True, align="top", box=True), "cell": Look(align="wrap", box=True),
         "under": Look(align=None, box=True)}


@dataclass(frozen=True)
class SheetLayout:
    """One sheet as the office shows it (bảng tính): every cell's value and look (a name in
    LOOKS), the merged ranges, row heights and the header row printed on every page. What a site
    workbook is made of, hence what its cache key is made of (`workbook_cache.digest`)."""

    title: str
    columns: int
    rows: tuple[tuple[tuple[object, str] | None, ...], ...]
    merged: tuple[str, ...]
    heights: tuple[tuple[int, float], ...]
    header: int

    def key(self) -> tuple:
        return (self.title, self.columns, self.rows, self.merged, self.heights, self.header)


def to_xlsx(reg, catalog: Catalog, stamp: date, status: dict[str, str] | None = None) -> bytes:
    """One list, one sheet in the appendix's layout, printable on A4."""
    return to_workbook([reg], catalog, stamp, status)


def to_workbook(regs: list, catalog: Catalog, stamp: date, status: dict[str, str] | None = None) -> bytes:
    """Several lists of one unit (a school's years), a sheet each, newest first."""
    return write_workbook([layout(reg, catalog, status or {}) for reg in regs], stamp)


def layout(reg, catalog: Catalog, status: dict[str, str]) -> SheetLayout:
    """The appendix form on one sheet: heading, title, the plan it answers, the table with a
    heading per kind, the signature block."""
    cols = len(COLUMNS) + (1 if status else 0)
    last = chr(ord("A") + cols - 1)
    rows: list[tuple] = []
    merged: list[str] = []
    heights: list[tuple[int, float]] = []

    def put(first: str, end: str, text: str, look: str = "text") -> tuple[str, str]:
        """A cell of the next row, merged from column `first` to `end`."""
        if first != end:
            merged.append(f"{first}{len(rows) + 1}:{end}{len(rows) + 1}")
        return text, look

    def line(text: str, look: str, height: float | None = None) -> None:
        """A row of one cell across the sheet."""
        rows.append((put("A", last, text, look),))
        if height:
            heights.append((len(rows), height))

    def fit(spans: tuple[int, ...]) -> None:
        """The last row tall enough for its wrapped text: Excel and LibreOffice keep an .xlsx
        row one line high however much its cells wrap (the text spilt over the next rows).
        `spans`: the width of each cell, in WIDTHS units, 0 under a merge."""
        most = max(_lines(cell[0], span) for cell, span in zip(rows[-1], spans) if cell is not None and span)
        if most > 1:
            heights.append((len(rows), LINE_PT * most + 3))

    above, name = office.issuer_lines(catalog, reg.unit)
    right = sum(WIDTHS[2:cols])
    rows.append((put("A", "B", above), None, put("C", last, office.NATION, "bold")))
    fit((WIDTHS[0] + WIDTHS[1], 0, right))
    rows.append((put("A", "B", name, "bold"), None, put("C", last, office.MOTTO, "bold")))
    fit((WIDTHS[0] + WIDTHS[1], 0, right))
    rows.append(())
    line(TITLE, "title")
    line(f"Năm học {reg.school_year.replace('-', ' – ')}", "bold")
    for campaign in campaigns_of(catalog, reg):
        line(f"({office.plan_reference(campaign)})", "italic", 32)
    if status:
        line(INTERNAL_NOTE, "note", 32)
    rows.append(())
    rows.append(tuple((text, "header") for text in [*COLUMNS, *(["Ghi chú (nội bộ)"] if status else [])]))
    fit(WIDTHS[:cols])
    header = len(rows)
    for heading_text, members in groups(reg):
        # The cells under the heading's merge keep their borders: Excel draws its edges from them.
        rows.append((put("A", last, heading_text, "heading"), *((None, "under") for _ in range(cols - 1))))
        for r in members:
            e = r.exemplar
            who = "\n".join([e.name, *([e.position] if e.position else []), r.unit.name])
            values = [r.no, who, e.summary, e.registered_title, *([status_text(status, e)] if status else [])]
            rows.append(tuple((value, "cell") for value in values))
            fit(WIDTHS[:cols])
    rows.append(())
    rows.append((None, None, put("C", last, office.date_line(office.place_of(catalog, reg.unit), None), "italic")))
    rows.append((None, None, put("C", last, office.SIGNER, "bold")))
    rows.append((None, None, put("C", last, office.SIGN_NOTE, "italic")))
    return SheetLayout(f"Năm học {reg.school_year}", cols, tuple(rows), tuple(merged), tuple(heights), header)


# ---- Writing (generator/exports/sheetxml.py) -----------------------------------------------------

#: A look's alignment, as SpreadsheetML writes it.
ALIGNMENTS = {"wrap": '<alignment vertical="top" wrapText="1"/>',
              "center": '<alignment horizontal="center" vertical="center" wrapText="1"/>',
              "top": '<alignment vertical="top"/>'}
WIDTHS = (6, 34, 52, 34, 26)
#: Page margins in inches: left 30 mm, right 15 mm, top and bottom 20 mm (Nghị định 30/2020).
MARGINS = (30 / 25.4, 15 / 25.4, 20 / 25.4, 20 / 25.4)
#: Height of a line of 12 pt Times New Roman, in points; about one character of 12 pt text fits
#: a unit of column width (measured on LibreOffice's PDF of Vietnamese text).
LINE_PT = 15.75
CHARS_PER_UNIT = 0.95


def _lines(text, width: int) -> int:
    """Lines `text` wraps to in a cell `width` units wide (a word never split)."""
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(1, int(width * CHARS_PER_UNIT) - 1)
    count = 0
    for paragraph in text.split("\n"):
        used, lines = 0, 1
        for word in paragraph.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need > per_line and used:
                lines, used = lines + 1, len(word)
            else:
                used = need
        count += lines
    return count


def write_workbook(sheets: list[SheetLayout], stamp: date) -> bytes:
    """The sheets as one .xlsx dated `stamp`: A4 portrait, fitted to the page's width, the
    header row printed on every page, Times New Roman (sheetxml.py: openpyxl's bytes, faster)."""
    return sheetxml.write(sheets, stamp, LOOKS, ALIGNMENTS, WIDTHS, MARGINS)
