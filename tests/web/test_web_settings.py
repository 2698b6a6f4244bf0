"""Settings: declared once, read from GLOSSARY_* variables, each one documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from web import create_app
from web.settings import BY_NAME, SETTINGS, SettingError, load

DOCS = Path(__file__).resolve().parents[2] / "docs" / "DEPLOYMENT.md"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented_with_its_default(setting):
    text = DOCS.read_text(encoding="utf-8")
    row = next((line for line in text.splitlines() if line.startswith(f"| `{setting.env}`")), None)
    assert row is not None, f"{setting.env} is missing from the settings table of docs/DEPLOYMENT.md"
    default = setting.default
    shown = "(none)" if default in (None, "") else str(default).lower() if isinstance(default, bool) else str(default)
    assert f"`{shown}`" in row, f"docs/DEPLOYMENT.md gives another default for {setting.env}"


def test_defaults_apply_without_environment():
    values = load(environ={})
    assert {name: values[name] for name in BY_NAME} == {s.name: s.default for s in SETTINGS}


def test_environment_is_read_with_the_prefix(tmp_path):
    values = load(environ={"GLOSSARY_INDEX_DIR": str(tmp_path), "GLOSSARY_CACHE_SECONDS": "60",
                           "GLOSSARY_DEFAULT_LOCALE": "EN", "GLOSSARY_DEBUG": "no", "CACHE_SECONDS": "1"})
    assert values["INDEX_DIR"] == tmp_path and values["CACHE_SECONDS"] == 60
    assert values["DEFAULT_LOCALE"] == "en" and values["DEBUG"] is False


def test_config_overrides_environment_and_passes_flask_keys(tmp_path):
    values = load({"CACHE_SECONDS": 5, "TESTING": True}, environ={"GLOSSARY_CACHE_SECONDS": "60"})
    assert values["CACHE_SECONDS"] == 5 and values["TESTING"] is True


@pytest.mark.parametrize("env, value, message", [
    ("GLOSSARY_CACHE_SECONDS", "soon", "GLOSSARY_CACHE_SECONDS"),
    ("GLOSSARY_CACHE_SECONDS", "-1", "at least 0"),
    ("GLOSSARY_PAGE_SIZE", "0", "at least 1"),
    ("GLOSSARY_PAGE_SIZE", "500", "at most 100"),
    ("GLOSSARY_DEFAULT_LOCALE", "fr", "zh, en"),
    ("GLOSSARY_DEBUG", "maybe", "true or false"),
    ("GLOSSARY_PUBLIC_URL", "glossary.example.org", "http"),
])
def test_bad_values_name_the_setting(env, value, message):
    with pytest.raises(SettingError) as error:
        load(environ={env: value})
    assert message in str(error.value) and env in str(error.value)


def test_create_app_reads_the_environment(monkeypatch, index_dir):
    monkeypatch.setenv("GLOSSARY_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("GLOSSARY_DEFAULT_LOCALE", "en")
    app = create_app()
    assert app.config["INDEX_DIR"] == index_dir
    page = app.test_client().get("/")
    assert page.status_code == 200 and '<html lang="en">' in page.get_data(as_text=True)
