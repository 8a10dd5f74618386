"""The feed's escaping (generator/pages/feeds.py) gives xml.sax.saxutils' very bytes without
importing it at every build's start."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

import pytest

from generator.pages import feeds

SAMPLES = ["Trường Tiểu học Kim Đồng", "a & b < c > d", "&amp; đã thoát", 'say "hi"', "it's", "both \" and '",
           "line\nbreak\tand\rreturn", "https://example.edu.vn/thi-dua/feed.xml?a=1&b=2", ""]


@pytest.mark.parametrize("text", SAMPLES)
def test_escape_and_quoteattr_are_saxutils(text):
    assert feeds.escape(text) == escape(text)
    assert feeds.quoteattr(text) == quoteattr(text)
