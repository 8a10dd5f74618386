"""Editors' tools: `exemplars new`, the JSON Schemas and their wiring, the editors' guide.

YAML is read here the way the editor's YAML language server reads it (YAML 1.2 core schema:
dates stay text, only true/false are booleans, `12:30` is text), through `EditorLoader` below,
not through our own loader: the schemas must describe the files as the editor sees them.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import FIXTURE, ROOT, TODAY, build
from generator import jsonschema_export, spec
from generator.cli import main
from generator.loader import parse
from generator.scaffold import CHOICE_MARK, EXAMPLE_MARK, PLACEHOLDER
from generator.schema import check

GUIDE = ROOT / "content" / "pages" / "huong-dan-bien-tap.md"
ARGS_TODAY = ["--today", TODAY.isoformat()]


class EditorLoader(yaml.SafeLoader):
    """YAML 1.2 core schema, as redhat.vscode-yaml reads files (PyYAML alone speaks YAML 1.1)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if not tag.endswith((":bool", ":int", ":float", ":timestamp"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
EditorLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))
EditorLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
                                   list("-+0123456789"))
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$"),
    list("-+.0123456789"))


def editor_load(text: str):
    return yaml.load(text, Loader=EditorLoader)  # noqa: S506 (a SafeLoader subclass)


def schema_errors(name: str, data) -> list[str]:
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def glob_regex(glob: str) -> re.Pattern:
    """VS Code glob: `**/` is any number of folders (none included), `*` stays inside one folder."""
    rx = re.escape(glob).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.compile(rx + "$")


def schema_name_for(rel: str) -> str | None:
    names = [name for name, (_, globs) in jsonschema_export.SCHEMAS.items()
             if any(glob_regex(g).match(rel) for g in globs)]
    assert len(names) <= 1, (rel, names)
    return names[0] if names else None


# --- JSON Schemas ------------------------------------------------------------------------------

def test_committed_schemas_are_generated_from_spec():
    assert jsonschema_export.stale() == [], "run `exemplars schema` and commit schemas/"


def test_schema_command_writes_and_detects_drift(tmp_path, capsys):
    out = tmp_path / "schemas"
    assert main(["schema", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(jsonschema_export.SCHEMAS)
    assert main(["schema", "--check", "--out", str(out)]) == 0
    data = json.loads((out / "exemplar.schema.json").read_text(encoding="utf-8"))
    data["properties"]["title"]["description"] = "cũ"
    (out / "exemplar.schema.json").write_text(json.dumps(data), encoding="utf-8")
    assert main(["schema", "--check", "--out", str(out)]) == 1
    assert "exemplar.schema.json" in capsys.readouterr().err


def test_schemas_carry_the_vietnamese_help_of_spec():
    schema = json.loads((ROOT / "schemas" / "exemplar.schema.json").read_text(encoding="utf-8"))
    for f in spec.EXEMPLAR.fields:
        assert schema["properties"][f.name]["description"] == f.doc
    consent = schema["properties"]["private"]["properties"]["consent"]["properties"]
    assert consent["withdrawn"]["description"] == next(f.doc for f in spec.CONSENT.fields if f.name == "withdrawn")
    units = json.loads((ROOT / "schemas" / "units.schema.json").read_text(encoding="utf-8"))
    assert units["items"]["properties"]["level"]["description"] == next(f.doc for f in spec.UNIT.fields
                                                                       if f.name == "level")


CONTENT_FILES = sorted(p for p in [*(ROOT / "content").rglob("*.yml"), *FIXTURE.rglob("*.yml")])


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_content_file_matches_its_schema(path):
    base = ROOT / "content" if ROOT / "content" in path.parents else FIXTURE
    name = schema_name_for("content/" + path.relative_to(base).as_posix())
    assert name, f"no schema is mapped to {path}"
    assert schema_errors(name, editor_load(path.read_text(encoding="utf-8"))) == []


BASE = editor_load((FIXTURE / "exemplars" / "sub" / "dang-van-an.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("change, where", [
    ({"kind": "hoc-sinh"}, "kind"),
    ({"sumary": "x"}, ""),                                  # a typo in a field name
    ({"published": "01/03/2019"}, "published"),
    ({"school_year": "2018"}, "school_year"),
    ({"good_deed": "có"}, "good_deed"),
    ({"media": [{"outlet": "B", "title": "T", "url": "ftp://x", "date": "2019-01-01"}]}, "media/0/url"),
    ({"published": None}, "published"),                     # `published:` left empty
    ({"private": {}}, "private"),                           # a published student without consent
    ({"private": {"consent": {"by": "Mẹ", "date": "2019-02-01"}}}, "private/consent"),
])
def test_schema_flags_what_check_refuses(change, where):
    data = {**BASE, **change}
    errors = schema_errors("exemplar.schema.json", data)
    assert errors and any(e.startswith(f"{where}:") for e in errors), errors


def test_schema_lets_a_draft_go_without_published_date():
    data = {k: v for k, v in BASE.items() if k not in ("published", "private")}
    assert schema_errors("exemplar.schema.json", {**data, "draft": True}) == []
    assert schema_errors("exemplar.schema.json", data)


def test_units_schema_knows_parents_and_levels():
    units = editor_load((FIXTURE / "units.yml").read_text(encoding="utf-8"))
    assert schema_errors("units.schema.json", units) == []
    school = {k: v for k, v in units[2].items() if k not in ("level", "parent")}
    assert len(schema_errors("units.schema.json", [units[0], school])) == 2


def test_vscode_wires_the_schemas_for_the_yaml_extension():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert {Path(k).name: tuple(v) for k, v in mapping.items()} == {
        name: globs for name, (_, globs) in jsonschema_export.SCHEMAS.items()}
    for path in mapping:
        assert (ROOT / path).is_file()
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
    # The globs reach every demo record, units.yml and plan.yml.
    for path in (ROOT / "content").rglob("*.yml"):
        assert schema_name_for(path.relative_to(ROOT).as_posix()), path


# --- exemplars new ------------------------------------------------------------------------------

def new(tmp: Path, monkeypatch, *args: str) -> int:
    monkeypatch.chdir(tmp)
    return main(["new", *args, *ARGS_TODAY])


def check_output(tmp: Path, monkeypatch, capsys) -> tuple[int, list[str]]:
    monkeypatch.chdir(tmp)
    capsys.readouterr()
    code = main(["check", *ARGS_TODAY])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("kind, unit", [("collective", "th-kim-dong"), ("staff", "th-kim-dong"),
                                        ("manager", "phong-a"), ("student", "thcs-le-loi")])
def test_new_record_is_named_and_passes_check_as_created(content, monkeypatch, capsys, kind, unit):
    tmp = content.parent
    assert new(tmp, monkeypatch, kind, "--unit", unit, "--name", "Đặng Thị Ánh", "--year", "2018-2019") == 0
    path = content / "exemplars" / "2018-2019" / f"dang-thi-anh-{unit}.yml"
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (path.parent / first.split("=", 1)[1]).resolve() == ROOT / "schemas" / "exemplar.schema.json"
    data = parse(text, str(path)).data
    assert data["draft"] is True and "published" not in data
    assert data["events"] == [{"date": TODAY.isoformat(), "text": f"{data['events'][0]['text']}",
                               "stage": "registered"}]
    assert ("consent" in data.get("private", {})) == (kind == "student")
    code, out = check_output(tmp, monkeypatch, capsys)
    assert code == 0, out
    # What the editor's extension sees is valid too, except the consent date still to be written.
    errors = schema_errors("exemplar.schema.json", editor_load(text))
    assert [e.split(":")[0] for e in errors] == ([] if kind != "student" else ["private/consent/date"])


def test_schema_line_points_to_the_projects_own_schemas(tmp_path, monkeypatch):
    shutil.copytree(FIXTURE, tmp_path / "content")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    assert new(tmp_path, monkeypatch, "staff", "--unit", "th-kim-dong", "--name", "Lê Na", "--year", "2018-2019") == 0
    text = (tmp_path / "content/exemplars/2018-2019/le-na-th-kim-dong.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/exemplar.schema.json\n")


def test_template_explains_every_field_with_the_help_of_spec(content, monkeypatch):
    assert new(content.parent, monkeypatch, "collective", "--unit", "th-kim-dong", "--name", "Thư viện",
               "--year", "2018-2019") == 0
    text = (content / "exemplars" / "2018-2019" / "thu-vien-th-kim-dong.yml").read_text(encoding="utf-8")
    flat = " ".join(line.lstrip("# ").strip() for line in text.splitlines())
    for f in spec.EXEMPLAR.fields:
        assert re.search(rf"^(# )?{f.name}:", text, re.M), f.name
        assert " ".join(f.doc.split()) in flat, f.name
    assert "nq29  # Thực hiện có hiệu quả Nghị quyết" in text   # the campaign's criteria to choose from


def uncomment_examples(text: str) -> str:
    out, active = [], False
    for line in text.splitlines():
        if line in (EXAMPLE_MARK, CHOICE_MARK):
            active = True
            continue
        if active and line.startswith("#"):
            out.append(line[2:])
            continue
        active = False
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind", spec.EXEMPLAR_KINDS)
def test_every_example_in_the_template_is_valid(content, monkeypatch, kind):
    unit = "thcs-le-loi" if kind == "student" else "th-kim-dong"
    assert new(content.parent, monkeypatch, kind, "--unit", unit, "--name", "Lê Na", "--year", "2018-2019") == 0
    text = uncomment_examples((content / "exemplars/2018-2019" / f"le-na-{unit}.yml").read_text(encoding="utf-8"))
    doc = parse(text, "x.yml")
    problems: list = []
    check(spec.EXEMPLAR, doc.data, doc, (), problems)
    assert problems == []
    assert {"awards", "photos", "media", "story", "published", "featured", "criteria"} <= doc.data.keys()


def test_new_refuses_to_overwrite(content, monkeypatch, capsys):
    args = ("staff", "--unit", "th-kim-dong", "--name", "Nguyễn Văn Tâm", "--year", "2018-2019")
    assert new(content.parent, monkeypatch, *args) == 0
    path = content / "exemplars" / "2018-2019" / "nguyen-van-tam-th-kim-dong.yml"
    path.write_text(path.read_text(encoding="utf-8") + "# đã sửa\n", encoding="utf-8")
    capsys.readouterr()
    assert new(content.parent, monkeypatch, *args) == 1
    assert "không ghi đè" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8").endswith("# đã sửa\n")
    # The same id in another school year's folder would clash too (the file name is the id).
    assert new(content.parent, monkeypatch, *args[:-1], "2019-2020") == 1
    assert "đã dùng mã" in capsys.readouterr().err
    assert not (content / "exemplars" / "2019-2020").exists()


@pytest.mark.parametrize("args, message", [
    (("staff", "--unit", "th-kim-dongg", "--name", "A B", "--year", "2018-2019"), "Có phải: th-kim-dong?"),
    (("student", "--unit", "phong-a", "--name", "A B", "--year", "2018-2019"), "loại office"),
    (("teacher", "--unit", "th-kim-dong", "--name", "A B", "--year", "2018-2019"), "Loại 'teacher'"),
    (("staff", "--unit", "th-kim-dong", "--name", "A B"), "Năm học 2026-2027 không thuộc kế hoạch nào"),
    (("staff", "--unit", "th-kim-dong", "--name", "A B", "--year", "2018-2020"), "không đúng dạng"),
    (("staff", "--unit", "th-kim-dong", "--name", "A B", "--year", "2018-2019", "--campaign", "2021"),
     "Không có kế hoạch '2021'"),
    (("staff", "--unit", "th-kim-dong", "--name", "...", "--year", "2018-2019"), "không tạo được mã tệp"),
])
def test_new_refuses_bad_arguments(content, monkeypatch, capsys, args, message):
    before = sorted(content.rglob("*"))
    assert new(content.parent, monkeypatch, *args) == 1
    assert message in capsys.readouterr().err
    assert sorted(content.rglob("*")) == before


# --- Done when: from `exemplars new` to a page in the preview, mistakes with file and line -------

FILLED = {"title": "Những giờ đọc sách truyền cảm hứng", "summary": "Tổ chức giờ đọc sách cho 300 học sinh.",
          "registered_title": "Lao động tiên tiến"}


def fill(text: str, published: date) -> str:
    """What the guide asks: replace every CẦN THAY, uncomment `published`, set draft: false."""
    for key, value in FILLED.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    text = re.sub(r"^    by: .*$", "    by: Phạm Văn Hùng (bố)", text, count=1, flags=re.M)
    text = re.sub(r"^    date: .*$", "    date: 2026-11-20", text, count=1, flags=re.M)
    text = text.replace("    child: false", "    child: true")
    text = re.sub(r"^# published: .*$", f"published: {published.isoformat()}", text, count=1, flags=re.M)
    text = text.replace("\ndraft: true\n", "\ndraft: false\n")
    assert not re.search(rf"^\s*[^#\s].*{PLACEHOLDER}", text, re.M)  # left only in the help comments
    return text


@pytest.mark.parametrize("kind, unit", [("staff", "th-kim-dong"), ("student", "thcs-le-loi")])
def test_new_exemplar_reaches_the_preview_and_mistakes_show_file_and_line(content, monkeypatch, capsys,
                                                                          kind, unit):
    tmp = content.parent
    assert new(tmp, monkeypatch, kind, "--unit", unit, "--name", "Phạm Thị Lan", "--year", "2018-2019") == 0
    rel = f"content/exemplars/2018-2019/pham-thi-lan-{unit}.yml"
    path = tmp / rel
    path.write_text(fill(path.read_text(encoding="utf-8"), TODAY), encoding="utf-8")
    code, out = check_output(tmp, monkeypatch, capsys)
    assert code == 0, out
    page = build(tmp, content) / "dien-hinh" / f"pham-thi-lan-{unit}" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "Phạm Thị Lan" in html and FILLED["title"] in html and PLACEHOLDER not in html

    # A mistake: the unit id mistyped. Reported with the file and the line of `unit:`.
    text = path.read_text(encoding="utf-8").replace(f"\nunit: {unit}", f"\nunit: {unit}x")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("unit:"))) + 1
    code, out = check_output(tmp, monkeypatch, capsys)
    assert code == 1
    assert out == [f"{rel}:{line}: unit: unknown unit '{unit}x'; use an id from units.yml "
                   f"(did you mean '{unit}'?)"]


def test_student_with_consent_not_filled_is_refused_when_published(content, monkeypatch, capsys):
    tmp = content.parent
    assert new(tmp, monkeypatch, "student", "--unit", "thcs-le-loi", "--name", "Lò Văn Khánh",
               "--year", "2018-2019") == 0
    path = content / "exemplars/2018-2019/lo-van-khanh-thcs-le-loi.yml"
    text = path.read_text(encoding="utf-8").replace("\ndraft: true\n", "\ndraft: false\n")
    path.write_text(text.replace("# published: ", "published: "), encoding="utf-8")
    code, out = check_output(tmp, monkeypatch, capsys)
    assert code == 1
    found = [o.split(": ", 1)[1] for o in out]
    for expected in [
            f"date: '{PLACEHOLDER}: ngày ký giấy đồng ý' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-25",
            "private.consent.child: the student's own agreement is required (child: true; child: false only "
            "for a preschool child under 7) before publishing; an adult learner (18 or over) writes by: self "
            "and adult: true instead",
            f"private.consent.by: still holds the placeholder '{PLACEHOLDER}'; write the real text, or keep "
            "draft: true"]:
        assert expected in found, found


# --- The editors' guide ---------------------------------------------------------------------------

def guide_walkthrough(tmp: Path, monkeypatch) -> None:
    """The mistakes the guide shows, made on a copy of the demo content exactly as the guide says."""
    shutil.copytree(ROOT / "content", tmp / "content")
    assert new(tmp, monkeypatch, "staff", "--unit", "th-kim-dong-tphb", "--name", "Nguyễn Thị Mai",
               "--year", "2025-2026") == 0
    path = tmp / "content/exemplars/2025-2026/nguyen-thi-mai-th-kim-dong-tphb.yml"
    text = fill(path.read_text(encoding="utf-8"), TODAY)
    text = text.replace("\nunit: th-kim-dong-tphb", "\nunit: th-kim-dong")
    text = text.replace("\nstage: registered", "\nstage: dang-ky")
    text = text.replace(f"  - date: {TODAY.isoformat()}", "  - date: 25/11/2026")
    path.write_text(text, encoding="utf-8")
    assert new(tmp, monkeypatch, "student", "--unit", "th-kim-dong-tphb", "--name", "Lò Văn Khánh",
               "--year", "2025-2026") == 0
    path = tmp / "content/exemplars/2025-2026/lo-van-khanh-th-kim-dong-tphb.yml"
    text = path.read_text(encoding="utf-8").replace("\ndraft: true\n", "\ndraft: false\n")
    path.write_text(text.replace("# published: ", "published: "), encoding="utf-8")


def test_guide_shows_real_error_messages(tmp_path, monkeypatch, capsys):
    guide = GUIDE.read_text(encoding="utf-8")
    shown = re.findall(r"^content/exemplars/2025-2026/\S+\.yml:\d+: .+$", guide, re.M)
    assert len(set(shown)) >= 3
    guide_walkthrough(tmp_path, monkeypatch)
    code, out = check_output(tmp_path, monkeypatch, capsys)
    assert code == 1
    assert sorted(set(shown)) == sorted(line for line in out if "/2025-2026/" in line)


def test_guide_is_published_and_linked():
    assert "huong-dan-bien-tap.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "content/pages/huong-dan-bien-tap.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    guide = GUIDE.read_text(encoding="utf-8")
    assert guide.startswith("# Hướng dẫn biên tập")
    for f in spec.EXEMPLAR.fields:            # the field table names every field
        assert f"| `{f.name}` |" in guide, f.name
    for words in ("exemplars new", "make serve", "make check", "withdrawn", "draft: true", "alt"):
        assert words in guide, words
