"""Search: literal recall, term-first ranking, bilingual retrieval, English relevance, suggest, hostile input."""

from __future__ import annotations

import json
import threading

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from glossary.corpus import load_corpus
from glossary.text import fold_text, normalize, to_simplified
from index.query import MAX_QUERY_CHARS, QueryError
from web.marking import highlight

PARAGRAPHS = load_corpus().paragraphs()


def all_literal_ids(searcher, query):
    """Ids of every paragraph reported as containing the whole query."""
    first = searcher.search(query, 100, 0)
    items = list(first.paragraphs.items)
    for offset in range(100, first.paragraphs.total, 100):  # every page: the corpus has several reports
        items += searcher.search(query, 100, offset).paragraphs.items
    return {hit.paragraph.id for hit in items if hit.match.value == "exact"}, first


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
    assert result.paragraphs.exact == len(found)


def test_substring_hidden_by_jieba_is_found(searcher):
    # jieba cuts 蒙科聚科创平台 as 蒙科/聚科创; literal search must still find all four
    # (three in the 2024 report, one in 2026's “蒙科聚”平台).
    found, _ = all_literal_ids(searcher, "蒙科聚")
    assert found == {"nmg-2024.1.0.11", "nmg-2024.2.4.3", "nmg-2024.a2.2", "nmg-2026.c2.3.2.1"}


def test_whole_query_ranks_above_partial_matches(searcher):
    result = searcher.search("生态保护和高质量发展", 100, 0)
    items = list(result.paragraphs.items)
    for offset in range(100, result.paragraphs.total, 100):  # several reports: more than one page
        items += searcher.search("生态保护和高质量发展", 100, offset).paragraphs.items
    matches = [hit.match.value for hit in items]
    assert "exact" in matches and "partial" in matches
    assert matches == sorted(matches, key=lambda m: m != "exact")
    assert result.paragraphs.total == len(matches)


def test_paging(searcher):
    whole = searcher.search("发展", 100, 0).paragraphs
    page = searcher.search("发展", 10, 20).paragraphs
    assert [i.paragraph.id for i in page.items] == [i.paragraph.id for i in whole.items[20:30]]
    assert page.total == whole.total


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
    ("companies listing", "tianjun-program"),  # "companies list" in its definition, as a phrase
])
def test_term_first(searcher, query, term_id):
    terms = searcher.search(query).terms
    assert terms and terms[0].term.id == term_id


def test_term_summary_fields(searcher):
    term = searcher.search("三北").to_dict(searcher.glossary)["terms"][0]
    assert term["zh"] == "“三北”工程" and term["en"] == "Three-North Shelterbelt Forest Program"
    assert term["match"] == "exact" and term["occurrences"] >= term["paragraphs"] >= 3


def test_english_search_is_stemmed(searcher):
    ids = [hit.term.id for hit in searcher.search("projects").terms]
    assert {"warmth-project", "six-projects"} <= set(ids)


@pytest.mark.parametrize("query", ['"三北"', "三北*", "*", "三北 AND 工程", "AND", "OR", "NOT", "title:三北", ":", "(",
                                   "三北)", "[{", "😀", "🇨🇳三北", "\\", "%", "_", "<script>alert(1)</script>",
                                   "a" * 200,
                                   "\u200b三北", "三北\x00"])
def test_hostile_input_gives_results_not_exceptions(searcher, query):
    result = searcher.search(query)
    json.dumps(result.to_dict(searcher.glossary))
    for hit in result.paragraphs.items:
        assert "<script>" not in highlight(hit.paragraph.text, hit.spans)


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


def marked(hit) -> list[str]:
    return [hit.paragraph.text[start:end] for start, end in hit.spans]


def test_search_spans_cover_the_whole_query(searcher):
    items = searcher.search("蒙科聚").paragraphs.items
    assert items and all(set(marked(hit)) == {"蒙科聚"} for hit in items)
    hit = searcher.search("“三北”工程").paragraphs.items[0]
    assert "三北”工程" in marked(hit)


def test_partial_matches_mark_whole_words(searcher):
    items = searcher.search("生态保护和高质量发展", 100).paragraphs.items
    partial = [hit for hit in items if hit.match.value == "partial"]
    assert partial and all(hit.spans for hit in partial)
    assert all("生" not in marked(hit) for hit in partial)


def suggested(searcher, text):
    return [s.term.id for s in searcher.suggest(text)]


def test_suggest_by_prefix(searcher):
    assert suggested(searcher, "三")[0] == "three-north-program"
    assert suggested(searcher, "san")[0] == "three-north-program"
    assert suggested(searcher, "warm")[0] == "warmth-project"
    assert suggested(searcher, "Tianj")[0] == "tianjun-program"
    assert suggested(searcher, "天駿")[0] == "tianjun-program"
    assert suggested(searcher, "zzzz") == []


@pytest.mark.parametrize("typed", ["“", "「", "\"", " ” "])
def test_an_opening_quotation_mark_typed_first_suggests_nothing_without_an_error(searcher, typed):
    assert searcher.suggest(typed) == ()
    assert suggested(searcher, typed + "三")[0] == "three-north-program"


@pytest.mark.parametrize(("text", "term_id"), [("shelterbelt", "three-north-program"),
                                               ("Shelterbelt Forest", "three-north-program"),
                                               ("forest program", "three-north-program"),
                                               ("科创平台", "mengkeju"), ("骏计", "tianjun-program")])
def test_suggest_inside_words(searcher, text, term_id):
    assert term_id in suggested(searcher, text)


def test_suggest_ranks_prefix_matches_before_matches_inside(searcher):
    # 工程 starts no headword of the test glossary but is inside several; 三北 starts one.
    found = searcher.suggest("三北")
    assert found[0].term.id == "three-north-program" and found[0].key.startswith("三北")
    inside_first = [s for s in searcher.suggest("工程") if not s.key.startswith("工程")]
    assert inside_first, "工程 is inside headwords"


def test_search_is_safe_from_many_threads(searcher):
    queries = ["三北", "蒙科聚", "发展", "5G基站", "warmth", "sanbei", "天骏", "生态", "12345热线", "工程"]
    expected = {q: searcher.search(q, 20, 0) for q in queries}
    errors = []

    def work(offset):
        try:
            for i in range(40):
                query = queries[(i + offset) % len(queries)]
                assert searcher.search(query, 20, 0) == expected[query]
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
    finder = searcher._paragraphs
    words = finder.words(normalize("蒙科聚科创平台作用显现，G5511 Projects"))
    assert words[0] == "蒙科聚科创平台"
    assert "g5511" in words
    assert set(words) <= finder._vocabulary


# -- bilingual retrieval: the paragraphs that use the term a query names ------------------


@pytest.mark.parametrize(("query", "term_id"), [("tianjun", "tianjun-program"), ("Tianjun Program", "tianjun-program"),
                                                ("sanbei", "three-north-program"), ("sbgc", "three-north-program"),
                                                ("Three-North Shelterbelt Forest Program", "three-north-program"),
                                                ("Six Projects", "six-projects"), ("Warmth Project", "warmth-project")])
def test_a_query_naming_a_term_finds_every_paragraph_that_uses_it(searcher, query, term_id):
    glossary = searcher.glossary
    result = searcher.search(query, 100)
    assert term_id in [f.term.id for f in result.followed]
    uses = {p.id for p in glossary.paragraphs_of(term_id)}
    found = {hit.paragraph.id for hit in result.paragraphs.items if hit.match.value in ("exact", "term")}
    assert uses <= found
    for hit in result.paragraphs.items:
        if hit.match.value == "term":  # the term's own forms are what is marked
            forms = {fold_text(f) for f in glossary.term(term_id).surface_forms}
            assert hit.spans and all(fold_text(text) in forms for text in marked(hit))


def test_results_come_exact_then_term_then_partial(searcher):
    result = searcher.search("Tianjun Program 发展", 100)
    order = [hit.match.value for hit in result.paragraphs.items]
    rank = {"exact": 0, "term": 1, "partial": 2}
    assert order == sorted(order, key=rank.get)
    counts = result.paragraphs
    assert counts.total >= counts.exact + counts.term


def test_a_word_shared_by_many_terms_follows_none():
    from index.ranking import MAX_FOLLOWED, TermCandidate, terms_to_follow
    from index.results import TermMatch

    def partial(n):
        return [TermCandidate(f"t{i}", TermMatch.PARTIAL, i, "alias") for i in range(n)]

    assert len(terms_to_follow(partial(MAX_FOLLOWED))) == MAX_FOLLOWED
    assert terms_to_follow(partial(MAX_FOLLOWED + 1)) == []
    exact = [TermCandidate("x", TermMatch.EXACT, 0, "pinyin")]
    assert terms_to_follow(exact + partial(2)) == exact  # an exact match wins over any partial ones
    assert terms_to_follow([TermCandidate("d", TermMatch.DEFINITION, 0, "definition")]) == []


def test_the_term_count_and_the_followed_paragraphs_agree(searcher):
    result = searcher.search("tianjun", 100)
    (followed,) = result.followed
    assert followed.paragraphs == len(searcher.glossary.paragraphs_of("tianjun-program"))
    assert result.paragraphs.exact + result.paragraphs.term >= followed.paragraphs


# -- English relevance -------------------------------------------------------------------


def test_a_multi_word_english_query_needs_all_its_content_words(searcher):
    ids = [hit.term.id for hit in searcher.search("warmth project").terms]
    assert ids[0] == "warmth-project"
    for hit in searcher.search("Three-North Shelterbelt Forest Program").terms:
        assert hit.match.value in ("exact", "english", "definition")
    # "project" alone is in many renderings; with "shelterbelt" only the Three-North term has both.
    ids = [hit.term.id for hit in searcher.search("shelterbelt project").terms]
    assert "warmth-project" not in ids and "six-projects" not in ids


def test_no_term_for_a_query_whose_words_no_rendering_or_definition_holds_together(searcher):
    assert searcher.search("warmth shelterbelt").terms == ()


def test_a_deprecated_rendering_finds_its_term_and_says_so(searcher):
    (hit, *_) = searcher.search("Great Green Wall").terms
    assert hit.term.id == "three-north-program" and hit.matched_by == "deprecated"


def test_a_definition_matches_an_english_query_only_as_a_phrase(searcher):
    from index.analysis import contains_phrase, english_tokens

    assert contains_phrase(english_tokens("one of the Six Projects set in 2024"), english_tokens("six projects"))
    assert not contains_phrase(english_tokens("six cities and a project"), english_tokens("six projects"))
    for hit in searcher.search("Six Projects").terms:
        if hit.match.value == "definition":
            assert contains_phrase(english_tokens(hit.term.definition_en.text), english_tokens("Six Projects"))


# -- several reports: scope and counts per report ------------------------------------------


def test_counts_per_report_add_up_and_a_scope_keeps_to_its_reports(searcher):
    from index.scope import Scope

    whole = searcher.search("发展", 100)
    counts = {c.report_id: c.count for c in whole.by_report}
    assert len(counts) > 1 and sum(counts.values()) == whole.paragraphs.total
    for report_id, count in counts.items():
        scoped = searcher.search("发展", 100, scope=Scope(reports=frozenset({report_id})))
        assert scoped.paragraphs.total == count
        assert {hit.paragraph.report_id for hit in scoped.paragraphs.items} == {report_id}
        assert scoped.by_report == whole.by_report  # the counts always cover every report
    year = searcher.glossary.report_by_id["nmg-2024"].year
    by_year = searcher.search("发展", 100, scope=Scope(years=frozenset({year})))
    assert {searcher.glossary.report_by_id[h.paragraph.report_id].year for h in by_year.paragraphs.items} == {year}


@pytest.mark.parametrize(("scope", "message"), [
    ({"reports": frozenset({"nope"})}, "no report nope; the reports are"),
    ({"regions": frozenset({"火星"})}, "no region 火星"),
    ({"years": frozenset({1999})}, "no year 1999; the years are"),
])
def test_a_scope_naming_no_report_is_refused_with_what_exists(searcher, scope, message):
    from index.scope import Scope

    with pytest.raises(QueryError, match=message):
        searcher.search("发展", scope=Scope(**scope))
