"""Photos (ảnh) at build time: a few widths in WebP and JPEG, no metadata, cached between builds.

Every published photo is decoded and encoded again from its pixels alone, so nothing a camera or
a phone wrote into the file (EXIF with GPS position, XMP, IPTC, comments, ICC) reaches the site:
the GPS position in a photo of a child is a home address. The original file is never copied; its
path (`media/<file>`, used by open data) holds a re-encoded copy of the same format.

A record without a photo shows the placeholder picture (ảnh thay thế) of its kind, drawn here, so
cards and shared links always carry an image.

Encoding is the slow part of a build (tens of milliseconds per rendition), so renditions are kept
in a cache folder (`.cache/exemplars/photos/` beside mkdocs.yml, git-ignored), named by a digest
of the source file's path, size and modification time and of the rendering settings.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .model import Catalog, Exemplar

if TYPE_CHECKING:
    from PIL import Image, ImageDraw

log = logging.getLogger("mkdocs.plugins.exemplars")

#: Widths offered in srcset (px); a photo is never enlarged beyond its own width.
WIDTHS = (320, 640, 1024, 1600)
#: Open Graph cards are shown 1200 px wide at most (Facebook, Zalo).
SHARE_WIDTH = 1200
QUALITY = {"webp": 78, "jpeg": 82}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
#: Bump when the drawing or encoding changes: every cached file is made again.
CACHE_VERSION = "2"
#: Placeholders are drawn at the Open Graph card's proportions (1.91:1).
PLACEHOLDER_SIZE = (1200, 630)
#: Kind → (background, foreground) of its placeholder; dark grounds, white figures.
PLACEHOLDER_COLOURS = {
    "collective": ("#8e1b1b", "#fde7c4"),
    "staff": ("#1d4e89", "#e3eefb"),
    "manager": ("#33415c", "#f1e3c8"),
    "student": ("#2e6b30", "#fff4cc"),
    "site": ("#a11d1d", "#ffe08a"),
}
PLACEHOLDER_DIR = "media/anh-thay-the"
#: Media files re-encoded as pictures; any other file (a PDF) is published as it is.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp"}
#: Cache of renditions, relative to mkdocs.yml (git-ignored); $EXEMPLARS_PHOTO_CACHE overrides it
#: (tests share one cache across their many builds: keys hold each source's path and mtime).
CACHE_DIR = ".cache/exemplars/photos"


def cache_dir(project_dir: Path) -> Path:
    return Path(os.environ.get("EXEMPLARS_PHOTO_CACHE") or project_dir / CACHE_DIR)


class PhotoError(Exception):
    """Photos that cannot be read as images: one line per record and file, all at once."""


@dataclass(frozen=True)
class Rendition:
    """One encoded file of a picture: site-relative path, pixel size, format (webp | jpeg)."""

    path: str
    width: int
    height: int
    format: str


@dataclass(frozen=True)
class Picture:
    """Ảnh: one photo or placeholder, ready for `<picture>` (renditions narrowest first)."""

    key: str
    width: int
    height: int
    renditions: tuple[Rendition, ...]
    placeholder: bool = False

    def sources(self, fmt: str, widest: int | None = None) -> list[Rendition]:
        """Renditions of a format up to `widest` px (always at least the narrowest)."""
        own = [r for r in self.renditions if r.format == fmt]
        return [r for r in own if widest is None or r.width <= widest] or own[:1]

    def srcset(self, fmt: str, base: str, widest: int | None = None) -> str:
        """`srcset` text for a page whose `base_url` is `base` (cached: a site has a handful of
        depths, and a list page draws twenty cards)."""
        return _srcset(self, fmt, base, widest)

    @functools.cached_property
    def fallback(self) -> Rendition:
        """The `<img src>` of browsers without srcset: the JPEG closest to 640 px."""
        return min(self.sources("jpeg"), key=lambda r: abs(r.width - 640))

    @property
    def share(self) -> Rendition:
        """The Open Graph image: the widest JPEG up to 1200 px."""
        jpegs = self.sources("jpeg")
        fitting = [r for r in jpegs if r.width <= SHARE_WIDTH]
        return fitting[-1] if fitting else jpegs[0]


@functools.lru_cache(maxsize=65536)
def _srcset(picture: Picture, fmt: str, base: str, widest: int | None) -> str:
    return ", ".join(f"{base}/{r.path} {r.width}w" for r in picture.sources(fmt, widest))


@dataclass
class Pictures:
    """Every picture of the site and the files to publish (site path → cached file)."""

    photos: dict[str, Picture] = field(default_factory=dict)
    placeholders: dict[str, Picture] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def photo(self, file: str) -> Picture:
        return self.photos[file]

    def of(self, exemplar: Exemplar) -> Picture:
        """The record's first photo, else its kind's placeholder."""
        if exemplar.photos:
            return self.photos[exemplar.photos[0].file]
        return self.placeholder(exemplar.kind)

    def placeholder(self, kind: str = "site") -> Picture:
        return self.placeholders.get(kind) or self.placeholders["site"]


def widths_for(width: int) -> list[int]:
    """The srcset widths for a source `width` px wide: the standard ones below it, and its own
    width capped at the widest."""
    widest = min(width, WIDTHS[-1])
    return [w for w in WIDTHS if w < widest] + [widest]


def _bomb() -> type:
    """PIL's error for a picture too large to open (asked only when something failed)."""
    from PIL import Image

    return Image.DecompressionBombError


def upright(source: Path) -> Image.Image:
    """The photo as it should be seen: EXIF orientation applied (before `clean` drops EXIF);
    the file is closed again."""
    from PIL import Image, ImageOps  # only when a picture is drawn: a cached build needs none (25 ms)

    with Image.open(source) as image:
        return ImageOps.exif_transpose(image)  # a new image (a copy when already upright)


def clean(image: Image.Image) -> Image.Image:
    """Pixels only: RGB (transparency on white), no info, exif, xmp, icc_profile or text."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        ground = Image.new("RGB", image.size, "white")
        ground.paste(image, mask=image.getchannel("A"))
        image = ground
    elif image.mode != "RGB":
        image = image.convert("RGB")
    pixels = Image.new("RGB", image.size)
    pixels.paste(image)
    return pixels  # a new image: no info, exif, xmp, icc_profile or text chunks carried over


def _encode(image: Image.Image, width: int, fmt: str, target: Path) -> tuple[int, int]:
    from PIL import Image

    height = max(1, round(image.height * width / image.width))
    resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_suffix(target.suffix + ".part")
    options = {"quality": QUALITY.get(fmt, 85), "optimize": True} if fmt in QUALITY else {"optimize": True}
    if fmt == "jpeg":
        options["progressive"] = True
    resized.save(part, format=fmt.upper(), **options)
    part.replace(target)  # a build stopped half-way leaves no truncated file in the cache
    return width, height


class _Renderer:
    """Makes (or finds in the cache) every rendition of one source picture."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache

    def render(self, key: str, site_stem: str, fingerprint: str, load, own_format: str | None,
               placeholder: bool = False) -> tuple[Picture, dict[str, str]]:
        digest = hashlib.sha256(f"{CACHE_VERSION}|{fingerprint}".encode()).hexdigest()[:20]
        image: Image.Image | None = None
        size_file = self.cache / f"{digest}.size"
        if size_file.exists():
            width, height = (int(n) for n in size_file.read_text().split())
        else:
            image = clean(load())
            width, height = image.size
        files: dict[str, str] = {}
        renditions = []
        jobs = [(w, fmt) for fmt in ("webp", "jpeg") for w in widths_for(width)]
        if own_format:
            jobs.append((min(width, WIDTHS[-1]), own_format))
        for i, (w, fmt) in enumerate(jobs):
            h = max(1, round(height * w / width))
            cached = self.cache / f"{digest}-{w}.{fmt}"
            if not cached.exists():
                if image is None:
                    image = clean(load())
                _encode(image, w, fmt, cached)
            if own_format and i == len(jobs) - 1:  # the copy at the original path
                files[f"media/{key}"] = str(cached)
                continue
            path = f"{site_stem}-{w}.{EXTENSIONS[fmt]}"
            files[path] = str(cached)
            renditions.append(Rendition(path, w, h, fmt))
        if not size_file.exists():
            size_file.write_text(f"{width} {height}")
        return Picture(key, width, height, tuple(renditions), placeholder), files


def prepare(catalog: Catalog, cache: Path, workers: int = 2) -> Pictures:
    """Every photo of a published record and every placeholder, rendered or taken from `cache`."""
    renderer = _Renderer(cache)
    pictures = Pictures()

    def one_photo(rel: str) -> tuple[str, Picture, dict[str, str]]:
        source = Path(catalog.photo_files[rel])
        stat = source.stat()
        fmt = _format_of(source)
        stem = "media/" + str(PurePosixPath(rel).with_suffix(""))
        picture, files = renderer.render(rel, stem, f"{source}|{stat.st_size}|{stat.st_mtime_ns}",
                                         lambda: upright(source), fmt)
        return rel, picture, files

    def attempt(rel: str):
        try:
            return one_photo(rel)
        except (OSError, ValueError, _bomb()) as exc:
            return rel, exc, {}

    # Other published media (a campaign's signed plan as PDF) are copied as they are.
    images = sorted(rel for rel in catalog.photo_files if PurePosixPath(rel).suffix.lower() in IMAGE_SUFFIXES)
    for rel in sorted(set(catalog.photo_files) - set(images)):
        pictures.files[f"media/{rel}"] = catalog.photo_files[rel]
    problems = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:  # Pillow encodes without the GIL
        for rel, picture, files in pool.map(attempt, images):
            if isinstance(picture, Exception):
                users = sorted({e.source for e in catalog.exemplars if any(p.file == rel for p in e.photos)})
                problems += [f"{source}: photos: media/{rel} is not a readable image ({picture})"
                             for source in users or ["media"]]
                continue
            pictures.photos[rel] = picture
            pictures.files.update(files)
    if problems:
        raise PhotoError("\n".join(problems))
    for kind in PLACEHOLDER_COLOURS:
        picture, files = renderer.render(f"anh-thay-the/{kind}", f"{PLACEHOLDER_DIR}/{kind}",
                                         f"placeholder|{kind}", lambda kind=kind: draw_placeholder(kind),
                                         None, placeholder=True)
        pictures.placeholders[kind] = picture
        pictures.files.update(files)
    return pictures


def drop_withheld(site: Path, served: set[str], pictures: Pictures) -> set[str]:
    """A preview keeps its output between rebuilds: a photo that no published record uses any
    more (consent withdrawn, record made a draft) is deleted there, not served on. Returns the
    files served now (renditions and copies)."""
    current = set(pictures.files)
    for rel in sorted(served - current):
        (site / rel).unlink(missing_ok=True)
    return current


def _format_of(source: Path) -> str:
    """The format the copy at the original path keeps (its extension must stay true)."""
    suffix = source.suffix.lower()
    return {".png": "png", ".webp": "webp", ".gif": "gif", ".tif": "tiff", ".tiff": "tiff",
            ".bmp": "bmp"}.get(suffix, "jpeg")


def draw_placeholder(kind: str) -> Image.Image:
    """A calm picture without words (no font needed): figures on the kind's colour.

    collective: three people; staff: a person at a board; manager: a person with a folder;
    student: a person with an open book; site: an open book under a star (the portal's sign).
    """
    from PIL import Image, ImageDraw

    ground, ink = PLACEHOLDER_COLOURS[kind]
    w, h = PLACEHOLDER_SIZE
    image = Image.new("RGB", (w, h), ground)
    d = ImageDraw.Draw(image)
    # Soft diagonal bands so a card is not a flat block of colour.
    for i in range(-h, w, 90):
        d.polygon([(i, h), (i + 45, h), (i + 45 + h, 0), (i + h, 0)], fill=_mix(ground, "#ffffff", 0.05))

    def person(cx: float, cy: float, s: float) -> None:
        d.ellipse([cx - 38 * s, cy - 150 * s, cx + 38 * s, cy - 74 * s], fill=ink)
        d.rounded_rectangle([cx - 70 * s, cy - 60 * s, cx + 70 * s, cy + 90 * s], radius=int(48 * s), fill=ink)

    cx, cy = w / 2, h / 2 + 40
    if kind == "collective":
        person(cx - 170, cy + 20, 0.85)
        person(cx + 170, cy + 20, 0.85)
        person(cx, cy, 1.0)
    elif kind == "staff":
        d.rectangle([cx - 300, cy - 190, cx + 40, cy - 10], outline=ink, width=10)
        person(cx + 150, cy, 1.0)
    elif kind == "manager":
        person(cx - 40, cy, 1.0)
        d.rectangle([cx + 60, cy - 10, cx + 150, cy + 90], fill=_mix(ground, ink, 0.55))
    elif kind == "student":
        person(cx, cy - 10, 0.95)
        d.polygon([(cx - 130, cy + 40), (cx, cy + 70), (cx + 130, cy + 40), (cx + 130, cy + 140),
                   (cx, cy + 170), (cx - 130, cy + 140)], fill=_mix(ground, ink, 0.6))
        d.line([(cx, cy + 70), (cx, cy + 170)], fill=ground, width=6)
    else:
        _star(d, cx, cy - 120, 80, ink)
        d.polygon([(cx - 220, cy), (cx, cy + 50), (cx + 220, cy), (cx + 220, cy + 150),
                   (cx, cy + 200), (cx - 220, cy + 150)], fill=ink)
        d.line([(cx, cy + 50), (cx, cy + 200)], fill=ground, width=8)
    return image


def _star(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: str) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    d.polygon(points, fill=fill)


def _mix(a: str, b: str, t: float) -> str:
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))
