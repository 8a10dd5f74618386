"""Records the site does not publish, for `exemplars export --internal` only (tài liệu nội bộ).

Registration comes before publication: an office files its list while some records are still
drafts or wait for a guardian's consent. `load_internal` is the one way to get them: it asks the
validator for the valid records it withheld (drafts, records awaiting consent, records scheduled
for later) and returns them beside the published ones, with their status. Nothing of the site
calls it; the `Catalog` the site is built from stays publish-only. A student whose consent was
withdrawn is left out here too. `private:` fields never leave the validator.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..model import Catalog
from ..validate import load_catalog

#: Status of a withheld record → what the internal documents say about it.
STATUSES = ("draft", "awaiting-consent", "scheduled")


@dataclass
class InternalView:
    """Published and withheld records together; `status` names the withheld ones."""

    catalog: Catalog
    status: dict[str, str]


def load_public(content_dir: Path, today: date) -> InternalView:
    """What the site publishes, in the same shape (exports without --internal)."""
    return InternalView(load_catalog(content_dir, today=today, shown_from=Path.cwd()), {})


def load_internal(content_dir: Path, today: date) -> InternalView:
    withheld: list = []
    public = load_catalog(content_dir, today=today, shown_from=Path.cwd(), withheld=withheld)
    # A draft may have no publication date yet; it sorts after every dated record.
    records = [*public.exemplars, *(replace(e, published=e.published or date.max) for _, e in withheld)]
    catalog = Catalog(units=public.units, campaigns=public.campaigns, exemplars=records, today=today,
                      news=public.news)
    return InternalView(catalog, {e.id: status for status, e in withheld})
