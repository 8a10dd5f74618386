"""api/exemplars.json spilled with a digest of what it is made of (pages/opendata.py `made_of`):
the same records, units and site give the same digest and bytes; any change to the bytes
changes the digest."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import ROOT, TODAY

from generator.model import Catalog
from generator.pages import opendata
from generator.pages.fragments import Fragments
from generator.pages.options import SiteOptions
from generator.spill import Arena
from generator.validate import load_catalog

SITE = SiteOptions(url="https://example.edu.vn/thi-dua/")


@pytest.fixture(scope="module")
def demo() -> Catalog:
    return load_catalog(ROOT / "content", today=TODAY)


def _spilled(catalog: Catalog, site: SiteOptions = SITE, folder=None) -> tuple[str, bytes]:
    kept = Fragments(folder, "opendata")
    found = opendata.exemplars_file(catalog, site, kept, Arena())
    kept.write()
    return found.digest, found.read()


def _fresh(catalog: Catalog, **units) -> Catalog:
    records = [dataclasses.replace(e) for e in catalog.exemplars]  # new objects, as the next build loads
    all_units = {uid: dataclasses.replace(u, **units) if units and uid == catalog.exemplars[0].unit else u
                 for uid, u in catalog.units.items()}
    return Catalog(all_units, catalog.campaigns, records, catalog.today, catalog.photo_files, catalog.news,
                   catalog.warnings)


def test_the_digest_follows_the_bytes(demo, tmp_path):
    digest, data = _spilled(demo)
    assert digest.startswith("made-of:") and data == opendata.exemplars_file(demo, SITE)
    assert _spilled(_fresh(demo)) == (digest, data)  # equal records in new objects
    assert _spilled(_fresh(demo), folder=tmp_path) == (digest, data)  # fragments made…
    assert _spilled(_fresh(demo), folder=tmp_path) == (digest, data)  # …and kept
    record = demo.exemplars[-1]
    edited = Catalog(demo.units, demo.campaigns,
                     [dataclasses.replace(e, summary=e.summary + "!") if e is record else e for e in demo.exemplars],
                     demo.today, demo.photo_files, demo.news, demo.warnings)
    changes = [_spilled(edited), _spilled(_fresh(demo, name="Trường đổi tên")),
               _spilled(demo, SiteOptions(url="https://so.example.vn/"))]
    for other_digest, other_data in changes:
        assert other_data != data and other_digest != digest
    fewer = Catalog(demo.units, demo.campaigns, demo.exemplars[1:], demo.today, demo.photo_files, demo.news,
                    demo.warnings)
    assert _spilled(fewer)[0] != digest
