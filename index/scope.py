"""Which reports a search covers: all of them, or those of some reports, regions or years.

A :class:`Scope` is built once from the user's filters and checked against the
glossary's reports (an unknown report, region or year is a
:class:`index.query.QueryError` naming what exists). It resolves to the set
of document numbers (positions in ``glossary.paragraphs``) the search may
return.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary.build import Glossary
from index.query import QueryError


@dataclass(frozen=True)
class Scope:
    """Filters on reports; an empty filter lets everything through."""

    reports: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()

    @property
    def everything(self) -> bool:
        return not (self.reports or self.regions or self.years)

    def check(self, glossary: Glossary) -> None:
        """Refuse filters that match no report of the glossary, naming the ones that exist."""
        known = glossary.reports
        for name, wanted, values in (("report", self.reports, {r.id for r in known}),
                                     ("region", self.regions, {r.region for r in known} | {r.region_en for r in known}),
                                     ("year", self.years, {r.year for r in known})):
            unknown = sorted(str(v) for v in wanted - values)
            if unknown:
                choices = ", ".join(sorted(str(v) for v in values if v))
                raise QueryError(f"no {name} {', '.join(unknown)}; the {name}s are {choices}")

    def report_ids(self, glossary: Glossary) -> frozenset[str]:
        """The reports that pass every filter."""
        return frozenset(
            r.id for r in glossary.reports
            if (not self.reports or r.id in self.reports)
            and (not self.regions or r.region in self.regions or r.region_en in self.regions)
            and (not self.years or r.year in self.years))

    def docnums(self, glossary: Glossary) -> frozenset[int] | None:
        """Document numbers the search may return, or None when it may return all."""
        if self.everything:
            return None
        ids = self.report_ids(glossary)
        return frozenset(n for n, p in enumerate(glossary.paragraphs) if p.report_id in ids)
