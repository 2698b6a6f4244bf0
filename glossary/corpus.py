"""The corpus: every report listed in a seeds manifest, parsed."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from glossary.errors import DataError
from glossary.report import Paragraph, Report, ReportInfo, parse_report

_REQUIRED = ("id", "title", "region", "year", "date", "speaker", "language", "file")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _text(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    return None


def _optional_text(value: object) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _year(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1949 <= value <= 2100:
        return "must be a year, an integer such as 2024"
    return None


def _date(value: object) -> str | None:
    if isinstance(value, datetime) or not isinstance(value, date):
        return f"must be a TOML date such as 2024-03-05 (no quotes), not {type(value).__name__} {value!r}"
    return None


def _id(value: object) -> str | None:
    if not isinstance(value, str) or not _ID.match(value):
        return "must be lower-case letters and digits joined by hyphens (it is part of every paragraph URL)"
    return None


def _url(value: object) -> str | None:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return "must be an http(s) address"
    return None


def _bool(value: object) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


# Every field of a manifest entry and its check (a message when the value is wrong).
_CHECKS = {
    "id": _id, "title": _text, "region": _text, "year": _year, "date": _date, "speaker": _text,
    "language": lambda value: None if value == "zh" else "must be \"zh\" (the only language parsed)",
    "file": _text, "title_en": _optional_text, "region_en": _optional_text, "speaker_en": _optional_text,
    "source_url": _url, "retrieved": _date, "licence": _text, "curated": _bool, "defects": _text,
}


def default_seeds_dir() -> Path:
    """The ``seeds/`` folder shipped with the project."""
    import seeds

    return Path(seeds.__file__).parent


@dataclass(frozen=True)
class Corpus:
    """All reports, and their paragraphs by id."""

    reports: tuple[Report, ...]

    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph of every report, in manifest then reading order."""
        return [p for report in self.reports for p in report.paragraphs]


def check_entry(path: Path, where: str, entry: dict) -> None:
    """Refuse a manifest entry with a missing, unknown or wrong field, naming the field."""
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise DataError(path, where, f"missing {', '.join(missing)}")
    unknown = set(entry) - set(_CHECKS)
    if unknown:
        raise DataError(path, where, f"unknown keys {', '.join(sorted(unknown))}")
    for key, value in entry.items():
        problem = _CHECKS[key](value)
        if problem:
            raise DataError(path, where, f"{key} {problem}")
    if entry["date"].year != entry["year"]:
        raise DataError(path, where, f"date {entry['date']} is not in year {entry['year']}")
    if "retrieved" in entry and entry["retrieved"] < entry["date"]:
        raise DataError(path, where, f"retrieved {entry['retrieved']} is before the report's date")


def read_manifest(seeds_dir: Path) -> list[ReportInfo]:
    """Read and check ``manifest.toml``; each entry names a report text file."""
    path = seeds_dir / "manifest.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path, None, "manifest not found") from None
    except tomllib.TOMLDecodeError as error:
        raise DataError(path, None, f"not valid TOML: {error}") from None
    infos: list[ReportInfo] = []
    seen: set[str] = set()
    entries = data.get("report", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise DataError(path, None, "report must be an array of tables ([[report]])")
    for index, entry in enumerate(entries):
        where = f"report #{index + 1} ({entry.get('id', 'no id')})"
        check_entry(path, where, entry)
        if entry["id"] in seen:
            raise DataError(path, where, "duplicate id")
        if not (seeds_dir / entry["file"]).is_file():
            raise DataError(path, where, f"file {entry['file']} not found")
        seen.add(entry["id"])
        infos.append(ReportInfo(**entry))
    if not infos:
        raise DataError(path, None, "lists no [[report]]")
    return infos


def load_corpus(seeds_dir: Path | None = None) -> Corpus:
    """Parse every report in the manifest."""
    seeds_dir = seeds_dir or default_seeds_dir()
    reports = []
    for info in read_manifest(seeds_dir):
        text = (seeds_dir / info.file).read_text(encoding="utf-8")
        reports.append(parse_report(info, text))
    return Corpus(tuple(reports))
