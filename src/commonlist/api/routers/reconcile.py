"""The W3C Reconciliation Service API (0.2) at /reconcile, for OpenRefine.

Manifest (GET), queries (POST form field ``queries``, or GET ``?queries=``),
an HTML preview, and suggest services for entities, types and properties.
Candidates are scored with the same matcher as ``/match``.
"""

from __future__ import annotations

import html
import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from followthemoney import model
from followthemoney.schema import Schema
from followthemoney.types import registry

from commonlist.api.deps import IndexDep
from commonlist.api.schemas import (
    ReconCandidate,
    ReconEntity,
    ReconManifest,
    ReconPreview,
    ReconProperty,
    ReconResult,
    ReconSuggest,
    ReconSuggestResponse,
    ReconSuggestService,
    ReconType,
    ReconView,
)
from commonlist.exc import InvalidInput
from commonlist.screen.index import ScreenIndex
from commonlist.screen.scoring import query_entity, score_query

router = APIRouter(prefix="/reconcile", tags=["Reconciliation"])

TYPES = ("Person", "Organization", "LegalEntity", "Vessel", "Airplane")
MAX_QUERIES = 100
MAX_RESULTS = 25
DEFAULT_TYPE = "LegalEntity"


def _type(schema: Schema) -> ReconType:
    return ReconType(
        id=schema.name, name=schema.plural, description=schema.description or schema.label
    )


def _types() -> list[Schema]:
    return [s for name in TYPES if (s := model.get(name)) is not None]


@router.get("", response_model=None)
def manifest(
    request: Request, index: IndexDep, queries: Annotated[str | None, Query()] = None
) -> ReconManifest | dict[str, ReconResult]:
    """The service manifest; with ``?queries=`` it answers queries instead (GET form)."""
    if queries is not None:
        return _reconcile(index, queries)
    base = str(request.base_url).rstrip("/")
    suggest = f"{base}/reconcile"
    return ReconManifest(
        name=f"commonlist ({index.info.version})",
        identifierSpace=f"{base}/entities/",
        schemaSpace="https://followthemoney.tech/explorer/schemata/",
        view=ReconView(url=f"{base}/entities/{{{{id}}}}"),
        preview=ReconPreview(url=f"{base}/reconcile/preview?id={{{{id}}}}", width=430, height=300),
        suggest=ReconSuggest(
            entity=ReconSuggestService(service_url=suggest, service_path="/suggest/entity"),
            type=ReconSuggestService(service_url=suggest, service_path="/suggest/type"),
            property=ReconSuggestService(service_url=suggest, service_path="/suggest/property"),
        ),
        defaultTypes=[_type(s) for s in _types()],
    )


@router.post("", response_model=dict[str, ReconResult])
def reconcile(index: IndexDep, queries: Annotated[str, Form()]) -> dict[str, ReconResult]:
    """Reconciliation queries: ``{"q0": {"query": "…", "type": "Person", "limit": 3,
    "properties": [{"pid": "birthDate", "v": "1957"}]}}``."""
    return _reconcile(index, queries)


def _reconcile(index: ScreenIndex, raw: str) -> dict[str, ReconResult]:
    try:
        batch = json.loads(raw)
    except ValueError as exc:
        raise InvalidInput(f"queries is not JSON: {exc}") from exc
    if not isinstance(batch, dict) or not all(isinstance(q, dict) for q in batch.values()):
        raise InvalidInput('queries must be an object of queries: {"q0": {"query": "…"}}')
    if len(batch) > MAX_QUERIES:
        raise InvalidInput(f"too many queries in one batch (limit: {MAX_QUERIES})")
    return {key: _query(index, q) for key, q in batch.items()}


def _query(index: ScreenIndex, query: dict[str, Any]) -> ReconResult:
    text = query.get("query")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("each query needs a 'query' string")
    schema = query.get("type") or DEFAULT_TYPE
    if isinstance(schema, list):
        schema = schema[0] if schema else DEFAULT_TYPE
    limit = query.get("limit") or 5
    if not isinstance(limit, int) or not 1 <= limit <= MAX_RESULTS:
        raise InvalidInput(f"limit must be an integer from 1 to {MAX_RESULTS}")
    properties: dict[str, list[str]] = {"name": [text]}
    for item in query.get("properties") or []:
        if not isinstance(item, dict):
            raise InvalidInput("properties must be a list of {pid, v}")
        pid = str(item.get("pid", "")).split(":")[-1]
        values = item.get("v")
        vals = values if isinstance(values, list) else [values]
        properties.setdefault(pid, []).extend(
            str(v.get("id", "")) if isinstance(v, dict) else str(v) for v in vals if v is not None
        )
    entity = query_entity(str(schema), properties)
    _total, hits = score_query(index, entity, limit=limit)
    return ReconResult(
        result=[
            ReconCandidate(
                id=h.id,
                name=index.captions[h.entry],
                description=", ".join(
                    str(r) for r in index.entity(h.entry).context.get("referents", [])[:5]
                ),
                type=[_type(index.entity(h.entry).schema)],
                score=round(h.score * 100, 2),
                match=h.match,
            )
            for h in hits
        ]
    )


@router.get("/preview", response_class=HTMLResponse)
def preview(index: IndexDep, id: Annotated[str, Query()]) -> HTMLResponse:
    """A small HTML card of an entry for OpenRefine's preview pane."""
    entry = index.resolve_id(id)
    entity = index.entity(entry)
    rows = []
    for prop, values in sorted(entity.properties.items()):
        label = entity.schema.properties[prop].label
        rows.append(
            f"<tr><th>{html.escape(label)}</th><td>{html.escape('; '.join(values[:10]))}</td></tr>"
        )
    referents = ", ".join(str(r) for r in entity.context.get("referents", []))
    body = (
        "<!doctype html><html><head><meta charset='utf-8'><title>"
        f"{html.escape(index.captions[entry])}</title></head><body style='font:13px sans-serif'>"
        f"<h3>{html.escape(index.captions[entry])}</h3><p>{html.escape(index.ids[entry])} · "
        f"{html.escape(entity.schema.label)} · {html.escape(referents)}</p>"
        f"<table>{''.join(rows)}</table></body></html>"
    )
    return HTMLResponse(body)


@router.get("/suggest/entity", response_model=ReconSuggestResponse)
def suggest_entity(
    index: IndexDep,
    prefix: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=MAX_RESULTS)] = 10,
) -> ReconSuggestResponse:
    """Entries whose names contain the typed words."""
    found = index.candidates(
        query_entity(DEFAULT_TYPE, {"name": [prefix]}), limit=limit, min_coverage=0.3
    )
    return ReconSuggestResponse(
        prefix=prefix,
        result=[
            ReconEntity(
                id=index.ids[c.entry],
                name=index.captions[c.entry],
                description=index.schemas[c.entry],
                type=[_type(index.entity(c.entry).schema)],
            )
            for c in found
        ],
    )


@router.get("/suggest/type", response_model=ReconSuggestResponse)
def suggest_type(prefix: Annotated[str, Query(max_length=200)] = "") -> ReconSuggestResponse:
    """Schemata (types) whose name or label starts with the prefix."""
    p = prefix.lower()
    return ReconSuggestResponse(
        prefix=prefix,
        result=[
            _type(s)
            for s in _types()
            if s.name.lower().startswith(p) or s.label.lower().startswith(p)
        ],
    )


@router.get("/suggest/property", response_model=ReconSuggestResponse)
def suggest_property(prefix: Annotated[str, Query(max_length=200)] = "") -> ReconSuggestResponse:
    """Properties of the screenable types, for OpenRefine's column matching."""
    p = prefix.lower()
    seen: dict[str, ReconProperty] = {}
    for schema in _types():
        for prop in schema.properties.values():
            if prop.hidden or prop.type == registry.entity or prop.name in seen:
                continue
            if prop.name.lower().startswith(p) or prop.label.lower().startswith(p):
                seen[prop.name] = ReconProperty(
                    id=prop.name, name=prop.label, description=prop.description
                )
    return ReconSuggestResponse(prefix=prefix, result=list(seen.values())[:25])
