"""The delta build's listing of site/ (generator/delta.py), made by a child process while the
catalog loads: the same listing as in-process, and no trust in a site/ changed since."""

from __future__ import annotations

import json
import os

from generator import delta


def _site(tmp_path):
    site = tmp_path / "site"
    (site / "a" / "b").mkdir(parents=True)
    for rel in ("index.html", "a/x.css", "a/b/index.html"):
        (site / rel).write_text(rel, encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "manifest.json").write_text(json.dumps({"build": "t1"}), encoding="utf-8")
    delta.remember(cache, site, "t1")
    return site, cache


def test_listing_from_a_child_is_the_listing_and_trusted(tmp_path):
    site, cache = _site(tmp_path)
    pending = delta.trusted_later(cache, site)
    assert pending is not None and pending.pid is not None  # a child lists it
    assert pending.result() == delta.listing(site) == delta.trusted(cache, site)
    assert sorted(delta.listing(site)) == ["a/b/index.html", "a/x.css", "index.html"]


def test_a_site_changed_since_the_last_build_is_not_trusted(tmp_path):
    site, cache = _site(tmp_path)
    (site / "a" / "x.css").write_text("changed by hand", encoding="utf-8")
    assert delta.trusted_later(cache, site).result() is None
    site2, cache2 = _site(tmp_path / "two")
    (cache2 / "manifest.json").write_text(json.dumps({"build": "t2"}), encoding="utf-8")  # another build since
    assert delta.trusted_later(cache2, site2) is None


def test_a_listing_never_asked_for_leaves_no_child(tmp_path):
    site, cache = _site(tmp_path)
    pending = delta.trusted_later(cache, site)
    pid = pending.pid
    pending.close()
    try:
        os.waitpid(pid, os.WNOHANG)
        raise AssertionError("the child was not reaped")
    except ChildProcessError:
        pass
    assert pending.pid is None
