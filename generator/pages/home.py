"""The home page (trang chủ): featured and latest exemplars, counts by kind."""

from __future__ import annotations

from .. import urls
from ..model import Catalog
from ..spec import EXEMPLAR_KINDS
from . import VirtualPage

LATEST = 12


def plan(catalog: Catalog) -> list[VirtualPage]:
    counts = {kind: 0 for kind in EXEMPLAR_KINDS}
    for e in catalog.exemplars:
        counts[e.kind] += 1
    return [VirtualPage(
        src_uri=urls.HOME,
        template="home.html",
        title="Trang chủ",
        description=f"Tuyên truyền, xây dựng và nhân rộng điển hình tiên tiến – {catalog.department.name}",
        context={
            "featured": [e for e in catalog.exemplars if e.featured][:6],
            "latest": catalog.exemplars[:LATEST],
            "counts": counts,
            "good_deeds": sum(1 for e in catalog.exemplars if e.good_deed),
            "total": len(catalog.exemplars),
        },
    )]
