"""Search: literal recall, term-first ranking, English stemming, hostile input, highlights."""

from __future__ import annotations

import json
import threading

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from glossary.corpus import load_corpus
from glossary.text import fold_text, normalize
from index.search import MAX_QUERY_CHARS, QueryError, highlight, to_simplified

PARAGRAPHS = load_corpus().paragraphs()


def all_literal_ids(searcher, query):
    """Ids of every paragraph reported as containing the whole query."""
    first = searcher.search(query, 100, 0)
    rest = searcher.search(query, 100, 100)["paragraphs"]["items"] if first["paragraphs"]["total"] > 100 else []
    items = first["paragraphs"]["items"] + rest
    return {item["id"] for item in items if item["match"] == "exact"}, first


def expected_ids(query):
    variants = {fold_text(query), fold_text(to_simplified(query))}
    return {p.id for p in PARAGRAPHS if any(v in fold_text(p.text) for v in variants)}


@st.composite
def substrings(draw):
    paragraph = draw(st.sampled_from(PARAGRAPHS))
    start = draw(st.integers(0, len(paragraph.text) - 1))
    length = draw(st.integers(1, min(40, len(paragraph.text) - start)))
    return paragraph, paragraph.text[start:start + length]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(substrings())
def test_any_substring_of_a_paragraph_finds_every_paragraph_that_contains_it(searcher, sample):
    paragraph, query = sample
    assume(fold_text(query))
    found, _ = all_literal_ids(searcher, query)
    assert paragraph.id in found
    assert found == expected_ids(query)


@pytest.mark.parametrize("query", ["5G基站", "G5511", "1.4%", "12345热线", "蒙科聚", "火车头", "PM2.5", "增长 1.4%",
                                   "2024 年", "“三北”工程", "重点旅游目的地专列", "的", "。", "Ｇ５５１１"])
def test_literal_recall_for_mixed_queries(searcher, query):
    found, result = all_literal_ids(searcher, query)
    assert found == expected_ids(query) != set()
    assert result["paragraphs"]["exact"] == len(found)


def test_substring_hidden_by_jieba_is_found(searcher):
    # jieba cuts 蒙科聚科创平台 as 蒙科/聚科创; literal search must still find all three.
    found, _ = all_literal_ids(searcher, "蒙科聚")
    assert len(found) == 3


def test_whole_query_ranks_above_partial_matches(searcher):
    result = searcher.search("生态保护和高质量发展", 100, 0)
    matches = [item["match"] for item in result["paragraphs"]["items"]]
    assert "exact" in matches and "partial" in matches
    assert matches == sorted(matches, key=lambda m: m != "exact")
    assert result["paragraphs"]["total"] == len(matches)


def test_paging(searcher):
    whole = searcher.search("发展", 100, 0)["paragraphs"]
    page = searcher.search("发展", 10, 20)["paragraphs"]
    assert [i["id"] for i in page["items"]] == [i["id"] for i in whole["items"][20:30]]
    assert page["total"] == whole["total"]


@pytest.mark.parametrize(("query", "term_id"), [
    ("“三北”工程", "three-north-program"),
    ("三北工程", "three-north-program"),
    ("三北", "three-north-program"),
    ("Three-North Shelterbelt Forest Program", "three-north-program"),
    ("three-north shelterbelt forest program", "three-north-program"),
    ("sanbei gongcheng", "three-north-program"),
    ("Sānběi Gōngchéng", "three-north-program"),
    ("san1bei3gong1cheng2", "three-north-program"),
    ("sbgc", "three-north-program"),
    ("天駿計劃", "tianjun-program"),
    ("天骏", "tianjun-program"),
    ("蒙科聚", "mengkeju"),
    ("Mengkeju", "mengkeju"),
    ("warmth project", "warmth-project"),
    ("shelterbelt forests", "three-north-program"),
    ("listing companies", "tianjun-program"),
])
def test_term_first(searcher, query, term_id):
    terms = searcher.search(query)["terms"]
    assert terms and terms[0]["id"] == term_id


def test_term_summary_fields(searcher):
    term = searcher.search("三北")["terms"][0]
    assert term["zh"] == "“三北”工程" and term["en"] == "Three-North Shelterbelt Forest Program"
    assert term["match"] == "exact" and term["occurrences"] >= 3


def test_english_search_is_stemmed(searcher):
    ids = [t["id"] for t in searcher.search("projects")["terms"]]
    assert {"warmth-project", "six-projects"} <= set(ids)


@pytest.mark.parametrize("query", ['"三北"', "三北*", "*", "三北 AND 工程", "AND", "OR", "NOT", "title:三北", ":", "(",
                                   "三北)", "[{", "😀", "🇨🇳三北", "\\", "%", "_", "<script>alert(1)</script>",
                                   "a" * 200,
                                   "\u200b三北", "三北\x00"])
def test_hostile_input_gives_results_not_exceptions(searcher, query):
    result = searcher.search(query)
    json.dumps(result)
    for item in result["paragraphs"]["items"]:
        assert "<script>" not in item["html"]


@pytest.mark.parametrize(("query", "message"), [
    ("", "query is empty"),
    ("   ", "query is empty"),
    ("“”", "nothing to search for"),
    ("三" * 10_000, f"the limit is {MAX_QUERY_CHARS}"),
])
def test_unusable_query_gives_a_clear_error(searcher, query, message):
    with pytest.raises(QueryError, match=message):
        searcher.search(query)


@pytest.mark.parametrize(("limit", "offset", "message"), [(101, 0, "limit must be between 0 and 100"),
                                                          (-1, 0, "limit"), (10, -5, "offset")])
def test_bad_paging_gives_a_clear_error(searcher, limit, offset, message):
    with pytest.raises(QueryError, match=message):
        searcher.search("三北", limit, offset)


def test_highlights_mark_whole_matches_and_escape():
    assert highlight("a<b>&c 三北工程", [(7, 11)]) == "a&lt;b&gt;&amp;c <mark>三北工程</mark>"
    assert highlight("三北三北", [(0, 2), (1, 3), (2, 4)]) == "<mark>三北三北</mark>"


def test_search_highlights_the_whole_query(searcher):
    items = searcher.search("蒙科聚")["paragraphs"]["items"]
    assert all("<mark>蒙科聚</mark>" in item["html"] for item in items)
    item = searcher.search("“三北”工程")["paragraphs"]["items"][0]
    assert "<mark>三北”工程</mark>" in item["html"]


def test_partial_matches_highlight_whole_words(searcher):
    items = searcher.search("生态保护和高质量发展", 100)["paragraphs"]["items"]
    partial = [i for i in items if i["match"] == "partial"]
    assert partial and all("<mark>" in i["html"] for i in partial)
    assert all("<mark>生</mark>" not in i["html"] for i in partial)


def test_suggest_by_prefix(searcher):
    assert searcher.suggest("三")[0]["id"] == "three-north-program"
    assert searcher.suggest("san")[0]["id"] == "three-north-program"
    assert searcher.suggest("warm")[0]["id"] == "warmth-project"
    assert searcher.suggest("Tianj")[0]["id"] == "tianjun-program"
    assert searcher.suggest("天駿")[0]["id"] == "tianjun-program"
    assert searcher.suggest("zzzz") == []


def test_search_is_safe_from_many_threads(searcher):
    queries = ["三北", "蒙科聚", "发展", "5G基站", "warmth", "sanbei", "天骏", "生态", "12345热线", "工程"]
    expected = {q: json.dumps(searcher._search(q, 20, 0), sort_keys=True) for q in queries}
    errors = []

    def work(offset):
        try:
            for i in range(40):
                query = queries[(i + offset) % len(queries)]
                assert json.dumps(searcher._search(query, 20, 0), sort_keys=True) == expected[query]
        except Exception as error:  # noqa: BLE001 - collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_query_words_use_the_index_vocabulary_and_its_user_dictionary(searcher):
    # 蒙科聚科创平台 is a glossary headword, so jieba kept it whole at index
    # time (jieba alone cuts it 蒙科/聚科创); the query side cuts it the same way.
    words = searcher._query_words(normalize("蒙科聚科创平台作用显现，G5511 Projects"))
    assert words[0] == "蒙科聚科创平台"
    assert "g5511" in words
    assert set(words) <= searcher._vocabulary
