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

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet

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
    """Several lists of one unit (a school's years), a sheet each, newest first.

    Written row by row (openpyxl's write-only mode: no grid of cell objects kept), each style
    resolved once per workbook (openpyxl hashes the font, alignment and border of every cell
    styled one by one: a third of the 6 ms a sheet took)."""
    wb = Workbook(write_only=True)
    styles = _Styles()
    for reg in regs:
        _sheet(wb.create_sheet(f"Năm học {reg.school_year}"), styles, reg, catalog, status or {})
    return office.xlsx_bytes(wb, stamp)


class _Styles:
    """A workbook's cells by style: (font, alignment, border) → the style's indexes in the
    workbook's tables, found once (openpyxl's own `style_array`, copied into each cell)."""

    def __init__(self) -> None:
        self.arrays: dict[tuple[int, int, int], StyleArray] = {}

    def cell(self, ws, value, *, size: int = 12, bold: bool = False, italic: bool = False,
             align: Alignment | None = _CENTER, border: Border | None = None) -> Cell:
        """`align=None`: a cell under a merge that only draws its border, no font of its own."""
        font = _font(size, bold, italic) if align is not None else None
        key = (id(font), id(align), id(border))  # shared objects: _font, the constants above
        if key not in self.arrays:
            first = Cell(ws, 1, 1, value)
            if font is not None:
                first.font, first.alignment = font, align
            if border is not None:
                first.border = border
            self.arrays[key] = first._style
            return first
        return Cell(ws, 1, 1, value, self.arrays[key])


def _sheet(ws, styles: _Styles, reg, catalog: Catalog, status: dict[str, str]) -> None:
    """The appendix form on one sheet (header row repeated on each printed page). The rows are
    made first, then streamed: what comes before them in the file (widths, print setup) is known."""
    cols = len(COLUMNS) + (1 if status else 0)
    last = chr(ord("A") + cols - 1)
    rows: list[list] = []
    merged: list[str] = []

    def put(first: str, end: str, text: str, **style) -> Cell:
        """A cell of the next row, merged from column `first` to `end`."""
        if first != end:
            merged.append(f"{first}{len(rows) + 1}:{end}{len(rows) + 1}")
        return styles.cell(ws, text, **style)

    def line(text: str, height: float | None = None, **style) -> None:
        """A row of one cell across the sheet."""
        rows.append([put("A", last, text, **style)])
        if height:
            ws.row_dimensions[len(rows)].height = height

    above, name = office.issuer_lines(catalog, reg.unit)
    rows.append([put("A", "B", above), None, put("C", last, office.NATION, bold=True)])
    rows.append([put("A", "B", name, bold=True), None, put("C", last, office.MOTTO, bold=True)])
    rows.append([])
    line(TITLE, bold=True, size=14)
    line(f"Năm học {reg.school_year.replace('-', ' – ')}", bold=True)
    for campaign in campaigns_of(catalog, reg):
        line(f"({office.plan_reference(campaign)})", 32, italic=True)
    if status:
        line(INTERNAL_NOTE, 32, bold=True, italic=True)
    rows.append([])
    rows.append([styles.cell(ws, text, bold=True, border=_BOX)
                 for text in [*COLUMNS, *(["Ghi chú (nội bộ)"] if status else [])]])
    header = len(rows)
    for heading_text, members in groups(reg):
        # The cells under the heading's merge keep their borders: Excel draws its edges from them.
        rows.append([put("A", last, heading_text, bold=True, align=_TOP, border=_BOX),
                     *(styles.cell(ws, None, align=None, border=_BOX) for _ in range(cols - 1))])
        for r in members:
            e = r.exemplar
            who = "\n".join([e.name, *([e.position] if e.position else []), r.unit.name])
            values = [r.no, who, e.summary, e.registered_title, *([status_text(status, e)] if status else [])]
            rows.append([styles.cell(ws, value, align=_WRAP, border=_BOX) for value in values])
    rows.append([])
    rows.append([None, None, put("C", last, office.date_line(office.place_of(catalog, reg.unit), None), italic=True)])
    rows.append([None, None, put("C", last, office.SIGNER, bold=True)])
    rows.append([None, None, put("C", last, office.SIGN_NOTE, italic=True)])
    for letter, width in zip("ABCDE", (6, 34, 52, 34, 26)):
        ws.column_dimensions[letter].width = width
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=30 / 25.4, right=15 / 25.4, top=20 / 25.4, bottom=20 / 25.4)
    ws.print_title_rows = f"{header}:{header}"
    ws.merged_cells = MultiCellRange(" ".join(merged))  # at once: `add` compares with each range
    ws._writer = _SheetWriter(ws)  # noqa: SLF001 - before the first row: see _SheetWriter
    ws._writer.write_top()
    for row in rows:
        ws.append(row)


class _SheetWriter(WorksheetWriter):
    """openpyxl writes each sheet's XML to a temporary file, opened again by name: ext4 then
    flushes it to disk when it is deleted (measured 2–3 ms a sheet, as long as writing it).
    Here the XML stays in memory (`office.xlsx_bytes` reads it from there)."""

    def __init__(self, ws) -> None:
        super().__init__(ws, out=io.BytesIO())

    def cleanup(self) -> None:
        """Nothing to delete."""
