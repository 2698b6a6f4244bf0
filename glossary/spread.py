"""Where else a term is used: its spread over one year's reports from many regions.

A *collection year* is a year with reports from at least :data:`MIN_REGIONS`
regions (2026: all 31 provinces). For each collection year, a term's spread
lists the regions whose report uses it, most occurrences first, and those whose
report does not. Counts are those of :meth:`glossary.build.Glossary.usage_by_report`
(places, and the paragraphs they are in).

Years with reports from fewer regions (the national reports, a region's own
series) are a timeline, not a spread: see the term page.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary.report import ReportInfo

MIN_REGIONS = 3


@dataclass(frozen=True)
class RegionUse:
    """One region's report in a collection year, and how often it uses the term."""

    report: ReportInfo
    occurrences: int
    paragraphs: int

    def to_dict(self) -> dict:
        return {"report": self.report.id, "region": self.report.region, "region_en": self.report.region_en,
                "occurrences": self.occurrences, "paragraphs": self.paragraphs}


@dataclass(frozen=True)
class YearSpread:
    """A term across one collection year: the regions that use it (most first) and those that do not."""

    year: int
    used: tuple[RegionUse, ...]
    unused: tuple[ReportInfo, ...]

    @property
    def reports(self) -> int:
        return len(self.used) + len(self.unused)

    def to_dict(self) -> dict:
        return {"year": self.year, "reports": self.reports, "used_in": len(self.used),
                "regions": [use.to_dict() for use in self.used], "not_used_in": [r.id for r in self.unused]}


def collection_years(reports: list[ReportInfo]) -> list[int]:
    """Years with reports from at least :data:`MIN_REGIONS` regions, newest first."""
    regions: dict[int, set[str]] = {}
    for report in reports:
        regions.setdefault(report.year, set()).add(report.region)
    return sorted((year for year, names in regions.items() if len(names) >= MIN_REGIONS), reverse=True)


def spread(reports: list[ReportInfo], usage: list[dict]) -> list[YearSpread]:
    """The term's spread over each collection year, newest first.

    ``usage`` is :meth:`Glossary.usage_by_report` for the term (reports that
    use it, with ``occurrences`` and ``paragraphs``). Ties are broken by
    paragraphs, then by region, so the order is stable.
    """
    counts = {u["report"]: u for u in usage}
    result = []
    for year in collection_years(reports):
        in_year = [r for r in reports if r.year == year]
        used = sorted((RegionUse(r, counts[r.id]["occurrences"], counts[r.id]["paragraphs"])
                       for r in in_year if r.id in counts),
                      key=lambda u: (-u.occurrences, -u.paragraphs, u.report.region))
        unused = tuple(sorted((r for r in in_year if r.id not in counts), key=lambda r: r.region))
        result.append(YearSpread(year, tuple(used), unused))
    return result
