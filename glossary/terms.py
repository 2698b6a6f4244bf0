"""The concept-oriented term model and the loader for the curated glossary files.

One :class:`Term` is one concept (as in TBX and IATE): a Chinese headword with
its variants, pinyin, English renderings each with a status and a source,
definitions in both languages each with a source, a category, related terms and
members. The curated entries live in ``glossary/data/terms/*.toml``; those files
are the source of truth, and :func:`load_terms` rejects a malformed one with the
file, the entry and what is wrong.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import DataError
from glossary.text import fold_text

# Accepted statuses, most authoritative first; ``deprecated`` marks a form in use
# that translators must not use (its note says why and what replaced it).
ACCEPTED_STATUSES = ("official", "recommended", "proposed")
DEPRECATED = "deprecated"
STATUSES = (*ACCEPTED_STATUSES, DEPRECATED)
CATEGORIES = (
    "economy", "industry", "energy", "agriculture", "science-technology", "reform",
    "opening-up", "infrastructure", "ecology", "regional-development", "livelihood",
    "culture-tourism", "ethnic-unity", "governance", "party-building", "safety-risk",
)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def default_data_dir() -> Path:
    """The curated glossary shipped with the project."""
    return Path(__file__).parent / "data"


@dataclass(frozen=True)
class Rendering:
    """One English rendering of a term, with its status and where it comes from."""

    text: str
    status: str
    source: str
    url: str = ""
    note: str = ""

    def to_dict(self) -> dict:
        return {"en": self.text, "status": self.status, "source": self.source,
                "url": self.url, "note": self.note}


@dataclass(frozen=True)
class Definition:
    """A definition in one language and its source."""

    text: str
    source: str

    def to_dict(self) -> dict:
        return {"text": self.text, "source": self.source}


@dataclass(frozen=True)
class Term:
    """One concept of the glossary."""

    id: str
    zh: str
    pinyin: str
    category: str
    renderings: tuple[Rendering, ...]
    definition_zh: Definition
    definition_en: Definition
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    file: str = field(default="", compare=False)

    @property
    def en(self) -> str:
        """The preferred English rendering (the first one listed)."""
        return self.renderings[0].text

    @property
    def accepted(self) -> tuple[Rendering, ...]:
        """The renderings a translator may use, preferred first."""
        return tuple(r for r in self.renderings if r.status != DEPRECATED)

    @property
    def deprecated(self) -> tuple[Rendering, ...]:
        """Wrong or outdated forms in use, recorded so that checks can flag them."""
        return tuple(r for r in self.renderings if r.status == DEPRECATED)

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """Headword and aliases, the strings that mark this term in a text."""
        return (self.zh, *self.aliases)

    def to_dict(self) -> dict:
        """Plain data for JSON; the shape of the export and the API's term object."""
        return {
            "id": self.id,
            "zh": self.zh,
            "en": self.en,
            "pinyin": self.pinyin,
            "aliases": list(self.aliases),
            "category": self.category,
            "renderings": [r.to_dict() for r in self.renderings],
            "definition": {"zh": self.definition_zh.text, "en": self.definition_en.text},
            "definition_sources": {"zh": self.definition_zh.source, "en": self.definition_en.source},
            "related": list(self.related),
            "members": list(self.members),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Term:
        """Inverse of :meth:`to_dict`."""
        return cls(
            id=data["id"], zh=data["zh"], pinyin=data["pinyin"], category=data["category"],
            renderings=tuple(
                Rendering(r["en"], r["status"], r["source"], r.get("url", ""), r.get("note", ""))
                for r in data["renderings"]
            ),
            definition_zh=Definition(data["definition"]["zh"], data["definition_sources"]["zh"]),
            definition_en=Definition(data["definition"]["en"], data["definition_sources"]["en"]),
            aliases=tuple(data["aliases"]), related=tuple(data["related"]),
            members=tuple(data["members"]),
        )


_TERM_KEYS = {"id", "zh", "aliases", "pinyin", "category", "related", "members", "en", "definition"}
_RENDERING_KEYS = {"text", "status", "source", "url", "note"}


def _text(value, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    return value.strip()


def _strings(value, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{what} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _definition(raw: dict, language: str) -> Definition:
    part = raw.get(language)
    if not isinstance(part, dict):
        raise ValueError(f"definition.{language} is missing (needs text and source)")
    unknown = set(part) - {"text", "source"}
    if unknown:
        raise ValueError(f"definition.{language} has unknown keys {', '.join(sorted(unknown))}")
    return Definition(_text(part.get("text"), f"definition.{language}.text"),
                      _text(part.get("source"), f"definition.{language}.source"))


def _rendering(raw, position: int) -> Rendering:
    what = f"en #{position + 1}"
    if not isinstance(raw, dict):
        raise ValueError(f"{what} must be a table")
    unknown = set(raw) - _RENDERING_KEYS
    if unknown:
        raise ValueError(f"{what} has unknown keys {', '.join(sorted(unknown))}")
    status = raw.get("status")
    if status not in STATUSES:
        raise ValueError(f"{what} status {status!r} is not one of {', '.join(STATUSES)}")
    rendering = Rendering(
        text=_text(raw.get("text"), f"{what} text"),
        status=status,
        source=_text(raw.get("source"), f"{what} source"),
        url=str(raw.get("url", "")).strip(),
        note=str(raw.get("note", "")).strip(),
    )
    if status == DEPRECATED and not rendering.note:
        raise ValueError(f"{what} is deprecated: its note must say why (and what replaced it)")
    return rendering


def parse_term(raw: dict, file: str = "") -> Term:
    """Build one term from its TOML table; raise ValueError naming the faulty field."""
    unknown = set(raw) - _TERM_KEYS
    if unknown:
        raise ValueError(f"unknown keys {', '.join(sorted(unknown))}")
    term_id = _text(raw.get("id"), "id")
    if not _ID.match(term_id):
        raise ValueError(f"id {term_id!r} must be lower-case ASCII kebab-case")
    category = raw.get("category")
    if category not in CATEGORIES:
        raise ValueError(f"category {category!r} is not one of {', '.join(CATEGORIES)}")
    renderings = raw.get("en")
    if not isinstance(renderings, list) or not renderings:
        raise ValueError("needs at least one [[term.en]] rendering (the first is preferred)")
    if isinstance(renderings[0], dict) and renderings[0].get("status") == DEPRECATED:
        raise ValueError("en #1 is the preferred rendering and cannot be deprecated")
    definition = raw.get("definition")
    if not isinstance(definition, dict):
        raise ValueError("definition is missing (needs [term.definition.zh] and [term.definition.en])")
    return Term(
        id=term_id,
        zh=_text(raw.get("zh"), "zh"),
        pinyin=_text(raw.get("pinyin"), "pinyin"),
        category=category,
        renderings=tuple(_rendering(r, i) for i, r in enumerate(renderings)),
        definition_zh=_definition(definition, "zh"),
        definition_en=_definition(definition, "en"),
        aliases=_strings(raw.get("aliases", []), "aliases"),
        related=_strings(raw.get("related", []), "related"),
        members=_strings(raw.get("members", []), "members"),
        file=file,
    )


def _check_cross_entry(terms: list[Term]) -> None:
    """Ids unique, surface forms unique across entries, related ids exist."""
    by_id: dict[str, Term] = {}
    owner: dict[str, Term] = {}
    for term in terms:
        if term.id in by_id:
            raise DataError(term.file, f"term {term.id}", f"duplicate id (also in {by_id[term.id].file})")
        by_id[term.id] = term
    for term in terms:
        for form in term.surface_forms:
            key = fold_text(form)
            other = owner.get(key)
            if other is not None and other.id != term.id:
                raise DataError(term.file, f"term {term.id}",
                                f"surface form {form!r} is also used by term {other.id}")
            owner[key] = term
        for related in term.related:
            if related not in by_id:
                raise DataError(term.file, f"term {term.id}", f"related id {related!r} does not exist")


def load_terms(data_dir: Path | None = None) -> list[Term]:
    """Load and validate every ``terms/*.toml`` file, in file then entry order."""
    data_dir = data_dir or default_data_dir()
    terms: list[Term] = []
    for path in sorted((data_dir / "terms").glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise DataError(path, None, f"not valid TOML: {error}") from None
        unknown = set(data) - {"term"}
        if unknown:
            raise DataError(path, None, f"unknown top-level keys {', '.join(sorted(unknown))} (expected [[term]])")
        for position, raw in enumerate(data.get("term", [])):
            label = f"term #{position + 1}" + (f" ({raw['id']})" if isinstance(raw.get("id"), str) else "")
            try:
                terms.append(parse_term(raw, file=str(path)))
            except ValueError as error:
                raise DataError(path, label, str(error)) from None
    _check_cross_entry(terms)
    return terms
