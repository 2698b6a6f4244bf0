"""Interface catalogs: every string translated into Chinese, .mo files compiled and current."""

from __future__ import annotations

from web.catalogs import compile_catalogs, extract, po_files, problems


def test_every_interface_language_has_a_catalog():
    from web.settings import LOCALES

    assert {p.parent.parent.name for p in po_files()} == set(LOCALES)


def test_every_string_is_in_the_catalogs_and_translated_into_chinese():
    assert problems() == []


def test_extraction_finds_template_and_python_strings():
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in extract() if m.id}
    assert "Browse terms" in ids  # a template
    assert "Ecology and environment" in ids  # Python (lazy_gettext)
    assert "The page number must be a whole number of 1 or more." in ids  # Python (gettext)


def test_compiling_writes_mo_files(tmp_path):
    import shutil

    from web.catalogs import TRANSLATIONS

    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy, ignore=shutil.ignore_patterns("*.mo"))
    written = compile_catalogs(copy)
    assert sorted(p.parent.parent.name for p in written) == ["en", "zh"]
    assert compile_catalogs(copy) == []  # already current
