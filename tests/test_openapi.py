"""The OpenAPI document at /api/v1/openapi.json: complete, well formed, and true to what the endpoints return.

Every API route must be documented; every documented parameter must be accepted and its bounds, enums and
formats enforced; every response (200, 400, 404, 405, 500, 503) must validate against its documented schema.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

PREFIX = "/api/v1"
DOC_URI = "urn:saidwhat:openapi"


@pytest.fixture(scope="module")
def doc(app):
    response = app.test_client().get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200 and response.is_json
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.get_json()


@pytest.fixture(scope="module")
def registry(doc):
    return Registry().with_resource(DOC_URI, Resource(contents=doc, specification=DRAFT202012))


@pytest.fixture(scope="module")
def ids(app):
    """Real keys to ask for: a statement, a speaker, an article."""
    client = app.test_client()
    hit = client.get(f"{PREFIX}/search?q=decoupling").get_json()["results"][0]
    return {"statement_id": hit["id"], "speaker": hit["speaker"]["slug"], "article": hit["article"]["slug"]}


def _resolve(doc: dict, node: dict) -> dict:
    while "$ref" in node and node["$ref"].startswith("#/components/responses/"):
        node = doc["components"]["responses"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _template_of(doc: dict, path: str) -> str:
    """The documented path template that an address under /api/v1 matches."""
    path = path.split("?", 1)[0].removeprefix(PREFIX)
    for template in doc["paths"]:
        pattern = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return template
    raise AssertionError(f"{path} matches no documented path")


def check(client, doc, registry, url: str, status: int, method: str = "get") -> dict:
    """Request `url`, expect `status`, and validate the body against the documented response schema."""
    response = getattr(client, method)(url)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:500])
    operation = doc["paths"][_template_of(doc, url)]["get"]
    documented = operation["responses"]
    assert str(status) in documented, f"{url}: status {status} is not documented"
    described = _resolve(doc, documented[str(status)])
    if "application/json" not in described["content"]:  # an export: its documented media type, rows of text
        assert response.mimetype in described["content"], (url, response.mimetype)
        return {}
    assert response.is_json, url
    schema = described["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = {"$ref": DOC_URI + schema["$ref"]}
    body = response.get_json()
    validator = Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, f"{url} ({status}) does not match web/openapi.py: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}" for e in errors[:5])
    return body


# -- the document itself --------------------------------------------------------------------------------

def test_document_is_openapi_31_with_valid_schemas(doc, registry):
    assert doc["openapi"].startswith("3.1.") and doc["info"]["title"] and doc["info"]["version"]
    for name, schema in doc["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
        # every $ref in it resolves
        Draft202012Validator({"$ref": f"{DOC_URI}#/components/schemas/{name}"}, registry=registry).is_valid({})
    refs = re.findall(r'"\$ref": "([^"]+)"', _dump(doc))
    for ref in refs:
        node = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
    operation_ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))


def _dump(value) -> str:
    import json

    return json.dumps(value)


def test_every_api_route_is_documented_and_nothing_else(app, doc):
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            template = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix(PREFIX))
            routes[template] = rule
    assert set(routes) == set(doc["paths"]), "web/openapi.py and the API blueprint disagree"
    for template, rule in routes.items():
        item = doc["paths"][template]
        assert set(item) == {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}
        path_params = {p["name"] for p in item["get"]["parameters"] if p["in"] == "path"}
        assert path_params == set(rule.arguments), template
        assert all(p["in"] in ("path", "query") for p in item["get"]["parameters"])


# -- real responses against the schemas -----------------------------------------------------------------

def test_successful_responses_match(client, doc, registry, ids):
    s, sp, a = ids["statement_id"], ids["speaker"], ids["article"]
    urls = [
        "/health",
        "/search?q=what+did+Wang+Yi+say+about+supply+chains",
        "/search?q=trade&speaker=cho-hyun&kind=indirect&outlet=xinhua&sort=newest&per_page=1&page=2",
        "/search?said_from=2025-07-01&said_to=2025-07-31&published_from=2025-01-01&published_to=2025-12-31",
        f"/search?article={a}&per_page=100",
        "/search?q=suply+chanes",  # nothing found: suggestion
        "/search?q=trade&speaker=nobody-at-all",  # nothing found: hint
        "/search",  # nothing asked: no facets
        '/search?q=%22free+trade%22+OR+decoupling+-Cho',
        "/speakers", "/speakers?q=cho", "/speakers?per_page=1&page=3",
        f"/speakers/{sp}",
        f"/speakers/{sp}/statements", f"/speakers/{sp}/statements?q=supply&sort=oldest&per_page=2&page=2",
        f"/statements/{s}",
        "/articles", "/articles?per_page=1&page=2",
        f"/articles/{a}",
    ]
    for url in urls:
        check(client, doc, registry, PREFIX + url, 200)
    # every statement and article there is, not only the first ones
    for hit in client.get(f"{PREFIX}/search?sort=newest&per_page=100&said_from=1900-01-01").get_json()["results"]:
        check(client, doc, registry, f"{PREFIX}/statements/{hit['id']}", 200)
    for article in client.get(f"{PREFIX}/articles").get_json()["articles"]:
        check(client, doc, registry, f"{PREFIX}/articles/{article['slug']}", 200)
    for speaker in client.get(f"{PREFIX}/speakers").get_json()["speakers"]:
        check(client, doc, registry, f"{PREFIX}/speakers/{speaker['slug']}", 200)


def test_error_responses_match(client, doc, registry, ids):
    sp = ids["speaker"]
    for url in ["/search?page=0", "/search?per_page=101", "/search?kind=rumour", "/search?colour=blue",
                "/speakers?per_page=0", "/speakers?sort=newest", f"/speakers/{sp}?page=2",
                f"/speakers/{sp}/statements?speaker=cho-hyun", "/articles?q=x",
                f"/statements/{ids['statement_id']}?x=1",
                f"/articles/{ids['article']}?full=1", "/openapi.json?v=2"]:
        assert check(client, doc, registry, PREFIX + url, 400)["error"]["code"] == "bad_parameter"
    for url in ["/speakers/nobody", "/speakers/nobody/statements", "/statements/nope", "/articles/nope"]:
        assert check(client, doc, registry, PREFIX + url, 404)["error"]["code"] == "not_found"
    for url in ["/search", "/speakers", f"/speakers/{sp}", "/health", "/openapi.json"]:
        body = check(client, doc, registry, PREFIX + url, 405, method="post")
        assert body["error"]["code"] == "method_not_allowed"


def test_missing_index_responses_match(tmp_path, doc, registry):
    from web import create_app

    client = create_app(tmp_path).test_client()
    for url in ["/search?q=x", "/speakers", "/speakers/wang-yi", "/speakers/wang-yi/statements",
                "/statements/x", "/articles", "/articles/x"]:
        assert check(client, doc, registry, PREFIX + url, 503)["error"]["code"] == "index_missing"
    assert check(client, doc, registry, PREFIX + "/health", 503)["status"] == "unavailable"
    check(client, doc, registry, PREFIX + "/openapi.json", 200)


def test_unexpected_errors_match(seed_index, doc, registry, monkeypatch):
    from web import create_app
    from web.service import service_of

    app = create_app(seed_index)
    monkeypatch.setattr(service_of(app), "search", lambda *a, **k: 1 / 0)
    body = check(app.test_client(), doc, registry, PREFIX + "/search?q=x", 500)
    assert body["error"]["code"] == "internal_error" and "ZeroDivision" not in body["error"]["message"]


# -- parameters: documented means accepted, and the documented bounds are enforced -----------------------

def _url(template: str, ids: dict) -> str:
    return PREFIX + (template.replace("{statement_id}", ids["statement_id"])
                     .replace("{slug}", ids["article"] if template.startswith("/articles") else ids["speaker"]))


def _valid(param: dict) -> str:
    schema = param["schema"]
    if "example" in param:
        return str(param["example"])
    if "enum" in schema:
        return schema["enum"][-1]
    if schema["type"] == "integer":
        return str(schema.get("minimum", 1))
    if schema["type"] == "boolean":
        return "false"
    if schema.get("format") == "date":
        return "2025-07-28"
    return "trade"


def _invalid(param: dict) -> list[str]:
    schema = param["schema"]
    bad = []
    if "enum" in schema:
        bad.append("not-" + schema["enum"][0])
    if schema["type"] == "integer":
        bad.append("one")
        if "minimum" in schema:
            bad.append(str(schema["minimum"] - 1))
        if "maximum" in schema:
            bad.append(str(schema["maximum"] + 1))
    if schema["type"] == "boolean":
        bad.append("maybe")
    if schema.get("format") == "date":
        bad += ["28/07/2025", "2025-02-30"]
    if "maxLength" in schema:
        bad.append("x" * (schema["maxLength"] + 1))
    return bad


def test_every_documented_parameter_is_accepted_and_checked(client, doc, registry, ids):
    for template, item in doc["paths"].items():
        operation = item["get"]
        query = [p for p in operation["parameters"] if p["in"] == "query"]
        url = _url(template, ids)
        for param in query:
            assert param["description"], (template, param["name"])
            check(client, doc, registry, f"{url}?{urlencode({param['name']: _valid(param)})}", 200)
            for value in _invalid(param):
                body = check(client, doc, registry, f"{url}?{urlencode({param['name']: value})}", 400)
                assert param["name"] in body["error"]["message"], (template, param["name"], value)
        check(client, doc, registry, f"{url}?undocumented=1", 200 if template == "/health" else 400)
        all_at_once = urlencode({p["name"]: _valid(p) for p in query})
        if all_at_once:
            check(client, doc, registry, f"{url}?{all_at_once}", 200)


def test_paging_links_keep_parameters(client, doc, registry):
    site = f"http://localhost{PREFIX}"
    body = check(client, doc, registry, f"{PREFIX}/speakers?q=a&per_page=1&page=2", 200)
    assert body["links"]["prev"] == body["links"]["first"] == f"{site}/speakers?q=a&per_page=1"
    if body["pages"] > 2:
        assert body["links"]["next"] == f"{site}/speakers?q=a&per_page=1&page=3"
    pages = check(client, doc, registry, f"{PREFIX}/articles?per_page=1", 200)["pages"]
    last = check(client, doc, registry, f"{PREFIX}/articles?per_page=1&page={pages}", 200)
    assert last["links"]["next"] is None and last["links"]["prev"] == (
        f"{site}/articles?per_page=1&page={pages - 1}" if pages > 2 else f"{site}/articles?per_page=1")
    assert last["links"]["last"] == last["links"]["self"]
    past = check(client, doc, registry, f"{PREFIX}/articles?per_page=1&page={pages + 5}", 200)
    assert past["articles"] == [] and past["total"] == pages and past["links"]["prev"] == last["links"]["self"]


def test_parameter_bounds_are_the_ones_checked(doc):
    from search.limits import MAX_PAGE, MAX_PER_PAGE, SORTS
    from web.params import KINDS, MAX_PARAM_CHARS

    params = {p["name"]: p["schema"] for p in doc["paths"]["/search"]["get"]["parameters"]}
    assert (params["page"]["minimum"], params["page"]["maximum"]) == (1, MAX_PAGE)
    assert (params["per_page"]["minimum"], params["per_page"]["maximum"], params["per_page"]["default"]) == (
        1, MAX_PER_PAGE, 10)
    assert params["kind"]["enum"] == list(KINDS) == ["direct", "indirect", "mixed"]
    assert params["sort"]["enum"] == list(SORTS)
    assert all(params[name]["maxLength"] == MAX_PARAM_CHARS for name in ("speaker", "outlet", "article"))
    listing = {p["name"]: p["schema"] for p in doc["paths"]["/articles"]["get"]["parameters"]}
    assert listing["per_page"]["default"] == 50 and listing["per_page"]["maximum"] == MAX_PER_PAGE
