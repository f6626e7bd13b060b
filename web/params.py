"""The query parameters each endpoint takes, declared once as pydantic models: read from a request (or the
command line) into typed values, and described in the OpenAPI document (web/openapi.py).

Every value but a search's `q` is cleaned first (control characters and surrounding spaces dropped; empty
means not given) and, but the speaker listing's `q`, may be at most MAX_PARAM_CHARS long. A bad value is an
`InvalidParameter` naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model

from search import KINDS, MAX_PAGE, MAX_PER_PAGE, SORTS, Filters, InvalidParameter
from search.limits import SPEAKER_LIST_TYPES

MAX_PARAM_CHARS = 1000
MAX_QUESTION_CHARS = 10_000


class Cleaned:
    """Marks a parameter whose value is cleaned first, and left out when nothing is left of it."""


class Unbounded:
    """Marks a cleaned parameter that may be longer than MAX_PARAM_CHARS."""


class SaysBetween:
    """Marks a bounded parameter whose error gives both bounds."""


CLEANED, UNBOUNDED, SAYS_BETWEEN = Cleaned(), Unbounded(), SaysBetween()


def clean(value: str, bounded: bool = True) -> str:
    """Printable characters only, stripped; when `bounded`, an error if over MAX_PARAM_CHARS."""
    if bounded and len(value) > MAX_PARAM_CHARS:
        raise ValueError(f"must be at most {MAX_PARAM_CHARS} characters")
    return "".join(ch for ch in value if ch.isprintable()).strip()


def _text(value: Any) -> Any:
    return clean(value) if isinstance(value, str) else value


def _words(value: Any) -> Any:
    return clean(value, bounded=False) if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return clean(value).lower() if isinstance(value, str) else value


def _whole_number(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = clean(value)
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"must be a whole number, not {text[:40]!r}") from None


def _day(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = clean(value)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"must be a date as YYYY-MM-DD, not {text[:40]!r}") from None


_FLAGS = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False}


def _flag(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = clean(value).lower()
    if text not in _FLAGS:
        raise ValueError(f"must be true or false, not {text[:40]!r}")
    return _FLAGS[text]


def _question(value: Any) -> Any:
    return value[:MAX_QUESTION_CHARS] if isinstance(value, str) else value


# Constraints come before the validators that read the text, so that they are applied to the value read and
# appear in the JSON schema as minimum, maximum and maxLength.
Text = Annotated[str, Field(max_length=MAX_PARAM_CHARS), CLEANED, BeforeValidator(_text)]
Words = Annotated[str, CLEANED, UNBOUNDED, BeforeValidator(_words)]
Day = Annotated[date, CLEANED, BeforeValidator(_day)]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE, description="Page number."), CLEANED, BeforeValidator(_whole_number)]
PerPage = Annotated[int, Field(ge=1, le=MAX_PER_PAGE), SAYS_BETWEEN, CLEANED, BeforeValidator(_whole_number)]
Kind = Annotated[Literal[KINDS], CLEANED, BeforeValidator(_lower)]
Sort = Annotated[Literal[SORTS], CLEANED, BeforeValidator(_lower)]
SpeakerListType = Annotated[Literal[SPEAKER_LIST_TYPES], CLEANED, BeforeValidator(_lower)]
Question = Annotated[str, BeforeValidator(_question)]  # as given, cut at MAX_QUESTION_CHARS
Flag = Annotated[bool, CLEANED, BeforeValidator(_flag)]
RESULTS_A_PAGE = "Results a page."


class Params(BaseModel):
    """The query parameters of one endpoint: its fields, in the order errors are reported."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class NoParams(Params):
    """An address that takes no parameters."""


class Paging(Params):
    page: Page = 1
    per_page: Annotated[PerPage, Field(description=RESULTS_A_PAGE)] = 50

    def paging(self) -> dict:
        return {"page": self.page, "per_page": self.per_page}


class SpeakerListParams(Paging):
    q: Annotated[Words, Field(description="Only speakers whose name or an alias contains this (any case).",
                             examples=["cho"])] = None
    type: Annotated[SpeakerListType, Field(
        description="Which speakers: `named` (people, organisations and groups: the default), `description` "
                    "(unnamed sources, listed under the words the articles describe them with), one named type, "
                    "or `all`.")] = "named"


class SearchBase(Params):
    """What a search's parameters give `SearchService.search`."""

    def search_args(self) -> dict:
        """Keyword arguments for `SearchService.search`. A range that ends before it starts is an error."""
        filters = Filters(**{name: getattr(self, name, None) for name in FILTERS})
        for start, end in (("said_from", "said_to"), ("published_from", "published_to")):
            if getattr(filters, start) and getattr(filters, end) and getattr(filters, start) > getattr(filters, end):
                raise InvalidParameter(end, f"must be on or after {start} ({getattr(filters, start).isoformat()})")
        return {"q": self.q, "filters": filters, "page": self.page, "per_page": self.per_page, "sort": self.sort,
                "group": self.group}


class SearchParams(SearchBase):
    """The parameters of a search."""

    q: Annotated[Question, Field(
        description='A question, names or words: `what did Wang Yi say about supply chains`, `"exact phrase"`, '
                    "`AND`, `OR`, `NOT word`, `-word`. Speakers it names become a speaker condition.",
        examples=["what did Wang Yi say about supply chains"])] = ""
    speaker: Annotated[Text, Field(description="Only this speaker: a slug, name or alias.",
                                   examples=["wang-yi"])] = None
    kind: Annotated[Kind, Field(
        description="Only quotes (direct), paraphrases (indirect) or paraphrases quoting some words (mixed).")] = None
    outlet: Annotated[Text, Field(description="Only statements reported by this outlet (any case).",
                                  examples=["Xinhua"])] = None
    said_from: Annotated[Day, Field(description="Said on or after this day.")] = None
    said_to: Annotated[Day, Field(description="Said on or before this day.")] = None
    published_from: Annotated[Day, Field(description="In articles published on or after this day.")] = None
    published_to: Annotated[Day, Field(description="In articles published on or before this day.")] = None
    article: Annotated[Text, Field(description="Only statements in this article (its slug).")] = None
    page: Page = 1
    per_page: Annotated[PerPage, Field(description=RESULTS_A_PAGE)] = 10
    sort: Annotated[Sort, Field(description="Order: relevance, or by day said.")] = "relevance"
    group: Annotated[Flag, Field(
        description="One result for a statement reported by several articles (the earliest report that matches, "
                    "with its `group`); false: every report its own result.")] = True


FILTERS = tuple(Filters.__dataclass_fields__)
# A search of one speaker's statements: the speaker is not a parameter but the address.
SpeakerSearchParams = create_model(
    "SpeakerSearchParams", __base__=SearchBase,
    **{name: (info.annotation, info) for name, info in SearchParams.model_fields.items() if name != "speaker"})
SEARCH_PARAMS = frozenset(SearchParams.model_fields)
P = TypeVar("P", bound=Params)


def reject_unknown(args: Mapping[str, str], known: frozenset[str] | set[str]) -> None:
    """An error naming the first parameter that is not one of `known`."""
    unknown = sorted(set(args) - set(known))
    if unknown:
        allowed = f"known ones are {', '.join(sorted(known))}" if known else "this address takes none"
        raise InvalidParameter(unknown[0], f"unknown parameter; {allowed}")


def read_params(model: type[P], args: Mapping[str, str], strict: bool = True,
                allowed: frozenset[str] = frozenset()) -> P:
    """The parameters of `model` from `args`. With `strict` (the API), a name that is neither a field nor in
    `allowed` is an error; the pages ignore them. Names in `allowed` are not read."""
    if strict:
        reject_unknown(args, set(model.model_fields) | allowed)
    given = {}
    for name, info in model.model_fields.items():
        value = args.get(name)
        if value is None:
            continue
        empty = CLEANED in info.metadata and not clean(value, bounded=False)
        if empty and (UNBOUNDED in info.metadata or len(value) <= MAX_PARAM_CHARS):
            continue  # not given (unless too long to accept)
        given[name] = value
    try:
        return model.model_validate(given)
    except ValidationError as error:
        raise _invalid(model, error) from None


def _invalid(model: type[Params], error: ValidationError) -> InvalidParameter:
    """The error to report: the first value that cannot be read, else paging or order out of bounds, else the
    first filter out of bounds (fields in their order)."""
    order = list(model.model_fields)
    problems = [e for e in error.errors() if e["loc"] and e["loc"][0] in model.model_fields]

    def precedence(problem: dict) -> tuple[int, int]:
        name = problem["loc"][0]
        stage = 0 if problem["type"] == "value_error" else 2 if name in FILTERS else 1
        return stage, order.index(name)

    first = min(problems, key=precedence)
    name = first["loc"][0]
    info = model.model_fields[name]
    context = first.get("ctx", {})
    if first["type"] == "value_error":
        return InvalidParameter(name, str(context["error"]))
    if first["type"] in ("greater_than_equal", "less_than_equal"):
        bounds = {type(m).__name__: m for m in info.metadata}
        low, high = bounds["Ge"].ge, bounds["Le"].le
        if SAYS_BETWEEN in info.metadata:
            return InvalidParameter(name, f"must be between {low} and {high}")
        return InvalidParameter(name, f"must be {low} or more" if first["type"] == "greater_than_equal"
                                else f"must be at most {high}")
    if first["type"] == "literal_error":
        return InvalidParameter(name, f"must be one of {', '.join(_choices(info.annotation))}")
    return InvalidParameter(name, first["msg"])


def _choices(annotation: Any) -> tuple[str, ...]:
    """The values a Literal type (possibly nested in Annotated) allows."""
    args = get_args(annotation)
    if all(isinstance(arg, str) for arg in args):
        return args
    return next((found for arg in args if (found := _choices(arg))), ())


def parse_search_args(args: Mapping[str, str], strict: bool = True,
                      model: type[SearchBase] = SearchParams) -> dict:
    """Keyword arguments for `SearchService.search` from query parameters (`strict`: see `read_params`)."""
    return read_params(model, args, strict).search_args()


def paging_args(args: Mapping[str, str], allowed: frozenset[str] = frozenset()) -> dict:
    """`page` and `per_page` for the listing endpoints, rejecting unknown parameters."""
    return read_params(Paging, args, allowed=allowed).paging()


class CheckParams(Params):
    """A quote to check, as someone remembers or reposts it."""

    quote: Annotated[Question, Field(
        description="The quote as claimed: words changed, dropped or added, with its speaker (`Trump said ...`, "
                    "`Trump: ...`, `\"...,\" Trump said`) or without.",
        examples=["Trump said we will build a great wall and Mexico pays"])] = ""
    limit: Annotated[int, Field(ge=1, le=20, description="How many of the closest statements."), CLEANED,
                     BeforeValidator(_whole_number)] = 5
