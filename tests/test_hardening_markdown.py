"""Stories and pages, second round (issue 13, points 3, 6, 7 and 9): Markdown that never ends,
`check` catching what the build refuses, tracking images, faked page parts, hand-written pages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO_RECORDS, ROOT, TODAY, build, mkdocs_config, raw_record
from generator import markdown_guard
from generator.build import BuildFailed, build_site
from generator.sanitize import sanitize_html

HOA = "content/exemplars/nguyen-thi-hoa.yml"
STORY_LINE = 22  # first line of the story's text in the fixture (after `story: |`)


def _story(content: Path, text: str) -> None:
    """Replace the fixture story of nguyen-thi-hoa by `text` (a `|` block, so lines are exact)."""
    path = content / "exemplars" / "nguyen-thi-hoa.yml"
    raw = path.read_text(encoding="utf-8")
    start, end = raw.index("story: |\n"), raw.index("published:")
    block = "".join(f"  {line}\n" if line else "\n" for line in text.split("\n"))
    path.write_text(raw[:start] + "story: |\n" + block + raw[end:], encoding="utf-8")


def _check(tmp_path: Path) -> list[str]:
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from generator.cli import main; "
            f"sys.exit(main(['check', '--content', 'content', '--today', '{TODAY}']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout.splitlines()


# Constructs measured to make Python-Markdown quadratic or worse (see markdown_guard's docstring
# and tests/bench_markdown.py), each at a size under the story limit.
PATHOLOGICAL = {
    "brackets": "[" * 30_000,
    "images": "![" * 15_000,
    "empty links": "[](" * 10_000,
    "link to <": "[a](<" * 6_000,
    "cdata": "<![CDATA[" * 3_000,
    "autolinks": "<http://a" * 3_000,
    "headings in one paragraph": "## a\n" * 20_000,
    "setext in one paragraph": "a\n=\n" * 6_000,
    "rules in one paragraph": "***\n" * 6_000,
    "paragraphs of brackets": ("[" * 400 + "\n\n") * 240,
    "nested strong": "**a " * 1_000 + "b" + "**" * 1_000,
    "tags across paragraphs": "<a\n\n" * 5_000,   # 20 KB: 9 s in Markdown's HTML pass
    "spaced tags": "<a " * 5_000,                  # 15 KB: 7 s
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_markdown_is_refused_before_rendering(name):
    assert markdown_guard.too_costly(PATHOLOGICAL[name]) is not None


def test_every_demo_story_is_far_below_the_budget():
    stories = [raw_record(p).get("story", "") for p in DEMO_RECORDS]
    assert len([s for s in stories if s]) >= 30
    assert all(markdown_guard.too_costly(s) is None for s in stories)
    # A long, link-heavy story: 100 paragraphs of 10 links each.
    heavy = ("Xem [bài viết](https://example.vn/a) và [trang](../don-vi/x.md). " * 10 + "\n\n") * 100
    assert markdown_guard.too_costly(heavy) is None


def test_costly_story_named_by_check_and_build_not_rendered(content, tmp_path, caplog):
    _story(content, "Đoạn mở đầu.\n\n" + "[" * 30_000)
    assert f"{HOA}:{STORY_LINE + 2}: story: text too costly to render (30,000 '[', '<', headings or rules " \
           "in a paragraph of 30,001 characters; Markdown would work for minutes): remove stray " \
           "brackets, or split long paragraphs with blank lines" in _check(tmp_path)
    with pytest.raises(BuildFailed) as info:  # before: minutes inside Python-Markdown
        build(tmp_path, content)
    assert f"{HOA}:{STORY_LINE + 2}: story: text too costly" in str(info.value)
    caplog.clear()  # the refusal was expected


def test_broken_story_links_are_named_by_yaml_line_in_check_and_build(content, tmp_path, caplog):
    _story(content, "Mở đầu.\n\n[a](khong-co.md) và [b](thu-vien-xanh.md)\n\n[c](dang-van-an/) [d](../gioi-thieu.md)")
    found = _check(tmp_path)
    assert f"{HOA}:{STORY_LINE + 2}: story: link 'khong-co.md': no such page or file on the site; fix the " \
           "link or remove it" in found
    assert f"{HOA}:{STORY_LINE + 4}: story: link 'dang-van-an/': no such page or file on the site (a page " \
           "is linked by its .md file: 'dang-van-an.md'); fix the link or remove it" in found
    assert not any("thu-vien-xanh.md" in line for line in found)  # an existing story
    with pytest.raises(BuildFailed) as info:
        build(tmp_path, content)
    message = str(info.value)
    assert f"{HOA}:{STORY_LINE + 2}: story: link 'khong-co.md'" in message
    assert "Doc file 'dien-hinh/" not in message  # not the generated page's name
    caplog.clear()


def test_entity_encoded_javascript_link_is_refused_by_check(content, tmp_path):
    _story(content, "Mở đầu.\n\n[bấm](&#106;avascript:alert(1)) <a href=\"&#x6A;avascript:alert(2)\">x</a>")
    found = _check(tmp_path)
    assert sum(line.startswith(f"{HOA}:{STORY_LINE + 2}: story: link ") and "uses 'javascript:'" in line
               for line in found) == 2, found


def test_external_images_become_links_unless_allowed(content, tmp_path):
    _story(content, "![theo dõi](https://tracker.example/p.png)\n\n<img src=\"//cdn.example/q.png\" alt=\"q\">\n\n"
                    "![sở](https://media.sgd.example/r.png)")
    config = mkdocs_config(tmp_path, content, tmp_path / "site")
    text = config.read_text(encoding="utf-8").replace("      content_dir:", "      image_hosts: [media.sgd.example]\n"
                                                                            "      content_dir:")
    config.write_text(text, encoding="utf-8")
    site = build_site(str(config), site_dir=str(tmp_path / "site"))
    story = (site / "dien-hinh/nguyen-thi-hoa/index.html").read_text(encoding="utf-8")
    assert '<img src="https://tracker.example' not in story and '<img src="//cdn.example' not in story
    assert '<a href="https://tracker.example/p.png" rel="noopener noreferrer nofollow">theo dõi</a>' in story
    assert '<a href="//cdn.example/q.png" rel="noopener noreferrer nofollow">q</a>' in story
    assert re.search(r'<img [^>]*src="https://media.sgd.example/r.png"', story)


def test_story_cannot_reuse_the_page_own_ids_and_classes():
    html = sanitize_html('<div id="__drawer" class="md-header ex-badge ex-badge--good ok">x</div>'
                         '<input id="__search"><h2 id="md-content">t</h2><span class="pagefind-ui">y</span>')
    assert "__drawer" not in html and "md-header" not in html and "ex-badge" not in html
    assert "md-content" not in html and "pagefind" not in html
    assert '<div class="ok">x</div>' in html


def test_hand_written_pages_are_sanitised_and_checked(content, tmp_path, caplog):
    pages = tmp_path / "pages"
    shutil.copytree(ROOT / "content" / "pages", pages)
    (pages / "xau.md").write_text("# Trang\n\n<script>alert('page')</script>\n\n"
                                  "<div id=\"__drawer\" onclick=\"alert(1)\">x</div>\n\n[a](khong-co.md)\n",
                                  encoding="utf-8")
    config = mkdocs_config(tmp_path, content, tmp_path / "site")
    config.write_text(config.read_text(encoding="utf-8").replace(f"docs_dir: {ROOT / 'content' / 'pages'}",
                                                                 f"docs_dir: {pages}"), encoding="utf-8")
    with pytest.raises(BuildFailed) as info:
        build_site(str(config), site_dir=str(tmp_path / "site"))
    assert "pages/xau.md:7: link 'khong-co.md': no such page or file on the site" in str(info.value)
    caplog.clear()
    (pages / "xau.md").write_text((pages / "xau.md").read_text().replace("[a](khong-co.md)", ""))
    site = build_site(str(config), site_dir=str(tmp_path / "site"))
    page = (site / "xau/index.html").read_text(encoding="utf-8")
    assert "alert(" not in page and 'id="__drawer"' not in page.split('class="md-content"')[1]
    assert "<h1" in page  # a page keeps its own title
