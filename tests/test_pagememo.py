"""Pages and files kept by what they are made of (generator/pagememo.py): a delta build's plan
with the story and registration pages kept from the last build is the plan made afresh, stub for
stub and fingerprint for fingerprint; what an edit touches (the record's story, the stories
listing it as related, its registration lists and their CSVs) is made again."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from conftest import ROOT, TODAY
from generator import urls
from generator.incremental import fingerprints, page_digest
from generator.model import Catalog, Exemplar
from generator.pagememo import KeptAsset, KeptPage, Stubs
from generator.pages import Asset, VirtualPage, registration, story
from generator.pages.options import SiteOptions
from generator.planfork import planned_split
from generator.planning import links_elsewhere, planned_items
from generator.validate import load_catalog

SITE = SiteOptions.from_config("https://example.edu.vn/thi-dua/", "Thi đua", 5)


@pytest.fixture(scope="module")
def demo() -> Catalog:
    return load_catalog(ROOT / "content", today=TODAY)


def _edited(catalog: Catalog, record: Exemplar, **change) -> Catalog:
    """The catalog with `record` changed (fresh objects for all records, as a rebuild loads them)."""
    records = [dataclasses.replace(e, **change) if e is record else dataclasses.replace(e) for e in catalog.exemplars]
    return Catalog(catalog.units, catalog.campaigns, records, catalog.today, catalog.photo_files, catalog.news,
                   catalog.warnings)


def _site_of(catalog: Catalog) -> tuple[dict[str, str], dict[str, str]]:
    """What a build of `catalog` leaves in site/: its pages' fingerprints and its files' digests."""
    planned = planned_items(catalog, SITE)
    pages = {i.src_uri: i for i in planned if isinstance(i, VirtualPage)}
    return fingerprints(pages, "key"), {i.path: hashlib.sha1(i.content).hexdigest()
                                         for i in planned if isinstance(i, Asset)}


def _split(catalog: Catalog, folder, site: tuple[dict[str, str], dict[str, str]]) -> tuple[list, dict[str, str]]:
    pages, files = site
    return planned_split(catalog, SITE, folder, "key", lambda uri, fp: pages.get(uri) == fp,
                         lambda path, digest: files.get(path) == digest)


def _shape(items: list) -> list[tuple[str, str]]:
    return [(type(i).__name__, i.src_uri if isinstance(i, VirtualPage) else i.path) for i in items]


def test_kept_pages_are_the_plan_made_afresh(demo, tmp_path):
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    site = _site_of(demo)
    first, first_known = _split(demo, kept, site)  # nothing kept yet: every page made
    assert (kept / "plans" / "story-pages.pickle").is_file() and (kept / "plans" / "registration-pages.pickle").is_file()
    again, again_known = _split(demo, kept, site)  # the same catalog: kept pages
    assert _shape(again) == _shape(first) and again_known == first_known == site[0]
    assert sum(isinstance(i, KeptPage) for i in again) > len(demo.exemplars)

    record = demo.exemplars[len(demo.exemplars) // 2]
    edited = _edited(demo, record, summary=record.summary + " (sửa)")
    from_kept, known = _split(edited, kept, site)  # the last build's site/, this build's records
    made, made_known = _split(edited, fresh, site)  # nothing kept: the plan made afresh
    assert _shape(from_kept) == _shape(made) and known == made_known
    now = _site_of(edited)[0]
    assert known == now  # every fingerprint is this build's, kept or made
    story_uri = urls.STORY.format(id=record.id)
    full = {i.src_uri for i in from_kept if isinstance(i, VirtualPage) and not isinstance(i, KeptPage)}
    assert story_uri in full  # the edited record's page must miss, and does
    lists_of = {reg.src_uri for reg in registration.lists(edited) if any(r.exemplar.id == record.id for r in reg.rows)}
    assert lists_of and lists_of <= full  # its registration lists too
    csvs = {reg.csv_path for reg in registration.lists(edited) if any(r.exemplar.id == record.id for r in reg.rows)}
    assert csvs and not csvs & {i.path for i in from_kept if isinstance(i, KeptAsset)}
    changed = {uri for uri, fp in now.items() if site[0].get(uri) != fp}
    assert not changed & {i.src_uri for i in from_kept if isinstance(i, KeptPage)}
    assets = {i.path: i.content for i in made if isinstance(i, Asset) and not isinstance(i, KeptAsset)}
    assert {i.path: i.content for i in from_kept if isinstance(i, Asset) and not isinstance(i, KeptAsset)} == assets


def _counting(monkeypatch) -> list[str]:
    """The ids of the records whose story page is made from now on."""
    made: list[str] = []
    original = story.page_of

    def counting(catalog, e, *args):
        made.append(e.id)
        return original(catalog, e, *args)

    monkeypatch.setattr(story, "page_of", counting)
    return made


def test_a_story_whose_related_record_changed_is_made_again(demo, tmp_path, monkeypatch):
    neighbours = story.related(demo)
    record = next(e for e in demo.exemplars if neighbours[e.id])
    other = neighbours[record.id][0]
    stubs = Stubs(tmp_path, "story", "key", {}, lambda uri, fp: True, lambda path, digest: True)
    story.plan(demo, tmp_path, stubs)
    stubs.write()
    edited = _edited(demo, other, title=other.title + " (sửa)")
    again = Stubs(tmp_path, "story", "key", {}, lambda uri, fp: True, lambda path, digest: True)
    made = _counting(monkeypatch)
    items = story.plan(edited, tmp_path, again)
    monkeypatch.undo()
    assert record.id in made and other.id in made  # the related record's page changed: made again
    assert len(made) < len(demo.exemplars) / 2  # not every page
    fresh = {p.src_uri: page_digest(p, "key") for p in story.plan(edited)}
    assert again.fingerprints == fresh
    linking = sum(links_elsewhere(e.story) for e in edited.exemplars)
    assert sum(isinstance(i, KeptPage) for i in items) == len(items) - linking  # site/ holds every page


def test_other_shared_key_or_a_page_linking_elsewhere_is_not_kept(demo, tmp_path, monkeypatch):
    record = demo.exemplars[0]
    linking = _edited(demo, record, story=record.story + "\n\nXem [trang khác](https://example.org/).")
    stubs = Stubs(tmp_path, "story", "key", {}, lambda uri, fp: True, lambda path, digest: True)
    story.plan(linking, tmp_path, stubs)
    stubs.write()
    again = Stubs(tmp_path, "story", "key", {}, lambda uri, fp: True, lambda path, digest: True)
    items = {p.src_uri: p for p in story.plan(linking, tmp_path, again)}
    uri = urls.STORY.format(id=record.id)
    assert not isinstance(items[uri], KeptPage) and links_elsewhere(items[uri].markdown)
    assert sum(isinstance(p, KeptPage) for p in items.values()) == len(items) - sum(
        links_elsewhere(e.story) for e in linking.exemplars)
    other_key = Stubs(tmp_path, "story", "other key", {}, lambda uri, fp: True, lambda path, digest: True)
    made = _counting(monkeypatch)
    story.plan(linking, tmp_path, other_key)
    assert not other_key.before and len(made) == len(linking.exemplars)  # every page made
    assert other_key.fingerprints == {p.src_uri: page_digest(p, "other key") for p in story.plan(linking)}
    (tmp_path / "plans" / "story-pages.pickle").write_bytes(b"not a pickle")
    damaged = Stubs(tmp_path, "story", "key", {}, lambda uri, fp: True, lambda path, digest: True)
    assert not damaged.before
