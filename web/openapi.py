"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.

Built from the same constants the endpoints check (kinds, sorts, page bounds), and tested against what the
endpoints really return (tests/test_openapi.py): change a response shape and this document together.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata

from search.engine import KINDS, MAX_PAGE, MAX_PER_PAGE, SORTS

from .params import MAX_PARAM_CHARS

SPEAKER_TYPES = ("person", "organization", "group")
DAY = {"type": "string", "format": "date", "description": "A day as YYYY-MM-DD."}
MONTH = {"type": "string", "pattern": r"^\d{4}-\d{2}$", "description": "A month as YYYY-MM."}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _null(schema: dict) -> dict:
    """`schema` or null."""
    if "type" in schema and "$ref" not in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return {**schema, "type": [*kinds, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict, required: list[str] | None = None, description: str = "") -> dict:
    """A closed object: every property listed, `required` (default: all) always present."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


COUNT = {"type": "integer", "minimum": 0}
TEXT = {"type": "string"}
TEXTS = {"type": "array", "items": TEXT}

STATEMENT = {
    "id": {"type": "string", "description": "The statement's key: /statements/{id}."},
    "speaker": _ref("StatementSpeaker"),
    "kind": {"type": "string", "enum": list(KINDS),
             "description": "direct: a quotation; indirect: a paraphrase; mixed: a paraphrase quoting some words."},
    "text": {"type": "string", "description": "The words attributed to the speaker."},
    "cue": _null({"type": "string", "description": "The reporting verb or phrase (said, stressed, according to)."}),
    "said_on": _null({**DAY, "description": "The day the words were said, as the article places them."}),
    "start": {**COUNT, "description": "Offset of `text` in the article text."},
    "end": {**COUNT, "description": "Offset just after `text` in the article text."},
    "context": {"type": "string", "description": "The sentence or sentences the statement was found in."},
    "cited_source": _null({"type": "string", "description": "Whom the speaker was quoted through, if anyone."}),
    "article": _ref("ArticleRef"),
}

SCHEMAS: dict[str, dict] = {
    "Error": _object({"error": _ref("ErrorDetail")}, description="Every error: 400, 404, 405, 500 and 503."),
    "ErrorDetail": _object({
        "code": {"type": "string", "description": "Machine-readable: bad_parameter, not_found, method_not_allowed, "
                 "index_missing, internal_error, …", "examples": ["bad_parameter"]},
        "message": {"type": "string", "description": "What went wrong and, where it can, how to fix it."},
    }),
    "StatementSpeaker": _object({
        "name": TEXT,
        "slug": {"type": "string", "description": "The speaker's key: /speakers/{slug}."},
        "role": _null({"type": "string", "description": "The role the article gave with this statement."}),
        "type": {"type": "string", "enum": list(SPEAKER_TYPES)},
        "aliases": {**TEXTS, "description": "Other names the articles use."},
    }),
    "ArticleRef": _object({
        "id": TEXT,
        "slug": {"type": "string", "description": "The article's key: /articles/{slug}."},
        "title": TEXT,
        "outlet": _null(TEXT),
        "published": _null(DAY),
        "path": {"type": "string", "description": "The file or JSON Lines record the article was loaded from."},
    }),
    "Statement": _object(STATEMENT),
    "SearchHit": _object({
        **STATEMENT,
        "score": _null({"type": "number", "description": "Relevance; null when sorted by date."}),
        "highlight": {"type": "string", "description": "`text` as HTML: escaped, with matching words in "
                      '<mark class="hl">.'},
    }, description="A statement as a search found it."),
    "FacetRow": _object({"value": TEXT, "count": COUNT, "label": {"type": "string", "description": "For people."}}),
    "PageLinks": _object({
        "self": TEXT,
        "next": _null({"type": "string", "description": "The next page, keeping every other parameter."}),
        "prev": _null({"type": "string", "description": "The previous page, keeping every other parameter."}),
    }),
    "SearchResults": _object({
        "query": _object({
            "text": {"type": "string", "description": "The question as read."},
            "speakers": {**TEXTS, "description": "Slugs of the speakers the question names."},
            "topic": {"type": "string", "description": "What is left once speakers and question words are taken out."},
            "phrases": TEXTS,
            "excluded": TEXTS,
            "speaker_names": {"type": "object", "additionalProperties": TEXT, "description": "slug → name."},
        }),
        "filters": _object({
            "speaker": TEXT, "kind": {"type": "string", "enum": list(KINDS)}, "outlet": TEXT,
            "said_from": DAY, "said_to": DAY, "published_from": DAY, "published_to": DAY, "article": TEXT,
        }, required=[], description="The filters in force."),
        "total": COUNT,
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "pages": {"type": "integer", "minimum": 1},
        "sort": {"type": "string", "enum": list(SORTS)},
        "results": {"type": "array", "items": _ref("SearchHit")},
        "facets": _object({
            name: {"type": "array", "items": _ref("FacetRow")} for name in ("speaker", "outlet", "kind", "month")
        }, required=[], description="Counts over every match (not only this page); empty when nothing was asked."),
        "suggestion": _null({"type": "string", "description": "A respelt question when nothing matched."}),
        "hint": _null({"type": "string", "description": "Advice when nothing matched."}),
        "links": _ref("PageLinks"),
    }),
    "Speaker": _object({
        "name": TEXT,
        "slug": TEXT,
        "type": {"type": "string", "enum": list(SPEAKER_TYPES)},
        "role": _null({"type": "string", "description": "The role given most often."}),
        "roles": {**TEXTS, "description": "Every role given, most often first."},
        "aliases": TEXTS,
        "statements": COUNT,
        "articles": COUNT,
        "outlets": {"type": "object", "additionalProperties": COUNT, "description": "outlet → statements."},
        "first_said": _null(DAY),
        "last_said": _null(DAY),
    }),
    "SpeakerList": _object({
        "speakers": {"type": "array", "items": _ref("Speaker")},
        "total": COUNT,
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "pages": {"type": "integer", "minimum": 1},
        "links": _ref("PageLinks"),
    }),
    "SpeakerDetail": _object({
        "speaker": _ref("Speaker"),
        "timeline": {"type": "array", "description": "Statements by month said, oldest first.",
                     "items": _object({"month": MONTH, "count": COUNT})},
        "recent": {"type": "array", "items": _ref("SearchHit"), "maxItems": 20,
                   "description": "The latest statements, newest first."},
        "total": COUNT,
    }),
    "StatementDetail": _object({
        "statement": _ref("Statement"),
        "citation": {"type": "string", "description": "A line to cite the statement by."},
    }),
    "ArticleSummary": _object({
        "id": TEXT, "slug": TEXT, "title": TEXT, "outlet": _null(TEXT), "published": _null(DAY), "path": TEXT,
        "url": _null({"type": "string", "description": "Where the article was published, when known."}),
        "dateline_city": _null(TEXT),
        "author": _null({"type": "string", "description": "The byline, when the article gives one."}),
        "body_start": {**COUNT, "description": "Offset where the body starts, after headline and bylines."},
        "body_end": _null(COUNT),
        "statement_count": COUNT,
    }, required=["id", "slug", "title", "outlet", "published", "path", "url", "dateline_city", "body_start",
                 "body_end", "statement_count"]),
    "ArticleList": _object({
        "articles": {"type": "array", "items": _ref("ArticleSummary")},
        "total": COUNT,
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "pages": {"type": "integer", "minimum": 1},
        "links": _ref("PageLinks"),
    }),
    "ArticleDetail": _object({
        "article": _object({
            "id": TEXT, "slug": TEXT, "title": TEXT, "outlet": _null(TEXT), "published": _null(DAY), "path": TEXT,
            "text": {"type": "string", "description": "The text as loaded; statement offsets index into it."},
            "url": _null(TEXT), "dateline_city": _null(TEXT), "body_start": COUNT, "body_end": _null(COUNT),
            "author": _null({"type": "string", "description": "The byline, when the article gives one."}),
        }, required=["id", "slug", "title", "outlet", "published", "path", "text", "url", "dateline_city",
                     "body_start", "body_end"]),
        "statements": {"type": "array", "description": "In order of position.", "items": _object({
            "id": TEXT, "start": COUNT, "end": COUNT, "kind": {"type": "string", "enum": list(KINDS)},
            "speaker": _object({"name": TEXT, "slug": TEXT}),
        })},
        "speakers": {"type": "array", "description": "The article's speakers in order of first statement.",
                     "items": _object({"slug": TEXT, "name": TEXT, "count": COUNT,
                                       "colour": {"type": "integer", "minimum": 0,
                                                  "description": "The colour the site marks them in."}})},
    }),
    "IndexFigures": _object({
        "statements": COUNT, "speakers": COUNT, "articles": COUNT, "outlets": COUNT,
        "first_said": _null(DAY), "last_said": _null(DAY),
        "built": _null({"type": "string", "description": "When the index was built (ISO date and time)."}),
        "build": {"type": "string", "description": "The name of the build being served."},
    }),
    "Health": _object({"status": {"const": "ok"}, "index": _ref("IndexFigures")}),
    "HealthUnavailable": _object({
        "status": {"const": "unavailable"},
        "error": _ref("ErrorDetail"),
    }),
}


def _param(name: str, schema: dict, description: str, example=None, where: str = "query") -> dict:
    param = {"name": name, "in": where, "schema": schema, "description": description}
    if where == "path":
        param["required"] = True
    if example is not None:
        param["example"] = example
    return param


TEXT_PARAM = {"type": "string", "maxLength": MAX_PARAM_CHARS}
PARAMS = {
    "q": _param("q", {"type": "string"}, "A question, names or words: `what did Wang Yi say about supply chains`, "
                '`"exact phrase"`, `AND`, `OR`, `NOT word`, `-word`. Speakers it names become a speaker condition.',
                "what did Wang Yi say about supply chains"),
    "page": _param("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "Page number."),
    "sort": _param("sort", {"type": "string", "enum": list(SORTS), "default": "relevance"},
                   "Order: relevance, or by day said."),
    "speaker": _param("speaker", TEXT_PARAM, "Only this speaker: a slug, name or alias.", "wang-yi"),
    "kind": _param("kind", {"type": "string", "enum": list(KINDS)},
                   "Only quotes (direct), paraphrases (indirect) or paraphrases quoting some words (mixed)."),
    "outlet": _param("outlet", TEXT_PARAM, "Only statements reported by this outlet (any case).", "Xinhua"),
    "said_from": _param("said_from", {"type": "string", "format": "date"}, "Said on or after this day."),
    "said_to": _param("said_to", {"type": "string", "format": "date"}, "Said on or before this day."),
    "published_from": _param("published_from", {"type": "string", "format": "date"},
                             "In articles published on or after this day."),
    "published_to": _param("published_to", {"type": "string", "format": "date"},
                           "In articles published on or before this day."),
    "article": _param("article", TEXT_PARAM, "Only statements in this article (its slug)."),
    "speaker_q": _param("q", {"type": "string"}, "Only speakers whose name or an alias contains this (any case).",
                        "cho"),
    "slug_speaker": _param("slug", {"type": "string"}, "The speaker's slug.", "wang-yi", "path"),
    "slug_article": _param("slug", {"type": "string"}, "The article's slug.", where="path"),
    "statement_id": _param("statement_id", {"type": "string"}, "The statement's id.", where="path"),
}


def _per_page(default: int) -> dict:
    return _param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": default},
                  "Results a page.")


def _json(schema: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _error(description: str) -> dict:
    return _json("Error", description)


RESPONSES = {
    "BadParameter": _error("A parameter is malformed, out of bounds, or unknown."),
    "NotFound": _error("No such record."),
    "MethodNotAllowed": _error("Only GET (and OPTIONS) are allowed."),
    "IndexMissing": _error("There is no index yet; the message says how to build one."),
    "InternalError": _error("An unexpected error; it has been logged."),
}


def _operation(operation_id: str, summary: str, ok: dict, parameters: list[dict], not_found: bool = False,
               tag: str = "statements", description: str = "") -> dict:
    responses = {"200": ok}
    if parameters:
        responses["400"] = {"$ref": "#/components/responses/BadParameter"}
    if not_found:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    responses["405"] = {"$ref": "#/components/responses/MethodNotAllowed"}
    responses["500"] = {"$ref": "#/components/responses/InternalError"}
    responses["503"] = {"$ref": "#/components/responses/IndexMissing"}
    operation = {"operationId": operation_id, "summary": summary, "tags": [tag], "parameters": parameters,
                 "responses": responses}
    if description:
        operation["description"] = description
    return operation


SEARCH_FILTERS = ["kind", "outlet", "said_from", "said_to", "published_from", "published_to", "article"]


def _search_params(with_speaker: bool = True) -> list[dict]:
    names = ["q", "page", "sort", *(["speaker"] if with_speaker else []), *SEARCH_FILTERS]
    params = [PARAMS[name] for name in names]
    params.insert(2, _per_page(10))
    return params


def _paths() -> dict:
    return {
        "/search": {"get": _operation(
            "search", "Search statements", _json("SearchResults", "Matching statements, best first, with facets."),
            _search_params(), description="The same search as the site's /search page: a question, filters, "
            "facets over all matches, and links to the next and previous pages.")},
        "/speakers": {"get": _operation(
            "listSpeakers", "Speakers, most quoted first", _json("SpeakerList", "A page of speakers."),
            [PARAMS["speaker_q"], PARAMS["page"], _per_page(50)], tag="speakers")},
        "/speakers/{slug}": {"get": _operation(
            "getSpeaker", "A speaker, with a timeline and the latest statements",
            _json("SpeakerDetail", "The speaker."), [PARAMS["slug_speaker"]], not_found=True, tag="speakers")},
        "/speakers/{slug}/statements": {"get": _operation(
            "listSpeakerStatements", "Search one speaker's statements",
            _json("SearchResults", "The speaker's matching statements."),
            [PARAMS["slug_speaker"], *_search_params(with_speaker=False)], not_found=True, tag="speakers",
            description="As /search with the speaker fixed by the path (a `speaker` parameter is an error)."
            " Without `q`, every statement of the speaker, newest first.")},
        "/statements/{statement_id}": {"get": _operation(
            "getStatement", "A statement, with a citation line", _json("StatementDetail", "The statement."),
            [PARAMS["statement_id"]], not_found=True)},
        "/articles": {"get": _operation(
            "listArticles", "Articles, newest first", _json("ArticleList", "A page of articles."),
            [PARAMS["page"], _per_page(50)], tag="articles")},
        "/articles/{slug}": {"get": _operation(
            "getArticle", "An article's text and the statements found in it",
            _json("ArticleDetail", "The article."), [PARAMS["slug_article"]], not_found=True, tag="articles")},
        "/health": {"get": {
            "operationId": "health", "summary": "Whether there is an index, and its figures", "tags": ["meta"],
            "description": "Query parameters are ignored.", "parameters": [],
            "responses": {
                "200": _json("Health", "Serving."),
                "503": _json("HealthUnavailable", "No index yet."),
                "405": {"$ref": "#/components/responses/MethodNotAllowed"},
            },
        }},
        "/openapi.json": {"get": {
            "operationId": "openapi", "summary": "This document", "tags": ["meta"], "parameters": [],
            "responses": {
                "200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}},
                "400": {"$ref": "#/components/responses/BadParameter"},
                "405": {"$ref": "#/components/responses/MethodNotAllowed"},
            },
        }},
    }


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
        "components": {"schemas": SCHEMAS, "responses": RESPONSES},
    }
