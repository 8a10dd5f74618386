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

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins

from ..labels import KINDS_PLURAL
from ..model import Catalog
from ..spec import EXEMPLAR_KINDS
from . import office

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


_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP = Alignment(vertical="top")
_FONTS: dict[tuple, Font] = {}


def _font(size: int = 12, bold: bool = False, italic: bool = False) -> Font:
    """Shared font objects: a site build writes one workbook per list (hundreds)."""
    key = (size, bold, italic)
    if key not in _FONTS:
        _FONTS[key] = Font(name=office.FONT, size=size, bold=bold, italic=italic)
    return _FONTS[key]


def to_xlsx(reg, catalog: Catalog, stamp: date, status: dict[str, str] | None = None) -> bytes:
    """One list, one sheet in the appendix's layout, printable on A4."""
    return to_workbook([reg], catalog, stamp, status)


def to_workbook(regs: list, catalog: Catalog, stamp: date, status: dict[str, str] | None = None) -> bytes:
    """Several lists of one unit (a school's years), a sheet each, newest first."""
    wb = Workbook()
    for i, reg in enumerate(regs):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = f"Năm học {reg.school_year}"
        _sheet(ws, reg, catalog, status or {})
    return office.xlsx_bytes(wb, stamp)


def _sheet(ws, reg, catalog: Catalog, status: dict[str, str]) -> None:
    """The appendix form on one sheet (header row repeated on each printed page)."""
    cols = len(COLUMNS) + (1 if status else 0)
    last = chr(ord("A") + cols - 1)

    def put(row: int, first: str, end: str, text: str, **style) -> None:
        if first != end:
            ws.merge_cells(f"{first}{row}:{end}{row}")
        cell = ws[f"{first}{row}"]
        cell.value = text
        cell.font = _font(style.get("size", 12), style.get("bold", False), style.get("italic", False))
        cell.alignment = style.get("align", _CENTER)

    above, name = office.issuer_lines(catalog, reg.unit)
    put(1, "A", "B", above)
    put(1, "C", last, office.NATION, bold=True)
    put(2, "A", "B", name, bold=True)
    put(2, "C", last, office.MOTTO, bold=True)
    put(4, "A", last, TITLE, bold=True, size=14)
    put(5, "A", last, f"Năm học {reg.school_year.replace('-', ' – ')}", bold=True)
    row = 6
    for campaign in campaigns_of(catalog, reg):
        put(row, "A", last, f"({office.plan_reference(campaign)})", italic=True)
        ws.row_dimensions[row].height = 32
        row += 1
    if status:
        put(row, "A", last, INTERNAL_NOTE, bold=True, italic=True)
        ws.row_dimensions[row].height = 32
        row += 1
    header = row + 1
    for i, text in enumerate([*COLUMNS, *(["Ghi chú (nội bộ)"] if status else [])]):
        cell = ws.cell(header, i + 1, text)
        cell.font, cell.alignment, cell.border = _font(bold=True), _CENTER, _BOX
    row = header + 1
    for heading_text, rows in groups(reg):
        put(row, "A", last, heading_text, bold=True, align=_TOP)
        for c in range(1, cols + 1):
            ws.cell(row, c).border = _BOX
        row += 1
        for r in rows:
            e = r.exemplar
            who = "\n".join([e.name, *([e.position] if e.position else []), r.unit.name])
            values = [r.no, who, e.summary, e.registered_title, *([status_text(status, e)] if status else [])]
            for c, value in enumerate(values, 1):
                cell = ws.cell(row, c, value)
                cell.font, cell.alignment, cell.border = _font(), _WRAP, _BOX
            row += 1
    row += 1
    put(row, "C", last, office.date_line(office.place_of(catalog, reg.unit), None), italic=True)
    put(row + 1, "C", last, office.SIGNER, bold=True)
    put(row + 2, "C", last, office.SIGN_NOTE, italic=True)
    for letter, width in zip("ABCDE", (6, 34, 52, 34, 26)):
        ws.column_dimensions[letter].width = width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=30 / 25.4, right=15 / 25.4, top=20 / 25.4, bottom=20 / 25.4)
    ws.print_title_rows = f"{header}:{header}"
