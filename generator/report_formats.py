"""`exemplars check --format …`: problems where the editor sees them (báo lỗi ngay nơi biên tập).

- `github`: workflow commands, `::error file=…,line=…,title=…::message`, which GitHub Actions turns
  into annotations on the changed lines of a pull request
  (docs.github.com/actions/reference/workflow-commands-for-github-actions#setting-an-error-message).
- `gitlab`: a Code Quality report, a JSON array of `{description, check_name, fingerprint, severity,
  location: {path, lines: {begin}}}` (docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format)
  that GitLab shows in the merge request once the job declares it under
  `artifacts:reports:codequality`.
- `json`: `{"ok": …, "count": …, "problems": [{path, line, field, message}], "warnings": […]}`
  for other tools.

Warnings (a record that counts toward no level, …) are `::warning` annotations and `minor` issues;
they exist only when the content is otherwise valid.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from .loader import Problem

#: GitLab severities are info, minor, major, critical, blocker: a problem stops publication.
SEVERITY = "blocker"
WARNING = "minor"
_FIELD = re.compile(r"^([A-Za-z_][\w.\[\]-]*): ")


def field_of(problem: Problem) -> str | None:
    """The field a message is about (`unit: unknown unit …` → `unit`), if it names one."""
    m = _FIELD.match(problem.message)
    return m[1] if m else None


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem], warnings: Sequence[Problem] = ()) -> str:
    """One `::error` workflow command per problem (`::warning` per warning)."""
    lines = []
    for command, items in (("error", problems), ("warning", warnings)):
        for p in items:
            title = f"exemplars check: {field_of(p) or 'nội dung'}"
            lines.append(f"::{command} file={_escape_property(p.path)},line={p.line},"
                         f"title={_escape_property(title)}::{_escape_data(p.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def gitlab(problems: list[Problem], warnings: Sequence[Problem] = ()) -> list[dict[str, Any]]:
    """Code Quality issues; the fingerprint leaves the line out, so a problem that only moved is
    the same issue to GitLab's comparison of the branch with its target."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for severity, p in [(SEVERITY, p) for p in problems] + [(WARNING, w) for w in warnings]:
        seen[(p.path, p.message)] += 1
        key = f"{p.path}\0{p.message}\0{seen[(p.path, p.message)]}"
        out.append({
            "description": p.message,
            "check_name": f"exemplars/{field_of(p) or 'content'}",
            "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
            "severity": severity,
            "location": {"path": p.path, "lines": {"begin": p.line}},
        })
    return out


def as_json(problems: list[Problem], warnings: Sequence[Problem] = ()) -> dict[str, Any]:
    def item(p: Problem) -> dict[str, Any]:
        return {"path": p.path, "line": p.line, "field": field_of(p), "message": p.message}

    return {"ok": not problems, "count": len(problems), "problems": [item(p) for p in problems],
            "warnings": [item(w) for w in warnings]}


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
