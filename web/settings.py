"""Every setting of the web service, declared once with its default, type and help.

A setting ``NAME`` is read from the environment variable ``GLOSSARY_NAME``;
``create_app(config)`` can override any of them with a dict (tests do). Adding a
setting is one :class:`Setting` in :data:`SETTINGS`; ``docs/DEPLOYMENT.md`` lists
them all (a test checks that each one is documented there).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_PREFIX = "GLOSSARY_"
LOCALES = ("zh", "en")


class SettingError(ValueError):
    """A setting has a value that cannot be used; the message names the setting."""


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"expected true or false, got {text!r}")


def _path(text: str) -> Path | None:
    return Path(text) if text.strip() else None


def _int(text: str) -> int:
    return int(text.strip())


def _locale(text: str) -> str:
    value = text.strip().lower()
    if value not in LOCALES:
        raise ValueError(f"expected one of {', '.join(LOCALES)}, got {text!r}")
    return value


def _url(text: str) -> str:
    value = text.strip().rstrip("/")
    if value and not value.startswith(("http://", "https://")):
        raise ValueError(f"expected an http:// or https:// URL, got {text!r}")
    return value


_HOST = r"(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)"
_ORIGIN = re.compile(r"^https?://" + _HOST + r"(:[0-9]{1,5})?$")
_SOURCE = re.compile(r"^https?://(\*\.)?" + _HOST + r"(:([0-9]{1,5}|\*))?$")


def _origins(text: str) -> str:
    """Browser origins (``scheme://host[:port]``) or ``*``, separated by spaces or commas; normalised."""
    found = []
    for item in re.split(r"[\s,]+", text.strip().lower()):
        value = item[:-1] if item.endswith("/") and item.count("/") == 3 else item
        if value and value != "*" and not _ORIGIN.match(value):
            raise ValueError(f"expected origins such as https://intranet.example.gov (scheme, host and optional "
                             f"port; no path) or *, got {item!r}")
        if value and value not in found:
            found.append(value)
    return " ".join(found)


def _frame_sources(text: str) -> str:
    """CSP frame-ancestors sources: 'self', 'none', origins (with *. and :* wildcards) or https:; normalised."""
    found = []
    for item in re.split(r"[\s,]+", text.strip().lower()):
        value = {"self": "'self'", "none": "'none'"}.get(item, item)
        value = value[:-1] if value.endswith("/") and value.count("/") == 3 else value
        if value and value not in ("'self'", "'none'", "*", "https:", "http:") and not _SOURCE.match(value):
            raise ValueError(f"expected 'self', 'none' or origins such as https://wiki.example.gov, got {item!r}")
        if value and value not in found:
            found.append(value)
    if "'none'" in found and len(found) > 1:
        raise ValueError("'none' cannot be combined with other sources")
    return " ".join(found) or "'none'"


@dataclass(frozen=True)
class Setting:
    """One setting: its name (without the prefix), default, parser and help text."""

    name: str
    default: Any
    parse: Callable[[str], Any]
    help: str
    minimum: int | None = None

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name

    def coerce(self, value: Any) -> Any:
        """Parse text (from the environment) or check a Python value (from a config dict)."""
        try:
            if isinstance(value, str):
                value = self.parse(value)
            elif value is not None and self.parse is _path:
                value = Path(value)
        except ValueError as error:
            raise SettingError(f"{self.env}: {error}") from None
        if self.minimum is not None and (not isinstance(value, int) or value < self.minimum):
            raise SettingError(f"{self.env}: must be an integer of at least {self.minimum}, got {value!r}")
        return value


SETTINGS: tuple[Setting, ...] = (
    Setting("INDEX_DIR", None, _path,
            "Index folder to serve (a `glossary build` output). Default: ./var/index. "
            "The app only reads it, so a read-only copy works."),
    Setting("INDEX_CHECK_SECONDS", 10, _int,
            "How often (seconds) a worker checks whether the index's CURRENT pointer moved to a new "
            "build and, if so, switches to it. 0 disables the check.", minimum=0),
    Setting("DEFAULT_LOCALE", "zh", _locale,
            "Interface language when neither ?lang=, the language cookie nor Accept-Language decides "
            "(zh or en)."),
    Setting("CACHE_SECONDS", 300, _int,
            "max-age (seconds) of the Cache-Control header on API responses and static files. "
            "0 sends no-cache.", minimum=0),
    Setting("PUBLIC_URL", "", _url,
            "Base URL for the absolute links in API responses (e.g. https://glossary.example.org). "
            "Default: taken from each request's Host header."),
    Setting("PROXY_HOPS", 0, _int,
            "Number of trusted reverse proxies or load balancers in front of the app; their "
            "X-Forwarded-For/-Proto/-Host headers are then honoured. 0 trusts none.", minimum=0),
    Setting("PAGE_SIZE", 20, _int,
            "Paragraphs per page on the search results page (1 to 100).", minimum=1),
    Setting("RECOGNIZE_MAX_CHARS", 20_000, _int,
            "Longest text (in characters) that term recognition takes, on the /recognize page and at "
            "POST /api/v1/recognize; longer texts get 413 naming this limit.", minimum=1),
    Setting("CHECK_MAX_BYTES", 2_000_000, _int,
            "Largest request body (bytes) the terminology check takes, at POST /api/v1/check and on the /check "
            "and /lookup pages (texts, uploaded files and term lists); larger ones get 413 naming this setting.",
            minimum=1),
    Setting("CORS_ORIGINS", "", _origins,
            "Origins (scheme://host[:port], separated by spaces or commas) whose pages may call the JSON API "
            "from the browser, e.g. for the embedded search widget; * allows every origin. Default: none."),
    Setting("FRAME_ANCESTORS", "'self'", _frame_sources,
            "Sites that may show the /embed search page in an iframe: CSP frame-ancestors sources such as "
            "'self' https://wiki.example.gov (spaces or commas between them). Every other page refuses framing."),
    Setting("DEBUG", False, _bool,
            "Flask debug mode, for development only. `glossary serve` always turns it off."),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}


def load(config: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Each setting from ``config``, else the environment, else its default."""
    environ = os.environ if environ is None else environ
    config = dict(config or {})
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in config:
            values[setting.name] = setting.coerce(config.pop(setting.name))
        elif setting.env in environ:
            values[setting.name] = setting.coerce(environ[setting.env])
        else:
            values[setting.name] = setting.default
    if values["PAGE_SIZE"] > 100:
        raise SettingError(f"{BY_NAME['PAGE_SIZE'].env}: must be at most 100, got {values['PAGE_SIZE']}")
    # Anything else in config is plain Flask configuration (TESTING, SERVER_NAME, ...).
    values.update(config)
    return values
