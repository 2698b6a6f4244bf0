"""The 2024 report's paragraph ids (and so its URLs) never change.

``fixtures/nmg-2024-paragraph-ids.txt`` was recorded from the build before the
parser was restructured for several reports; every id must still be there, in
the same order, and no other.
"""

from __future__ import annotations

from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "nmg-2024-paragraph-ids.txt"


def test_every_nmg_2024_paragraph_id_is_unchanged(corpus):
    recorded = FIXTURE.read_text(encoding="utf-8").split()
    (report,) = [r for r in corpus.reports if r.id == "nmg-2024"]
    assert [p.id for p in report.paragraphs] == recorded
