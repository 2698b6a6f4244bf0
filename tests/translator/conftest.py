"""Fixtures for the translator tools: the test glossary with alternatives and deprecated renderings added.

The small test glossary (tests/fixtures/data) has one rendering per term; the
exports and the check must also be tried on terms with accepted alternatives
and deprecated forms, so :func:`varied_glossary` adds some in memory.
"""

from __future__ import annotations

import dataclasses

import pytest

from glossary.build import Glossary
from glossary.terms import Rendering

EXTRA = {
    "three-north-program": (
        Rendering("Three-North Shelterbelt Program", "recommended", "Test fixture"),
        Rendering("Three-North Program", "proposed", "Test fixture"),
        Rendering("Three Norths Project", "deprecated", "Test fixture", note="Not used in official texts."),
    ),
    "tianjun-program": (
        Rendering("Tianjun Plan", "deprecated", "Test fixture", note="Use Tianjun Program."),
    ),
}


def vary(glossary: Glossary) -> Glossary:
    """A copy of ``glossary`` whose terms in :data:`EXTRA` have those renderings added."""
    terms = [dataclasses.replace(t, renderings=t.renderings + EXTRA.get(t.id, ())) for t in glossary.terms]
    return Glossary(reports=glossary.reports, paragraphs=glossary.paragraphs, terms=terms,
                    occurrences=glossary.occurrences, marks=glossary.marks)


@pytest.fixture(scope="session")
def varied_glossary(sample_glossary) -> Glossary:
    return vary(sample_glossary)
