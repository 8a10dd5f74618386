"""Pick-lists of the editing page read from plan.yml: criteria (tiêu chí) and milestones (mốc lộ trình).

An exemplar names its criteria and milestones by id (`criteria: [nq29]`, `milestone: hoi-nghi-2019`),
ids that live two list levels deep in plan.yml (`campaigns[].criteria.<kind>[].id`,
`campaigns[].milestones[].id`). Sveltia CMS 0.221.1's relation widget reads one list level only
(its `value_field` takes a single `*`: `campaigns.*.milestones.*.id` matches nothing), so
`exemplars cms` writes the choices into the configuration as `select` options with Vietnamese
labels instead. The configuration then depends on plan.yml: `exemplars cms --check` compares it
with the plan as it is, so CI fails until `exemplars cms` is run after the plan changes.

A select's values must be unique (Sveltia keys its options by value), while a criterion id may
recur across kinds and campaigns (`nq29` for collectives and managers, in both plans): one option
per id, its label saying for which kinds and campaigns it counts. Whether the id fits the record's
own kind and campaign is left to `exemplars check`, as the field's hint says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import labels
from .loader import ContentError, Problem
from .model import Campaign
from .validate_plan import campaigns as load_campaigns
from .vietnamese import format_date

#: Longest criterion text kept in an option's label (the rest becomes "…"): long enough to tell
#: criteria apart, short enough to fit one line of the list.
LABEL_TEXT = 70
#: Kind names inside a label, short and lower case ("tập thể", "học sinh").
KIND_NAMES = {"collective": "tập thể", "staff": "giáo viên", "manager": "cán bộ quản lý",
              "student": "học sinh"}


def load(content_dir: Path) -> dict[str, Campaign]:
    """The campaigns of `content_dir`/plan.yml, checked as `exemplars check` does; raises
    `ContentError` when the plan has problems (no pick-list is made from a broken plan)."""
    problems: list[Problem] = []
    plan = load_campaigns(content_dir / "plan.yml", str, problems, content_dir / "media")
    if problems:
        raise ContentError(problems)
    return plan


def shorten(text: str, limit: int = LABEL_TEXT) -> str:
    """The first words of `text` up to `limit` characters, "…" when cut."""
    text = " ".join(text.split()).rstrip(".")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def criterion_options(plan: dict[str, Campaign]) -> list[dict[str, str]]:
    """One option per criterion id, in plan order (kinds in the content model's order):
    "nq29 – Thực hiện có hiệu quả … (tập thể, quản lý: 2017-2020, 2021-2025)"."""
    texts: dict[str, str] = {}
    where: dict[str, dict[str, list[str]]] = {}  # id → kind → campaign ids
    for kind in labels.KINDS:
        for campaign in plan.values():
            for criterion in campaign.criteria.get(kind, []):
                texts.setdefault(criterion.id, criterion.text)
                where.setdefault(criterion.id, {}).setdefault(kind, []).append(campaign.id)
    options = []
    for cid, kinds in where.items():
        # Kinds that share the same campaigns are named together.
        groups: dict[tuple[str, ...], list[str]] = {}
        for kind, campaign_ids in kinds.items():
            groups.setdefault(tuple(campaign_ids), []).append(KIND_NAMES[kind])
        scope = "; ".join(f"{', '.join(names)}: {', '.join(ids)}" for ids, names in groups.items())
        options.append({"label": f"{cid} – {shorten(texts[cid])} ({scope})", "value": cid})
    return options


def milestone_options(plan: dict[str, Campaign]) -> list[dict[str, str]]:
    """One option per milestone (ids are unique across the plan), in plan order:
    "hoi-nghi-2019 – Hội nghị điển hình tiên tiến … (2017-2020, 20/11/2019)"."""
    return [{"label": f"{m.id} – {shorten(m.title)} ({campaign.id}, {format_date(m.date)})", "value": m.id}
            for campaign in plan.values() for m in campaign.milestones]


#: Appended to the field's help text from spec.py.
CRITERIA_HINT = ("Chọn trong danh sách tiêu chí của plan.yml (gõ vài chữ để tìm); trong ngoặc là loại "
                 "điển hình và kế hoạch có tiêu chí ấy: chỉ chọn tiêu chí của đúng loại và kế hoạch "
                 "của hồ sơ (exemplars check kiểm tra)")
MILESTONE_HINT = "Chọn trong danh sách mốc lộ trình của plan.yml; để trống nếu không gắn với mốc nào"


def pick_lists(form: list[dict[str, Any]], plan: dict[str, Campaign]) -> None:
    """Turn `criteria` and every nested `milestone` of the exemplar form into selects (in place)."""
    criteria, milestones = criterion_options(plan), milestone_options(plan)
    for f in form:
        if f["name"] == "criteria":
            f.pop("field", None)
            f.update(widget="select", multiple=True, options=criteria, hint=f"{f['hint']}. {CRITERIA_HINT}")
        elif f["name"] == "milestone":
            f.pop("pattern", None)
            f.pop("maxlength", None)
            f.update(widget="select", options=milestones, hint=f"{f['hint']}. {MILESTONE_HINT}")
        if f.get("fields"):
            pick_lists(f["fields"], plan)
