"""Records from checked data (hồ sơ từ dữ liệu đã kiểm tra): the typed records of model.py, made
from the dicts the schema checks have accepted (validate.py, validate_plan.py). Kept apart from
the records themselves: what they are, not how a content file becomes one."""

from __future__ import annotations

from typing import Any

from .model import (Award, Campaign, Criterion, Event, Exemplar, MediaLink, Milestone, Person, Photo, Replication,
                    Selection, Unit)


def exemplar_from(record_id: str, source: str, data: dict[str, Any]) -> Exemplar:
    """Typed record from validated data; `private`, `draft` never cross this line."""
    return Exemplar(
        id=record_id, source=source,
        kind=data["kind"], name=data["name"], title=data["title"], unit=data["unit"],
        campaign=data["campaign"], school_year=data["school_year"], summary=data["summary"],
        registered_title=data["registered_title"], stage=data["stage"], published=data["published"],
        position=data.get("position"),
        criteria=tuple(data.get("criteria", ())), fields=tuple(data.get("fields", ())),
        good_deed=data.get("good_deed", False),
        events=tuple(sorted((Event(**e) for e in data.get("events", ())), key=lambda e: e.date)),
        level=data.get("level"),
        selected=Selection(**data["selected"]) if data.get("selected") else None,
        awards=tuple(Award(**a) for a in data.get("awards", ())),
        replications=tuple(Replication(**r) for r in data.get("replications", ())),
        photos=tuple(Photo(**p) for p in data.get("photos", ())),
        media=tuple(MediaLink(**m) for m in data.get("media", ())),
        story=data.get("story", ""), featured=data.get("featured", False),
    )


def campaign_from(data: dict[str, Any]) -> Campaign:
    criteria = {kind: [Criterion(**c) for c in items] for kind, items in data.get("criteria", {}).items()}
    return Campaign(id=data["id"], title=data["title"], start=data["start"], end=data["end"],
                    registration_deadline=data.get("registration_deadline"), criteria=criteria,
                    quotas=data.get("quotas", {}), number=data.get("number"), date=data.get("date"),
                    issuer=data.get("issuer"),
                    signer=Person(**data["signer"]) if data.get("signer") else None,
                    document=data.get("document"),
                    contact=Person(**data["contact"]) if data.get("contact") else None,
                    deadlines=dict(data.get("deadlines", {})), pilot=dict(data.get("pilot", {})),
                    reporting=dict(data.get("reporting", {})),
                    milestones=tuple(sorted((Milestone(**m) for m in data.get("milestones", ())),
                                            key=lambda m: (m.date, m.id))))


def unit_from(data: dict[str, Any]) -> Unit:
    return Unit(**{**data, "pilot": tuple(data.get("pilot", ()))})
