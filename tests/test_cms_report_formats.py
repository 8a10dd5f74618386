"""`exemplars check --format github|gitlab|json` against the formats their consumers document.

GitHub: workflow command `::error file={name},line={line},title={title}::{message}`, with `%`,
CR and LF escaped in the message and also `:` and `,` in properties. GitLab: Code Quality report,
a JSON array of issues with `description`, `check_name`, `fingerprint`, `severity` (info, minor,
major, critical, blocker) and `location.path` (relative) + `location.lines.begin`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from generator import cli, report_formats
from generator.loader import Problem

# The two mistakes planted below, by hand: an unknown unit (line 4 of nguyen-thi-hoa.yml) and a
# published date that is no calendar date (appended to sub/dang-van-an.yml).
UNIT_LINE = 4

#: GitLab's documented report format (docs.gitlab.com/ci/testing/code_quality/), as a schema.
GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object", "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": r"^[^/]"},  # relative to the repository
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}
GITHUB_COMMAND = re.compile(r"^::error file=(?P<file>[^,:]+),line=(?P<line>\d+),title=(?P<title>[^,:]+)"
                            r"::(?P<message>[^\r\n]*)$")


def _unescape(text: str) -> str:
    for code, ch in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, ch)
    return text


@pytest.fixture
def broken(content: Path, monkeypatch) -> Path:
    """The fixture corpus with two mistakes, run from its parent folder (paths as editors see them)."""
    record = content / "exemplars" / "nguyen-thi-hoa.yml"
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[UNIT_LINE - 1].startswith("unit: ")
    lines[UNIT_LINE - 1] = "unit: th-kim-dongg\n"
    record.write_text("".join(lines), encoding="utf-8")
    other = content / "exemplars" / "sub" / "dang-van-an.yml"
    other.write_text(other.read_text(encoding="utf-8") + "published: 2019-02-30\n", encoding="utf-8")
    monkeypatch.chdir(content.parent)
    return content


def run(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["check", "--content", "content", "--today", "2026-11-25", *args])
    return code, capsys.readouterr().out


def test_text_lists_both_mistakes(broken, capsys):
    code, out = run(capsys)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"content/exemplars/nguyen-thi-hoa.yml:{UNIT_LINE}: unit: unknown unit")
    assert lines[1].startswith("content/exemplars/sub/dang-van-an.yml:")


def test_github_workflow_commands(broken, capsys):
    code, text = run(capsys)
    code_gh, out = run(capsys, "--format", "github")
    assert code == code_gh == 1
    commands = out.splitlines()
    assert len(commands) == 2
    parsed = []
    for line in commands:
        m = GITHUB_COMMAND.match(line)
        assert m, line
        parsed.append(f"{_unescape(m['file'])}:{m['line']}: {_unescape(m['message'])}")
        assert _unescape(m["title"]).startswith("exemplars check: ")
    # The same problems, file and line as the plain output, one annotation each.
    assert parsed == text.splitlines()


def test_github_escapes_what_would_break_a_command():
    problem = Problem("content/a,b:c.yml", 3, "story: 100% sure\nsecond line")
    out = report_formats.github([problem])
    assert out == ("::error file=content/a%2Cb%3Ac.yml,line=3,title=exemplars check%3A story"
                   "::story: 100%25 sure%0Asecond line\n")


def test_gitlab_code_quality_report(broken, capsys, tmp_path):
    report = tmp_path / "gl-code-quality-report.json"
    code, out = run(capsys, "--format", "gitlab", "--output", str(report))
    assert code == 1
    issues = json.loads(report.read_text(encoding="utf-8"))
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert [(i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues][0] == \
        ("content/exemplars/nguyen-thi-hoa.yml", UNIT_LINE)
    assert len(issues) == 2 and len({i["fingerprint"] for i in issues}) == 2
    assert issues[0]["check_name"] == "exemplars/unit"
    assert len(out.splitlines()) == 2  # the job log keeps the plain lines


def test_gitlab_fingerprint_survives_a_moved_line_and_tells_repeats_apart():
    a = report_formats.gitlab([Problem("x.yml", 4, "unit: bad")])
    b = report_formats.gitlab([Problem("x.yml", 9, "unit: bad")])
    assert a[0]["fingerprint"] == b[0]["fingerprint"]
    twice = report_formats.gitlab([Problem("x.yml", 4, "unit: bad"), Problem("x.yml", 8, "unit: bad")])
    assert twice[0]["fingerprint"] != twice[1]["fingerprint"]


def test_gitlab_report_is_written_empty_when_all_is_well(content, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(content.parent)
    report = tmp_path / "report.json"
    code, _ = run(capsys, "--format", "gitlab", "--output", str(report))
    assert code == 0
    assert json.loads(report.read_text(encoding="utf-8")) == []


def test_json_for_other_tools(broken, capsys):
    code, out = run(capsys, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["count"] == len(data["problems"]) == 2
    first = data["problems"][0]
    assert (first["path"], first["line"], first["field"]) == ("content/exemplars/nguyen-thi-hoa.yml", UNIT_LINE, "unit")
    assert first["message"].startswith("unit: unknown unit 'th-kim-dongg'")


def test_json_when_all_is_well(content, capsys, monkeypatch):
    monkeypatch.chdir(content.parent)
    code, out = run(capsys, "--format", "json")
    assert code == 0 and json.loads(out) == {"ok": True, "count": 0, "problems": [], "warnings": []}
