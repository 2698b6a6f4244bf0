"""Every request parameter of the API, the pages and the embed surface, declared once.

A :class:`Param` has a name, a type, a default, its limits and a description.
The API and the pages read values with :meth:`Param.read` (a bad value raises
:class:`~web.errors.BadParameter` naming the parameter and its limit), the
embed surface takes the suggest limits from here, and the OpenAPI document
describes each one with :meth:`Param.openapi`. Nothing here imports the API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from glossary.check import IssueKind
from glossary.export import FORMAT_NAMES
from glossary.terms import ACCEPTED_STATUSES, CATEGORIES
from index.query import MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, QueryError
from index.scope import Scope
from web.errors import BadParameter

_INTEGER = re.compile(r"-?[0-9]{1,18}")


@dataclass(frozen=True)
class Param:
    """One query parameter: how it is read, checked and documented."""

    name: str
    description: str
    type: type = str
    default: Any = None
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    choices: tuple[str, ...] | None = None
    pattern: str | None = None
    normalize: Callable[[str], str] | None = None
    check: Callable[[str], bool] | None = None
    missing: str = ""  # what a required parameter is, for the message when it is absent

    def read(self, args: Mapping[str, str]) -> Any:
        """The value in ``args`` (default when absent or empty); BadParameter when it breaks a limit."""
        raw = args.get(self.name)
        if raw is None or (raw == "" and not self.required):
            if self.required:
                raise BadParameter(f"{self.name} is required ({self.missing or self.description.rstrip('.')})")
            return self.default
        if self.type is int:
            return self._int(raw)
        value = self.normalize(raw) if self.normalize else raw
        if value == "" and not self.required:
            return self.default
        if self.max_length is not None and len(value) > self.max_length:
            raise BadParameter(f"{self.name} is {len(value)} characters long; the limit is {self.max_length}")
        if self.choices is not None and value not in self.choices:
            raise BadParameter(f"{self.name} must be one of {', '.join(self.choices)}; got {value[:40]!r}")
        if self.check is not None and not self.check(value):
            raise BadParameter(f"{self.name} must be {self.description[0].lower()}{self.description[1:].rstrip('.')}"
                               f"; got {value[:40]!r}")
        return value

    def _int(self, raw: str) -> int:
        # ASCII digits only: int() would also take "+5", " 5", "1_0" and other scripts' digits, none of
        # which the document's "integer" allows.
        if not _INTEGER.fullmatch(raw):
            raise BadParameter(f"{self.name} must be an integer between {self.minimum} and {self.maximum}, "
                               f"got {raw[:40]!r}")
        value = int(raw)
        if not self.minimum <= value <= self.maximum:
            raise BadParameter(f"{self.name} must be between {self.minimum} and {self.maximum}, got {value}")
        return value

    def schema(self) -> dict:
        """The parameter's JSON schema."""
        schema: dict = {"type": "integer" if self.type is int else "string"}
        for key, value in (("minimum", self.minimum), ("maximum", self.maximum), ("maxLength", self.max_length),
                           ("pattern", self.pattern), ("default", self.default)):
            if value is not None:
                schema[key] = value
        if self.choices is not None:
            schema["enum"] = list(self.choices)
        if self.required and self.type is str:
            schema["minLength"] = 1
        return schema

    def openapi(self, where: str = "query") -> dict:
        """The OpenAPI parameter object."""
        document = {"name": self.name, "in": where, "required": self.required, "description": self.description,
                    "schema": self.schema()}
        if not self.required and where == "query":
            document["allowEmptyValue"] = True  # empty is the same as absent (what an HTML form sends)
        return document


def limit(default: int, low: int = 0, high: int = MAX_LIMIT) -> Param:
    """A ``limit`` parameter with its own default and range."""
    return Param("limit", f"Items to return ({low} to {high}).", int, default, minimum=low, maximum=high)


Q = Param("q", f"Text to search for: Chinese, English or pinyin; at most {MAX_QUERY_CHARS} characters.",
          required=True, max_length=MAX_QUERY_CHARS, missing="the text to search for")
OFFSET = Param("offset", f"Items to skip (0 to {MAX_OFFSET}).", int, 0, minimum=0, maximum=MAX_OFFSET)
SEARCH_LIMIT = limit(10)
# Which reports a search covers (each at most one value; none means every report).
REPORT = Param("report", "Only paragraphs of this report (its id, e.g. nmg-2024).", max_length=100)
REGION = Param("region", "Only paragraphs of reports of this region (its Chinese or English name).", max_length=100)
YEAR = Param("year", "Only paragraphs of reports of this year.", int, None, minimum=1949, maximum=2100)
SUGGEST_LIMIT = limit(8, 1, 20)
TERMS_LIMIT = limit(50)
CATEGORY = Param("category", "Only this category.", choices=CATEGORIES)
LETTER = Param("letter", "One letter A-Z (or #)", pattern="^[A-Za-z#]$", normalize=str.upper,
               check=lambda v: len(v) == 1 and ("A" <= v <= "Z" or v == "#"))
EXPORT_FORMAT = Param("format", "The file format: json, csv, xlsx, tbx (TBX-Basic 2008, for OmegaT, memoQ, "
                                "MultiTerm), tbx-v3 (ISO 30042:2019) or omegat (tab-separated, .utf8).",
                      required=True, choices=FORMAT_NAMES, missing="one of " + ", ".join(FORMAT_NAMES))
STATUS = Param("status", "Only terms whose preferred rendering has this status.", choices=ACCEPTED_STATUSES)
CONCORDANCE_Q = Param("q", f"A term (id, headword or alias) or any string; at most {MAX_QUERY_CHARS} characters.",
                      required=True, max_length=MAX_QUERY_CHARS, missing="the term or string to find")
SORT = Param("sort", "Order of the lines: text (reading order), left (by the words before the match, "
                     "nearest first) or right (by the words after it).", default="text",
             choices=("text", "left", "right"))
CONCORDANCE_LIMIT = limit(200, 0, 1000)
PAGE = Param("page", "Results page of the search page, from 1.", int, 1, minimum=1, maximum=MAX_OFFSET + 1)
GROUP = Param("group", "Search page: report groups the matching paragraphs by report (the best few of each), "
                       "none lists them in one ranked list, auto (the default) groups them when they are many "
                       "and spread over many reports.", default="auto", choices=("auto", "report", "none"))
# The embed surface (/embed): the widget's attributes as query parameters.
LANG = Param("lang", "Interface language.", choices=("zh", "en"), normalize=lambda v: v.strip().lower())
PLACEHOLDER = Param("placeholder", "Text shown in the empty search box.", default="", max_length=100)
OPEN = Param("open", "Where a chosen term opens.", default="new-tab", choices=("new-tab", "same-tab"),
             normalize=str.strip)
# The translator pages' own parameters.
CHECK_KIND = Param("kind", "Which segments the check page shows: all, issues (those with any), or one kind of issue.",
                   default="all", choices=("all", "issues", *(kind.value for kind in IssueKind)))
TABLE_FORMAT = Param("format", "The lookup table's file format.", default="csv", choices=("csv", "xlsx"))


def report_filter(scope: Scope, glossary) -> frozenset[str] | None:
    """The report ids a scope (:func:`read_scope`) leaves (None: no filter), for tools that are not a
    search; an unknown report, region or year is a :class:`BadParameter` naming those that exist."""
    if scope.everything:
        return None
    try:
        scope.check(glossary)
    except QueryError as error:
        raise BadParameter(str(error)) from None
    return scope.report_ids(glossary)


def read_scope(args: Mapping[str, str]) -> Scope:
    """The reports a search covers, from ``report``, ``region`` and ``year`` (each optional)."""
    report, region, year = REPORT.read(args), REGION.read(args), YEAR.read(args)
    return Scope(frozenset({report} if report else ()), frozenset({region} if region else ()),
                 frozenset({year} if year is not None else ()))
