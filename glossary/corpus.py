"""The corpus: every report listed in a seeds manifest, parsed."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import DataError
from glossary.report import Paragraph, Report, ReportInfo, parse_report

_REQUIRED = ("id", "title", "region", "year", "date", "speaker", "language", "file")


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
    for index, entry in enumerate(data.get("report", [])):
        where = f"report #{index + 1} ({entry.get('id', 'no id')})"
        missing = [key for key in _REQUIRED if key not in entry]
        if missing:
            raise DataError(path, where, f"missing {', '.join(missing)}")
        unknown = set(entry) - set(ReportInfo.__dataclass_fields__)
        if unknown:
            raise DataError(path, where, f"unknown keys {', '.join(sorted(unknown))}")
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
