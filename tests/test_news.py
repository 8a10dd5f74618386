"""News posts (tin tức, generator/news.py): checking, publishing rules, pages, feed, search, sitemap.

Demo figures are counted by hand in content/news/ (comments say how).
"""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

import pytest

from conftest import TODAY, all_text, build, write
from generator.loader import ContentError
from generator.validate import load_catalog

POST = """\
---
title: Hội nghị sơ kết
date: 2019-05-20
unit: phong-a
author: Phòng GD&ĐT A
exemplars: [thu-vien-xanh]
milestone: so-ket
---
Bài viết về hội nghị.
"""


@pytest.fixture
def news_content(content: Path) -> Path:
    """The fixture corpus with one milestone in its plan and one valid post."""
    plan = content / "plan.yml"
    plan.write_text(plan.read_text("utf-8").replace(
        "    registration_deadline: 2017-10-20\n",
        "    registration_deadline: 2017-10-20\n    milestones:\n"
        "      - {id: so-ket, date: 2019-05-20, kind: review, title: Sơ kết}\n"), encoding="utf-8")
    write(content / "news/hoi-nghi.md", POST)
    return content


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_catalog(content, today=TODAY)
    return [str(p) for p in err.value.problems]


def test_a_valid_post_is_published(news_content):
    catalog = load_catalog(news_content, today=TODAY)
    [post] = catalog.news
    assert (post.id, post.title, post.unit, post.exemplars, post.milestone) == (
        "hoi-nghi", "Hội nghị sơ kết", "phong-a", ("thu-vien-xanh",), "so-ket")
    assert post.summary == "Bài viết về hội nghị." and catalog.news_about("thu-vien-xanh") == [post]
    assert catalog.news_under("so-gddt") == [post] and catalog.news_under("th-kim-dong") == []


def test_unknown_exemplar_unit_and_milestone_are_reported_with_their_lines(news_content):
    write(news_content / "news/sai.md", """\
        ---
        title: Tin sai
        date: 2019-05-21
        unit: phong-b
        exemplars: [thu-vien-xanh, khong-co]
        milestone: tong-ket
        photos:
          - {file: khong-co.png, caption: Ảnh, alt: Mô tả}
        colour: red
        ---
        Nội dung.
        """)
    assert problems(news_content) == [
        "content/news/sai.md:4: unit: unknown unit 'phong-b'; use an id from units.yml",
        "content/news/sai.md:5: exemplars: unknown exemplar 'khong-co'; use the file name of a record in "
        "content/exemplars/",
        "content/news/sai.md:6: milestone: unknown milestone 'tong-ket'; known: so-ket",
        "content/news/sai.md:8: file: photo 'khong-co.png' not found in content/media/; add the file or fix the name",
        "content/news/sai.md:9: colour: unknown field; allowed fields: title, date, unit, author, summary, "
        "exemplars, milestone, photos, draft",
    ]


def test_a_post_may_not_name_an_unpublished_student_and_needs_front_matter_and_text(news_content):
    # dang-van-an is the fixture's student: a draft now; ban-nhap (a draft) and tuong-lai
    # (scheduled) are adults: named but not linked until published.
    record = news_content / "exemplars/sub/dang-van-an.yml"
    record.write_text(record.read_text("utf-8") + "draft: true\n", encoding="utf-8")
    write(news_content / "news/ban-nhap-ten.md", POST.replace("[thu-vien-xanh]", "[ban-nhap, dang-van-an, tuong-lai]"))
    write(news_content / "news/khong-dau.md", "Chỉ có nội dung, không có phần đầu.\n")
    write(news_content / "news/rong.md", "---\ntitle: Rỗng\ndate: 2019-01-01\nunit: phong-a\n---\n\n")
    write(news_content / "news/Sai Ten.md", POST)
    found = problems(news_content)
    assert found == [
        "content/news/Sai Ten.md:1: file name 'Sai Ten.md' is not a valid news id: use lowercase a-z, 0-9 and '-' "
        "only (not 'trang' or 'luu-tru')",
        "content/news/ban-nhap-ten.md:6: exemplars: student 'dang-van-an' is not published (no consent, consent "
        "withdrawn, draft or scheduled); a post may not name the child: remove the name, or keep draft: true",
        "content/news/khong-dau.md:1: a news post starts with a front matter: a line '---', the fields (title, "
        "date, unit, …), then another '---' line",
        "content/news/rong.md:6: the post has no text below its front matter; write the article",
    ]


def test_drafts_and_future_posts_are_not_published(news_content):
    write(news_content / "news/nhap.md", POST.replace("milestone: so-ket\n", "draft: true\n"))
    write(news_content / "news/sau-nay.md", POST.replace("2019-05-20", "2099-01-01"))
    write(news_content / "news/chua-dang.md", POST.replace("[thu-vien-xanh]", "[thu-vien-xanh, ban-nhap, tuong-lai]"))
    catalog = load_catalog(news_content, today=TODAY)
    assert [p.id for p in catalog.news] == ["chua-dang", "hoi-nghi"]
    assert catalog.news[0].exemplars == ("thu-vien-xanh",)  # the draft and the scheduled record: not linked


def test_post_text_is_escaped_and_sanitised(news_content, tmp_path):
    write(news_content / "news/doc-hai.md", """\
        ---
        title: "<script>alert(1)</script> Tin"
        date: 2019-05-22
        unit: phong-a
        author: "<b onmouseover=x()>Tác giả</b>"
        ---
        Đoạn đầu <script>alert(2)</script> và <a href="javascript:alert(3)">liên kết</a>.

        <iframe src="https://example.com"></iframe><img src=x onerror="alert(4)">
        """)
    site = build(tmp_path, news_content)
    page = (site / "tin-tuc/doc-hai/index.html").read_text("utf-8")
    body = page.split('class="md-content"', 1)[1]
    assert "<script>alert" not in body and "javascript:" not in body and "<iframe" not in body
    assert not re.search(r"<[^>]*\son(error|mouseover)=", body)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Tin" in body and "Đoạn đầu" in body


def test_demo_news_pages_list_and_archive(demo_site, demo_catalog):
    # content/news: 12 files; one draft (ban-nhap-…) and one dated 05/09/2027 are withheld.
    assert len(demo_catalog.news) == 10
    assert [p.id for p in demo_catalog.news][:2] == ["hoi-nghi-dien-hinh-tien-tien-2024", "tong-ket-ke-hoach-2017-2020"]
    listing = (demo_site / "tin-tuc/index.html").read_text("utf-8")
    assert len(re.findall(r'<article class="ex-card ex-card--news">', listing)) == 10
    # Archive: one page per month with posts; November 2019 has the 2019 conference only.
    months = sorted(p.name for p in (demo_site / "tin-tuc/luu-tru").iterdir())
    assert months == ["2018-06", "2018-09", "2018-10", "2019-01", "2019-03", "2019-08", "2019-11", "2020-01",
                      "2020-11", "2024-11"]
    november = (demo_site / "tin-tuc/luu-tru/2019-11/index.html").read_text("utf-8")
    assert november.count('class="ex-card ex-card--news"') == 1 and "hoi-nghi-dien-hinh-tien-tien-2019" in november
    post = html.unescape((demo_site / "tin-tuc/lac-son-tham-quan-thu-vien-kim-dong/index.html").read_text("utf-8"))
    assert "14/03/2019" in post and "Phòng GD&ĐT huyện Lạc Sơn" in post
    assert 'alt="Ba giá sách đỏ, xanh lam, xanh lá đặt cạnh nhau trên nền tường màu kem."' in post
    assert 'href="../../dien-hinh/th-kim-dong-thu-vien-than-thien/"' in post
    conference = (demo_site / "tin-tuc/hoi-nghi-dien-hinh-tien-tien-2019/index.html").read_text("utf-8")
    assert 'href="../../ke-hoach/2017-2020/hoi-nghi-2019/"' in conference  # its milestone's page


def test_story_unit_and_milestone_pages_list_their_news(demo_site):
    story = (demo_site / "dien-hinh/th-kim-dong-thu-vien-than-thien/index.html").read_text("utf-8")
    # Posts naming the library model: Kim Đồng's own (18/10/2018), Lạc Sơn's visit, the city's
    # year review, the 2019 conference.
    named = re.findall(r'href="\.\./\.\./tin-tuc/([a-z0-9-]+)/"', story.split('id="tin-tuc"', 1)[1])
    assert named == ["hoi-nghi-dien-hinh-tien-tien-2019", "tp-hoa-binh-tong-ket-nam-hoc-2018-2019",
                     "lac-son-tham-quan-thu-vien-kim-dong", "kim-dong-chia-se-thu-vien-than-thien"]
    unit = (demo_site / "don-vi/pgd-tp-hoa-binh/index.html").read_text("utf-8")
    # The city office's page: its 3 posts and Kim Đồng's.
    assert "Tin tức (4)" in unit
    milestone = (demo_site / "ke-hoach/2017-2020/hoi-nghi-2019/index.html").read_text("utf-8")
    assert re.findall(r'tin-tuc/([a-z0-9-]+)/', milestone.split('id="tin-tuc"', 1)[1]) == [
        "hoi-nghi-dien-hinh-tien-tien-2019"]


def test_news_in_feed_search_and_sitemap_but_never_drafts(demo_site):
    feed = (demo_site / "feed.xml").read_text("utf-8")
    assert "tin-tuc/hoi-nghi-dien-hinh-tien-tien-2024/" in feed and "<category>Tin tức</category>" in feed
    sitemap = (demo_site / "sitemap.xml").read_text("utf-8")
    assert "tin-tuc/lac-son-tham-quan-thu-vien-kim-dong/" in sitemap and "tin-tuc/luu-tru/2019-03/" in sitemap
    blocks = b"".join(gzip.decompress(p.read_bytes()) for p in demo_site.glob("pagefind/*/d/*.gz")).decode()
    assert "tin-tuc/lac-son-tham-quan-thu-vien-kim-dong/" in blocks
    text = all_text(demo_site)
    for marker in ("NEWS-DRAFT-MARKER", "NEWS-SCHEDULED-MARKER", "ban-nhap-hoi-thi-giao-vien-gioi",
                   "hen-ngay-dang-le-khai-giang-2027"):
        assert marker not in text


def test_hostile_front_matter_is_refused_with_its_line(news_content):
    write(news_content / "news/bom.md", "---\ntitle: &a Tin\ndate: 2019-05-20\nunit: *a\n---\nNội dung.\n")
    write(news_content / "news/trung.md", "---\ntitle: A\ntitle: B\ndate: 2019-05-20\nunit: phong-a\n---\nX\n")
    assert problems(news_content) == [
        "content/news/bom.md:4: YAML aliases (*name) are not allowed; write the value out",
        "content/news/trung.md:3: title: duplicate key (already set above); keep only one",
    ]


def test_a_preview_renders_story_and_unit_pages_again_when_news_change(news_content):
    from generator.incremental import shared_digest

    before = shared_digest(load_catalog(news_content, today=TODAY), [])
    post = news_content / "news/hoi-nghi.md"
    post.write_text(post.read_text("utf-8").replace("Hội nghị sơ kết", "Hội nghị tổng kết"), encoding="utf-8")
    assert shared_digest(load_catalog(news_content, today=TODAY), []) != before


def test_post_markdown_is_guarded_like_a_story(news_content):
    write(news_content / "news/an-lien-ket.md", POST.replace(
        "Bài viết về hội nghị.", "Dòng một.\n\n[bấm](&#106;avascript:alert(1)) và " + "[" * 30_000))
    found = problems(news_content)
    assert len(found) == 2 and all(p.startswith("content/news/an-lien-ket.md:11: ") for p in found), found
