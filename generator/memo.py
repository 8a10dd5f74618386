"""Jinja global `memo`: render a fragment once per key in a build (cards of a record).

A record's card is on its lists, its unit's page, the home page and beside related stories: at
10,000 records that is ~100,000 cards of the same few thousand. A card's HTML depends only on the
record and on the links the page computes for it, so the caller passes those as the key:
`{% call memo("card", e.id, heading, href, unit_href, base_url) %}…{% endcall %}`; everything the
fragment prints must come from the key. A fresh instance per build (`on_env`).
"""

from __future__ import annotations

from typing import Any, Callable

from markupsafe import Markup


class Memo:
    def __init__(self) -> None:
        self.rendered: dict[tuple, Any] = {}
        self.hits = 0

    def __call__(self, *key: Any, caller: Callable[[], Any]) -> Any:
        # Kept as UTF-8: a card is mostly Vietnamese text, two bytes a character as a str (at
        # 2,000 records a worker kept 3,600 cards, 10 MB; the number grows with the records),
        # while decoding one again costs a hundredth of rendering it.
        found = self.rendered.get(key)
        if found is None:
            html = caller()
            self.rendered[key] = html.encode("utf-8") if isinstance(html, Markup) else html
            return html
        self.hits += 1
        return Markup(found.decode("utf-8")) if isinstance(found, bytes) else found

    def cached(self, key: tuple, caller: Callable[[], Any]) -> Any:
        """The fragment rendered for `key`, rendering it the first time (navcache.py too)."""
        found = self.rendered.get(key)
        if found is None:
            found = self.rendered[key] = caller()
        else:
            self.hits += 1
        return found
