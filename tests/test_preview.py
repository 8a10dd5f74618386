"""Quick preview (generator/preview.py): an edited story rendered from the last build is the very
page the rebuild writes; the server shows it, and what it needs, while the rebuild runs."""

from __future__ import annotations

import re
import shutil
from html import unescape
import threading
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from conftest import mkdocs_config

SERVE_URL = "http://127.0.0.1:8000/thi-dua/"
STORY = "dien-hinh/nguyen-thi-hoa/index.html"


def _config(tmp_path: Path, content: Path):
    # As `mkdocs serve --dirty --no-strict` loads it before every build.
    config = load_config(str(mkdocs_config(tmp_path, content, tmp_path / "serve")), strict=False)
    config.site_url = SERVE_URL
    return config


def _build(tmp_path: Path, content: Path):
    config = _config(tmp_path, content)
    mkdocs_build(config, serve_url=SERVE_URL, dirty=True)
    return config


@pytest.fixture
def served(content, tmp_path, caplog):
    """A first preview build with a quick preview attached (no server running); yields the plugin."""
    from generator.preview import QuickPreview

    config = _config(tmp_path, content)
    config.plugins.on_startup(command="serve", dirty=True)
    plugin = config.plugins["exemplars"]
    plugin.preview = QuickPreview(object(), content)
    mkdocs_build(config, serve_url=SERVE_URL, dirty=True)
    yield plugin
    plugin.preview = None  # MkDocs keeps one instance of the plugin for the whole test session
    _dirty_warnings_only(caplog)


def _dirty_warnings_only(caplog) -> None:
    """MkDocs warns about every dirty build (`make serve` runs them): expected, nothing else."""
    for record in caplog.get_records("call"):
        if record.getMessage().startswith("A 'dirty' build"):
            record.expected = True


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    "summary": ("summary: Đổi mới", "summary: Sửa nhanh – đổi mới"),
    "story": ("tận tâm", "tận tâm <em>và</em> kiên nhẫn"),
    "title": ("title: Cô giáo Nguyễn Thị Hoa", "title: Cô giáo Nguyễn Thị Hoa (sửa)"),
    # Its related stories are counted again: a topic shared with another record.
    "fields": ("fields: [Đổi mới dạy học]", "fields: [Đổi mới dạy học, Thư viện xanh]"),
    "published": ("published: 2019-06-01", "published: 2019-06-02"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_quick_story_is_the_page_the_rebuild_writes(served, content, tmp_path, edit):
    record = content / "exemplars" / "nguyen-thi-hoa.yml"
    before = (tmp_path / "serve" / STORY).read_bytes()
    _edit(record, *EDITS[edit])
    found = served.preview.snapshot.story(record)
    assert found is not None
    dest, html = found
    assert dest == STORY
    assert html != before
    _build(tmp_path, content)
    assert (tmp_path / "serve" / STORY).read_bytes() == html


def test_changes_that_need_the_rebuild_are_not_rendered_alone(served, content, tmp_path):
    snapshot = served.preview.snapshot
    record = content / "exemplars" / "nguyen-thi-hoa.yml"
    good = record.read_text(encoding="utf-8")
    cases = {
        "a draft": good + "draft: true\n",
        "a photo the site lacks": good.replace("file: anh.png", "file: anh-moi.png"),
    }
    shutil.copy(content / "media" / "anh.png", content / "media" / "anh-moi.png")
    for case, text in cases.items():
        record.write_text(text, encoding="utf-8")
        assert snapshot.story(record) is None, case
    record.write_text(good, encoding="utf-8")
    assert snapshot.story(record) is not None  # the control: the same file as it was renders


def _shown(preview, text: str):
    """The story the file watcher rendered (inotify: milliseconds) once it holds `text`."""
    for _ in range(200):
        shown = preview.shown.get(STORY)
        if shown is not None and text in shown.html.decode() and not preview._busy:
            return shown
        time.sleep(0.05)
    raise AssertionError(f"the file watcher did not show the story with {text!r}")


@pytest.mark.parametrize("case", ["a new record", "a draft published"])
def test_a_new_story_is_the_page_the_rebuild_writes(served, content, tmp_path, case):
    if case == "a new record":
        record = content / "exemplars" / "sub" / "tran-van-moi.yml"
        record.write_text((content / "exemplars" / "nguyen-thi-hoa.yml").read_text(encoding="utf-8").replace(
            "name: Nguyễn Thị Hoa", "name: Trần Văn Mới").replace("title: Cô giáo Nguyễn Thị Hoa", "title: Thầy Mới"),
            encoding="utf-8")
    else:
        record = content / "exemplars" / "ban-nhap.yml"
        _edit(record, "draft: true", "draft: false")
        mistakes = served.preview.snapshot.story(record)[1].decode()
        assert "ban-nhap.yml:1: published: required field is missing" in mistakes  # what to add, at once
        _edit(record, "draft: false", "published: 2019-06-03")
    page = f"dien-hinh/{record.stem}/index.html"
    assert not (tmp_path / "serve" / page).exists()
    dest, html = served.preview.snapshot.story(record)
    assert dest == page
    _build(tmp_path, content)
    assert (tmp_path / "serve" / page).read_bytes() == html


def test_a_story_saved_with_mistakes_shows_them_in_its_place(served, content):
    snapshot = served.preview.snapshot
    record = content / "exemplars" / "nguyen-thi-hoa.yml"
    good = record.read_text(encoding="utf-8")
    lines = good.splitlines()
    unit_line = next(n for n, line in enumerate(lines, 1) if line.startswith("unit:"))
    summary_line = next(n for n, line in enumerate(lines, 1) if line.startswith("summary:"))
    cases = {
        "an unknown unit": (good.replace("unit: th-kim-dong", "unit: khong-co"), [unit_line], "khong-co"),
        # PyYAML notices the open "[" on the line after it.
        "a YAML mistake": (good.replace("summary: Đổi mới", "summary: [Đổi mới <b>"), [summary_line, summary_line + 1],
                           "YAML syntax error"),
    }
    for case, (text, lines_named, named) in cases.items():
        record.write_text(text, encoding="utf-8")
        found = snapshot.story(record)
        assert found is not None and found[0] == STORY, case
        page = found[1].decode()
        where = re.search(r"exemplars/nguyen-thi-hoa\.yml:(\d+):", page)
        assert where is not None and int(where[1]) in lines_named, case
        assert named in page and "<b>" not in page, case  # the mistake named, escaped
        assert "Tệp của bài này có lỗi" in page and "Cô giáo Nguyễn Thị Hoa" in page, case


class _Responses:
    """Calls `server.serve_request` in a thread (it may wait, as MkDocs' handler does)."""

    def __init__(self, server: LiveReloadServer, path: str, referer: str | None = None) -> None:
        self.status: str | None = None
        self.body = b""
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
        if referer:
            environ["HTTP_REFERER"] = referer

        def run() -> None:
            def start(status, headers):
                self.status = status
            self.body = b"".join(server.serve_request(environ, start))

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def done(self, timeout: float) -> bool:
        self.thread.join(timeout)
        return not self.thread.is_alive()


def test_server_shows_the_story_and_its_styles_while_the_rebuild_runs(content, tmp_path, caplog):
    config = _config(tmp_path, content)
    config.plugins.on_startup(command="serve", dirty=True)
    mkdocs_build(config, serve_url=SERVE_URL, dirty=True)
    plugin = config.plugins["exemplars"]
    site = tmp_path / "serve"
    after: list = []  # what else the rebuild writes (a plugin of the site's own)
    server = LiveReloadServer(builder=lambda: [_build(tmp_path, content)] + [change() for change in after],
                              host="127.0.0.1", port=0,
                              root=str(site), mount_path="/thi-dua/")
    server.poll_response_timeout = 20
    try:
        plugin.on_serve(server, config=config, builder=server.builder)
        preview = plugin.preview
        assert preview is not None and preview.snapshot is not None
        record = content / "exemplars" / "nguyen-thi-hoa.yml"
        story_url = "/thi-dua/dien-hinh/nguyen-thi-hoa/"
        opened = server._visible_epoch  # the epoch the reader's open page carries
        waiting = _Responses(server, f"/livereload/{opened}/1", referer=f"http://127.0.0.1:8000{story_url}")
        assert not waiting.done(0.2)

        # The rebuild has started (MkDocs now holds every request) when the file is written.
        server._wanted_epoch = server._visible_epoch + 1
        preview.writing_since = time.time_ns()
        _edit(record, "summary: Đổi mới", "summary: Sửa nhanh – đổi mới")
        shown = _shown(preview, "Sửa nhanh")

        assert waiting.done(5), "the open story was not told to reload"
        assert int(waiting.body) == shown.epoch
        page = _Responses(server, story_url)
        assert page.done(5), "the edited story waited for the rebuild"
        assert "Sửa nhanh – đổi mới" in page.body.decode() and f"livereload({shown.epoch}," in page.body.decode()
        css = next(site.glob("assets/stylesheets/*.css")).relative_to(site).as_posix()
        style = _Responses(server, f"/thi-dua/{css}")
        assert style.done(5) and style.status == "200 OK", "the story's stylesheet waited for the rebuild"
        other = _Responses(server, "/thi-dua/dien-hinh/dang-van-an/")
        assert not other.done(0.3), "another page was served before the rebuild was done"

        # The story as shown polls; the rebuild writes the same page: no second reload.
        again = _Responses(server, f"/livereload/{shown.epoch}/2", referer=f"http://127.0.0.1:8000{story_url}")
        server.builder()  # the wrapped builder: the real rebuild
        with server._epoch_cond:
            server._visible_epoch = server._wanted_epoch
            server._epoch_cond.notify_all()
        assert other.done(5) and "Sửa nhanh" not in other.body.decode()
        assert (site / STORY).read_bytes() == shown.html
        assert not again.done(0.3), "the page reloaded although the rebuild wrote what it shows"
        with server._epoch_cond:  # a later build reloads it as any page
            server._wanted_epoch = server._visible_epoch = server._visible_epoch + 5
            server._epoch_cond.notify_all()
        assert again.done(5) and int(again.body) == server._visible_epoch

        # A rebuilt page that differs from the one shown (another change, another plugin) reloads.
        server._wanted_epoch = server._visible_epoch + 1
        _edit(record, "Sửa nhanh", "Sửa lần hai")
        second = _shown(preview, "Sửa lần hai")
        late = _Responses(server, f"/livereload/{second.epoch}/3", referer=f"http://127.0.0.1:8000{story_url}")
        after.append(lambda: (site / STORY).write_bytes(second.html.replace(b"</body>", b"<p>khac</p></body>")))
        server.builder()
        assert not late.done(0.3), "reloaded before the rebuild was visible"
        with server._epoch_cond:
            server._visible_epoch = server._wanted_epoch
            server._epoch_cond.notify_all()
        assert late.done(5) and int(late.body) > second.epoch
    finally:
        if plugin.preview is not None:
            plugin.preview.stop()
        plugin.preview = None
        server.observer.stop() if server.observer.is_alive() else None
    _dirty_warnings_only(caplog)


def test_news_post_quick_page_is_the_page_the_rebuild_writes(tmp_path, caplog):
    """News posts too (the demo's: the small fixture has none): a plain edit renders the very
    page the rebuild writes; a mistake shows in its place; a draft waits for the rebuild."""
    from conftest import ROOT
    from generator.preview import QuickPreview

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    config = _config(tmp_path, content)
    config.plugins.on_startup(command="serve", dirty=True)
    plugin = config.plugins["exemplars"]
    plugin.preview = QuickPreview(object(), content)
    try:
        mkdocs_build(config, serve_url=SERVE_URL, dirty=True)
        snapshot = plugin.preview.snapshot
        post = content / "news" / "kim-dong-chia-se-thu-vien-than-thien.md"
        page = "tin-tuc/kim-dong-chia-se-thu-vien-than-thien/index.html"
        good = post.read_text(encoding="utf-8")

        post.write_text(good.replace("exemplars: [th-kim-dong-thu-vien-than-thien]", "exemplars: [khong-co]"),
                        encoding="utf-8")
        dest, html = snapshot.page_of(post)
        assert dest == page and re.search(r"news/kim-dong-chia-se-thu-vien-than-thien\.md:\d+: exemplars: unknown "
                                          r"exemplar 'khong-co'", unescape(html.decode()))
        post.write_text(good.replace("date: 2018-10-18", "date: 2018-10-18\ndraft: true"), encoding="utf-8")
        assert snapshot.page_of(post) is None

        post.write_text(good.replace("góc đọc sách mở", "góc đọc sách mở *(sửa nhanh)*"), encoding="utf-8")
        dest, html = snapshot.page_of(post)
        assert "<em>(sửa nhanh)</em>" in html.decode()
        _build(tmp_path, content)
        assert (tmp_path / "serve" / page).read_bytes() == html
    finally:
        plugin.preview = None
    _dirty_warnings_only(caplog)
