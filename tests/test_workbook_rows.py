"""Rows of the registration workbooks are as tall as their wrapped text: Excel and LibreOffice
keep an .xlsx row one line high otherwise, and the text spills over the rows below it."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from generator.exports.registration import LINE_PT, WIDTHS, _lines, to_workbook
from generator.pages.registration import lists


def test_lines_wrap_by_words_and_line_breaks():
    assert _lines("ngắn", 34) == 1
    assert _lines("Bùi Minh Khôi\nLớp 5A\nTrường Tiểu học Ân Nghĩa", 34) == 3
    assert _lines(" ".join(["chữ"] * 40), 34) == 5  # 159 characters, 31 a line


def test_rows_with_long_text_are_tall_enough(demo_catalog):
    regs = [r for r in lists(demo_catalog) if r.rows][:3]
    sheets = load_workbook(io.BytesIO(to_workbook(regs, demo_catalog, date(2026, 11, 26)))).worksheets
    checked = 0
    for ws in sheets:
        for row in ws.iter_rows(min_row=1):
            summary = row[2].value if len(row) > 2 else None
            if isinstance(summary, str) and row[0].value and str(row[0].value).isdigit():
                need = max(_lines(summary, WIDTHS[2]), _lines(row[1].value, WIDTHS[1]))
                assert need > 1
                assert ws.row_dimensions[row[0].row].height >= LINE_PT * need
                checked += 1
    assert checked >= 3
