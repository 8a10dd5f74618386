"""The editing page's configuration (generator/cms.py) and the vendored Sveltia CMS (theme/admin/)."""

from __future__ import annotations

import json
import re

import jsonschema
import yaml

from conftest import ROOT
from generator import cli, cms, cms_vendor, labels, spec
from generator.privacy import CONSENT_KEYS, PRIVATE_KEYS
from generator.schema import SLUG

ADMIN = ROOT / "theme" / "admin"
RECORD = json.loads((ADMIN / "vendor.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((ADMIN / "vendor" / "@sveltia" / "cms" / cms_vendor.SCHEMA).read_text(encoding="utf-8"))


def committed() -> dict:
    return yaml.safe_load((ADMIN / "config.yml").read_text(encoding="utf-8"))


def collection(name: str) -> dict:
    return next(c for c in committed()["collections"] if c["name"] == name)


def test_committed_config_is_generated_from_spec(tmp_path, capsys):
    """Drift: after a change to spec.py or plan.yml, `exemplars cms` must be run and config.yml committed."""
    assert not cms.stale(), ("theme/admin/config.yml is stale (spec.py or content/plan.yml changed): "
                            "run .venv/bin/exemplars cms and commit it")
    assert cli.main(["cms", "--check"]) == 0
    (tmp_path / "config.yml").write_text(cms.render().replace("label: Tóm tắt", "label: Summary"), encoding="utf-8")
    assert cli.main(["cms", "--check", "--out", str(tmp_path)]) == 1
    assert "exemplars cms" in capsys.readouterr().err


def backends() -> list[dict]:
    """The active backend of backend.yml and each commented-out example (GitLab, Gitea)."""
    text = (ADMIN / "backend.yml").read_text(encoding="utf-8")
    out = [yaml.safe_load(text)["backend"]]
    for block in re.findall(r"^# backend:\n((?:#   .*\n)+)", text, re.MULTILINE):
        body = "".join(line[2:] + "\n" for line in block.splitlines())
        out.append(yaml.safe_load("backend:\n" + body)["backend"])
    return out


def test_config_validates_against_the_cms_own_schema():
    found = backends()
    assert [b["name"] for b in found] == ["github", "gitlab", "gitea"]
    validator = jsonschema.Draft7Validator(SCHEMA)
    merged = {**committed(), "backend": found[0]}  # Sveltia merges config.yml and backend.yml
    assert [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(merged)] == []
    backend = jsonschema.Draft7Validator({**SCHEMA, "$ref": "#/definitions/Backend"})
    for example in found[1:]:
        assert list(backend.iter_errors(example)) == [], example["name"]
    # The schema can fail: a publish mode it does not know, a backend without its name.
    assert list(validator.iter_errors({**merged, "collections": merged["collections"][:1], "publish_mode": "review"}))
    assert list(backend.iter_errors({k: v for k, v in found[1].items() if k != "name"}))


def _names(fields: list[dict]) -> list[str]:
    return [f["name"] for f in fields]


def test_every_field_of_the_content_model_is_in_the_form():
    form = collection("exemplars")["fields"]
    assert _names(form) == [f.name for f in spec.EXEMPLAR.fields if f.name != "private"] + ["private"]
    by_name = {f["name"]: f for f in form}
    for f in spec.EXEMPLAR.fields:
        assert by_name[f.name].get("required", True) is f.required, f.name
        assert f.doc in by_name[f.name].get("hint", ""), f.name  # the same Vietnamese help text
    units = collection("units")["files"][0]["fields"][0]
    assert units["root"] is True and _names(units["fields"]) == [f.name for f in spec.UNIT.fields]
    campaigns = collection("plan")["files"][0]["fields"][0]
    campaign = next(f for f in spec.PLAN.fields if f.name == "campaigns").type.item
    assert _names(campaigns["fields"]) == [f.name for f in campaign.fields]


def test_choices_carry_the_readers_labels():
    by_name = {f["name"]: f for f in collection("exemplars")["fields"]}
    assert {o["value"]: o["label"] for o in by_name["kind"]["options"]} == labels.KINDS
    assert {o["value"]: o["label"] for o in by_name["stage"]["options"]} == labels.STAGES
    award_level = next(f for f in by_name["awards"]["fields"] if f["name"] == "level")
    assert {o["value"]: o["label"] for o in award_level["options"]} == labels.AWARD_LEVELS


def test_references_and_patterns():
    by_name = {f["name"]: f for f in collection("exemplars")["fields"]}
    assert by_name["unit"]["widget"] == "relation" and by_name["unit"]["value_field"] == "units.*.id"
    assert by_name["campaign"]["collection"] == "plan"
    assert by_name["published"]["widget"] == "datetime" and by_name["published"]["format"] == "YYYY-MM-DD"
    assert by_name["draft"]["default"] is True  # new records start as drafts
    photo = next(f for f in by_name["photos"]["fields"] if f["name"] == "file")
    assert (photo["widget"], photo["media_folder"], photo["public_folder"]) == ("image", "/content/media", "")
    exemplars = collection("exemplars")
    assert exemplars["path"] == "{{school_year}}/{{slug}}" and exemplars["slug"]["pattern"][0] == SLUG.pattern
    assert committed()["publish_mode"] == "editorial_workflow"
    # The private group spells out the consent rules the form cannot enforce.
    private = by_name["private"]
    assert "đồng ý" in private["hint"] and _names(private["fields"])[0] == "consent"
    assert set(_names(private["fields"])) <= set(PRIVATE_KEYS)  # only keys check accepts
    assert tuple(_names(private["fields"][0]["fields"])) == CONSENT_KEYS


def test_vendored_files_match_their_checksums_and_call_no_cdn():
    assert RECORD["package"] == "@sveltia/cms" and RECORD["license"] == "MIT"
    assert cms_vendor.verify(ADMIN) == []
    bundle = (ADMIN / "sveltia-cms.js").read_text(encoding="utf-8")
    for host in ("unpkg.com", "cdn.jsdelivr.net", "fonts.googleapis.com", "fonts.gstatic.com"):
        assert host not in bundle, host
    page = (ADMIN / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == ["config.yml", "backend.yml", "sveltia-cms.js"]
    assert "{{" not in page and "{%" not in page  # MkDocs renders it as a template


def test_rewrite_refuses_a_bundle_without_the_expected_addresses():
    import pytest

    with pytest.raises(cms_vendor.VendorError):
        cms_vendor.rewrite("no addresses here")


def test_guide_chapter_screenshots_exist_are_small_and_check_accepts_them(capsys, monkeypatch):
    guide = (ROOT / "content" / "pages" / "huong-dan-bien-tap.md").read_text(encoding="utf-8")
    chapter = guide.split("## 11. Biên tập trên trình duyệt", 1)[1]
    images = re.findall(r"!\[[^\]]+\]\((anh/bien-tap/[a-z-]+\.png)\)", chapter)
    # sign in, add an exemplar, upload a photo, save as draft, the review board, an error
    assert len(images) == 6
    for rel in images:
        data = (ROOT / "content" / "pages" / rel).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) < 150_000, rel
    # exemplars check resolves a page's links to files beside it, as the build does.
    monkeypatch.chdir(ROOT)
    assert cli.main(["check", "--today", "2026-11-25"]) == 0, capsys.readouterr().out
