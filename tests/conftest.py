"""Shared fixtures: the parsed seed corpus, the test data folders, and an index built once per session.

Tests take what they need from here as fixtures; none imports this module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.build import build_glossary
from glossary.corpus import load_corpus
from index.build import build_index
from index.reader import SearchIndex

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_DATA = FIXTURES / "data"
FIXTURE_SEEDS = FIXTURES / "seeds"


@pytest.fixture(scope="session")
def fixture_data() -> Path:
    """The small test glossary (tests/fixtures/data), independent of the evolving content."""
    return FIXTURE_DATA


@pytest.fixture(scope="session")
def fixture_seeds() -> Path:
    """A seeds folder with a second, small report (tests/fixtures/seeds)."""
    return FIXTURE_SEEDS


@pytest.fixture(scope="session")
def shared_dir() -> Path | None:
    """The project's shared/ folder: beside the repository (as CI lays it out), or one level further up."""
    repo = Path(__file__).resolve().parents[1]
    for base in (repo.parent, repo.parent.parent):
        if (base / "shared").is_dir():
            return base / "shared"
    return None


@pytest.fixture(scope="session")
def corpus():
    """The shipped seeds, parsed."""
    return load_corpus()


@pytest.fixture(scope="session")
def paragraphs(corpus):
    """The paragraphs of the first report, nmg-2024 (the one the parser's detailed tests describe)."""
    (report,) = [r for r in corpus.reports if r.id == "nmg-2024"]
    return list(report.paragraphs)


@pytest.fixture(scope="session")
def sample_glossary():
    """The seed report cross-referenced with the small test glossary."""
    return build_glossary(data_dir=FIXTURE_DATA)


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory):
    """An index of the seed report and the test glossary, built once."""
    path = tmp_path_factory.mktemp("index")
    build_index(path, data_dir=FIXTURE_DATA)
    return path


@pytest.fixture(scope="session")
def searcher(index_dir):
    index = SearchIndex.open(index_dir)
    yield index
    index.close()


BROWSER_PACKAGES = "chromium fonts-wqy-microhei"


@pytest.hookimpl(hookwrapper=True, tryfirst=True)  # outermost: after pytest's own summary, above the counts
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say plainly when browser tests did not run, and what to install so they do."""
    yield
    skipped = [report for report in terminalreporter.stats.get("skipped", [])
               if "browser" in getattr(report, "keywords", {})]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} browser tests were skipped: they drive Debian's Chromium. Install it with "
            f"`apt-get install {BROWSER_PACKAGES}` (as .ci/run does) to run them.", yellow=True, bold=True)
