"""The demo content (content/) built for real and checked page by page."""

from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import DEMO_RECORDS, all_text, leaves, raw_record
from generator.labels import label
from generator.vietnamese import format_date, name_key


def _page(site: Path, url: str) -> str:
    return html.unescape((site / url / "index.html").read_text(encoding="utf-8"))


def test_demo_content_is_big_enough(demo_catalog):
    kinds = {e.kind for e in demo_catalog.exemplars}
    stages = {e.stage for e in demo_catalog.exemplars}
    assert len(DEMO_RECORDS) >= 40 and kinds == {"collective", "staff", "manager", "student"}
    assert stages == {"discovered", "registered", "nurturing", "replicating", "honoured"}  # every step
    assert sum(1 for u in demo_catalog.units.values() if u.kind == "office") >= 2
    assert sum(1 for u in demo_catalog.units.values() if u.kind == "school") >= 8
    assert len({a.level for e in demo_catalog.exemplars for a in e.awards}) >= 5


def test_every_story_page_shows_its_record(demo_site, demo_catalog):
    for e in demo_catalog.exemplars:
        page = _page(demo_site, f"dien-hinh/{e.id}")
        unit = demo_catalog.units[e.unit]
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
        assert h1.strip() == e.title, e.id
        expected = [e.name, unit.name, e.school_year, label(e.kind, "kind"), label(e.stage, "stage"),
                    e.summary, e.registered_title, format_date(e.published), *e.fields]
        expected += [e.position] if e.position else []
        expected += [c.text for c in (demo_catalog.campaigns[e.campaign].criterion(e.kind, cid)
                                      for cid in e.criteria)]
        expected += [a.title for a in e.awards] + [format_date(a.date) for a in e.awards]
        expected += [ev.text for ev in e.events]
        expected += [demo_catalog.units[r.unit].name for r in e.replications]
        expected += [p.caption for p in e.photos] + [f'alt="{p.alt}"' for p in e.photos]
        expected += [m.url for m in e.media] + [m.title for m in e.media]
        for text in expected:
            assert text in page, f"{e.id}: {text!r} missing"
        for p in e.photos:
            assert (demo_site / "media" / p.file).is_file()
        if e.story:
            first_words = re.sub(r"^[#>*-]+ |[*_`\[\]]", "", e.story.strip().split("\n")[0]).strip()[:30]
            assert first_words in re.sub(r"<[^>]+>", "", page), f"{e.id}: story not rendered"


def test_unit_pages_sort_people_the_vietnamese_way(demo_site, demo_catalog):
    checked = 0
    for unit in demo_catalog.units.values():
        page = _page(demo_site, f"don-vi/{unit.id}")
        assert unit.name in page
        for e in demo_catalog.by_unit.get(unit.id, []):
            assert f"dien-hinh/{e.id}/" in page, f"{unit.id} does not list {e.id}"
        for kind in ("staff", "manager", "student"):
            people = [e for e in demo_catalog.by_unit.get(unit.id, []) if e.kind == kind]
            if len(people) < 2:
                continue
            positions = [page.index(f"dien-hinh/{e.id}/") for e in people]
            in_page_order = [e.name for _, e in sorted(zip(positions, people), key=lambda x: x[0])]
            assert in_page_order == sorted(in_page_order, key=name_key), unit.id
            checked += 1
        for child in demo_catalog.children.get(unit.id, []):
            assert f'href="../{child.id}/"' in page
    assert checked >= 2, "the demo should have units with several people of one kind"


def test_drafts_future_and_private_never_reach_the_output(demo_site):
    text = all_text(demo_site)
    hidden = 0
    for path in DEMO_RECORDS:
        raw = raw_record(path)
        record_id = path.stem
        withheld = raw.get("draft") == "true" or raw.get("published", "0") > "2026-11-25"
        if withheld:
            hidden += 1
            assert f"dien-hinh/{record_id}" not in text, record_id
            assert raw["title"] not in text, record_id
        for leaf in leaves(raw.get("private", {})):
            # Dates (of consent, say) are not identifying and do occur as publication dates.
            if len(leaf) >= 8 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", leaf):
                assert leaf not in text, f"{path.name}: private value {leaf!r} leaked"
    assert hidden >= 5


def test_site_is_vietnamese(demo_site):
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in home
    assert "Made with" not in home or "Material for MkDocs" not in home
