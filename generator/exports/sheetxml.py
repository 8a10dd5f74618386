"""The registration workbooks (.xlsx) written as text, byte for byte what openpyxl writes.

A site at 10,000 records publishes about a thousand registration workbooks; openpyxl builds each
through its object model and lxml, 10–17 ms a workbook and 18 s of CPU a build, more than any
other step but rendering pages. What a workbook holds is a `registration.SheetLayout` (cells
with named looks, merges, row heights, the header row): SpreadsheetML for that much is a few
string templates. The parts that never change (theme, application properties, package
relationships, the core properties with a date to fill in) are taken from openpyxl itself, once
per process, so a new openpyxl cannot drift from them unnoticed; the rest follows openpyxl's
order of elements, attributes and style tables (fonts, borders and cell formats numbered in the
order a workbook first uses them). `tests/test_sheetxml.py` compares every workbook of the demo
and of a synthetic corpus with openpyxl's (`tests/xlsx_reference.py`), byte for byte.

A cell's text is always text: openpyxl would take a summary starting with "=" for a formula.
"""

from __future__ import annotations

import functools
import io
import zipfile
from datetime import date, datetime
from typing import Any

from . import office

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPE_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
ML = "application/vnd.openxmlformats-officedocument"
_SENTINEL = datetime(1999, 12, 31)


def _escaped(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _text(value: str) -> str:
    """Element text as openpyxl's sheet writer gives it: markup escaped, beyond ASCII as
    character references (the workbook part is UTF-8: `_escaped` alone)."""
    return _escaped(value).encode("ascii", "xmlcharrefreplace").decode("ascii")


def _attr(value: str) -> str:
    return _escaped(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _number(value: float) -> str:
    return "%.16g" % value


@functools.lru_cache(maxsize=1)
def _fixed() -> dict[str, bytes]:
    """The members openpyxl writes alike for every workbook (core properties: for `_SENTINEL`)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    wb.create_sheet("x")
    wb.properties.created = wb.properties.modified = _SENTINEL
    captured: dict[str, bytes] = {}

    class _Capture(zipfile.ZipFile):
        def writestr(self, name, data, *args, **kwargs):
            captured[name if isinstance(name, str) else name.filename] = data if isinstance(data, bytes) else data.encode()

        def write(self, filename, arcname=None, *args, **kwargs):
            captured[arcname] = b""

    with _Capture(io.BytesIO(), "w") as archive:
        ExcelWriter(wb, archive).write_data()
    return {name: captured[name] for name in ("docProps/app.xml", "docProps/core.xml", "xl/theme/theme1.xml",
                                               "_rels/.rels", "xl/styles.xml")}


class _Styles:
    """Fonts, borders and cell formats in the order the workbook first uses each look."""

    def __init__(self, looks: dict[str, Any], alignments: dict[str, str], font: str) -> None:
        self.looks, self.alignments, self.font_name = looks, alignments, font
        self.fonts: list[str] = ['<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
                                 '<scheme val="minor"/></font>']
        self.borders: list[str] = ["<border><left/><right/><top/><bottom/><diagonal/></border>"]
        self.xfs: list[str] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" '
                               'quotePrefix="0" xfId="0"/>']
        self.ids: dict[str, int] = {}

    def id(self, name: str) -> int:
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = self._add(self.looks[name])
        return found

    @staticmethod
    def _index(table: list[str], entry: str) -> int:
        if entry not in table:
            table.append(entry)
        return table.index(entry)

    def _add(self, look) -> int:
        font = border = 0
        alignment = ""
        if look.align is not None:
            bold, italic = '<b val="1"/>' if look.bold else "", '<i val="1"/>' if look.italic else ""
            font = self._index(self.fonts, f'<font><name val="{_attr(self.font_name)}"/>{bold}{italic}'
                                           f'<sz val="{look.size}"/></font>')
            alignment = self.alignments[look.align]
        if look.box:
            border = self._index(self.borders, '<border><left style="thin"/><right style="thin"/>'
                                               '<top style="thin"/><bottom style="thin"/></border>')
        head = f'<xf numFmtId="0" fontId="{font}" fillId="0" borderId="{border}"'
        tail = 'pivotButton="0" quotePrefix="0" xfId="0"'
        xf = (f"{head} applyAlignment=\"1\" {tail}>{alignment}</xf>" if alignment else f"{head} {tail}/>")
        return self._index(self.xfs, xf)  # looks alike share a format, as in openpyxl

    def xml(self, palette: str) -> bytes:
        return (f'<styleSheet xmlns="{SHEET_NS}"><numFmts count="0"/><fonts count="{len(self.fonts)}">'
                f'{"".join(self.fonts)}</fonts><fills count="2"><fill><patternFill/></fill><fill>'
                f'<patternFill patternType="gray125"/></fill></fills><borders count="{len(self.borders)}">'
                f'{"".join(self.borders)}</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" '
                f'fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="{len(self.xfs)}">{"".join(self.xfs)}'
                f'</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/>'
                f'</cellStyles><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
                f'defaultPivotStyle="PivotStyleLight16"/>{palette}</styleSheet>').encode("ascii")


@functools.lru_cache(maxsize=1)
def _palette() -> str:
    """openpyxl's indexed colours (`<colors>…</colors>`), as its stylesheet writes them."""
    styles = _fixed()["xl/styles.xml"].decode("ascii")
    start, end = styles.find("<colors>"), styles.find("</colors>")
    return styles[start:end + len("</colors>")] if start >= 0 else ""


def _column(index: int) -> str:
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _merges(merged: tuple[str, ...]) -> list[str]:
    """In openpyxl's order (a set of its ranges), so the bytes match."""
    from openpyxl.worksheet.cell_range import MultiCellRange

    return [str(r) for r in MultiCellRange(" ".join(merged)).ranges]


def _sheet(sheet, styles: _Styles, widths: tuple[int, ...], margins: tuple[float, ...]) -> bytes:
    heights = dict(sheet.heights)
    out = [f'<worksheet xmlns="{SHEET_NS}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
           '<pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0">'
           '<selection activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
           '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>']
    out += [f'<col width="{_number(w)}" customWidth="1" min="{i}" max="{i}"/>' for i, w in enumerate(widths, 1)]
    out.append("</cols><sheetData>")
    for r, row in enumerate(sheet.rows, 1):
        height = heights.get(r)
        out.append(f'<row r="{r}" ht="{_number(height)}" customHeight="1">' if height else f'<row r="{r}">')
        for c, cell in enumerate(row, 1):
            if cell is None:
                continue
            value, look = cell
            ref = f'{_column(c)}{r}" s="{styles.id(look)}'
            if value is None:
                out.append(f'<c r="{ref}" t="n"></c>')
            elif isinstance(value, str):
                if not value:
                    out.append(f'<c r="{ref}" t="inlineStr"></c>')
                else:
                    space = ' xml:space="preserve"' if value != value.strip() else ""
                    out.append(f'<c r="{ref}" t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>')
            else:
                out.append(f'<c r="{ref}" t="n"><v>{_number(value)}</v></c>')
        out.append("</row>")
    out.append("</sheetData>")
    merges = _merges(sheet.merged)
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">'
                   + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
    m = margins
    out.append(f'<pageMargins left="{_number(m[0])}" right="{_number(m[1])}" top="{_number(m[2])}" '
               f'bottom="{_number(m[3])}" header="0.5" footer="0.5"/><pageSetup orientation="portrait" '
               'paperSize="9" fitToHeight="0" fitToWidth="1"/></worksheet>')
    return "".join(out).encode("ascii")


def _workbook(sheets: list) -> tuple[bytes, bytes, bytes]:
    """xl/workbook.xml, its relationships and [Content_Types].xml for `sheets`."""
    names = "".join(f'<sheet xmlns:r="{REL_NS}" name="{_attr(s.title)}" sheetId="{i}" state="visible" r:id="rId{i}"/>'
                    for i, s in enumerate(sheets, 1))
    titles = "".join(f"<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{i}\">"
                     f"{_escaped(_quoted(s.title))}!${s.header}:${s.header}</definedName>" for i, s in enumerate(sheets))
    book = (f'<workbook xmlns="{SHEET_NS}"><workbookPr/><workbookProtection/><bookViews><workbookView '
            'visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" showSheetTabs="1" '
            'tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/></bookViews>'
            f'<sheets>{names}</sheets><definedNames>{titles}</definedNames>'
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')
    n = len(sheets)
    rels = (f'<Relationships xmlns="{PKG_NS}">'
            + "".join(f'<Relationship Type="{REL_NS}/worksheet" Target="/xl/worksheets/sheet{i}.xml" Id="rId{i}"/>'
                      for i in range(1, n + 1))
            + f'<Relationship Type="{REL_NS}/styles" Target="styles.xml" Id="rId{n + 1}"/>'
            f'<Relationship Type="{REL_NS}/theme" Target="theme/theme1.xml" Id="rId{n + 2}"/></Relationships>')
    types = (f'<Types xmlns="{TYPE_NS}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
             'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/xl/styles.xml" ContentType="{ML}.spreadsheetml.styles+xml"/>'
             f'<Override PartName="/xl/theme/theme1.xml" ContentType="{ML}.theme+xml"/>'
             '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-'
             'properties+xml"/>'
             f'<Override PartName="/docProps/app.xml" ContentType="{ML}.extended-properties+xml"/>'
             + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ML}.spreadsheetml.'
                       'worksheet+xml"/>' for i in range(1, n + 1))
             + f'<Override PartName="/xl/workbook.xml" ContentType="{ML}.spreadsheetml.sheet.main+xml"/></Types>')
    return book.encode("utf-8"), rels.encode("ascii"), types.encode("ascii")


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def write(sheets: list, stamp: date, looks: dict[str, Any], alignments: dict[str, str], widths: tuple[int, ...],
          margins: tuple[float, float, float, float]) -> bytes:
    """The sheets (`registration.SheetLayout`) as one .xlsx dated `stamp`. `looks`: name → Look;
    `alignments`: a Look's `align` → its `<alignment>` element; `margins` in inches (l, r, t, b)."""
    fixed = _fixed()
    styles = _Styles(looks, alignments, office.FONT)
    parts = [_sheet(sheet, styles, widths, margins) for sheet in sheets]
    moment = datetime(stamp.year, stamp.month, stamp.day).isoformat() + "Z"
    core = fixed["docProps/core.xml"].replace(_SENTINEL.isoformat().encode() + b"Z", moment.encode())
    book, rels, types = _workbook(sheets)
    members: list[tuple[str, bytes]] = [("docProps/app.xml", fixed["docProps/app.xml"]), ("docProps/core.xml", core),
                                        ("xl/theme/theme1.xml", fixed["xl/theme/theme1.xml"])]
    members += [(f"xl/worksheets/sheet{i}.xml", part) for i, part in enumerate(parts, 1)]
    members += [("xl/styles.xml", styles.xml(_palette())), ("_rels/.rels", fixed["_rels/.rels"]),
                ("xl/workbook.xml", book), ("xl/_rels/workbook.xml.rels", rels), ("[Content_Types].xml", types)]
    return office.zipped(members, stamp)

