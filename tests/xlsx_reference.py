"""openpyxl's way of writing a registration workbook: the oracle `generator/exports/sheetxml.py`
is held to, byte for byte (tests/test_sheetxml.py). It was the site's writer until sheetxml.py
replaced it (five times faster); kept here so the comparison covers what openpyxl does."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from generator.exports import office
from generator.exports.registration import LOOKS, WIDTHS, SheetLayout

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_ALIGN = {"wrap": Alignment(wrap_text=True, vertical="top"),
          "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
          "top": Alignment(vertical="top")}


def write_workbook(sheets: list[SheetLayout], stamp: date) -> bytes:
    """The sheets as one .xlsx dated `stamp`.

    Written row by row (openpyxl's write-only mode: no grid of cell objects kept), each look
    resolved once per workbook (openpyxl hashes the font, alignment and border of every cell
    styled one by one: a third of the 6 ms a sheet took)."""
    wb = Workbook(write_only=True)
    styles: dict[str, StyleArray] = {}
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        for letter, width in zip("ABCDE", WIDTHS):
            ws.column_dimensions[letter].width = width
        for row, height in sheet.heights:
            ws.row_dimensions[row].height = height
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=30 / 25.4, right=15 / 25.4, top=20 / 25.4, bottom=20 / 25.4)
        ws.print_title_rows = f"{sheet.header}:{sheet.header}"
        ws.merged_cells = MultiCellRange(" ".join(sheet.merged))  # at once: `add` compares with each range
        ws._writer = _SheetWriter(ws)  # noqa: SLF001 - before the first row: see _SheetWriter
        ws._writer.write_top()
        for row in sheet.rows:
            ws.append([None if cell is None else _cell(ws, styles, *cell) for cell in row])
    return office.xlsx_bytes(wb, stamp)


def _cell(ws, styles: dict[str, StyleArray], value, name: str) -> Cell:
    """A cell with its look; the first of a look finds its indexes in the workbook's style tables,
    the others copy them (openpyxl's own `style_array`)."""
    if name in styles:
        return Cell(ws, 1, 1, value, styles[name])
    look, cell = LOOKS[name], Cell(ws, 1, 1, value)
    if look.align is not None:
        cell.font = _font(look.size, look.bold, look.italic)
        cell.alignment = _ALIGN[look.align]
    if look.box:
        cell.border = _BOX
    styles[name] = cell._style
    return cell


_FONTS: dict[tuple, Font] = {}


def _font(size: int, bold: bool, italic: bool) -> Font:
    """Shared font objects: a site build writes one workbook per list (hundreds)."""
    key = (size, bold, italic)
    if key not in _FONTS:
        _FONTS[key] = Font(name=office.FONT, size=size, bold=bold, italic=italic)
    return _FONTS[key]


class _SheetWriter(WorksheetWriter):
    """openpyxl writes each sheet's XML to a temporary file, opened again by name: ext4 then
    flushes it to disk when it is deleted (measured 2–3 ms a sheet, as long as writing it).
    Here the XML stays in memory (`office.xlsx_bytes` reads it from there)."""

    def __init__(self, ws) -> None:
        super().__init__(ws, out=io.BytesIO())

    def cleanup(self) -> None:
        """Nothing to delete."""
