"""Cards rendered once per record and link shape (generator/memo.py) must change no byte."""

from __future__ import annotations

from conftest import ROOT, build
from generator.memo import Memo
from generator.plugin import ExemplarsPlugin
from test_navcache import _tree


def test_memoised_cards_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    hits = []
    original = Memo.__call__

    def counting(self, *key, caller):
        before = self.hits
        out = original(self, *key, caller=caller)
        hits.append(self.hits - before)
        return out

    monkeypatch.setattr(Memo, "__call__", counting)
    # One process, so the hits are counted here (workers memoise within themselves).
    monkeypatch.setattr(ExemplarsPlugin, "_workers", lambda self: 1)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    memoised = _tree(build(tmp_path / "a", ROOT / "content"))
    assert sum(hits) > 200  # a record is on several lists at the same depth

    monkeypatch.setattr(Memo, "__call__", lambda self, *key, caller: caller())
    plain = _tree(build(tmp_path / "b", ROOT / "content"))
    assert memoised.keys() == plain.keys()
    assert [p for p in memoised if memoised[p] != plain[p]] == []
