"""Every setting of the web service, declared once with its default, type and help.

A setting ``NAME`` is read from the environment variable ``GLOSSARY_NAME``;
``create_app(config)`` can override any of them with a dict (tests do). Adding a
setting is one :class:`Setting` in :data:`SETTINGS`; ``docs/DEPLOYMENT.md`` lists
them all (a test checks that each one is documented there).
"""

from __future__ import annotations

import os
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
