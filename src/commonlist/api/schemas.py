"""Request and response shapes of the HTTP API (pydantic, at the edge only).

``/match`` follows yente's models (``yente/data/common.py``) field for field, so
clients written for yente work unchanged; we add ``explanation`` (each feature's
weight, contribution and reason) and ``known_false_positive``. Reconciliation
follows the W3C Reconciliation Service API (0.2; yente's ``freebase.py``).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ErrorResponse(BaseModel):
    detail: str = Field(..., examples=["no entry 'CL-000999' in release-3"])


class EntityExample(BaseModel):
    """A query: an entity described by its schema and properties (yente ``EntityExample``)."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, examples=["customer-4711"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, str | list[str]] = Field(
        ...,
        examples=[{"name": ["Usama bin Ladin"], "birthDate": ["1957"], "nationality": ["sa"]}],
    )


class EntityMatchQuery(BaseModel):
    """A batch of queries, keyed by names the client chooses."""

    weights: dict[str, float] = Field(
        {},
        description="feature name → weight, replacing the algorithm's own for those features "
        "(as yente's); the scores are then no longer calibrated to the threshold",
        examples=[{"birth_date_match": 4.0}],
    )
    queries: dict[str, EntityExample]


class EntityResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(..., examples=["CL-000123"])
    caption: str = Field(..., examples=["Usama bin Ladin"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, list[str]] = Field(..., examples=[{"name": ["Usama bin Ladin"]}])
    datasets: list[str] = Field([], examples=[["UN", "EU"]])
    referents: list[str] = Field([], examples=[["UN:QDi.001", "EU:EU.1.2"]])
    target: bool = True
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    last_change: datetime | None = None


class FeatureExplanation(BaseModel):
    name: str = Field(..., examples=["name_match"])
    score: float = Field(..., examples=[0.96])
    weight: float = Field(..., examples=[16.0])
    contribution: float = Field(..., examples=[15.36])
    detail: str = Field(..., examples=["usama bin ladin ~ osama bin laden"])


class ScoredEntityResponse(EntityResponse):
    score: float = Field(..., examples=[0.97])
    features: dict[str, float] = Field(..., examples=[{"name_match": 0.96}])
    match: bool = False
    explanation: list[FeatureExplanation] = []
    known_false_positive: bool = False


class TotalSpec(BaseModel):
    value: int = Field(..., examples=[3])
    relation: str = "eq"


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str
    coefficient: float
    url: str


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int = Field(..., examples=[5])


class SearchResponse(BaseModel):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[EntityResponse]
    facets: dict[str, dict[str, object]] = {}


class FalsePositiveIn(BaseModel):
    record_id: str = Field(
        ..., description="the client's own ID of the screened record", examples=["customer-4711"]
    )
    entity_id: str = Field(..., examples=["CL-000123"])
    comment: str = ""


class FalsePositiveOut(BaseModel):
    id: int
    client: str
    record_id: str
    entity_id: str
    comment: str
    created_at: datetime
    retracted_at: datetime | None = None


class JobOut(BaseModel):
    id: str
    client: str
    status: str = Field(..., examples=["running"])
    rows: int
    done: int
    matches: int
    error: str | None = None
    created_at: datetime
    finished_at: datetime | None = None
    result_url: str | None = None


class AlgorithmDoc(BaseModel):
    name: str = Field(..., examples=["match-v1"])
    description: str | None = None
    features: dict[str, FeatureDoc]


class AlgorithmResponse(BaseModel):
    """yente's ``/algorithms``: the algorithms, the default and the best."""

    algorithms: list[AlgorithmDoc]
    default: str
    best: str


class StatusResponse(BaseModel):
    status: str = Field(..., examples=["ok"])
    index: str | None = Field(
        default=None, description="the version served", examples=["release-3"]
    )


class IndexStatus(BaseModel):
    name: str
    version: str
    entries: int
    names: int


# --- W3C Reconciliation Service API 0.2 ---------------------------------------------


class ReconType(BaseModel):
    id: str = Field(..., examples=["Person"])
    name: str = Field(..., examples=["People"])
    description: str | None = None


class ReconProperty(BaseModel):
    id: str
    name: str
    description: str | None = None


class ReconEntity(BaseModel):
    id: str
    name: str
    description: str | None = None
    type: list[ReconType] = []


class ReconCandidate(ReconEntity):
    score: float
    match: bool


class ReconResult(BaseModel):
    result: list[ReconCandidate]


class ReconView(BaseModel):
    url: str


class ReconPreview(BaseModel):
    url: str
    width: int
    height: int


class ReconSuggestService(BaseModel):
    service_url: str
    service_path: str


class ReconSuggest(BaseModel):
    entity: ReconSuggestService
    type: ReconSuggestService
    property: ReconSuggestService


class ReconManifest(BaseModel):
    versions: list[str] = ["0.2"]
    name: str
    identifierSpace: str
    schemaSpace: str
    view: ReconView
    preview: ReconPreview
    suggest: ReconSuggest
    defaultTypes: list[ReconType]


class ReconSuggestResponse(BaseModel):
    code: str = "/api/status/ok"
    status: str = "200 OK"
    prefix: str
    result: list[ReconEntity] | list[ReconType] | list[ReconProperty]
