"""Word and Excel building blocks in the usual layout of Vietnamese administrative documents.

A4, Times New Roman 13 pt (headings 14), margins top and bottom 20 mm, left 30 mm, right 15 mm
(the ranges of Nghị định 30/2020/NĐ-CP: top/bottom 20–25, left 30–35, right 15–20); the
national heading beside the issuing unit; a place-and-date line and a signature block.

python-docx and openpyxl write the files (no hand-written Office XML). Both stamp the current
time into the zip entries and `docProps/core.xml`; `reproducible` rewrites those, so the same
content gives the same bytes (the site's .xlsx files are part of a byte-identical build).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import date, datetime

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..model import Campaign, Catalog, Unit
from ..places import place_of  # noqa: F401 - the exports' place-and-date line (places.py)

FONT = "Times New Roman"
SIZE = 13
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập – Tự do – Hạnh phúc"
SIGNER = "THỦ TRƯỞNG ĐƠN VỊ"
SIGN_NOTE = "(Ký tên, đóng dấu)"
_FIGURE = re.compile(r"^\d+(/\d+)?$")


def date_line(place: str, day: date | None) -> str:
    """"Hòa Bình, ngày 05 tháng 10 năm 2018"; without a day, blanks to fill in by hand."""
    if day is None:
        return f"{place}, ngày …… tháng …… năm 20……"
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def plan_reference(campaign: Campaign) -> str:
    """"Kèm theo Kế hoạch số 1676/KH-SGD&ĐT-VP ngày 19 tháng 9 năm 2017 của …" (as the site's form
    says it); the plan's title where plan.yml gives no number."""
    cited = campaign.reference or campaign.title
    return f"Kèm theo {cited}" + (f" của {campaign.issuer}" if campaign.issuer else "")


def issuer_lines(catalog: Catalog, unit: Unit) -> tuple[str, str]:
    """Left heading: the governing body (normal) and the unit (bold), upper case."""
    chain = catalog.ancestors(unit.id)
    above = chain[-1].name.upper() if chain else ""
    return above, unit.name.upper()


# ---- Word -------------------------------------------------------------------------------------

def document(landscape: bool = False):
    doc = new_docx()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    return doc


def text_width_mm(doc) -> float:
    s = doc.sections[0]
    return (s.page_width - s.left_margin - s.right_margin) / Mm(1)


def para(container, text: str = "", *, bold: bool = False, italic: bool = False, size: float | None = None,
         align: str = "left", keep_with_next: bool = False, space_before: float = 0, space_after: float = 0):
    p = container.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    p.paragraph_format.keep_with_next = keep_with_next
    p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(space_before), Pt(space_after)
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    return p


def _cell_text(cell, lines: list[tuple[str, dict]]) -> None:
    cell.paragraphs[0].text = ""
    first = True
    for text, style in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.italic, run.underline = style.get("bold", False), style.get("italic", False), style.get("underline", False)
        run.font.size = Pt(style.get("size", SIZE))


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def heading(doc, catalog: Catalog, unit: Unit, number_line: str | None = None) -> None:
    """The two-column heading: issuing unit (left), national heading and motto (right)."""
    above, name = issuer_lines(catalog, unit)
    width = text_width_mm(doc)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    table.columns[0].width, table.columns[1].width = Mm(width * 0.42), Mm(width * 0.58)
    left.width, right.width = Mm(width * 0.42), Mm(width * 0.58)
    left_lines = ([(above, {"size": 12})] if above else []) + [(name, {"bold": True, "size": 12}),
                                                               ("―――――――", {"size": 10})]
    if number_line:
        left_lines.append((number_line, {"size": 12}))
    _cell_text(left, left_lines)
    _cell_text(right, [(NATION, {"bold": True, "size": 12}), (MOTTO, {"bold": True, "size": 13}),
                       ("―――――――――――――", {"size": 10})])


def signature(doc, place_date: str, signer: str = SIGNER, recipients: tuple[str, ...] = ()) -> None:
    """Place and date, then the signer's block (right); recipients (Nơi nhận, left)."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    width = text_width_mm(doc)
    table.autofit = False
    left, right = table.rows[0].cells
    table.columns[0].width, table.columns[1].width = Mm(width * 0.45), Mm(width * 0.55)
    left.width, right.width = Mm(width * 0.45), Mm(width * 0.55)
    left.paragraphs[0].text = ""
    if recipients:
        run = left.paragraphs[0].add_run("Nơi nhận:")
        run.bold, run.italic = True, True
        run.font.size = Pt(12)
        for r in recipients:
            run = left.add_paragraph().add_run(r)
            run.font.size = Pt(11)
    _cell_text(right, [(place_date, {"italic": True}), (signer, {"bold": True}), (SIGN_NOTE, {"italic": True})])
    for p in (*left.paragraphs, *right.paragraphs):
        p.paragraph_format.keep_with_next = True
    # Keep the place line with the table before it, so a signature never starts a page alone.
    table.rows[0]._tr.get_or_add_trPr().append(_flag("w:cantSplit"))


def _flag(tag: str):
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    return el


def grid(doc, headers: list[str], widths_mm: list[float], *, repeat_header: bool = True):
    """A bordered table with a bold header row that repeats on every page."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, w in zip(table.columns, widths_mm):  # the grid LibreOffice and Word lay out by
        column.width = Mm(w)
    for cell, text, w in zip(table.rows[0].cells, headers, widths_mm):
        cell.width = Mm(w)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(12)
    if repeat_header:
        table.rows[0]._tr.get_or_add_trPr().append(_flag("w:tblHeader"))
    return table


def add_row(table, values: list[str], widths_mm: list[float], *, bold: bool = False, italic_from: int | None = None,
            merge: bool = False, size: float = 12, keep_with_next: bool = False):
    """A row that never splits across pages; `merge` joins all cells (a group heading)."""
    row = table.add_row()
    row._tr.get_or_add_trPr().append(_flag("w:cantSplit"))
    cells = row.cells
    if merge:
        cells = [cells[0].merge(cells[-1])]
    for i, (cell, text) in enumerate(zip(cells, values)):
        if not merge:
            cell.width = Mm(widths_mm[i])
        lines = text.split("\n")
        cell.paragraphs[0].text = ""
        for j, line in enumerate(lines):
            p = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
            p.paragraph_format.keep_with_next = keep_with_next
            if not merge and _FIGURE.match(line):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER  # numbers and "3/14" figures
            run = p.add_run(line)
            run.bold = bold
            run.italic = italic_from is not None and j >= italic_from
            run.font.size = Pt(size)
    return row


def xlsx_bytes(workbook, stamp: date) -> bytes:
    """The workbook saved with `stamp` as its dates, written once (openpyxl's own writer, given a
    zip that dates every entry `stamp`; its `save` would stamp the clock's time)."""
    from openpyxl.writer.excel import ExcelWriter

    moment = datetime(stamp.year, stamp.month, stamp.day)
    workbook.properties.created = workbook.properties.modified = moment
    buf = io.BytesIO()
    with _DatedZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.stamp = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
        ExcelWriter(workbook, archive).write_data()
    return buf.getvalue()


def zipped(members: list[tuple[str, bytes]], stamp: date) -> bytes:
    """A zip of `members`, in order, as `xlsx_bytes` writes one (every entry dated `stamp`)."""
    buf = io.BytesIO()
    with _DatedZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.stamp = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
        for name, data in members:
            archive.writestr(name, data)
    return buf.getvalue()


class _DatedZip(zipfile.ZipFile):
    stamp = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.stamp)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        # openpyxl writes each worksheet from a temporary file (its date would be the clock's),
        # or from memory (`registration._SheetWriter`).
        if isinstance(filename, io.BytesIO):
            return self.writestr(arcname, filename.getvalue())
        with open(filename, "rb") as fh:
            self.writestr(arcname or os.path.basename(filename), fh.read())


def docx_bytes(doc, stamp: date) -> bytes:
    doc.core_properties.author = ""
    buf = io.BytesIO()
    doc.save(buf)
    return reproducible(buf.getvalue(), stamp)


# ---- Zip timestamps ---------------------------------------------------------------------------

_CORE_DATES = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def reproducible(data: bytes, stamp: date) -> bytes:
    """The same Office file with every zip entry and core date set to `stamp`."""
    iso = f"{stamp.isoformat()}T00:00:00Z"
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_DATES.sub(lambda m: m.group(1) + iso + m.group(3), body.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=(max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, body)
    return out.getvalue()
