"""The ``glossary`` command.

Every verb takes ``--index-dir`` (default ``$GLOSSARY_INDEX_DIR`` or
``./var/index``). ``search`` and ``show`` build the index first when it is
missing or stale, so a fresh checkout answers its first query.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from glossary.build import Glossary
from glossary.check import BilingualFileError, Checker, read_aligned, read_file
from glossary.errors import DataError
from glossary.export import FORMAT_NAMES, ExportFormat, select_terms
from glossary.export import export as export_glossary
from glossary.terms import ACCEPTED_STATUSES, CATEGORIES
from index.build import BuildReport, build_index, ensure_index
from index.layout import default_index_dir
from index.query import QueryError
from index.reader import IndexMissing, SearchIndex
from index.results import SearchResult
from index.scope import Scope

index_dir_option = click.option(
    "--index-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Index folder (default: $GLOSSARY_INDEX_DIR or ./var/index).",
)


def _index_dir(value: Path | None) -> Path:
    return value or default_index_dir()


def _summarise(report: BuildReport) -> None:
    g = report.glossary
    undecided = g.undecided()
    click.echo(f"built {report.path} in {report.seconds:.2f} s")
    click.echo(f"  reports: {len(g.reports)}  paragraphs: {len(g.paragraphs)}  terms: {len(g.terms)}  "
               f"occurrences: {len(g.occurrences)}")
    click.echo(f"  candidates: {len(g.candidates)}  undecided: {len(undecided)}")
    for candidate in undecided[:20]:
        label = g.paragraph_by_id[candidate.paragraph_id].label
        click.echo(f"    undecided {candidate.kind}: {candidate.text}  ({label})")
    if len(undecided) > 20:
        click.echo(f"    … and {len(undecided) - 20} more (see `glossary candidates --undecided`)")
    for text in g.stale:
        click.echo(f"  stale dismissal in review.toml (no longer a candidate): {text}")


def _open(index_dir: Path | None, *, build: bool = True) -> SearchIndex:
    """Open the index, building it first when missing or stale."""
    index_dir = _index_dir(index_dir)
    try:
        if build:
            report = ensure_index(index_dir)
            if report is not None:
                click.echo(f"(index was missing or stale: rebuilt in {report.seconds:.2f} s)", err=True)
        return SearchIndex.open(index_dir)
    except DataError as error:
        raise click.ClickException(f"invalid data: {error}") from None
    except IndexMissing as error:
        raise click.ClickException(str(error)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Policy Glossary: bilingual glossary and search over government work reports."""


@cli.command()
@index_dir_option
@click.option("--if-stale", is_flag=True, help="Only build when the index is missing or stale.")
@click.option("--seeds-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Reports and manifest.toml to index (default: the shipped seeds).")
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Glossary data: terms/*.toml and review.toml (default: the shipped glossary).")
def build(index_dir: Path | None, if_stale: bool, seeds_dir: Path | None, data_dir: Path | None) -> None:
    """Parse the seeds, validate the glossary and build the index."""
    try:
        report = build_index(_index_dir(index_dir), force=not if_stale, seeds_dir=seeds_dir, data_dir=data_dir)
    except DataError as error:
        raise click.ClickException(f"invalid data: {error}") from None
    if report.rebuilt:
        _summarise(report)
    else:
        click.echo(f"index is current: {report.path}")


def styled(text: str, spans) -> str:
    """``text`` with each ``(start, end)`` span in bold yellow (plain when the output is not a terminal)."""
    out, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        out += [text[position:start], click.style(text[start:end], bold=True, fg="yellow")]
        position = end
    out.append(text[position:])
    return "".join(out)


def _print_results(result: SearchResult) -> None:
    click.echo(f"query: {result.query}")
    if result.terms:
        click.echo("terms:")
        for hit in result.terms:
            click.echo(f"  {hit.term.zh}  {hit.term.en}  [{hit.term.id}]  ({hit.match.value})")
    paragraphs = result.paragraphs
    click.echo(f"paragraphs: {paragraphs.total} ({paragraphs.exact} contain the whole query"
               + (f", {paragraphs.term} more use {', '.join(f.term.zh for f in result.followed)}"
                  if paragraphs.term else "") + ")")
    if len(result.by_report) > 1:
        click.echo("by report: " + ", ".join(f"{c.report_id} {c.count}" for c in result.by_report))
    for hit in paragraphs.items:
        via = " (uses the term)" if hit.match.value == "term" else ""
        click.echo(f"  [{hit.paragraph.report_id} {hit.paragraph.label}]{via} {styled(hit.paragraph.text, hit.spans)}")


@cli.command()
@click.argument("query", required=False)
@click.option("--batch", type=click.File("r", encoding="utf-8"), help="Read one query per line ('-' for stdin).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per line with --batch).")
@click.option("--limit", type=click.IntRange(0, 100), default=10, show_default=True, help="Paragraphs to show.")
@click.option("--offset", type=click.IntRange(0, 10_000), default=0, show_default=True,
              help="Paragraphs to skip.")
@click.option("--report", "reports", multiple=True, metavar="ID", help="Only this report (repeat for several).")
@click.option("--region", "regions", multiple=True, help="Only reports of this region (Chinese or English name).")
@click.option("--year", "years", multiple=True, type=int, help="Only reports of this year.")
@index_dir_option
def search(query: str | None, batch, as_json: bool, limit: int, offset: int, reports, regions, years,
           index_dir: Path | None) -> None:
    """Search terms and report paragraphs for QUERY (or every line of --batch FILE)."""
    if (query is None) == (batch is None):
        raise click.UsageError("give either QUERY or --batch FILE")
    scope = Scope(frozenset(reports), frozenset(regions), frozenset(years))
    searcher = _open(index_dir)
    try:
        scope.check(searcher.glossary)
    except QueryError as error:
        raise click.UsageError(str(error)) from None
    queries = [query] if batch is None else [line.rstrip("\n") for line in batch if line.strip()]
    failed = False
    for text in queries:
        try:
            result = searcher.search(text, limit, offset, scope)
        except QueryError as error:
            if batch is None:
                raise click.ClickException(str(error)) from None
            failed = True
            if as_json:
                click.echo(json.dumps({"query": text, "error": str(error)}, ensure_ascii=False))
            else:
                click.echo(f"query: {text}\n  error: {error}")
            continue
        if as_json:
            click.echo(json.dumps(result.to_dict(searcher.glossary), ensure_ascii=False))
        else:
            _print_results(result)
    if failed:
        sys.exit(1)


def _find(glossary: Glossary, term: str):
    found = glossary.find_term(term)
    if found is None:
        raise click.ClickException(
            f"no term {term!r} (give an id, headword or alias; try `glossary search {term}`)")
    return found


@cli.command()
@click.argument("term")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@index_dir_option
def show(term: str, as_json: bool, index_dir: Path | None) -> None:
    """Show one TERM (id, headword or alias) with renderings, definitions and occurrences."""
    glossary = _open(index_dir).glossary
    detail = glossary.term_detail(_find(glossary, term))
    if as_json:
        click.echo(json.dumps(detail, ensure_ascii=False, indent=2))
        return
    click.echo(f"{detail['zh']}  {detail['pinyin']}  [{detail['id']}]  ({detail['category']})")
    if detail["aliases"]:
        click.echo(f"aliases: {' / '.join(detail['aliases'])}")
    for rendering in detail["renderings"]:
        source = rendering["source"] + (f" <{rendering['url']}>" if rendering["url"] else "")
        click.echo(f"  en: {rendering['en']}  [{rendering['status']}; {source}]")
        if rendering["note"]:
            click.echo(f"      note: {rendering['note']}")
    click.echo(f"definition (zh, {detail['definition_sources']['zh']}): {detail['definition']['zh']}")
    click.echo(f"definition (en, {detail['definition_sources']['en']}): {detail['definition']['en']}")
    if detail["members"]:
        click.echo("members: " + "、".join(m["zh"] + (f" [{m['term']}]" if m["term"] else "")
                                         for m in detail["members"]))
    if detail["related"]:
        click.echo("related: " + ", ".join(f"{r['zh']} [{r['id']}]" for r in detail["related"]))
    paragraphs = len({o["paragraph"] for o in detail["occurrences"]})
    click.echo(f"occurrences: {len(detail['occurrences'])} in {paragraphs} paragraphs")
    for occurrence in detail["occurrences"]:
        text, start, end = occurrence["text"], occurrence["start"], occurrence["end"]
        marked = text[:start] + click.style(text[start:end], bold=True, fg="yellow") + text[end:]
        click.echo(f"  [{occurrence['label']}] {marked}")


OMEGAT_SUFFIXES = (".utf8", ".txt", ".tab")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="json", show_default=True,
              help="json: every field with occurrences; csv/xlsx: one row per concept; tbx: TBX-Basic 2008 "
                   "(martif); tbx-v3: ISO 30042:2019; omegat: OmegaT's tab-separated glossary.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=None,
              help="File to write (default: standard output). OmegaT reads only *.utf8, *.txt or *.tab.")
@click.option("--category", type=click.Choice(CATEGORIES), default=None, help="Only terms of this category.")
@click.option("--status", type=click.Choice(ACCEPTED_STATUSES), default=None,
              help="Only terms whose preferred rendering has this status.")
@index_dir_option
def export(fmt: str, output: Path | None, category: str | None, status: str | None, index_dir: Path | None) -> None:
    """Export the glossary (or one category or status of it) for people and CAT tools."""
    glossary = _open(index_dir).glossary
    chosen = ExportFormat(fmt)
    data = export_glossary(glossary, chosen, select_terms(glossary.terms, category, status))
    if output is None:
        if chosen is ExportFormat.XLSX and sys.stdout.isatty():
            raise click.UsageError("xlsx is a binary file: give -o FILE.xlsx")
        click.echo(data, nl=False)  # bytes go to the binary stream, unchanged
        return
    if chosen is ExportFormat.OMEGAT and output.suffix.lower() not in OMEGAT_SUFFIXES:
        click.echo(f"note: OmegaT 3.6 reads a glossary only from files named *.utf8, *.txt or *.tab, "
                   f"not {output.name}", err=True)
    output.write_bytes(data)
    click.echo(f"wrote {output} ({len(data)} bytes)", err=True)


@cli.command()
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {terms: [{id, zh, en, status, spans}], length}.")
@index_dir_option
def recognize(source, as_json: bool, index_dir: Path | None) -> None:
    """Find the glossary terms in a text (FILE, or standard input when omitted or '-').

    Spans are [start, end) character offsets into the text exactly as read.
    """
    try:
        text = source.read()
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{source.name} is not UTF-8 text ({error.reason} at byte {error.start})") from None
    recognition = _open(index_dir).glossary.recognize(text)
    if as_json:
        click.echo(json.dumps(recognition.to_dict(), ensure_ascii=False))
        return
    click.echo(styled(text, [(start, end) for start, end, _ in recognition.marks()]).rstrip("\n"))
    click.echo(f"\n{len(recognition.terms)} terms found in {recognition.length} characters:")
    for found in recognition.terms:
        click.echo(f"  {found.term.zh}  {found.term.en}  [{found.term.id}; {found.term.renderings[0].status}]"
                   f"  ×{len(found.spans)}")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{path} is not UTF-8 text ({error.reason} at byte {error.start})") from None


@cli.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("target", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {segments: [{n, id, source, target, issues}], "
                                                      "summary}.")
@index_dir_option
def check(source: Path, target: Path | None, as_json: bool, index_dir: Path | None) -> None:
    """Check a translation's terminology against the glossary.

    Either SOURCE and TARGET, two UTF-8 texts with one segment per line, or one bilingual
    file: XLIFF 1.2/2.x (.xlf, .xliff), TMX (.tmx), PO (.po) or two-column CSV (.csv).
    Exits with 1 when a term is missing, deprecated or unexpected, and with 2 when the
    input cannot be read.
    """
    try:
        if target is None:
            segments = read_file(source.read_bytes(), source.name)
        else:
            segments = read_aligned(_read_text(source), _read_text(target))
    except BilingualFileError as error:
        problem = click.ClickException(str(error))
        problem.exit_code = 2  # unreadable input; 1 means issues were found
        raise problem from None
    result = Checker(_open(index_dir).glossary).check(segments)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        for item in result.segments:
            for issue in item.issues:
                label = f"[{item.segment.n}{'' if item.segment.id == str(item.segment.n) else ' ' + item.segment.id}]"
                detail = {"missing": f"expected {issue.expected!r}",
                          "deprecated": f"found {issue.found!r}; use {issue.expected!r}",
                          "unexpected": f"found {issue.found!r}, but the source has no {issue.term.zh}",
                          "not-preferred": f"found {issue.found!r}; preferred {issue.expected!r}"}[issue.kind.value]
                click.echo(f"{label} {issue.kind.value}: {issue.term.zh} [{issue.term.id}]: {detail}")
        summary = result.summary()
        counts = ", ".join(f"{n} {kind}" for kind, n in summary["issues"].items())
        click.echo(f"{summary['segments']} segments, {summary['terms']} glossary terms; {counts}"
                   + (f"; {summary['untranslated']} untranslated" if summary["untranslated"] else ""))
    if result.has_errors:
        sys.exit(1)


@cli.command()
@click.option("--undecided", is_flag=True, help="Only candidates that are neither entries nor dismissed.")
@index_dir_option
def candidates(undecided: bool, index_dir: Path | None) -> None:
    """List the review list: every term candidate and how it was decided."""
    glossary = _open(index_dir).glossary
    for candidate in glossary.undecided() if undecided else glossary.candidates:
        label = glossary.paragraph_by_id[candidate.paragraph_id].label
        decision = (f"entry {candidate.term_id}" if candidate.term_id
                    else f"dismissed: {candidate.dismissed}" if candidate.dismissed else "UNDECIDED")
        click.echo(f"{candidate.text}\t{candidate.kind}\t{label}\t{decision}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Worker processes (each holds its own copy of the index).")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Threads per worker.")
@click.option("--no-build", is_flag=True,
              help="Never build: serve the index as it is (also implied when the index folder is read-only).")
@click.option("--access-log", default=None, metavar="FILE", help="Write an access log to FILE ('-' for stdout).")
@index_dir_option
def serve(host: str, port: int, workers: int, threads: int, no_build: bool, access_log: str | None,
          index_dir: Path | None) -> None:
    """Serve the web pages and the JSON API under gunicorn (debug off).

    Builds the index first when it is missing or stale, unless --no-build is
    given or the index folder is read-only (a copy of a build made elsewhere).
    """
    from index.build import is_stale
    from index.layout import current_build
    from web.server import address_problem, check_index, is_read_only
    from web.server import serve as run_server
    from web.settings import SettingError, load

    index_dir = _index_dir(index_dir)
    try:
        load()  # fail before starting workers when a GLOSSARY_* setting is malformed
    except SettingError as error:
        raise click.ClickException(str(error)) from None
    problem = address_problem(host, port)  # before building: say it now, not after a build and gunicorn's retries
    if problem:
        raise click.ClickException(problem)
    may_build = not (no_build or is_read_only(index_dir))
    if not may_build:
        try:
            stale = current_build(index_dir) is not None and is_stale(index_dir)
        except (OSError, ValueError, KeyError):  # an unreadable stamp: check_index below says so
            stale = False
        if stale:
            click.echo(f"note: serving {index_dir} as it is, although it was built from other sources", err=True)
    else:
        try:
            report = ensure_index(index_dir)
        except DataError as error:
            raise click.ClickException(f"invalid data: {error}") from None
        except (OSError, ValueError, KeyError) as error:  # a damaged build's stamp: rebuilt just below
            click.echo(f"note: the index in {index_dir} is damaged ({error})", err=True)
            report = None
        if report is not None:
            click.echo(f"(index was missing or stale: rebuilt in {report.seconds:.2f} s)", err=True)
    if current_build(index_dir) is None and not may_build:
        raise click.ClickException(f"no index in {index_dir}; run `glossary build --index-dir {index_dir}` first")
    problem = check_index(index_dir) if current_build(index_dir) is not None else "there is no complete build"
    if problem and may_build:
        # Half-written, damaged or made by another version: build afresh once (the old build is left for
        # _remove_old_builds), rather than start workers that could only answer 503.
        click.echo(f"note: the index in {index_dir} cannot be served ({problem}); rebuilding it", err=True)
        try:
            report = build_index(index_dir, force=True)
        except DataError as error:
            raise click.ClickException(f"invalid data: {error}") from None
        click.echo(f"(index rebuilt in {report.seconds:.2f} s)", err=True)
        problem = check_index(index_dir)
    if problem:
        raise click.ClickException(problem)
    click.echo(f"serving {index_dir} on http://{host}:{port}/ with {workers} workers", err=True)
    run_server(index_dir, host, port, workers, threads, access_log)


@cli.command("import")
@click.argument("raw_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "report_id", required=True, help="Stable, URL-safe id (e.g. nmg-2026).")
@click.option("--region", required=True, help="Region in Chinese (e.g. 内蒙古自治区).")
@click.option("--year", type=int, required=True, help="The report's year.")
@click.option("--date", "delivered", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="The day it was delivered, YYYY-MM-DD.")
@click.option("--speaker", required=True, help="Who delivered it, in Chinese.")
@click.option("--title", required=True, help="Title in Chinese.")
@click.option("--title-en", default="", help="Title in English.")
@click.option("--region-en", default="", help="Region in English.")
@click.option("--speaker-en", default="", help="Speaker in English.")
@click.option("--source-url", default="", help="Where the text was taken from.")
@click.option("--retrieved", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="When it was taken, YYYY-MM-DD.")
@click.option("--licence", default="", help="The licence statement that came with the text.")
@click.option("--curated/--not-curated", default=False, show_default=True,
              help="Put its candidates on the review list now (default: later, after a content pass).")
@click.option("--defects", default="", help="What is known to be wrong with the text (shown with the report).")
@click.option("--replace", is_flag=True, help="Overwrite an existing reports/ID.zh.txt.")
@click.option("--seeds-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Seeds folder to add it to (default: the shipped seeds).")
def import_(raw_file: Path, report_id: str, region: str, year: int, delivered, speaker: str, title: str,
            title_en: str, region_en: str, speaker_en: str, source_url: str, retrieved, licence: str,
            curated: bool, defects: str, replace: bool, seeds_dir: Path | None) -> None:
    """Clean a raw report text and add it to the seeds (text file and manifest entry).

    Prints every line it removed or joined, so a person can check them, and the
    structure the parser finds in the result.
    """
    from glossary.corpus import default_seeds_dir
    from glossary.importer import import_report

    entry = {"id": report_id, "title": title, "title_en": title_en, "region": region, "region_en": region_en,
             "year": year, "date": delivered.date(), "speaker": speaker, "speaker_en": speaker_en,
             "source_url": source_url, "retrieved": retrieved.date() if retrieved else None,
             "licence": licence, "curated": curated, "defects": defects}
    try:
        imported = import_report(raw_file.read_text(encoding="utf-8"), seeds_dir or default_seeds_dir(), entry,
                                 replace=replace)
    except DataError as error:
        raise click.ClickException(f"invalid data: {error}") from None
    for change in imported.cleaned.changes:
        click.echo(change.describe())
    paragraphs = imported.report.paragraphs
    kinds: dict[str, int] = {}
    for paragraph in paragraphs:
        kinds[paragraph.kind.value] = kinds.get(paragraph.kind.value, 0) + 1
    click.echo(f"wrote {imported.file} and its entry in {imported.manifest}")
    click.echo(f"  removed {len(imported.cleaned.removed)} passages; {len(paragraphs)} paragraphs: "
               + ", ".join(f"{kind} {count}" for kind, count in kinds.items()))
    for paragraph in paragraphs:
        if paragraph.kind in ("heading", "appendix-heading"):
            click.echo(f"  [{paragraph.label}] {paragraph.text}")


@cli.command()
@click.argument("reports", nargs=-1, required=True, metavar="[REPORT_A] REPORT_B")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: {a, b, new: [{id, zh, en, occurrences, paragraphs}], dropped: […], kept}.")
@index_dir_option
def diff(reports: tuple[str, ...], as_json: bool, index_dir: Path | None) -> None:
    """What's new: glossary terms REPORT_B uses and REPORT_A does not, and those it dropped.

    Without REPORT_A, REPORT_B is compared with its predecessor: the latest
    report of the same region dated before it (nmg-2026 with nmg-2024).
    """
    from glossary.compare import UnknownReport, compare_reports

    if len(reports) > 2:
        raise click.UsageError("give one or two report ids: [REPORT_A] REPORT_B")
    a_id, b_id = (None, reports[0]) if len(reports) == 1 else reports
    glossary = _open(index_dir).glossary
    try:
        result = compare_reports(glossary, a_id, b_id)
    except UnknownReport as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    click.echo(f"{result.b.id} ({result.b.title}) against {result.a.id} ({result.a.title}): "
               f"{len(result.new)} new, {len(result.dropped)} dropped, {result.kept} in both")
    for heading, uses in (("new", result.new), ("dropped", result.dropped)):
        click.echo(f"{heading}:")
        for use in uses:
            click.echo(f"  {use.zh}  {use.en}  [{use.id}]  {use.occurrences}× in {use.paragraphs} ¶")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="glossary")
