"""The registration workbooks written as text (sheetxml.py) are openpyxl's bytes, and open as
the same cells in openpyxl."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook

import xlsx_reference
from conftest import TODAY
from generator.exports import registration
from generator.pages import registration as lists
from generator.validate import load_catalog
from synthetic import write_corpus


def _cases(catalog):
    """Every list alone, every unit's lists together (a sheet each), and internal lists."""
    regs = lists.lists(catalog)
    by_unit: dict[str, list] = {}
    for reg in regs:
        by_unit.setdefault(reg.unit.id, []).append(reg)
    cases = [([reg], {}) for reg in regs]
    cases += [(group, {}) for group in by_unit.values() if len(group) > 1]
    cases += [([reg], {reg.rows[0].exemplar.id: "draft"}) for reg in regs[:6] if reg.rows]
    return cases


def _compare(catalog) -> int:
    compared = 0
    for group, status in _cases(catalog):
        sheets = [registration.layout(reg, catalog, status) for reg in group]
        stamp = max(map(lists.stamp, group))
        ours, theirs = registration.write_workbook(sheets, stamp), xlsx_reference.write_workbook(sheets, stamp)
        if ours != theirs:
            a, b = zipfile.ZipFile(io.BytesIO(ours)), zipfile.ZipFile(io.BytesIO(theirs))
            differ = [n for n in b.namelist() if n not in a.namelist() or a.read(n) != b.read(n)]
            pytest.fail(f"{group[0].xlsx_path}: {differ} differ from openpyxl's")
        compared += 1
    return compared


def test_demo_workbooks_are_openpyxls_bytes(demo_catalog):
    assert _compare(demo_catalog) > 20


def test_synthetic_workbooks_are_openpyxls_bytes(tmp_path):
    write_corpus(tmp_path / "content", 120)
    assert _compare(load_catalog(tmp_path / "content", today=TODAY)) > 20


def test_awkward_text_is_openpyxls_and_reads_back(demo_catalog):
    reg = next(r for r in lists.lists(demo_catalog) if r.rows)
    sheet = registration.layout(reg, demo_catalog, {})
    texts = ["  lề trái", "A & B <b>đậm</b> \"trích\" 'nháy'", "hai\ndòng\tcó tab", "🙂 Đoàn Thị Ánh", "x" * 3000, ""]
    rows = [*sheet.rows, *(((t, "cell"), (7, "cell"), (None, "under")) for t in texts)]
    sheet = replace(sheet, title="Năm học 2024-2025 & 'ngoặc'", rows=tuple(rows))
    ours = registration.write_workbook([sheet], date(2026, 11, 25))
    assert ours == xlsx_reference.write_workbook([sheet], date(2026, 11, 25))
    ws = load_workbook(io.BytesIO(ours)).worksheets[0]
    first = len(sheet.rows) - len(texts) + 1
    assert [ws.cell(first + i, 1).value for i in range(len(texts))] == [t or None for t in texts]
    assert ws.title == "Năm học 2024-2025 & 'ngoặc'" and ws.cell(first, 2).value == 7
    assert ws.print_title_rows == f"${sheet.header}:${sheet.header}"


def test_a_formula_like_text_stays_text(demo_catalog):
    """openpyxl would write "=1+1" as a formula; a summary is never one."""
    reg = next(r for r in lists.lists(demo_catalog) if r.rows)
    sheet = registration.layout(reg, demo_catalog, {})
    sheet = replace(sheet, rows=(*sheet.rows, (("=HYPERLINK(\"http://x\")", "cell"),)))
    ws = load_workbook(io.BytesIO(registration.write_workbook([sheet], date(2026, 11, 25)))).worksheets[0]
    cell = ws.cell(len(sheet.rows), 1)
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"
