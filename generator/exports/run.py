"""`exemplars export`: write the official documents into a folder outside the site.

Layout of the output folder (default `exports/`, git-ignored):

```
dang-ky/<school year>/<unit>.docx, .xlsx      registration lists in the appendix form
bao-cao/<unit>-<period>.docx                  period reports (2019-03, 2019-Q1)
tong-ket/<campaign>-<milestone>.docx          campaign summaries for a review or final review
noi-bo/…                                      the same, with --internal (unpublished records marked)
```

Without `--internal` the files hold exactly what the site publishes. The folder may not be inside
the site's output or the site's sources (MkDocs would publish it): that is refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..model import Catalog
from ..pages.registration import lists
from ..reporting import Period, due_periods, parse_period, period, scope
from . import registration, report, summary
from .internal import InternalView, load_internal, load_public

log = logging.getLogger("mkdocs.plugins.exemplars")

KINDS = ("registration", "report", "summary")
INTERNAL_DIR = "noi-bo"
REVIEW_KINDS = ("review", "final-review")


class ExportError(Exception):
    """A request the exporter cannot honour; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Request:
    content_dir: Path
    out_dir: Path
    today: date
    internal: bool = False
    kinds: tuple[str, ...] = KINDS
    unit: str | None = None
    year: str | None = None
    period: str | None = None
    milestone: str | None = None


def refuse_published_folder(out_dir: Path, forbidden: list[Path]) -> None:
    out = out_dir.resolve()
    for folder in forbidden:
        folder = folder.resolve()
        if out == folder or folder in out.parents or out in folder.parents:
            raise ExportError(f"{out_dir}: thư mục xuất văn bản không được nằm trong hoặc chứa {folder} "
                              "(nơi trang web được dựng hoặc đọc nội dung); chọn thư mục khác, ví dụ exports/")


def run(req: Request, forbidden: list[Path]) -> list[Path]:
    refuse_published_folder(req.out_dir, forbidden)
    view = (load_internal if req.internal else load_public)(req.content_dir, req.today)
    catalog = view.catalog
    if req.unit and req.unit not in catalog.units:
        raise ExportError(f"--unit: không có đơn vị {req.unit!r} trong units.yml")
    root = req.out_dir / INTERNAL_DIR if req.internal else req.out_dir
    written: list[Path] = []
    if "registration" in req.kinds:
        written += _registration(view, req, root)
    if "report" in req.kinds:
        written += _reports(view, req, root)
    if "summary" in req.kinds:
        written += _summaries(view, req, root)
    return written


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _registration(view: InternalView, req: Request, root: Path) -> list[Path]:
    out = []
    for reg in lists(view.catalog):
        if (req.unit and reg.unit.id != req.unit) or (req.year and reg.school_year != req.year):
            continue
        base = root / "dang-ky" / reg.school_year / reg.unit.id
        out.append(_write(base.with_suffix(".docx"), registration.to_docx(reg, view.catalog, req.today, view.status)))
        out.append(_write(base.with_suffix(".xlsx"), registration.to_xlsx(reg, view.catalog, req.today, view.status)))
    return out


def last_ended(today: date, cadence: str) -> Period:
    """The latest month or quarter that has ended before `today`."""
    current = period(today.year, today.month, cadence)
    before = current.start - timedelta(days=1)
    return period(before.year, before.month, cadence)


def _reports(view: InternalView, req: Request, root: Path) -> list[Path]:
    catalog: Catalog = view.catalog
    asked = parse_period(req.period) if req.period else None
    out = []
    for unit in catalog.descendants(catalog.department.id):
        scope_name = scope(catalog, unit)
        if scope_name is None or (req.unit and unit.id != req.unit):
            continue
        cadence = "monthly" if scope_name == "office" else "quarterly"
        due = due_periods(catalog, scope_name)
        if due:
            cadence = due[-1].cadence
        chosen = asked or last_ended(catalog.today, cadence)
        if asked and not req.unit and asked.cadence != cadence:
            continue  # a month asked: the offices' reports; a quarter: the affiliated units'
        data = report.period_report(catalog, unit, chosen, view.status)
        out.append(_write(root / "bao-cao" / f"{unit.id}-{chosen.key}.docx",
                          report.to_docx(data, catalog, req.today, view.status)))
    return out


def _summaries(view: InternalView, req: Request, root: Path) -> list[Path]:
    catalog = view.catalog
    out = []
    for campaign in catalog.campaigns.values():
        for m in campaign.milestones:
            if req.milestone and m.id != req.milestone:
                continue
            if not req.milestone and (m.kind not in REVIEW_KINDS or m.date > catalog.today):
                continue
            data = summary.summary(catalog, campaign, m.date, m.title)
            out.append(_write(root / "tong-ket" / f"{campaign.id}-{m.id}.docx",
                              summary.to_docx(catalog, data, req.today, view.status)))
    if req.milestone and not out:
        raise ExportError(f"--milestone: không có mốc {req.milestone!r} trong plan.yml (milestones)")
    return out
