"""Related stories (bài liên quan, generator/pages/story.py) on a hand-made catalog."""

from __future__ import annotations

from datetime import date

from generator.model import Catalog, Exemplar, Unit
from generator.pages.story import related

UNITS = {u.id: u for u in [Unit("so", "Sở", "department"), Unit("u1", "Trường 1", "school", parent="so"),
                           Unit("u2", "Trường 2", "school", parent="so"), Unit("u3", "Trường 3", "school", parent="so")]}


def record(rid: str, unit: str, published: date, fields=(), criteria=(), kind="staff") -> Exemplar:
    return Exemplar(id=rid, source=f"{rid}.yml", kind=kind, name=rid, title=rid, unit=unit, campaign="k",
                    school_year="2023-2024", summary="", registered_title="", stage="registered",
                    published=published, fields=tuple(fields), criteria=tuple(criteria))


def test_same_unit_then_topic_then_criterion_newest_first():
    catalog = Catalog(UNITS, {}, [
        record("a", "u1", date(2024, 5, 1), ["Đọc sách"], ["c1"]),
        record("b", "u1", date(2024, 4, 1)),                               # a's unit: 3
        record("c", "u2", date(2024, 3, 1), ["Đọc sách", "STEM"], ["c1"]),  # a's topic 2 + criterion 1
        record("d", "u2", date(2024, 2, 1), ["đọc sách"]),                 # same topic, other spelling: 2
        record("e", "u3", date(2024, 1, 1), ["STEM"]),                      # nothing shared with a
        record("f", "u3", date(2023, 12, 1), [], ["c1"], kind="student"),  # c1 of another kind: 0
    ], date(2026, 11, 25))
    found = {rid: [e.id for e in records] for rid, records in related(catalog).items()}
    # a: b and c score 3 (b is newer), d 2. e: f shares its unit (3), c its topic STEM (2).
    assert found["a"] == ["b", "c", "d"]
    assert found["e"] == ["f", "c"]
    assert found["f"] == ["e"]
    assert all(rid not in ids for rid, ids in found.items())
