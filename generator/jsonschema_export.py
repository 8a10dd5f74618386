"""JSON Schemas of the editors' YAML, for autocompletion and inline help in their editor.

Read off the same declarations as the validator (`spec`, through each type's `schema()`), so the
help an editor sees while typing and the rules `exemplars check` applies cannot drift apart;
`exemplars schema` writes them to `schemas/` and a test fails when the committed files are stale.

The schemas describe the YAML as the YAML language server (VS Code's YAML extension) reads it:
YAML 1.2, where a date is text and only `true`/`false` are booleans. They add the cross-field
rules of `validate` that a schema can express (published unless draft, a student's consent, a
unit's parent), so the editor flags those before `exemplars check` does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import spec

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft the YAML language server knows best
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def exemplar_schema() -> dict[str, Any]:
    schema = spec.EXEMPLAR.schema()
    private = schema["properties"]["private"]
    consent = spec.CONSENT.schema()
    consent["description"] = (f"{spec.CONSENT.title} (bắt buộc với học sinh): cha, mẹ hoặc người giám hộ "
                              "đồng ý và học sinh từ đủ 7 tuổi cũng đồng ý (child: true); sinh viên, học viên "
                              "từ đủ 18 tuổi tự đồng ý (by: self, adult: true)")
    # record_rules.check_student: say whether the child agreed (child), or that an adult consents alone
    consent["anyOf"] = [{"required": ["child"]},
                        {"required": ["adult"], "properties": {"adult": {"const": True}}}]
    private["properties"] = {"consent": consent}
    not_draft = {"properties": {"draft": {"not": {"const": True}}}}
    schema["allOf"] = [
        # validate: "published: required field is missing …; add it, or set draft: true"
        {"if": not_draft, "then": {"required": ["published"]}},
        # record_rules.check_student: a published student needs private.consent
        {"if": {"required": ["kind"], "properties": {"kind": {"const": "student"},
                                                      **not_draft["properties"]}},
         "then": {"required": ["private"], "properties": {"private": {"required": ["consent"]}}}},
    ]
    return _document(schema, "Một tệp trong content/exemplars/: một điển hình tiên tiến; tên tệp là mã "
                             "của điển hình")


def units_schema() -> dict[str, Any]:
    unit = spec.UNIT.schema()
    unit["allOf"] = [
        # validate._units: every unit but the department has a parent; a school has a level
        {"if": {"required": ["kind"], "properties": {"kind": {"not": {"const": "department"}}}},
         "then": {"required": ["parent"]}},
        {"if": {"required": ["kind"], "properties": {"kind": {"const": "school"}}},
         "then": {"required": ["level"]}},
    ]
    unit["dependencies"] = {"successor": ["until"]}
    schema = {"type": "array", "items": unit}
    return _document(schema, "content/units.yml: danh sách đơn vị (Sở, Phòng GD&ĐT, trường, đơn vị "
                             "trực thuộc)", title=spec.UNIT.title)


def plan_schema() -> dict[str, Any]:
    return _document(spec.PLAN.schema(), "content/plan.yml: các kế hoạch, tiêu chí và chỉ tiêu")


#: File name in schemas/ → the schema and the content files it describes (globs from the
#: repository root, as in .vscode/settings.json).
SCHEMAS: dict[str, tuple[Callable[[], dict[str, Any]], tuple[str, ...]]] = {
    "exemplar.schema.json": (exemplar_schema, ("content/exemplars/**/*.yml",)),
    "units.schema.json": (units_schema, ("content/units.yml",)),
    "plan.schema.json": (plan_schema, ("content/plan.yml",)),
}


def _document(schema: dict[str, Any], description: str, title: str | None = None) -> dict[str, Any]:
    out = {"$schema": DRAFT, "title": title or schema.get("title", ""), "description": description}
    out.update((k, v) for k, v in schema.items() if k != "title")
    return out


def render(schema: dict[str, Any]) -> str:
    """Stable text: Vietnamese kept readable, keys in declaration order."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def generated() -> dict[str, str]:
    """File name → text of every schema, as it should be committed."""
    return {name: render(make()) for name, (make, _) in SCHEMAS.items()}


def stale(out_dir: Path = SCHEMA_DIR) -> list[str]:
    """Names of the schema files in `out_dir` that are missing or differ from the generated ones."""
    out = []
    for name, text in generated().items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out


def write(out_dir: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema; returns the files that changed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in generated().items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
