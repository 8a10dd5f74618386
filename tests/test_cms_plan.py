"""Criteria and milestones of the editing page: pick-lists read from plan.yml (generator/cms_plan.py)."""

from __future__ import annotations

import shutil
from datetime import date

import yaml

from conftest import ROOT
from generator import cli, cms, cms_plan
from generator.model import Campaign, Criterion

PLAN = yaml.safe_load((ROOT / "content" / "plan.yml").read_text(encoding="utf-8"))


def exemplar_form() -> dict:
    config = yaml.safe_load((ROOT / "theme" / "admin" / "config.yml").read_text(encoding="utf-8"))
    form = next(c for c in config["collections"] if c["name"] == "exemplars")["fields"]
    return {f["name"]: f for f in form}


def test_criteria_are_a_multiple_select_of_every_criterion_in_the_plan():
    criteria = exemplar_form()["criteria"]
    assert (criteria["widget"], criteria["multiple"], criteria["required"]) == ("select", True, False)
    values = [o["value"] for o in criteria["options"]]
    # Read here from the raw YAML, not through the generator: every id once, nothing else.
    ids = {c["id"] for campaign in PLAN["campaigns"] for items in campaign["criteria"].values() for c in items}
    assert len(values) == len(set(values)) and set(values) == ids
    labels = {o["value"]: o["label"] for o in criteria["options"]}
    # The same id for two kinds in both campaigns; one kind only; an id new in 2021-2025.
    assert labels["nq29"] == ("nq29 – Thực hiện có hiệu quả những mục tiêu, nhiệm vụ, giải pháp của Nghị … "
                              "(tập thể, cán bộ quản lý: 2017-2020, 2021-2025)")
    assert labels["dung-cam"].endswith("(học sinh: 2017-2020, 2021-2025)")
    assert labels["chuyen-doi-so"].endswith("(tập thể, giáo viên: 2021-2025)")
    assert "plan.yml" in criteria["hint"]


def test_milestones_of_events_and_awards_are_selects_of_the_plans_milestones():
    form = exemplar_form()
    ids = [m["id"] for campaign in PLAN["campaigns"] for m in campaign.get("milestones", [])]
    for list_field in ("events", "awards"):
        milestone = next(f for f in form[list_field]["fields"] if f["name"] == "milestone")
        assert milestone["widget"] == "select" and milestone["required"] is False, list_field
        assert "pattern" not in milestone
        assert [o["value"] for o in milestone["options"]] == ids
        labels = {o["value"]: o["label"] for o in milestone["options"]}
        assert labels["cuoc-thi-viet-2019"] == ("cuoc-thi-viet-2019 – Cuộc thi viết về gương người tốt, việc tốt "
                                                "(2017-2020, 31/12/2019)")


def test_every_id_the_demo_records_use_is_in_the_lists():
    form = exemplar_form()
    criteria = {o["value"] for o in form["criteria"]["options"]}
    milestones = {o["value"] for o in next(f for f in form["events"]["fields"] if f["name"] == "milestone")["options"]}
    used_criteria, used_milestones = set(), set()
    for path in (ROOT / "content" / "exemplars").rglob("*.yml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        used_criteria |= set(record.get("criteria", []))
        used_milestones |= {i["milestone"] for k in ("events", "awards") for i in record.get(k, []) if "milestone" in i}
    assert used_criteria and used_criteria <= criteria
    assert used_milestones and used_milestones <= milestones


def test_labels_group_kinds_that_share_campaigns():
    def campaign(cid: str, criteria: dict) -> Campaign:
        return Campaign(cid, "Kế hoạch", date(2021, 1, 1), date(2025, 12, 31), criteria=criteria)

    long = "Một tiêu chí " + "rất dài " * 20
    plan = {"a": campaign("a", {"staff": [Criterion("x", "Vượt khó.")], "collective": [Criterion("x", "Khác")]}),
            "b": campaign("b", {"collective": [Criterion("x", "Khác"), Criterion("y", long)]})}
    options = cms_plan.criterion_options(plan)
    # Kinds in the content model's order; the first text met (collective, campaign a) is shown.
    assert options[0] == {"value": "x", "label": "x – Khác (tập thể: a, b; giáo viên: a)"}
    assert options[1]["value"] == "y" and options[1]["label"].endswith(" … (tập thể: b)")
    assert len(options[1]["label"]) < len(long)
    assert cms_plan.shorten("Vượt khó.") == "Vượt khó"


def test_check_fails_when_plan_yml_changed_and_cms_was_not_run(tmp_path, capsys):
    """The configuration depends on plan.yml: a new criterion makes `exemplars cms --check` fail
    (CI runs it) until `exemplars cms` writes the new list."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    assert cli.main(["cms", "--check", "--content", str(content)]) == 0
    plan = (content / "plan.yml").read_text(encoding="utf-8")
    new = '        - id: tieu-bieu\n          text: "Là đơn vị tiêu biểu'
    assert plan.count(new) == 2
    plan = plan.replace(new, '        - id: nha-truong-so\n          text: "Nhà trường số."\n' + new, 1)
    (content / "plan.yml").write_text(plan, encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["cms", "--check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "plan.yml" in err and "exemplars cms" in err
    out = tmp_path / "admin"
    assert cli.main(["cms", "--out", str(out), "--content", str(content)]) == 0
    assert cli.main(["cms", "--check", "--out", str(out), "--content", str(content)]) == 0
    assert "nha-truong-so – Nhà trường số (tập thể: 2017-2020)" in (out / "config.yml").read_text(encoding="utf-8")


def test_a_broken_plan_is_reported_not_turned_into_a_list(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    plan = (content / "plan.yml").read_text(encoding="utf-8")
    (content / "plan.yml").write_text(plan.replace("- id: hoi-nghi-2019", "- id: Hội nghị 2019", 1), encoding="utf-8")
    assert cli.main(["cms", "--out", str(tmp_path / "admin"), "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "plan.yml:" in err and "id" in err
    assert not (tmp_path / "admin" / "config.yml").exists()
    assert not cms.stale(ROOT / "theme" / "admin")  # the committed file was left alone


def test_ci_and_the_pre_commit_hook_run_the_check_when_plan_yml_changes():
    import re

    def load(name: str) -> dict:
        return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))

    hooks = {h["id"]: h for repo in load(".pre-commit-config.yaml")["repos"] for h in repo.get("hooks", [])}
    hook = re.compile(hooks["exemplars-cms"]["files"])
    assert hook.search("content/plan.yml") and hook.search("generator/cms_plan.py")
    assert not hook.search("content/units.yml")
    steps = load(".github/workflows/pages.yml")["jobs"]["build"]["steps"]
    assert any(s.get("run", "").strip() == ".venv/bin/exemplars cms --check" for s in steps)
    assert ".venv/bin/exemplars cms --check" in load(".gitlab-ci.yml")["check"]["script"]
