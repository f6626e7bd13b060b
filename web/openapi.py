"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json, generated from pydantic models: the
query parameters each endpoint reads (web/params.py) and the responses declared here.

Tested against what the endpoints really return (tests/test_openapi.py): change a response shape and its
model together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import metadata
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from search import KINDS, MAX_PER_PAGE, SORTS, SPEAKER_TYPES

from .exports import COLUMNS as EXPORT_COLUMNS
from .params import CheckParams, NoParams, Paging, Params, SearchParams, SpeakerListParams, SpeakerSearchParams

REF = "#/components/schemas/{model}"
Count = Annotated[int, Field(ge=0)]
PageNumber = Annotated[int, Field(ge=1)]
PerPageCount = Annotated[int, Field(ge=1, le=MAX_PER_PAGE)]
Day = Annotated[date, Field(description="A day as YYYY-MM-DD.")]
Month = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", description="A month as YYYY-MM.")]
Kind = Literal[KINDS]
SpeakerType = Literal[SPEAKER_TYPES]


class Schema(BaseModel):
    """A closed object: every property listed; those without a default always present."""

    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Schema):
    code: str = Field(description="Machine-readable: bad_parameter, not_found, method_not_allowed, index_missing, "
                      "index_damaged (health: a trial search failed), "
                      "internal_error, …", examples=["bad_parameter"])
    message: str = Field(description="What went wrong and, where it can, how to fix it.")


class Error(Schema):
    """Every error: 400, 404, 405, 500 and 503."""

    error: ErrorDetail


class SpeakerForm(Schema):
    name: str = Field(description="The speaker's name as this statement's article gave it.")
    slug: str
    type: SpeakerType


class StatementSpeaker(Schema):
    name: str
    slug: str = Field(description="The speaker's key: /speakers/{slug}.")
    role: str | None = Field(description="The role the article gave with this statement.")
    type: SpeakerType = Field(description="`description`: an unnamed source, under the words the article used.")
    aliases: list[str] = Field(description="Other names the articles use.")
    form: SpeakerForm | None = Field(None, description="Present when the archive's speaker is not the name the "
                                     "article gave (`Obama` merged into Barack Obama): that name.")


class ArticleRef(Schema):
    id: str
    slug: str = Field(description="The article's key: /articles/{slug}.")
    title: str
    outlet: str | None
    published: Day | None
    path: str = Field(description="The source the article was loaded from: its file's path relative to the folder "
                      "given to `saidwhat index` (the file name for a file given by itself; `feed.jsonl:3` for a JSON "
                      "Lines record; the address of a page read from the web), never a path on the server.")
    url: str | None = Field(None, description="Where the article was published, when known (a page's canonical "
                            "address, a web archive record's address, a JSON Lines record's `url`).")


class ReportArticle(Schema):
    slug: str
    title: str
    outlet: str | None
    published: Day | None
    url: str | None


class Earliest(Schema):
    id: str = Field(description="The statement's key in the earliest article that reported it.")
    said_on: Day | None
    article: ReportArticle


class Report(Earliest):
    id: str = Field(description="The statement's key in this article: /statements/{id}.")
    text: str = Field(description="The words as this article reported them.")


class LinkedReport(Report):
    statement_url: str = Field(description="The statement's address on this site.")


class Group(Schema):
    id: str = Field(description="The group's key: the id of its earliest report.")
    reports: Count = Field(description="How many articles reported the statement (two or more).")
    earliest: Earliest


class Statement(Schema):
    id: str = Field(description="The statement's key: /statements/{id}. It stays the same while the statement stands "
                    "in its article, whatever else in the article changes.")
    speaker: StatementSpeaker
    kind: Kind = Field(description="direct: a quotation; indirect: a paraphrase; mixed: a paraphrase quoting some "
                       "words.")
    text: str = Field(description="The words attributed to the speaker.")
    cue: str | None = Field(description="The reporting verb or phrase (said, stressed, according to).")
    said_on: Day | None = Field(description="The day the words were said, as the article places them.")
    start: Count = Field(description="Offset of `text` in the article text.")
    end: Count = Field(description="Offset just after `text` in the article text.")
    parts: list[tuple[Count, Count]] = Field(description="Where the words stand in the article text: [start, end] "
                                             "once, or each part of a quotation split by its cue (`text` joins "
                                             "them without the cue).")
    context: str = Field(description="The sentence or sentences the statement was found in.")
    cited_source: str | None = Field(description="Whom the speaker was quoted through, if anyone.")
    article: ArticleRef
    group: Group | None = Field(None, description="The same words of the same speaker reported by other articles "
                                "too (republished wire copy, a quote picked up by other outlets); null when only this "
                                "article reported them.")


class SearchHit(Statement):
    """A statement as a search found it."""

    score: float | None = Field(description="Relevance; null when sorted by date.")
    highlight: str = Field(description='`text` as HTML: escaped, with matching words in <mark class="hl">.')
    highlight_offsets: list[tuple[int, int]] = Field(
        description="Where the matching words are in `text`: [start, end) character offsets (Unicode code points), "
                    "one span for words with only spaces between them; the same words `highlight` marks.")


class FacetRow(Schema):
    value: str
    count: Count
    label: str = Field(description="For people.")


class PageLinks(Schema):
    """Absolute addresses (under the site's base URL, else the request's host)."""

    self: str
    first: str = Field(description="The first page, keeping every other parameter.")
    last: str = Field(description="The last page (the first when there is none), keeping every other parameter.")
    next: str | None = Field(description="The next page, keeping every other parameter.")
    prev: str | None = Field(description="The previous page (the last for a page past it), keeping every other "
                             "parameter.")


class QueryRead(Schema):
    text: str = Field(description="The question as read.")
    speakers: list[str] = Field(description="Slugs of the speakers the question names.")
    topic: str = Field(description="What is left once speakers and question words are taken out.")
    phrases: list[str]
    excluded: list[str]
    speaker_names: dict[str, str] = Field(description="slug → name.")


class FiltersInForce(Schema):
    """The filters in force."""

    speaker: str = None
    kind: Kind = None
    outlet: str = None
    said_from: Day = None
    said_to: Day = None
    published_from: Day = None
    published_to: Day = None
    article: str = None


class Facets(Schema):
    """Counts over every match (not only this page); empty when nothing was asked."""

    speaker: list[FacetRow] = None
    outlet: list[FacetRow] = None
    kind: list[FacetRow] = None
    month: list[FacetRow] = None


class Listing(Schema):
    total: Count
    page: PageNumber
    per_page: PerPageCount
    pages: PageNumber


class SearchResults(Listing):
    query: QueryRead
    filters: FiltersInForce
    sort: Literal[SORTS]
    results: list[SearchHit]
    facets: Facets
    suggestion: str | None = Field(description="A respelt question when nothing matched.")
    hint: str | None = Field(description="Advice when nothing matched.")
    hint_change: dict[str, str | None] | None = Field(
        None, description="The change of this search's parameters the hint advises: each parameter to its new "
                          "value, or to null to drop it (`{\"said_from\": null}`, `{\"q\": \"emails\"}`).")
    group: bool = Field(description="Whether a statement reported by several articles is one result.")
    grouped: Count = Field(description="Reports not counted in `total` because another report of their statement "
                           "is a result.")
    links: PageLinks


class RoleSeen(Schema):
    role: str = Field(description="The role, as most often worded (variants folded together).")
    statements: Count
    first_seen: Day | None
    last_seen: Day | None


class MergedName(Schema):
    name: str = Field(description="A name articles gave this speaker, merged into it.")
    slug: str = Field(description="Its own slug, which redirects (301) to this speaker.")
    statements: Count
    reason: str = Field(description="Why it was merged (`the same name as Donald Trump`, `merged by hand`).")
    by_hand: bool = Field(description="Merged by the index's corrections file (`saidwhat speakers merge`).")


class Speaker(Schema):
    name: str
    slug: str
    type: SpeakerType = Field(description="`description`: an unnamed source (`officials`), not a named person or "
                                          "body.")
    role: str | None = Field(description="The current role: the one seen last.")
    roles: list[str] = Field(description="The roles given most often, most often first (at most five).")
    role_history: list[RoleSeen] = Field(description="Every role, with how often and when it was seen.")
    aliases: list[str] = Field(description="Other names of this speaker (never a role, never another person's).")
    merged: list[MergedName] = Field([], description="The other names merged into this speaker, and why.")
    outlet: str | None = Field(None, description="The outlet of this index this body is, when it is one.")
    statements: Count
    articles: Count
    outlets: dict[str, Count] = Field(description="outlet → statements.")
    first_said: Day | None
    last_said: Day | None


class SpeakerList(Listing):
    speakers: list[Speaker]
    links: PageLinks


class MonthCount(Schema):
    month: Month
    count: Count


class SpeakerDetail(Schema):
    speaker: Speaker
    timeline: list[MonthCount] = Field(description="Statements by month said, oldest first.")
    recent: list[SearchHit] = Field(max_length=20, description="The latest statements, newest first.")
    total: Count


class StatementDetail(Schema):
    statement: Statement
    citation: str = Field(description="A line to cite the statement by.")
    reports: list[Report] = Field(description="Every article that reported the statement, earliest first (empty "
                                  "when only its own did).")


class ReportList(Schema):
    statement: str = Field(description="The statement asked about.")
    group: Group | None
    reports: list[LinkedReport] = Field(description="Every article that reported the statement, earliest first "
                                        "(the statement alone when only its article did).")


class WordChange(Schema):
    op: Literal["same", "added", "dropped", "changed"] = Field(
        description="`same`: words both have; `added`, `dropped`, `changed`: what the claim did to the statement.")
    claim: str = Field(description="The claim's words (empty when it dropped some).")
    real: str = Field(description="The statement's words (empty when the claim added some).")


class CheckMatch(Schema):
    score: float = Field(ge=0, le=1, description="The share of words the claim and the statement's part share, in "
                         "order; 0.6 or more is close.")
    by_claimed_speaker: bool | None = Field(description="Whether the claim's speaker said it (null when it names "
                                            "none).")
    changes: list[WordChange]
    statement: Statement


class ClaimedSpeaker(Schema):
    name: str = Field(description="As the claim names the speaker.")
    slug: str | None = Field(description="The archive's speaker that name finds, if any.")
    speaker: str | None = Field(description="That speaker's name.")


class CheckResult(Schema):
    claim: str
    quote: str = Field(description="The words checked: the claim without its speaker and quotation marks.")
    close: bool = Field(description="Whether a statement is close to the claim.")
    verdict: str = Field(description="What the check found, in a sentence (empty when no quote is given).")
    claimed_speaker: ClaimedSpeaker | None
    matches: list[CheckMatch] = Field(description="The closest statements, best first (the claimed speaker's own "
                                      "close statement first).")


class ArticleFields(Schema):
    id: str
    slug: str
    title: str
    outlet: str | None
    published: Day | None
    path: str
    url: str | None = Field(description="Where the article was published, when known.")
    dateline_city: str | None
    author: str | None = Field(None, description="The byline, when the article gives one.")
    body_start: Count = Field(description="Offset where the body starts, after headline and bylines.")
    body_end: Count | None


class ArticleSummary(ArticleFields):
    statement_count: Count


class ArticleList(Listing):
    articles: list[ArticleSummary]
    links: PageLinks


class ArticleText(ArticleFields):
    text: str = Field(description="The text as loaded; statement offsets index into it.")


class SpeakerName(Schema):
    name: str
    slug: str


class PlacedStatement(Schema):
    id: str
    start: Count
    end: Count
    parts: list[tuple[Count, Count]] | None = None
    kind: Kind
    speaker: SpeakerName


class ArticleSpeaker(Schema):
    slug: str
    name: str
    count: Count
    colour: Count = Field(description="The colour the site marks them in.")


class ArticleDetail(Schema):
    article: ArticleText
    statements: list[PlacedStatement] = Field(description="In order of position.")
    speakers: list[ArticleSpeaker] = Field(description="The article's speakers in order of first statement.")


class IndexFigures(Schema):
    statements: Count
    speakers: Count
    articles: Count
    outlets: Count
    first_said: Day | None
    last_said: Day | None
    built: str | None = Field(description="When the index was built (ISO date and time).")
    build: str = Field(description="The name of the build being served.")


class Health(Schema):
    status: Literal["ok"]
    index: IndexFigures


class HealthUnavailable(Schema):
    status: Literal["unavailable"]
    error: ErrorDetail


class SpeakerPath(Params):
    slug: str = Field(description="The speaker's slug.", examples=["wang-yi"])


class ArticlePath(Params):
    slug: str = Field(description="The article's slug.")


class StatementPath(Params):
    statement_id: str = Field(description="The statement's id.")


@dataclass(frozen=True)
class Endpoint:
    """One GET operation: its parameters (query and path models) and its successful response."""

    path: str
    operation_id: str
    summary: str
    response: type[BaseModel]
    response_description: str
    query: type[Params] = NoParams
    path_params: type[Params] = NoParams
    tag: str = "statements"
    description: str = ""


ENDPOINTS = (
    Endpoint("/search", "search", "Search statements", SearchResults,
             "Matching statements, best first, with facets.", SearchParams,
             description="The same search as the site's /search page: a question, filters, facets over all "
                         "matches, and links to the next and previous pages."),
    Endpoint("/speakers", "listSpeakers", "Speakers, most quoted first", SpeakerList, "A page of speakers.",
             SpeakerListParams, tag="speakers"),
    Endpoint("/speakers/{slug}", "getSpeaker", "A speaker, with a timeline and the latest statements",
             SpeakerDetail, "The speaker.", path_params=SpeakerPath, tag="speakers"),
    Endpoint("/speakers/{slug}/statements", "listSpeakerStatements", "Search one speaker's statements",
             SearchResults, "The speaker's matching statements.", SpeakerSearchParams, SpeakerPath,
             tag="speakers", description="As /search with the speaker fixed by the path (a `speaker` parameter "
                                         "is an error). Without `q`, every statement of the speaker, newest first."),
    Endpoint("/statements/{statement_id}", "getStatement", "A statement, with a citation line", StatementDetail,
             "The statement.", path_params=StatementPath),
    Endpoint("/statements/{statement_id}/reports", "listStatementReports",
             "Every article that reported a statement", ReportList, "The reports, earliest first.",
             path_params=StatementPath),
    Endpoint("/check", "checkQuote", "Check a quote against the statements", CheckResult,
             "The closest statements, with a verdict.", CheckParams,
             description="A quote as someone remembers or reposts it: the statements closest to it, each with a "
                         "score and a word-by-word comparison, and whether the speaker it names said it."),
    Endpoint("/articles", "listArticles", "Articles, newest first", ArticleList, "A page of articles.", Paging,
             tag="articles"),
    Endpoint("/articles/{slug}", "getArticle", "An article's text and the statements found in it", ArticleDetail,
             "The article.", path_params=ArticlePath, tag="articles"),
)
SCHEMA_MODELS = (Error, *(endpoint.response for endpoint in ENDPOINTS), Health, HealthUnavailable)


def _without_titles(schema: Any) -> Any:
    """`schema` without the titles pydantic gives every model and property (not properties named title)."""
    if isinstance(schema, list):
        return [_without_titles(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    return {key: ({name: _without_titles(value) for name, value in item.items()} if key in ("properties", "$defs")
                  else _without_titles(item)) for key, item in schema.items() if key != "title"}


def _schemas() -> dict[str, dict]:
    _, document = models_json_schema([(model, "validation") for model in SCHEMA_MODELS], ref_template=REF)
    return _without_titles(document["$defs"])


def _parameters(model: type[Params], where: str) -> list[dict]:
    """The OpenAPI parameters of a query or path model, from its JSON schema."""
    properties = _without_titles(model.model_json_schema()).get("properties", {})
    parameters = []
    for name, schema in properties.items():
        schema = dict(schema)
        description = schema.pop("description")
        examples = schema.pop("examples", None)
        if schema.get("default", "") is None:
            del schema["default"]
        parameter = {"name": name, "in": where, "schema": schema, "description": description}
        if where == "path":
            parameter["required"] = True
        if examples:
            parameter["example"] = examples[0]
        parameters.append(parameter)
    return parameters


def _json(schema: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": REF.format(model=schema)}}}}


RESPONSES = {
    "BadParameter": _json("Error", "A parameter is malformed, out of bounds, or unknown."),
    "NotFound": _json("Error", "No such record."),
    "MethodNotAllowed": _json("Error", "Only GET (and OPTIONS) are allowed."),
    "IndexMissing": _json("Error", "There is no index yet; the message says how to build one."),
    "InternalError": _json("Error", "An unexpected error; it has been logged."),
}


def _response(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _operation(endpoint: Endpoint) -> dict:
    """Every data endpoint rejects unknown parameters (400); one with a path parameter may find nothing (404)."""
    parameters = [*_parameters(endpoint.path_params, "path"), *_parameters(endpoint.query, "query")]
    responses = {"200": _json(endpoint.response.__name__, endpoint.response_description),
                 "400": _response("BadParameter")}
    if endpoint.path_params.model_fields:
        responses["404"] = _response("NotFound")
    if endpoint.path.startswith("/speakers/{slug}"):
        responses["301"] = {"description": "The slug is one of a speaker's other names (a name merged into it, a "
                                           "former slug, an alias): `Location` is the speaker's own address."}
    responses.update({"405": _response("MethodNotAllowed"), "500": _response("InternalError"),
                      "503": _response("IndexMissing")})
    operation = {"operationId": endpoint.operation_id, "summary": endpoint.summary, "tags": [endpoint.tag],
                 "parameters": parameters, "responses": responses}
    if endpoint.description:
        operation["description"] = endpoint.description
    return operation


def _paths() -> dict:
    paths = {endpoint.path: {"get": _operation(endpoint)} for endpoint in ENDPOINTS}
    paths["/health"] = {"get": {
        "operationId": "health", "summary": "Whether there is an index, and its figures", "tags": ["meta"],
        "description": "Query parameters are ignored.", "parameters": [],
        "responses": {"200": _json("Health", "Serving."),
                      "503": _json("HealthUnavailable", "No usable index: none yet, a damaged build, or a failed "
                                   "trial search."),
                      "405": _response("MethodNotAllowed")},
    }}
    for format, media in (("csv", "text/csv"), ("jsonl", "application/x-ndjson")):
        paths[f"/search.{format}"] = {"get": {
            "operationId": f"exportSearch{format.upper()}", "summary": f"Every statement of a search as {format}",
            "tags": ["statements"], "parameters": _parameters(SearchParams, "query"),
            "description": "The whole result set of a search (every page, in the search's order; `page` and "
                           "`per_page` are not used), streamed: one row a statement with its speaker, kind, words, "
                           "date, outlet, article title and address, the statement's address here, its source and "
                           f"its citation line. Columns: {', '.join(EXPORT_COLUMNS)}.",
            "responses": {"200": {"description": "The rows.", "content": {media: {"schema": {"type": "string"}}}},
                          "400": _response("BadParameter"), "405": _response("MethodNotAllowed"),
                          "503": _response("IndexMissing")},
        }}
    paths["/openapi.json"] = {"get": {
        "operationId": "openapi", "summary": "This document", "tags": ["meta"],
        "parameters": _parameters(NoParams, "query"),
        "responses": {
            "200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}},
            "400": _response("BadParameter"), "405": _response("MethodNotAllowed"),
        },
    }}
    return paths


def _version() -> str:
    try:
        return metadata.version("saidwhat")
    except metadata.PackageNotFoundError:
        return "0.0.0"


@cache
def openapi_document() -> dict:
    """The whole document (built once; do not change the dict it returns)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "saidwhat",
            "version": _version(),
            "summary": "Who said what in the news: statements, speakers and articles.",
            "description": (
                "Read-only JSON over the statements found in news articles. Every GET answers any origin (CORS). "
                "Unknown query parameters are errors (400). Paged listings carry `links.next` and `links.prev`. "
                "Errors are always `{\"error\": {\"code\", \"message\"}}`."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [
            {"name": "statements", "description": "Searching and reading statements."},
            {"name": "speakers", "description": "The people and bodies quoted."},
            {"name": "articles", "description": "The articles statements were found in."},
            {"name": "meta", "description": "The service itself."},
        ],
        "paths": _paths(),
        "components": {"schemas": _schemas(), "responses": RESPONSES},
    }
