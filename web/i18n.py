"""Interface language: Flask-Babel catalogs in web/translations/{zh,en}.

The locale comes from ``?lang=`` (which also sets the cookie), then the cookie
set by the language switch, then Accept-Language, then ``DEFAULT_LOCALE``.
Catalogs are named ``zh`` and ``en``: Babel turns ``zh_CN`` into
``zh_Hans_CN``, so the selector only ever returns the bare language.
"""

from __future__ import annotations

from flask import Flask, g, request
from flask_babel import Babel, get_locale, lazy_gettext

from web.settings import LOCALES

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}

CATEGORY_NAMES = {
    "economy": lazy_gettext("Economy"),
    "industry": lazy_gettext("Industry"),
    "energy": lazy_gettext("Energy"),
    "agriculture": lazy_gettext("Agriculture and rural areas"),
    "science-technology": lazy_gettext("Science and technology"),
    "reform": lazy_gettext("Reform"),
    "opening-up": lazy_gettext("Opening up"),
    "infrastructure": lazy_gettext("Infrastructure"),
    "ecology": lazy_gettext("Ecology and environment"),
    "regional-development": lazy_gettext("Regional development"),
    "livelihood": lazy_gettext("People's livelihood"),
    "culture-tourism": lazy_gettext("Culture and tourism"),
    "ethnic-unity": lazy_gettext("Ethnic unity"),
    "governance": lazy_gettext("Governance"),
    "party-building": lazy_gettext("Party building"),
    "safety-risk": lazy_gettext("Safety and risk prevention"),
}

STATUS_NAMES = {
    "official": lazy_gettext("official"),
    "recommended": lazy_gettext("recommended"),
    "proposed": lazy_gettext("proposed"),
    "deprecated": lazy_gettext("deprecated — do not use"),
}

ISSUE_NAMES = {
    "missing": lazy_gettext("missing"),
    "deprecated": lazy_gettext("deprecated rendering"),
    "unexpected": lazy_gettext("unexpected"),
    "not-preferred": lazy_gettext("not the preferred rendering"),
}
ISSUE_HELP = {
    "missing": lazy_gettext("The source has the term, but no accepted rendering of it is in the translation."),
    "deprecated": lazy_gettext("The translation uses a deprecated rendering; use the preferred one."),
    "unexpected": lazy_gettext("The translation uses a term's rendering, but the source does not have the term: "
                               "a possible mistranslation."),
    "not-preferred": lazy_gettext("Information: an accepted alternative is used instead of the preferred rendering."),
}

# What each status means, for the legend and the badges' tooltips (see docs/STYLE-GUIDE.md).
STATUS_HELP = {
    "official": lazy_gettext("Official: an official English source (the State Council's translation of the "
                             "Government Work Report, Xinhua, China Daily, China Keywords …) uses exactly this "
                             "rendering; the source is cited."),
    "recommended": lazy_gettext("Recommended: in established, authoritative use, but no official source was seen."),
    "proposed": lazy_gettext("Proposed: the glossary editors' own rendering; no established English form was found."),
    "deprecated": lazy_gettext("Deprecated: found in use but wrong or outdated. Do not use it; the note says why "
                               "and what to use instead."),
}


def requested_locale() -> str | None:
    lang = request.args.get("lang", "").strip().lower()
    return lang if lang in LOCALES else None


def select_locale() -> str:
    from flask import current_app

    chosen = requested_locale()
    if chosen:
        return chosen
    cookie = request.cookies.get(COOKIE, "")
    if cookie in LOCALES:
        return cookie
    default = current_app.config["DEFAULT_LOCALE"]
    return request.accept_languages.best_match(LOCALES, default=default) or default


def current_locale() -> str:
    """``zh`` or ``en``: the interface language of this request."""
    if "locale" not in g:
        g.locale = get_locale().language if get_locale() else "zh"
    return g.locale


def in_order(zh: str, en: str) -> list[tuple[str, str]]:
    """Both languages of an entry, the interface language first, as ``(lang, text)`` pairs."""
    pairs = [("zh", zh), ("en", en)]
    return pairs if current_locale() == "zh" else pairs[::-1]


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config["DEFAULT_LOCALE"])
    Babel(app, locale_selector=select_locale)

    @app.after_request
    def remember_language(response):
        chosen = requested_locale()
        if chosen and not request.path.startswith("/api/") and request.cookies.get(COOKIE) != chosen:
            response.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
        return response

    @app.context_processor
    def i18n_helpers():
        return {
            "locale": current_locale,
            "in_order": in_order,
            "category_name": lambda c: CATEGORY_NAMES.get(c, c),
            "status_name": lambda s: STATUS_NAMES.get(s, s),
            "status_help": lambda s: STATUS_HELP.get(s, ""),
            "status_names": STATUS_NAMES,
            "issue_name": lambda k: ISSUE_NAMES.get(k, k),
            "issue_help": lambda k: ISSUE_HELP.get(k, ""),
            "language_names": LANGUAGE_NAMES,
            "locales": LOCALES,
        }
