"""The editing page /admin/ (Sveltia CMS) in headless Chromium, against a GitHub API the test answers.

Nothing may leave localhost but the GitHub API calls, which `github_stub.FakeGitHub` answers (no
CDN, no font or locale download); no console error. The commits the CMS sends are read back and
must pass `exemplars check` as they are.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from conftest import ROOT, TODAY, raw_record
from github_stub import API, STATUS, FakeGitHub
from generator import cli

BACKEND = yaml.safe_load((ROOT / "theme" / "admin" / "backend.yml").read_text(encoding="utf-8"))["backend"]
OWNER, REPO = BACKEND["repo"].split("/")
TOKEN = "ghp_" + "t" * 36


@dataclass
class Admin:
    """One browser tab on /admin/ with the GitHub API answered by `hub`."""

    page: object
    hub: FakeGitHub
    base: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def sign_in(self) -> None:
        page = self.page
        page.get_by_role("button", name="Đăng nhập bằng mã truy cập").click()
        page.get_by_role("textbox").fill(TOKEN)
        page.get_by_role("button", name="Đăng nhập", exact=True).click()

    def reveal(self, locator):
        """The form renders fields as they scroll into view: scroll until `locator` exists."""
        for _ in range(40):
            if locator.count():
                locator.first.scroll_into_view_if_needed()
                return locator.first
            self.page.mouse.move(600, 450)
            self.page.mouse.wheel(0, 350)
            self.page.wait_for_timeout(80)
        raise AssertionError(f"not found in the form: {locator}")

    def wait(self, condition, seconds: float = 10) -> None:
        """Let the page run until `condition()` (about the stub's state) holds."""
        for _ in range(int(seconds * 10)):
            if condition():
                return
            self.page.wait_for_timeout(100)
        raise AssertionError("timed out waiting for the CMS")

    def assert_local(self) -> None:
        assert self.outside == [], f"requests beyond localhost and the Git host: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.hub.unexpected == [], f"API calls the stub does not know: {self.hub.unexpected}"


#: No local backups of unsaved forms: after a save the CMS would offer to restore the last new
#: record's backup when the next one is started (a prompt, not what these tests look at).
NO_BACKUPS = 'localStorage.setItem("sveltia-cms.prefs", JSON.stringify({useDraftBackup: false}))'


def open_admin(browser, base: str, *scripts: str):
    """A new tab on /admin/ whose requests beyond `base` go to a `FakeGitHub` or are refused."""
    hub = FakeGitHub.from_folder(ROOT, ("content",), OWNER, REPO)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    for script in (NO_BACKUPS, *scripts):
        context.add_init_script(script)
    page = context.new_page()
    page.set_default_timeout(15_000)
    tab = Admin(page, hub, base)

    def route(r):
        url = r.request.url
        if url.startswith(API + "/") or url == STATUS:
            return hub.handle(r)
        tab.outside.append(url)
        return r.abort()

    page.route(lambda url: not url.startswith(base), route)
    page.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    page.on("pageerror", lambda e: tab.errors.append(str(e)))
    page.goto(base + "admin/")
    return context, tab


@pytest.fixture
def admin(browser, demo_server):
    context, tab = open_admin(browser, demo_server)
    yield tab
    context.close()


def without_added(after, before, added: list) -> object:
    """`after` without the keys `before` lacks (collected into `added` as (path, value))."""
    if isinstance(after, dict) and isinstance(before, dict):
        out = {}
        for key, value in after.items():
            if key in before:
                out[key] = without_added(value, before[key], added)
            else:
                added.append((key, value))
        return out
    return after


EDITED = ROOT / "content" / "exemplars" / "2024-2025" / "bui-thu-trang-th-thcs-tan-lap.yml"
ADDED = " Em được bạn bè quý mến."


def edit_summary(admin: Admin) -> dict:
    """Open a demo record (a student, with private data) from the list, add a sentence to its
    summary and save; returns the record as it was."""
    page = admin.page
    before = raw_record(EDITED)
    page.get_by_text(f"{before['name']} – {before['title']}").click()
    summary = page.get_by_role("textbox", name="Tóm tắt")
    summary.fill(summary.input_value() + ADDED)
    page.get_by_role("button", name="Lưu", exact=True).click()
    return before


def check(tmp_path: Path, files: dict[str, bytes]) -> int:
    """`exemplars check` on the demo content with `files` (repository paths) written over it."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    for path, data in files.items():
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return cli.main(["check", "--content", str(repo / "content"), "--today", TODAY.isoformat()])


def test_sign_in_screen_is_vietnamese_and_served_locally(admin):
    page = admin.page
    for text in ("Đăng nhập bằng mã truy cập", "Làm việc với kho mã nguồn cục bộ",
                 "Biên tập – Điển hình tiên tiến"):
        page.get_by_text(text, exact=True).wait_for()
    # The interface's icons are drawn with the vendored Material Symbols font, not boxes.
    assert page.evaluate("document.fonts.check('24px \"Material Symbols Outlined\"', 'edit')")
    admin.assert_local()


def test_edit_summary_commits_yaml_that_check_accepts(admin, tmp_path, capsys):
    page = admin.page
    admin.sign_in()
    records = sorted((ROOT / "content" / "exemplars").rglob("*.yml"))
    # Every demo record is listed, drafts and scheduled ones included (every file in content/exemplars/).
    rows = page.get_by_role("grid", name="Bài viết").get_by_role("row")
    rows.first.wait_for()
    assert page.get_by_role("treeitem", name="Điển hình").inner_text().split()[-1] == str(len(records))
    # The list is sorted by school year, newest first (it renders rows as they scroll into view).
    newest = max(p.parent.name for p in records)
    for record in (p for p in records if p.parent.name == newest):
        assert rows.filter(has_text=raw_record(record)["title"]).count() == 1, record
    path = EDITED
    before = edit_summary(admin)
    # Saved as a draft (a branch and a draft pull request); the CMS then offers to ask for review.
    review = page.get_by_role("button", name="Gửi duyệt", exact=True)
    review.wait_for()
    assert [p["labels"] for p in admin.hub.pulls] == [[{"name": "sveltia-cms/draft"}]]
    review.click()
    rows.filter(has_text=before["title"]).get_by_text("Đang duyệt").wait_for()  # back in the list
    assert [p["labels"] for p in admin.hub.pulls] == [[{"name": "sveltia-cms/pending_review"}]]

    assert len(admin.hub.commits) == 1
    commit = admin.hub.commits[0]
    rel = path.relative_to(ROOT).as_posix()
    assert commit.branch == f"cms/exemplars/{path.stem}" and list(commit.added) == [rel]
    after = yaml.load(commit.added[rel], Loader=yaml.BaseLoader)  # noqa: S506 - every scalar as text
    assert after["summary"] == before["summary"] + ADDED
    # Every other field is kept as it was, private data included; the only additions are the form's
    # true/false switches the record did not have, written as false.
    added = []
    assert without_added(after, before, added) == {**before, "summary": after["summary"]}
    assert added and all(value == "false" for _, value in added), added
    assert check(tmp_path, commit.added) == 0, capsys.readouterr().out
    admin.assert_local()


#: One new record of each kind, as an editor fills the form: kind → (name, unit name, title).
NEW = {
    "collective": ("Mô hình Thư viện xanh", "Trường Tiểu học Kim Đồng", "Tập thể lao động xuất sắc"),
    "staff": ("Đặng Thị Ánh", "Trường Tiểu học Kim Đồng", "Chiến sĩ thi đua cơ sở"),
    "manager": ("Lò Văn Đức", "Trường Tiểu học Kim Đồng", "Chiến sĩ thi đua cơ sở"),
    "student": ("Hà Minh Châu", "Trường Tiểu học Kim Đồng", "Học sinh tiêu biểu"),
}


def upload_photo(admin: Admin, photo: Path, caption: str, alt: str) -> None:
    """Add a photo to the record being edited: upload it from the computer, caption it."""
    page = admin.page
    admin.reveal(page.get_by_role("button", name=re.compile(r"Thêm\W+Ảnh"))).click()
    page.get_by_role("button", name="Duyệt tệp").click()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("dialog").get_by_role("button", name="Tải lên").click()
    chooser.value.set_files(str(photo))
    insert = page.get_by_role("dialog").get_by_role("button", name="Chèn")
    expect(insert).to_be_enabled()  # once the upload is read and selected
    insert.click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.get_by_role("textbox", name="Chú thích").fill(caption)
    page.get_by_role("textbox", name="Mô tả ảnh (cho người khiếm thị)").fill(alt)


#: Picked from the lists by their Vietnamese wording (as plan.yml words them) for the new collective
#: record of campaign 2021-2025: criterion id → words of its label; then one event at a milestone.
PICKED_CRITERIA = {"tieu-bieu": "Là đơn vị tiêu biểu, nổi trội",
                   "chuyen-doi-so": "Đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số"}
# (Playwright's role selector cannot take a '/' in a pattern: "20.11.2024" stands for 20/11/2024.)
PICKED_MILESTONE = ("hoi-nghi-2024", re.compile(r"Hội nghị điển hình tiên tiến .*\(2021-2025, 20.11.2024\)"))
EVENT = {"date": "2024-11-20", "text": "Được giới thiệu tại Hội nghị điển hình tiên tiến của ngành."}


def pick(admin: Admin, combobox, words: str, option) -> None:
    """Choose from a pick-list as an editor does: open it, type a few words, click the option."""
    admin.reveal(combobox).click()
    # The list opens with its search box, which takes the focus a moment later.
    admin.page.wait_for_function("document.activeElement?.getAttribute('role') === 'searchbox'")
    admin.page.keyboard.type(words)
    admin.page.get_by_role("option", name=option).click()


def pick_criteria_and_milestone(admin: Admin) -> None:
    page = admin.page
    for words in PICKED_CRITERIA.values():
        pick(admin, page.get_by_role("combobox", name="Tiêu chí đáp ứng"), words, re.compile(re.escape(words)))
    # The chosen criteria show as tags with their labels, not as bare ids.
    tags = page.get_by_role("grid").filter(has_text=PICKED_CRITERIA["tieu-bieu"])
    expect(tags.get_by_role("row")).to_have_count(len(PICKED_CRITERIA))
    admin.reveal(page.get_by_role("button", name=re.compile(r"Thêm\W+Các mốc"))).click()
    admin.reveal(page.get_by_role("textbox", name="Ngày", exact=True)).fill(EVENT["date"])
    page.get_by_role("textbox", name="Nội dung", exact=True).fill(EVENT["text"])
    pick(admin, page.get_by_role("combobox", name="Mốc của kế hoạch"), "Hội nghị", PICKED_MILESTONE[1])


def fill_new(admin: Admin, kind: str, photo: Path | None = None) -> None:
    """Fill the required fields of a new record (a student's consent, a photo), then save it."""
    from generator.labels import KINDS, STAGES

    page = admin.page
    name, unit, registered = NEW[kind]
    page.get_by_role("button", name="Tạo bài viết mới").click()
    page.get_by_role("radio", name=KINDS[kind], exact=True).check()
    page.get_by_role("textbox", name="Họ và tên / tên mô hình").fill(name)
    page.get_by_role("textbox", name="Tiêu đề").fill(f"{name}: tấm gương của trường")
    page.get_by_role("combobox", name="Đơn vị").click()
    page.keyboard.type(unit)
    page.get_by_role("option", name=unit, exact=True).click()
    page.get_by_role("radio", name="giai đoạn 2021-2025").check()
    page.get_by_role("textbox", name="Năm học").fill("2024-2025")
    page.get_by_role("textbox", name="Tóm tắt").fill("Gương sáng trong dạy và học của nhà trường.")
    page.get_by_role("textbox", name="Danh hiệu đăng ký").fill(registered)
    admin.reveal(page.get_by_role("radio", name=STAGES["registered"], exact=True)).check()
    if kind == "collective":
        pick_criteria_and_milestone(admin)
    if photo:
        upload_photo(admin, photo, "Giờ đọc sách ở thư viện xanh", "Học sinh ngồi đọc sách dưới mái hiên thư viện")
    if kind == "student":
        admin.reveal(page.get_by_role("checkbox", name=re.compile(r"Thêm\W+Thông tin riêng"))).click()
        admin.reveal(page.get_by_role("checkbox", name=re.compile(r"Thêm\W+Đồng ý công bố"))).click()
        admin.reveal(page.get_by_role("textbox", name="Người đồng ý")).fill("Hà Văn Nam (bố)")
        admin.reveal(page.get_by_role("textbox", name="Ngày đồng ý", exact=True)).fill("2024-10-01")
        admin.reveal(page.get_by_role("switch", name="Học sinh cũng đồng ý")).click()
    pulls = len(admin.hub.pulls)
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_role("button", name="Để sau", exact=True).click()  # ask for review later
    admin.wait(lambda: len(admin.hub.pulls) > pulls and admin.hub.pulls[-1]["labels"])
    page.get_by_role("button", name="Tạo bài viết mới").wait_for()  # the CMS is back at the list

def test_new_record_of_each_kind_passes_check(admin, tmp_path, capsys):
    from generator.vietnamese import slugify

    # A photo as a phone or camera names it; the CMS stores it under a name like an id.
    photo = tmp_path / "Ảnh lớp 4A.png"
    shutil.copy(ROOT / "content" / "media" / "th-kim-dong-thu-vien.png", photo)
    admin.sign_in()
    admin.page.get_by_role("treeitem", name="Điển hình").wait_for()
    for kind in NEW:
        fill_new(admin, kind, photo if kind == "collective" else None)
    files = {path: data for commit in admin.hub.commits for path, data in commit.added.items()}
    # content/exemplars/<school year>/<name>-<unit id>.yml, the name as vietnamese.slugify writes it.
    records = {f"content/exemplars/2024-2025/{slugify(name)}-th-kim-dong-tphb.yml": kind
               for kind, (name, _, _) in NEW.items()}
    assert sorted(files) == sorted([*records, "content/media/anh-lop-4a.png"])
    assert files["content/media/anh-lop-4a.png"] == photo.read_bytes()
    for path, kind in records.items():
        record = yaml.load(files[path], Loader=yaml.BaseLoader)  # noqa: S506
        assert record["kind"] == kind and record["draft"] == "true", path  # new records start as drafts
        assert [p["file"] for p in record.get("photos", [])] == (["anh-lop-4a.png"] if kind == "collective" else [])
        if kind == "collective":  # the ids behind the labels the editor picked
            assert record["criteria"] == list(PICKED_CRITERIA), record
            assert record["events"] == [{**EVENT, "milestone": PICKED_MILESTONE[0]}], record
    assert check(tmp_path, files) == 0, capsys.readouterr().out
    # Published, the same files still pass: the student's consent was filled in the private group.
    published = {p: d.replace(b"draft: true", b"draft: false\npublished: 2024-11-20") for p, d in files.items()}
    assert check(tmp_path / "published", published) == 0, capsys.readouterr().out
    admin.assert_local()


#: Stands in for the folder picker: the browser's private file system (same handle interface as a
#: folder on disk), filled by the test with the repository's content and a `.git` marker.
OPFS_PICKER = """
window.showDirectoryPicker = async () => navigator.storage.getDirectory();
"""


def test_local_folder_editing(browser, demo_server, tmp_path, capsys):
    """"Làm việc với kho mã nguồn cục bộ": the CMS edits a clone in a folder, without the Git host."""
    context, admin = open_admin(browser, demo_server, OPFS_PICKER)
    page = admin.page
    files = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted((ROOT / "content").rglob("*")) if p.suffix in (".yml", ".md")}
    page.evaluate("""async (files) => {
        const root = await navigator.storage.getDirectory();
        await root.getFileHandle('.git', {create: true});
        for (const [path, text] of Object.entries(files)) {
            let dir = root;
            const parts = path.split('/');
            for (const name of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(name, {create: true});
            const writable = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
            await writable.write(text);
            await writable.close();
        }
    }""", files)
    page.get_by_role("button", name="Làm việc với kho mã nguồn cục bộ").click()
    path = EDITED.relative_to(ROOT).as_posix()
    before = edit_summary(admin)
    page.get_by_text("Đã lưu bài viết.").wait_for()
    saved = page.evaluate("""async (path) => {
        let dir = await navigator.storage.getDirectory();
        const parts = path.split('/');
        for (const name of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(name);
        return (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
    }""", path)
    context.close()
    after = yaml.load(saved, Loader=yaml.BaseLoader)  # noqa: S506
    assert after["summary"] == before["summary"] + ADDED
    assert check(tmp_path, {path: saved.encode("utf-8")}) == 0, capsys.readouterr().out
    admin.assert_local()
    assert admin.hub.commits == []  # nothing went to the Git host


def gitlab_backend() -> str:
    """backend.yml with its GitLab example in force, as a site on GitLab would have it."""
    text = (ROOT / "theme" / "admin" / "backend.yml").read_text(encoding="utf-8")
    block = re.search(r"^# backend:\n((?:#   .*\n)+)", text, re.MULTILINE)
    assert block and "name: gitlab" in block[1]
    return "backend:\n" + "".join(line[2:] + "\n" for line in block[1].splitlines())


def test_gitlab_saves_a_draft_merge_request(browser, demo_server, tmp_path, capsys):
    """The same edit on GitLab: a branch, a commit, a draft merge request, then sent for review."""
    from gitlab_stub import API as GITLAB, STATUS as GITLAB_STATUS, FakeGitLab

    context, admin = open_admin(browser, demo_server)
    lab = FakeGitLab.from_folder(ROOT, ("content",), OWNER, REPO)
    page = admin.page
    page.route(lambda url: url.split("?")[0] == demo_server + "admin/backend.yml",
               lambda r: r.fulfill(body=gitlab_backend(), content_type="application/yaml"))
    page.route(lambda url: url.startswith(GITLAB + "/") or url == GITLAB_STATUS, lab.handle)
    page.reload()
    admin.sign_in()
    path = EDITED
    before = edit_summary(admin)
    page.get_by_role("button", name="Gửi duyệt", exact=True).wait_for()
    assert [p["labels"] for p in lab.pulls] == [["sveltia-cms/draft"]]
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    admin.wait(lambda: lab.pulls[0]["labels"] == ["sveltia-cms/pending_review"])
    context.close()
    rel = path.relative_to(ROOT).as_posix()
    assert [(c.branch, list(c.added)) for c in lab.commits] == [(f"cms/exemplars/{path.stem}", [rel])]
    after = yaml.load(lab.commits[0].added[rel], Loader=yaml.BaseLoader)  # noqa: S506
    assert after["summary"] == before["summary"] + ADDED
    assert check(tmp_path, lab.commits[0].added) == 0, capsys.readouterr().out
    assert lab.unexpected == [] and admin.errors == [] and admin.hub.commits == []
    assert admin.outside == []
