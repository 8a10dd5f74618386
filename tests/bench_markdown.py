"""How long Python-Markdown takes on the worst stories `markdown_guard` still accepts.

For each construct known to make Markdown slow (quadratic or worse), the largest story of that
construct the guard lets through (grown until just under `MAX_COST`, up to the 100,000-character
story limit) is rendered with the site's extensions; prints seconds, asserts nothing.
`make bench-markdown`; the guard's budget is set so that every line stays within a few seconds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.markdown_guard import MAX_COST, too_costly  # noqa: E402

STORY_LIMIT = 100_000
#: (name, unit repeated in a paragraph); paragraphs are separated by blank lines.
CONSTRUCTS = [("[", "["), ("![", "!["), ("[](", "[]("), ("[a](<", "[a](<"), ("<![CDATA[", "<![CDATA["),
              ("[a][", "[a]["), ("<a", "<a"), ("<http://a", "<http://a"), ("## a\\n", "## a\n"),
              ("a\\n=\\n", "a\n=\n"), ("***\\n", "***\n"), ("**a ", "**a ")]


def worst_accepted(unit: str) -> str:
    """The most expensive story of `unit` the guard accepts: one paragraph as long as possible,
    or many paragraphs of the length that maximises the total."""
    best = ""
    for length in (100, 300, 1_000, 3_000, 10_000, 30_000, 100_000):
        block = (unit * (length // len(unit) + 1))[:length]
        count = max(1, STORY_LIMIT // (len(block) + 2))
        lo, hi = 0, count
        while lo < hi:  # the most paragraphs the guard accepts
            mid = (lo + hi + 1) // 2
            if too_costly("\n\n".join([block] * mid)) is None:
                lo = mid
            else:
                hi = mid - 1
        text = "\n\n".join([block] * lo)
        if len(text) > len(best):
            best = text
    return best


def main() -> None:
    print(f"budget MAX_COST = {MAX_COST:,}; story limit {STORY_LIMIT:,} characters")
    print(f"{'construct':14} {'chars':>8} {'seconds':>8}")
    for name, unit in CONSTRUCTS:
        text = worst_accepted(unit)
        start = time.perf_counter()
        markdown.Markdown(extensions=["tables", "toc"]).convert(text)
        print(f"{name:14} {len(text):8,} {time.perf_counter() - start:8.2f}", flush=True)


if __name__ == "__main__":
    main()
