"""Open data (dữ liệu mở): api/exemplars.json, api/units.json, api/quotas.json.

Built from the catalog only, i.e. from published records and public fields: drafts, scheduled
records and `private:` never get here. Keys are sorted and there is no build time, so the files
are byte-identical across builds of the same content.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from .. import urls
from ..model import Catalog, Exemplar, Unit
from ..quotas import SCOPES, Summary, UnitQuota, YearQuota, dashboard
from ..incremental import record_digest
from ..spill import Arena, Spilled
from . import Asset, once
from .fragments import Fragments, key_of
from .options import SiteOptions


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def exemplar_json(e: Exemplar, catalog: Catalog, site: SiteOptions) -> dict[str, Any]:
    return {
        "id": e.id, "url": site.absolute(urls.story(e.id)), "kind": e.kind, "name": e.name,
        "title": e.title, "position": e.position, "unit": e.unit, "unit_name": catalog.units[e.unit].name,
        "campaign": e.campaign, "school_year": e.school_year, "summary": e.summary,
        "registered_title": e.registered_title, "registered_on": _iso(e.registered_on),
        "criteria": list(e.criteria), "fields": list(e.fields), "good_deed": e.good_deed,
        "stage": e.stage, "featured": e.featured, "published": _iso(e.published),
        "level": catalog.level_of(e),  # not level_by_id: a one-record edit asks one record's
        "selected": ({"scope": e.selected.scope, "date": _iso(e.selected.date), "decision": e.selected.decision}
                     if e.selected else None),
        "events": [{"date": _iso(ev.date), "text": ev.text, "stage": ev.stage, "milestone": ev.milestone}
                   for ev in e.events],
        "awards": [{"title": a.title, "level": a.level, "date": _iso(a.date), "decision": a.decision,
                    "milestone": a.milestone} for a in e.awards],
        "replications": [{"unit": r.unit, "date": _iso(r.date), "note": r.note, "scope": r.scope,
                          "plan": r.plan} for r in e.replications],
        "photos": [{"url": site.absolute(urls.media(p.file)), "caption": p.caption, "alt": p.alt}
                   for p in e.photos],
        "media": [{"outlet": m.outlet, "title": m.title, "url": m.url, "date": _iso(m.date)} for m in e.media],
        "story": e.story,
    }


def unit_json(u: Unit, catalog: Catalog, site: SiteOptions) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "kind": u.kind, "level": u.level, "parent": u.parent,
            "website": u.website, "until": _iso(u.until), "successor": u.successor,
            "scope": catalog.scope_of(u.id), "pilot": list(u.pilot),
            "url": site.absolute(urls.unit(u.id)), "exemplars": len(catalog.by_unit.get(u.id, []))}


def _unit_quota(q: UnitQuota) -> dict[str, Any]:
    return {"unit": q.unit.id, "scope": q.scope, "office": q.office.id if q.office else None,
            "registered": q.registered, "met": q.met, "late": [e.id for e in q.late], "pilot": q.pilot,
            "quotas": [{"kind": li.kind, "key": li.key, "required": li.required, "actual": li.actual,
                        "shortfall": li.shortfall, **({"up_to": li.up_to} if li.up_to else {})}
                       for li in q.lines]}


def _summary(s: Summary) -> dict[str, Any]:
    return {"units": s.units, "met": s.met, "required": s.required, "counted": s.counted,
            "percent": s.percent}


def quota_json(yq: YearQuota) -> dict[str, Any]:
    """One school year. `schools` holds every unit with a quota of its own: schools under an
    office (scope `school`) and units directly under the department (scope `affiliated`)."""
    return {"school_year": yq.school_year, "campaign": yq.campaign.id, "deadline": _iso(yq.deadline),
            "registered": len(yq.records), "late": [e.id for e in yq.late],
            "offices": [_unit_quota(q) for q in yq.offices],
            "schools": [_unit_quota(q) for q in (*yq.schools, *yq.affiliated)],
            "summary": {scope: _summary(yq.summary(scope)) for scope in SCOPES} | {"all": _summary(yq.total)}}


def _dump(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


#: Where the records go in api/exemplars.json, and what goes between two of them: the file is
#: indented one space a level and a record sits two levels deep.
_RECORDS = b'"exemplars": []'
_BETWEEN = b",\n  "


def _record_bytes(e: Exemplar, catalog: Catalog, site: SiteOptions) -> bytes:
    """A record as `_dump` writes it inside the file (JSON strings hold no raw line break)."""
    return json.dumps(exemplar_json(e, catalog, site), ensure_ascii=False, indent=1,
                      sort_keys=True).replace("\n", "\n  ").encode("utf-8")


def exemplars_file(catalog: Catalog, site: SiteOptions, kept: Fragments | None = None,
                   arena: Arena | None = None) -> bytes | Spilled:
    """api/exemplars.json: `_dump` of every record's `exemplar_json`, each record's bytes kept
    in `kept` by what they are made of (the record, its unit's name and level, the site's URL).
    With an `arena` the bytes go there some records at a time (spill.py), never all in memory,
    with a digest of what they are made of (`made_of`) rather than of their 44 MB."""
    kept = Fragments(None, "") if kept is None else kept
    updated = _iso(catalog.exemplars[0].published) if catalog.exemplars else None
    outline = _dump({"updated": updated, "count": len(catalog.exemplars), "exemplars": []})
    if not catalog.exemplars:
        return arena.put(outline) if arena is not None else outline
    parts: list[bytes] = []
    out = arena.stream(hashed=False) if arena is not None else None
    head, tail = outline.split(_RECORDS, 1)
    parts.append(head + b'"exemplars": [\n  ')
    # A record's key: its digest and one of what its unit adds (name; level, which with the
    # record's own level and position gives the record's), worked out once per unit: hashing
    # four values per record took a tenth of a second at 10,000 records.
    of_unit: dict[str, str] = {}
    units = catalog.units
    keys: list[str] = []
    for i, e in enumerate(catalog.exemplars):
        if i:
            parts.append(_BETWEEN)
            if out is not None and len(parts) >= _BATCH:  # one write of many records: 20,000 writes took 0.15 s
                out.write(b"".join(parts))
                parts.clear()
        suffix = of_unit.get(e.unit)
        if suffix is None:
            unit = units[e.unit]
            suffix = of_unit[e.unit] = key_of(unit.name, unit.level, site.url)
        keys.append(key := record_digest(e) + suffix)
        parts.append(kept.get(key, lambda e=e: _record_bytes(e, catalog, site)))
    parts.append(b"\n ]" + tail)
    if out is None:
        return b"".join(parts)
    out.write(b"".join(parts))
    return out.close(made_of(outline, keys))


def made_of(outline: bytes, keys: list[str]) -> str:
    """The digest of api/exemplars.json from what it is made of: the file around the records
    (`outline`), each record's key (what its bytes are made of) and the code that makes them. Not
    their SHA-1 (44 MB hashed, a twentieth of a second of a one-edit build at 10,000 records);
    kept in the build cache and compared with the next build's, never with a file's SHA-1."""
    from ..recordcache import _code  # our code: what makes the bytes of a key

    h = hashlib.sha1(f"exemplars.json;{_code()};".encode())
    h.update(outline)
    h.update("\n".join(keys).encode())
    return "made-of:" + h.hexdigest()


#: Items (records and separators) joined into one write to the arena (a megabyte or so).
_BATCH = 1024


def _dump_kept(data: Any, kept: Fragments) -> bytes:
    """`_dump(data)`, kept by its repr: equal reprs of plain data (dicts, lists, text, numbers)
    are equal data, the same JSON. The repr costs a fifth of the encoding."""
    return kept.get(hashlib.sha1(repr(data).encode("utf-8", "surrogatepass")).hexdigest(), lambda: _dump(data))


def plan(catalog: Catalog, site: SiteOptions, cache_dir: Path | None = None,
         arena: Arena | None = None) -> list[Asset]:
    """`cache_dir`: the build cache's folder, where each record's JSON is kept (fragments.py);
    `arena`: where api/exemplars.json's bytes go (spill.py), None keeps them in memory."""
    kept = Fragments(cache_dir, "opendata")
    out = [
        Asset(urls.API_EXEMPLARS, exemplars_file(catalog, site, kept, arena)),
        Asset(urls.API_UNITS, _dump_kept({"count": len(catalog.units), "units": [
            unit_json(u, catalog, site) for u in catalog.units.values()]}, kept)),
    ]
    kept.write()
    return out


def plan_quotas(catalog: Catalog, site: SiteOptions, cache_dir: Path | None = None) -> list[Asset]:
    """The quota JSON, a planner of its own: made of what the quota pages show of the records
    (pages/dashboard.py), it is kept as they are when an edit touches nothing they show
    (planmemo.py). `site` is not read: a site planner, to stay after the other open data."""
    kept = Fragments(cache_dir, "opendata-quotas")
    out = [Asset(urls.API_QUOTAS, _dump_kept({"school_years": [quota_json(yq) for yq in once(catalog, dashboard)]},
                                             kept))]
    kept.write()
    return out
