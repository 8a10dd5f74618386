"""Configuration of the browser editing page (trang biên tập, `/admin/`, Sveltia CMS).

Read off the same declarations as the validator and the JSON Schemas (`spec`), like
`jsonschema_export`: every field an editor sees in the browser, its Vietnamese label, help text,
whether it is required, its pattern and its choices come from `spec` and `labels`, so the form and
`exemplars check` cannot drift apart. `exemplars cms` writes `theme/admin/config.yml`,
`exemplars cms --check` (and a test) fails when the committed file is stale. The Git host and
repository are not here: they are the site's own, in the hand-edited `theme/admin/backend.yml`,
which Sveltia CMS merges with this file.

Criteria and milestones are chosen from lists read off content/plan.yml (`cms_plan`), so the
file also depends on the plan: after plan.yml changes, `exemplars cms` must be run again, and
`exemplars cms --check` (run by CI) fails until it is.

What the form cannot check (a published record's date, a student's consent, whether a criterion
belongs to the record's kind and campaign) is said in the field's hint and left to
`exemplars check`, which CI runs on every pull or merge request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import cms_plan, labels, spec
from .model import Campaign
from .privacy import PRIVATE_KEYS
from .schema import (SCHOOL_YEAR, SLUG, Anything, Bool, Choice, Date, Field, Int, ListOf, MapOf, Obj,
                     SchoolYear, Slug, Text, Type, Url)

ADMIN_DIR = Path(__file__).resolve().parent.parent / "theme" / "admin"
#: The content whose plan.yml gives the criteria and milestones to choose from.
CONTENT_DIR = ADMIN_DIR.parent.parent / "content"
CONFIG = "config.yml"
MEDIA = "content/media"

#: Short Vietnamese labels (the help text of `spec` becomes the hint below the field).
LABELS = {
    "kind": "Loại", "name": "Họ và tên / tên mô hình", "title": "Tiêu đề", "unit": "Đơn vị",
    "campaign": "Kế hoạch", "school_year": "Năm học", "position": "Chức vụ hoặc lớp",
    "level": "Cấp học", "summary": "Tóm tắt", "registered_title": "Danh hiệu đăng ký",
    "criteria": "Tiêu chí đáp ứng", "fields": "Lĩnh vực", "good_deed": "Người tốt, việc tốt",
    "stage": "Bước", "events": "Các mốc", "awards": "Khen thưởng", "replications": "Nhân rộng",
    "selected": "Được Sở chọn nhân rộng", "photos": "Ảnh", "media": "Báo chí đưa tin",
    "story": "Bài viết", "published": "Ngày đăng", "draft": "Bản nháp", "featured": "Nổi bật",
    "private": "Thông tin riêng (không bao giờ công bố)", "date": "Ngày", "text": "Nội dung",
    "milestone": "Mốc của kế hoạch", "decision": "Số quyết định", "note": "Ghi chú",
    "scope": "Phạm vi", "plan": "Số kế hoạch nhân rộng", "file": "Tệp ảnh", "caption": "Chú thích",
    "alt": "Mô tả ảnh (cho người khiếm thị)", "outlet": "Cơ quan báo chí", "url": "Đường dẫn",
    "consent": "Đồng ý công bố", "by": "Người đồng ý", "child": "Học sinh cũng đồng ý",
    "adult": "Người học đã đủ 18 tuổi, tự đồng ý", "withdrawn": "Ngày rút lại sự đồng ý",
    "id": "Mã", "parent": "Đơn vị cấp trên", "website": "Trang web", "until": "Đến ngày",
    "successor": "Đơn vị kế thừa", "pilot": "Trường chỉ đạo điểm (mã kế hoạch)",
    "start": "Ngày bắt đầu", "end": "Ngày kết thúc", "registration_deadline": "Hạn đăng ký",
    "quotas": "Chỉ tiêu", "office": "Phòng GD&ĐT", "school": "Trường", "affiliated": "Trực thuộc Sở",
    "campaigns": "Kế hoạch", "number": "Số văn bản", "issuer": "Cơ quan ban hành",
    "signer": "Người ký", "role": "Chức vụ", "phone": "Điện thoại", "email": "Thư điện tử",
    "document": "Tệp văn bản", "contact": "Đầu mối liên hệ", "deadlines": "Hạn đăng ký các năm sau",
    "reporting": "Chế độ báo cáo", "milestones": "Lộ trình", "total": "Tổng",
    "collective": labels.KINDS["collective"], "staff": labels.KINDS["staff"],
    "manager": labels.KINDS["manager"], "student": labels.KINDS["student"],
    "up_to": "Mức phấn đấu", "author": "Tác giả", "exemplars": "Điển hình được nhắc đến", "body": "Nội dung",
}
#: Where a field name means something else inside one kind of mapping (keyed by its `Obj.title`).
LABELS_IN = {
    spec.UNIT.title: {"name": "Tên đơn vị", "kind": "Loại đơn vị"},
    spec.PERSON.title: {"name": "Họ và tên"},
    spec.MILESTONE.title: {"title": "Tên mốc", "kind": "Loại mốc"},
    spec.CONSENT.title: {"date": "Ngày đồng ý"},
    spec.CAMPAIGN.title: {"title": "Tên kế hoạch", "date": "Ngày ban hành"},
}
#: Slug fields that name a record of units.yml or plan.yml: chosen from a list, never typed.
UNIT_REF = {"widget": "relation", "collection": "units", "file": "units", "value_field": "units.*.id",
            "display_fields": ["units.*.name"], "search_fields": ["units.*.name", "units.*.id"]}
CAMPAIGN_REF = {"widget": "relation", "collection": "plan", "file": "plan",
                "value_field": "campaigns.*.id", "display_fields": ["campaigns.*.title"],
                "search_fields": ["campaigns.*.title", "campaigns.*.id"]}
RELATIONS = {"unit": UNIT_REF, "parent": UNIT_REF, "successor": UNIT_REF, "campaign": CAMPAIGN_REF,
             "pilot": CAMPAIGN_REF}
#: A photo's `file` is uploaded into content/media/ and stored relative to it (`file: anh.jpg`).
PHOTO_UPLOAD = {"widget": "image", "media_folder": f"/{MEDIA}", "public_folder": "", "choose_url": False,
                "accept": "image/jpeg,image/png,image/webp"}
DOCUMENT_UPLOAD = {"widget": "file", "media_folder": f"/{MEDIA}", "public_folder": "", "choose_url": False,
                   "accept": "application/pdf"}
#: Largest photo an editor may upload (bytes): a phone photo fits, the repository stays small.
MAX_UPLOAD = 5 * 1024 * 1024
#: Text fields written as Markdown (the story).
MARKDOWN = {"story"}
#: Text longer than this gets a multi-line box.
SHORT_TEXT = 300
SLUG_MESSAGE = "Chỉ dùng chữ thường a-z, số 0-9 và dấu '-' (không dấu, không khoảng trắng)"
PATTERNS: dict[type, tuple[str, str]] = {
    Slug: (SLUG.pattern, SLUG_MESSAGE),
    SchoolYear: (SCHOOL_YEAR.pattern, "Viết năm học dạng 2025-2026"),
    Url: (r"^https?://[^\s/]+\.[^\s]+$", "Viết đầy đủ địa chỉ, bắt đầu bằng http:// hoặc https://"),
}


def _choice_labels(choice: Choice) -> dict[str, str]:
    """The labels group whose codes are the choice's values (kinds, steps, award levels, …): the
    one with exactly these codes, else the smallest that has them all (person levels → levels)."""
    values = set(choice.values)
    groups = [g for g in labels.GROUPS.values() if values <= set(g)]
    return min(groups, key=lambda g: (set(g) != values, len(g)), default={})


def widget(t: Type, name: str) -> dict[str, Any]:
    """The form control for one field type."""
    if name in RELATIONS and isinstance(t, Slug):
        return dict(RELATIONS[name])
    if name == "file":
        return dict(PHOTO_UPLOAD)
    if name == "document":
        return dict(DOCUMENT_UPLOAD)
    if isinstance(t, Choice):
        names = _choice_labels(t)
        return {"widget": "select", "options": [{"label": names.get(v, v), "value": v} for v in t.values]}
    if isinstance(t, Date):
        # Stored as YYYY-MM-DD (what the loader reads); shown with the browser's date picker.
        return {"widget": "datetime", "type": "date", "format": "YYYY-MM-DD",
                "pattern": [r"^\d{4}-\d{2}-\d{2}$", "Chọn một ngày"]}
    if isinstance(t, Bool):
        return {"widget": "boolean"}
    if isinstance(t, Int):
        return {"widget": "number", "value_type": "int", "min": 0}
    if isinstance(t, Text):
        out: dict[str, Any]
        if name in MARKDOWN:
            out = {"widget": "markdown", "modes": ["rich_text", "raw"]}
        elif t.max_length > SHORT_TEXT and not isinstance(t, (Slug, SchoolYear, Url)):
            out = {"widget": "text"}
        else:
            out = {"widget": "string"}
        if type(t) in PATTERNS:
            out["pattern"] = list(PATTERNS[type(t)])
        if out["widget"] != "markdown" and not isinstance(t, (Slug, SchoolYear, Url)):
            out["maxlength"] = t.max_length
        return out
    if isinstance(t, ListOf):
        item = t.item
        if isinstance(item, Obj):
            return {"widget": "list", "fields": fields(item), "collapsed": "auto",
                    "summary": _summary(item)}
        if name in RELATIONS or (isinstance(item, Slug) and name == "exemplars"):
            return {**_list_relation(name), "multiple": True}
        sub = widget(item, name)
        if sub["widget"] in ("string", "select"):
            return {"widget": "list", "field": {"name": name, "label": LABELS.get(name, name), **sub}}
        return {"widget": "list"}
    if isinstance(t, MapOf):
        if isinstance(t.key, Choice):
            return {"widget": "object", "collapsed": "auto", "fields": [
                {"name": k, "label": LABELS.get(k) or labels.LEVELS.get(k, k), "required": False,
                 **widget(t.value, k)} for k in t.key.values]}
        return {"widget": "keyvalue"}
    if isinstance(t, Obj):
        return {"widget": "object", "collapsed": "auto", "fields": fields(t)}
    if isinstance(t, Anything):
        return {"widget": "object"}
    raise TypeError(f"no form control for {type(t).__name__}")


def _list_relation(name: str) -> dict[str, Any]:
    if name == "exemplars":
        return {"widget": "relation", "collection": "exemplars", "value_field": "{{slug}}",
                "display_fields": ["name"], "search_fields": ["name", "title"]}
    return dict(RELATIONS[name])


def _summary(obj: Obj) -> str:
    """A collapsed list item shows its first two fields."""
    return " · ".join("{{" + f.name + "}}" for f in obj.fields[:2])


def field(f: Field, within: str = "") -> dict[str, Any]:
    """One form field; `within` is the title of the mapping it belongs to (for its label)."""
    label = LABELS_IN.get(within, {}).get(f.name) or LABELS.get(f.name, f.name)
    out: dict[str, Any] = {"name": f.name, "label": label}
    out.update(widget(f.type, f.name))
    if not f.required:
        out["required"] = False
    if f.doc:
        out["hint"] = f.doc
    return out


def fields(obj: Obj) -> list[dict[str, Any]]:
    return [field(f, obj.title) for f in obj.fields if f.name != "private"]


# The private group: the one place for contacts and consent; its rules are spelled out because
# the form cannot enforce them (exemplars check does).
PRIVATE_RULES = ("Học sinh, sinh viên, học viên "
                "chỉ được đăng khi có sự đồng ý: với người chưa đủ 18 tuổi, cha, mẹ hoặc người giám hộ "
                "đồng ý (Người đồng ý, Ngày) và học sinh cũng đồng ý (bật «Học sinh cũng đồng ý»); "
                "người học đã đủ 18 tuổi tự đồng ý (Người đồng ý: self, bật «đã đủ 18 tuổi»). Rút lại "
                "sự đồng ý: ghi Ngày rút lại, hồ sơ bị gỡ khỏi trang từ lần dựng sau.")


#: Keys of `private:` (privacy.PRIVATE_KEYS) the form shows besides consent; other allowed keys
#: an editor wrote by hand (contacts, address, …) are kept as they are when the CMS saves.
PRIVATE_FORM = ("phone", "email", "ghi_chu")


def private_field() -> dict[str, Any]:
    consent = field(Field("consent", spec.CONSENT, False, spec.CONSENT.title), spec.EXEMPLAR.title)
    doc = next(f.doc for f in spec.EXEMPLAR.fields if f.name == "private")
    others = [{"name": key, "label": PRIVATE_KEYS[key].capitalize(), "widget": "text" if key == "ghi_chu"
               else "string", "required": False} for key in PRIVATE_FORM]
    return {"name": "private", "label": LABELS["private"], "widget": "object", "required": False,
            "collapsed": "auto", "hint": f"{doc}. {PRIVATE_RULES}", "fields": [consent, *others]}


def exemplar_collection(plan: dict[str, Campaign]) -> dict[str, Any]:
    form = fields(spec.EXEMPLAR)
    cms_plan.pick_lists(form, plan)
    for f in form:
        if f["name"] == "draft":
            f["default"] = True  # a record starts as a draft, as `exemplars new` writes it
        if f["name"] == "published":
            f["hint"] += " (để trống khi còn là bản nháp)"
    form.append(private_field())
    return {
        "name": "exemplars", "label": "Điển hình", "label_singular": "điển hình", "icon": "star",
        "description": spec.EXEMPLAR.title,
        "folder": "content/exemplars", "extension": "yml", "format": "yaml", "create": True,
        # content/exemplars/<school year>/<name>-<unit>.yml, as `exemplars new` names it.
        "path": "{{school_year}}/{{slug}}",
        "slug": {"template": "{{name}}-{{unit}}", "editable": ["create"],
                 "pattern": [SLUG.pattern, SLUG_MESSAGE],
                 "hint": "Tên tệp (mã điển hình): tự tạo từ họ tên và mã đơn vị"},
        "identifier_field": "name",
        "summary": "{{name}} – {{title}} ({{school_year}})",
        "sortable_fields": {"fields": ["name", "school_year", "published"], "default": {
            "field": "school_year", "direction": "descending"}},
        "view_filters": [{"label": label, "field": "kind", "pattern": f"^{code}$"}
                         for code, label in labels.KINDS.items()]
        + [{"label": "Bản nháp", "field": "draft", "pattern": True}],
        "view_groups": [{"label": "Năm học", "field": "school_year"},
                        {"label": "Bước", "field": "stage"}],
        "fields": form,
    }


def units_collection() -> dict[str, Any]:
    unit = {"name": "units", "label": "Đơn vị", "label_singular": "đơn vị", "widget": "list",
            "root": True, "collapsed": "auto", "summary": "{{name}} ({{id}})",
            "fields": fields(spec.UNIT)}
    return {"name": "units", "label": "Đơn vị", "icon": "account_tree", "files": [
        {"name": "units", "label": "Danh sách đơn vị (units.yml)", "file": "content/units.yml",
         "format": "yaml", "fields": [unit]}]}


def plan_collection() -> dict[str, Any]:
    return {"name": "plan", "label": "Kế hoạch", "icon": "event_note", "files": [
        {"name": "plan", "label": "Kế hoạch, tiêu chí, chỉ tiêu (plan.yml)", "file": "content/plan.yml",
         "format": "yaml", "fields": fields(spec.PLAN)}]}


def news_collection() -> dict[str, Any]:
    try:
        from .news import FOLDER, NEWS  # the news helper's declarations (tin tức)
    except ImportError:  # pragma: no cover - before news posts land on main
        return {}
    form = fields(NEWS)
    for f in form:
        if f["name"] == "draft":
            f["default"] = True
    form.append({"name": "body", "label": LABELS["body"], "widget": "markdown", "hint": "Nội dung bản tin"})
    return {"name": "news", "label": "Tin tức", "label_singular": "bản tin", "icon": "newspaper",
            "folder": f"content/{FOLDER}", "extension": "md", "format": "yaml-frontmatter", "create": True,
            "slug": {"template": "{{year}}-{{month}}-{{day}}-{{title}}", "pattern": [SLUG.pattern, SLUG_MESSAGE]},
            "identifier_field": "title", "summary": "{{date}} – {{title}}",
            "sortable_fields": {"fields": ["date", "title"], "default": {"field": "date", "direction": "descending"}},
            "fields": form}


def pages_collection() -> dict[str, Any]:
    return {"name": "pages", "label": "Trang viết tay", "label_singular": "trang", "icon": "description",
            "description": "Giới thiệu, Hướng dẫn biên tập và các trang khác trong content/pages/",
            "folder": "content/pages", "extension": "md", "format": "yaml-frontmatter", "create": True,
            "slug": {"pattern": [SLUG.pattern, SLUG_MESSAGE]},
            "identifier_field": "title", "summary": "{{slug}}",
            "fields": [
                {"name": "title", "label": "Tiêu đề trang", "widget": "string", "required": False,
                 "hint": "Để trống: lấy dòng tiêu đề # đầu tiên của bài; trang có trong thanh điều "
                         "hướng (mkdocs.yml) giữ tên ở đó"},
                # Raw Markdown first: these pages have tables and code blocks the rich-text mode
                # would rewrite.
                {"name": "body", "label": LABELS["body"], "widget": "markdown", "modes": ["raw", "rich_text"],
                 "hint": "Bắt đầu bằng một dòng tiêu đề: # Tên trang"},
            ]}


def config(content_dir: Path = CONTENT_DIR) -> dict[str, Any]:
    """The whole Sveltia CMS configuration but the backend (see backend.yml), with the criteria and
    milestones of `content_dir`/plan.yml; raises `ContentError` when the plan has problems."""
    collections = [exemplar_collection(cms_plan.load(content_dir)), news_collection(), units_collection(), plan_collection(),
                   pages_collection()]
    return {
        "app_title": "Biên tập – Điển hình tiên tiến",
        # Drafts → review → publish as pull/merge requests (GitHub, GitLab); see README.
        "publish_mode": "editorial_workflow",
        "media_folder": MEDIA,
        "public_folder": "/media",
        # Photos go to the repository (content/media/), named like ids (anh-lop-4a.jpg); no stock
        # photo services: they would load images from other sites, and rights must be the school's.
        "media_libraries": {"default": {"config": {"max_file_size": MAX_UPLOAD, "slugify_filename": True}},
                            "stock_assets": {"providers": []}},
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-",
                 "lowercase": True, "trim": True},
        # Empty optional fields are left out rather than written as '' (which check refuses).
        "output": {"omit_empty_optional_fields": True,
                   "yaml": {"indent_size": 2, "indent_sequences": True, "quote": "none"}},
        "editor": {"preview": False},
        "collections": [c for c in collections if c],
    }


HEADER = ("# Sveltia CMS configuration, GENERATED from generator/spec.py and content/plan.yml by `exemplars cms`:\n"
          "# do not edit; run `exemplars cms` again after changing plan.yml.\n"
          "# The Git host and repository are in backend.yml (edited by hand). See README, \"Editing in a browser\".\n")


def render(content_dir: Path = CONTENT_DIR) -> str:
    return HEADER + yaml.safe_dump(config(content_dir), allow_unicode=True, sort_keys=False, width=100)


def stale(out_dir: Path = ADMIN_DIR, content_dir: Path = CONTENT_DIR) -> bool:
    path = out_dir / CONFIG
    return not path.is_file() or path.read_text(encoding="utf-8") != render(content_dir)


def write(out_dir: Path = ADMIN_DIR, content_dir: Path = CONTENT_DIR) -> Path | None:
    """Write config.yml; returns its path if it changed."""
    path = out_dir / CONFIG
    text = render(content_dir)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
