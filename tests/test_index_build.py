"""The index build: fresh folder, atomic swap, stamp and staleness, read-only use."""

from __future__ import annotations

import shutil

import pytest

from index.build import build_index, ensure_index, is_stale
from index.layout import CURRENT, current_build, read_stamp
from index.reader import IndexMissing, SearchIndex


@pytest.fixture()
def data_dir(tmp_path, fixture_data):
    path = tmp_path / "data"
    shutil.copytree(fixture_data, path)
    return path


def test_build_swaps_in_a_new_folder_and_keeps_only_the_previous(tmp_path, data_dir):
    index_dir = tmp_path / "index"
    first = build_index(index_dir, data_dir=data_dir).path
    second = build_index(index_dir, data_dir=data_dir).path
    third = build_index(index_dir, data_dir=data_dir).path
    assert len({first, second, third}) == 3
    assert current_build(index_dir) == third
    assert (index_dir / CURRENT).read_text() == third.name
    assert sorted(p.name for p in index_dir.glob("build-*")) == sorted([second.name, third.name])


def test_stamp_tracks_the_data(tmp_path, data_dir):
    index_dir = tmp_path / "index"
    assert is_stale(index_dir, data_dir=data_dir)
    report = build_index(index_dir, data_dir=data_dir)
    assert read_stamp(report.path)["stamp"] == report.stamp
    assert not is_stale(index_dir, data_dir=data_dir)
    assert ensure_index(index_dir, data_dir=data_dir) is None, "a current index is not rebuilt"
    terms = data_dir / "terms" / "sample.toml"
    terms.write_text(terms.read_text(encoding="utf-8").replace("Warmth Project", "Warm Homes Project"),
                     encoding="utf-8")
    assert is_stale(index_dir, data_dir=data_dir)
    rebuilt = ensure_index(index_dir, data_dir=data_dir)
    assert rebuilt is not None and rebuilt.path != report.path
    assert SearchIndex.open(index_dir).search("warm homes").terms[0].term.id == "warmth-project"


def test_an_open_searcher_keeps_working_across_a_rebuild(tmp_path, data_dir):
    index_dir = tmp_path / "index"
    build_index(index_dir, data_dir=data_dir)
    searcher = SearchIndex.open(index_dir)
    before = searcher.search("蒙科聚", 5)
    build_index(index_dir, data_dir=data_dir)
    assert searcher.search("蒙科聚", 5) == before
    assert SearchIndex.open(index_dir).search("蒙科聚", 5).paragraphs.total == before.paragraphs.total


def test_a_read_only_copy_can_be_searched(tmp_path, index_dir):
    copy = tmp_path / "copy"
    shutil.copytree(index_dir, copy)
    for path in [copy, *copy.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        assert SearchIndex.open(copy).search("三北").terms[0].term.id == "three-north-program"
    finally:
        for path in [copy, *copy.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_failed_build_leaves_the_live_one_alone(tmp_path, data_dir):
    index_dir = tmp_path / "index"
    live = build_index(index_dir, data_dir=data_dir).path
    (data_dir / "terms" / "broken.toml").write_text("[[term]]\nid = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.toml"):
        build_index(index_dir, data_dir=data_dir)
    assert current_build(index_dir) == live
    assert list(index_dir.glob("build-*")) == [live]


def test_opening_a_missing_index_says_what_to_do(tmp_path):
    with pytest.raises(IndexMissing, match="glossary build"):
        SearchIndex.open(tmp_path)


SEARCH_LOOP = """
import sys
from pathlib import Path
from index.reader import SearchIndex
index_dir = Path(sys.argv[1])
for round in range(30):
    # A fresh open each round follows CURRENT to whichever build is live.
    result = SearchIndex.open(index_dir).search("蒙科聚", 5)
    assert result.paragraphs.total == 4, result  # three in nmg-2024, one in nmg-2026
print("ok")
"""


def test_several_processes_search_while_the_index_is_rebuilt(tmp_path, data_dir):
    import subprocess
    import sys

    index_dir = tmp_path / "index"
    build_index(index_dir, data_dir=data_dir)
    readers = [subprocess.Popen([sys.executable, "-c", SEARCH_LOOP, str(index_dir)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for _ in range(2):
        build_index(index_dir, data_dir=data_dir)
    for reader in readers:
        out, err = reader.communicate(timeout=120)
        assert reader.returncode == 0, err
        assert out.strip() == "ok"
