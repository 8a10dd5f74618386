"""Deployment files: the CI workflows check, build strictly and publish site/; the pre-commit hook
runs `exemplars check` on changes under content/.

Workflow files are read with PyYAML's BaseLoader (every scalar stays text), so GitHub's `on:` key
stays "on" instead of YAML 1.1's `True`.
"""

from __future__ import annotations

import re

import yaml

from conftest import ROOT


def load(relpath: str):
    return yaml.load((ROOT / relpath).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506


def commands(lines) -> list[str]:
    """Shell commands of a step's `run` or a job's `script`, one per line."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    return [c.strip() for line in lines for c in line.split("&&") if c.strip()]


def test_make_targets_publish_site_folder():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^check: .*\n\t.*exemplars check", makefile, re.M)
    assert re.search(r"^site: .*\n\t.*exemplars build", makefile, re.M)
    assert re.search(r"^site_dir: site$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert re.search(r"^strict: true$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)


def test_github_workflow_checks_builds_and_deploys_site():
    wf = load(".github/workflows/pages.yml")
    assert "main" in wf["on"]["push"]["branches"]
    assert wf["on"]["schedule"], "a daily run publishes scheduled records on their day"
    assert wf["permissions"]["pages"] == "write" and wf["permissions"]["id-token"] == "write"
    build = wf["jobs"]["build"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in build]
    runs = [c for s in build for c in commands(s.get("run", ""))]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    # Problems become annotations on the pull request's lines (exemplars check --format github).
    assert runs.index("make check FORMAT=github") < runs.index("make site")
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert build.index(upload) > max(i for i, s in enumerate(build) if "make site" in s.get("run", ""))
    assert upload["with"]["path"].rstrip("/") == "site"
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert "pull_request" in deploy["if"]  # pull requests are checked, never deployed
    assert wf["env"]["TZ"] == "Asia/Ho_Chi_Minh"


def test_gitlab_pages_job_checks_builds_and_publishes_site_as_public():
    ci = load(".gitlab-ci.yml")
    job = ci["pages"]
    script = commands(job["script"])
    # Problems go to the merge request's Code Quality report (exemplars check --format gitlab).
    assert script.index("make check FORMAT=gitlab") < script.index("make site")
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    copy = script[script.index("make site") + 1:]
    assert any(re.fullmatch(r"(rm -rf public ?)?cp -a site/? public/?", c) for c in copy), copy
    assert job["artifacts"]["paths"] == ["public"]
    assert any("CI_DEFAULT_BRANCH" in r["if"] for r in job["rules"])
    # Other branches are checked and built, never published.
    other = ci["check"]
    assert commands(other["script"]) == ["make check FORMAT=gitlab", ".venv/bin/exemplars cms --check", "make site"]
    assert other["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert ci["variables"]["TZ"] == "Asia/Ho_Chi_Minh"


def test_pre_commit_hook_runs_check_on_content_changes():
    config = load(".pre-commit-config.yaml")
    hooks = {h["id"]: h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]}
    hook = hooks["exemplars-check"]
    assert hook["entry"].split()[0] == "make" and hook["entry"].split()[-1] == "check"
    assert hook["language"] == "system" and hook["pass_filenames"] == "false"
    files = re.compile(hook["files"])
    assert files.search("content/exemplars/2025-2026/nguyen-thi-mai-th-kim-dong-tphb.yml")
    assert files.search("content/units.yml")
    assert not files.search("generator/plugin.py")
    schema = re.compile(hooks["exemplars-schema"]["files"])
    assert schema.search("generator/spec.py") and not schema.search("content/units.yml")


def test_readme_documents_deploy_and_editors_tools():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    deploy = readme.split("## Deploy", 1)[1].split("\n## ", 1)[0]
    for words in (".github/workflows/pages.yml", ".gitlab-ci.yml", "rsync", "site/"):
        assert words in deploy, words
    tools = readme.split("## Editors' tools", 1)[1].split("\n## ", 1)[0]
    for words in ("exemplars new", "exemplars schema", ".vscode/settings.json", ".pre-commit-config.yaml"):
        assert words in tools, words
