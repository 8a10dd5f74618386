"""Where each kind of page lives: one place, so links and generated files always agree."""

from __future__ import annotations

STORY = "dien-hinh/{id}.md"
UNIT = "don-vi/{id}.md"
UNITS = "don-vi/index.md"
HOME = "index.md"
MEDIA = "media/{file}"


def md_to_url(src_uri: str) -> str:
    """Site-relative URL of a generated Markdown page (directory URLs)."""
    if src_uri == "index.md":
        return ""
    if src_uri.endswith("/index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[: -len(".md")] + "/"


def story(exemplar_id: str) -> str:
    return md_to_url(STORY.format(id=exemplar_id))


def unit(unit_id: str) -> str:
    return md_to_url(UNIT.format(id=unit_id))


def media(file: str) -> str:
    return MEDIA.format(file=file)
