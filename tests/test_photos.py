"""Photos at build time (generator/photos.py): renditions in WebP and JPEG at a few widths, no
metadata in any image of the site, a placeholder per kind, a cache reused between builds, and
related stories."""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import pytest
from PIL import Image

from conftest import build
from generator import photos

#: What a phone writes into a photo of a child: where it was taken, the camera, an XMP packet
#: with a name, and IPTC caption fields.
GPS = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 20.0, 10.0)}
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>XMP-MARKER</dc:creator>'
       b'</rdf:Description></rdf:RDF></x:xmpmeta>')
IPTC_TEXT = b"IPTC-MARKER"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


def photo_with_metadata(width: int = 900, height: int = 600, orientation: int | None = None) -> bytes:
    """A JPEG carrying EXIF (camera, GPS position, orientation), XMP and IPTC."""
    image = Image.new("RGB", (width, height), "#3a7d44")
    image.paste(Image.new("RGB", (width // 3, height // 3), "#f4d35e"), (10, 10))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(0x8825).update(GPS)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=XMP, quality=90)
    data = out.getvalue()
    dataset = b"\x1c\x02\x78" + struct.pack(">H", len(IPTC_TEXT)) + IPTC_TEXT
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(dataset)) + dataset
    payload = b"Photoshop 3.0\x00" + resource
    app13 = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + app13 + data[2:]


def metadata_in(data: bytes) -> list[str]:
    """Metadata blocks in a JPEG, PNG or WebP file, read from its bytes (not through Pillow)."""
    found = []
    if data[:2] == b"\xff\xd8":
        pos = 2
        while pos + 4 <= len(data) and data[pos] == 0xFF:
            marker = data[pos + 1]
            if marker == 0xDA:  # start of scan: no header segment follows
                break
            length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
            body = data[pos + 4:pos + 2 + length]
            if marker == 0xE1 and body.startswith(b"Exif"):
                found.append("EXIF")
            elif marker == 0xE1 and b"ns.adobe.com/xap" in body[:40]:
                found.append("XMP")
            elif marker == 0xED:
                found.append("IPTC")
            elif 0xE1 <= marker <= 0xEF or marker == 0xFE:
                found.append(f"JPEG APP{marker - 0xE0}/COM segment")
            pos += 2 + length
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        pos = 8
        while pos + 8 <= len(data):
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            if kind in (b"eXIf", b"iTXt", b"tEXt", b"zTXt", b"iCCP", b"tIME"):
                found.append(f"PNG {kind.decode()}")
            pos += 12 + length
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        pos = 12
        while pos + 8 <= len(data):
            kind, length = struct.unpack("<4sI", data[pos:pos + 8])
            if kind in (b"EXIF", b"XMP ", b"ICCP"):
                found.append(f"WebP {kind.decode().strip()}")
            pos += 8 + length + (length & 1)
    return found


def test_the_scanner_sees_exif_xmp_and_iptc():
    assert metadata_in(photo_with_metadata()) == ["IPTC", "EXIF", "XMP"]


@pytest.fixture
def photo_site(content, tmp_path):
    """The fixture corpus with a 900 px camera photo (EXIF GPS, XMP, IPTC) on a published record."""
    (content / "media" / "gps.jpg").write_bytes(photo_with_metadata())
    (content / "media" / "xoay.jpg").write_bytes(photo_with_metadata(80, 40, orientation=6))
    record = content / "exemplars" / "nguyen-thi-hoa.yml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "\nmedia:\n", "\n  - {file: gps.jpg, caption: Giờ học ngoài trời, alt: Học sinh quanh bàn}\n"
                      "  - {file: xoay.jpg, caption: Ảnh dọc, alt: Ảnh chụp dọc}\nmedia:\n"), encoding="utf-8")
    return build(tmp_path, content)


def test_no_image_of_the_site_carries_metadata(photo_site):
    images = [p for p in photo_site.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES]
    assert len(images) > 20  # renditions of three photos and five placeholders
    assert {p: metadata_in(p.read_bytes()) for p in images if metadata_in(p.read_bytes())} == {}
    text = b"".join(p.read_bytes() for p in images)
    for marker in (b"XMP-MARKER", IPTC_TEXT, b"CameraMaker"):
        assert marker not in text


def test_demo_site_images_carry_no_metadata(demo_site):
    images = [p for p in demo_site.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES]
    assert images and {p.name: metadata_in(p.read_bytes()) for p in images if metadata_in(p.read_bytes())} == {}


def test_renditions_widths_formats_and_markup(photo_site):
    media = photo_site / "media"
    # 900 px wide: 320 and 640 below it, then its own width; never enlarged.
    for width in (320, 640, 900):
        for ext in ("webp", "jpg"):
            with Image.open(media / f"gps-{width}.{ext}") as im:
                assert im.size == (width, round(600 * width / 900))
    assert not (media / "gps-1024.jpg").exists()
    # The copy at the original path (open data links it) is re-encoded too.
    assert metadata_in((media / "gps.jpg").read_bytes()) == []
    # EXIF orientation 6 (rotated 90°) is applied before the EXIF block is dropped.
    with Image.open(media / "xoay-40.jpg") as im:
        assert im.size == (40, 80)
    html = (photo_site / "dien-hinh" / "nguyen-thi-hoa" / "index.html").read_text(encoding="utf-8")
    lead = re.search(r'<figure class="ex-story__lead">(.*?)</figure>', html, re.S).group(1)
    assert '<source type="image/webp"' in lead and 'loading="lazy"' not in lead
    assert 'fetchpriority="high"' in lead and 'width="48" height="32"' in lead  # anh.png, 48×32
    gallery = re.search(r'<div class="ex-photos">(.*?)</div>', html, re.S).group(1)
    assert ('srcset="../../media/gps-320.webp 320w, ../../media/gps-640.webp 640w, '
            '../../media/gps-900.webp 900w"') in gallery
    assert 'width="900" height="600"' in gallery and gallery.count('loading="lazy"') == 2


def test_cards_and_shared_links_fall_back_to_the_kinds_placeholder(photo_site):
    # thu-vien-xanh (a collective) has no photo: its card and its shared link show the
    # collective placeholder.
    home = (photo_site / "index.html").read_text(encoding="utf-8")
    assert "media/anh-thay-the/collective-640.jpg" in home
    story = (photo_site / "dien-hinh" / "thu-vien-xanh" / "index.html").read_text(encoding="utf-8")
    assert 'content="https://example.edu.vn/thi-dua/media/anh-thay-the/collective-1200.jpg"' in story
    with Image.open(photo_site / "media" / "anh-thay-the" / "collective-1200.jpg") as im:
        assert im.size == (1200, 630)


def test_cache_is_reused(tmp_path, demo_catalog):
    cache = tmp_path / "cache"
    first = photos.prepare(demo_catalog, cache)
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    again = photos.prepare(demo_catalog, cache)
    assert again == first
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps  # nothing re-encoded


def test_cache_sees_a_replaced_photo(tmp_path, demo_catalog):
    import dataclasses

    source = tmp_path / "anh.jpg"
    source.write_bytes(photo_with_metadata(400, 300))
    catalog = dataclasses.replace(demo_catalog, photo_files={"anh.jpg": str(source)})
    assert photos.prepare(catalog, tmp_path / "cache").photo("anh.jpg").width == 400
    source.write_bytes(photo_with_metadata(500, 300))
    assert photos.prepare(catalog, tmp_path / "cache").photo("anh.jpg").width == 500


def test_other_media_are_published_as_they_are(tmp_path, demo_catalog):
    """A campaign's signed plan (PDF) is in the catalog's media too: copied, not decoded."""
    import dataclasses

    pdf = tmp_path / "ke-hoach.pdf"
    pdf.write_bytes(b"%PDF-1.4 signed plan")
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(photo_with_metadata(400, 300))
    catalog = dataclasses.replace(demo_catalog, photo_files={"ke-hoach.pdf": str(pdf), "anh.jpg": str(photo)})
    pictures = photos.prepare(catalog, tmp_path / "cache")
    assert pictures.files["media/ke-hoach.pdf"] == str(pdf)
    assert set(pictures.photos) == {"anh.jpg"}
    assert metadata_in(Path(pictures.files["media/anh.jpg"]).read_bytes()) == []


def test_unreadable_photo_is_a_problem_with_its_record(content, tmp_path, caplog):
    from generator.build import BuildFailed

    (content / "media" / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n0000")
    with pytest.raises(BuildFailed) as err:
        build(tmp_path, content)
    caplog.clear()  # the error MkDocs logs is expected here
    assert "nguyen-thi-hoa.yml: photos: media/anh.png is not a readable image" in str(err.value)


@pytest.mark.parametrize(("width", "expected"), [(200, [200]), (320, [320]), (321, [320, 321]),
                                                 (1000, [320, 640, 1000]), (4000, [320, 640, 1024, 1600])])
def test_widths_for(width, expected):
    assert photos.widths_for(width) == expected


def test_preview_drops_every_rendition_of_a_photo_no_longer_published(content, tmp_path, caplog):
    """`make serve` keeps its output between rebuilds: when a record is made a draft, its photo's
    renditions and copy go too (not only a file at the original name)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from conftest import mkdocs_config

    site = tmp_path / "serve"
    config = load_config(str(mkdocs_config(tmp_path, content, site)), strict=False)
    config.plugins.on_startup(command="serve", dirty=True)
    mkdocs_build(config, dirty=True)
    def own():
        return sorted(p.name for p in (site / "media").iterdir() if p.is_file() and p.name.startswith("anh"))

    assert own() == ["anh-48.jpg", "anh-48.webp", "anh.png"]
    record = content / "exemplars" / "nguyen-thi-hoa.yml"
    record.write_text(record.read_text(encoding="utf-8") + "draft: true\n", encoding="utf-8")
    mkdocs_build(config, dirty=True)
    assert own() == []
    assert (site / "media" / "anh-thay-the" / "site-1200.jpg").exists()
    caplog.clear()  # MkDocs' warning about dirty builds is expected
