"""Message catalogs: compile ``.po`` to ``.mo`` at install, and keep the ``.po`` files current.

Only the ``.po`` files are committed (``*.mo`` is git-ignored). This module is
also the project's PEP 517 build backend (``pyproject.toml``: ``build-backend =
"web.catalogs"``, ``backend-path = ["."]``): every hook compiles the catalogs,
then hands over to ``setuptools.build_meta``, so ``pip install .`` and ``pip
install -e .`` both produce the ``.mo`` files and wheels ship them as package
data. It needs nothing but Babel, which ``[build-system] requires`` lists.

For translators::

    python -m web.catalogs update    # extract strings from web/ and merge them into every .po
    python -m web.catalogs compile   # write the .mo files (what installing does)
    python -m web.catalogs check     # fail when a string is untranslated or a .mo is out of date
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

WEB = Path(__file__).resolve().parent
TRANSLATIONS = WEB / "translations"
DOMAIN = "messages"
KEYWORDS = {"lazy_gettext": None}


def po_files(root: Path = TRANSLATIONS) -> list[Path]:
    return sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _read_po(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=path.parent.parent.name)


def compiled_bytes(po: Path) -> bytes:
    """The ``.mo`` content for one ``.po`` file (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo

    buffer = BytesIO()
    write_mo(buffer, _read_po(po), use_fuzzy=False)
    return buffer.getvalue()


def compile_catalogs(root: Path = TRANSLATIONS) -> list[Path]:
    """Write each ``.mo`` whose content differs from its ``.po``; return the files written."""
    written = []
    for po in po_files(root):
        mo = po.with_suffix(".mo")
        data = compiled_bytes(po)
        if not mo.is_file() or mo.read_bytes() != data:
            mo.write_bytes(data)
            written.append(mo)
    return written


def extract():
    """A catalog of every interface string in web/ (templates and Python)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    catalog = Catalog(project="policy-glossary")
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    keywords = {**DEFAULT_KEYWORDS, **KEYWORDS}
    for filename, lineno, message, comments, context in extract_from_dir(
            str(WEB), method_map=method_map, keywords=keywords, strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def update(root: Path = TRANSLATIONS) -> None:
    """Merge the extracted strings into each ``.po`` (new ones empty, vanished ones dropped)."""
    from babel.messages.pofile import write_po

    template = extract()
    for po in po_files(root):
        catalog = _read_po(po)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with po.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, no_location=True, sort_output=True, width=120)


def problems(root: Path = TRANSLATIONS, require_translation: tuple[str, ...] = ("zh",)) -> list[str]:
    """What is wrong with the catalogs: strings missing from a .po, untranslated, fuzzy, or stale .mo."""
    found = []
    template = extract()
    for po in po_files(root):
        locale = po.parent.parent.name
        catalog = _read_po(po)
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id)
            if entry is None:
                found.append(f"{po}: missing {message.id!r} (run `python -m web.catalogs update`)")
            elif locale in require_translation and (entry.fuzzy or not all(entry.string if isinstance(
                    entry.string, tuple) else [entry.string])):
                found.append(f"{po}: untranslated or fuzzy {message.id!r}")
        mo = po.with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != compiled_bytes(po):
            found.append(f"{mo}: missing or out of date (reinstall, or run `python -m web.catalogs compile`)")
    return found


# -- PEP 517 build backend: compile, then delegate to setuptools ---------------

def _setuptools():
    from setuptools import build_meta

    return build_meta


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    compile_catalogs()
    return _setuptools().build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    compile_catalogs()
    return _setuptools().build_editable(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    return _setuptools().build_sdist(sdist_directory, config_settings)


def get_requires_for_build_wheel(config_settings=None):
    return _setuptools().get_requires_for_build_wheel(config_settings)


def get_requires_for_build_editable(config_settings=None):
    return _setuptools().get_requires_for_build_editable(config_settings)


def get_requires_for_build_sdist(config_settings=None):
    return _setuptools().get_requires_for_build_sdist(config_settings)


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    return _setuptools().prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return _setuptools().prepare_metadata_for_build_editable(metadata_directory, config_settings)


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:]) or ["compile"]
    if command[0] == "compile":
        for path in compile_catalogs():
            print(f"wrote {path}")
        return 0
    if command[0] == "update":
        update()
        return 0
    if command[0] == "check":
        issues = problems()
        for issue in issues:
            print(issue)
        return 1 if issues else 0
    print("usage: python -m web.catalogs [compile|update|check]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
