"""Pages for translators: downloads, the terminology check, batch lookup and the concordance.

The export files themselves come from ``GET /api/v1/export`` (:mod:`web.api`);
the Downloads page lists the formats and lets people narrow a file to one
category or status. The check page takes pasted texts or an uploaded CAT file
(see :mod:`web.checking`) and shows every segment with its issues.
"""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template, request
from markupsafe import Markup

from glossary.check import SUFFIXES, IssueKind
from glossary.export import ExportFormat, filename
from glossary.export.tables import to_csv_text, to_xlsx_table
from glossary.terms import ACCEPTED_STATUSES, CATEGORIES
from web import params
from web.checking import body_limit, checker, form_segments
from web.errors import BadParameter
from web.index import get_index
from web.marking import highlight

bp = Blueprint("tools", __name__)


@bp.get("/downloads")
def downloads():
    category, status = params.CATEGORY.read(request.args), params.STATUS.read(request.args)
    formats = [{"name": fmt.value, "file": filename(fmt, category, status), "info": fmt.info}
               for fmt in ExportFormat]
    return render_template("downloads.html", formats=formats, category=category, status=status,
                           categories=CATEGORIES, statuses=ACCEPTED_STATUSES)


KINDS = tuple(kind.value for kind in IssueKind)
ISSUE_COLUMNS = ("segment", "id", "kind", "term", "headword", "expected", "found", "source", "target")


def _row(result) -> dict:
    segment = result.segment
    source_spans = list(result.source_marks)
    target_spans = [*result.target_marks, *(span for issue in result.issues for span in issue.target_spans)]
    return {"n": segment.n, "id": segment.id, "issues": result.issues,
            "kinds": " ".join(sorted({issue.kind.value for issue in result.issues})) or "none",
            "source_html": Markup(highlight(segment.source, source_spans)),
            "target_html": Markup(highlight(segment.target, target_spans))}


@bp.route("/check", methods=["GET", "POST"])
def check():
    """Paste a source and its translation, or upload a CAT file; see each segment with its issues."""
    limit = current_app.config["CHECK_MAX_BYTES"]
    if request.method == "POST":
        body_limit()  # before anything reads the form: a body over the limit is refused unread
    kind = params.CHECK_KIND.read(request.values)
    segments = None
    if request.method == "POST":
        segments = form_segments()
    if not segments:
        return render_template("check.html", result=None, limit=limit, suffixes=SUFFIXES, kind=kind, kinds=KINDS,
                               source=request.form.get("source", ""), target=request.form.get("target", ""))
    result = checker().check(segments)
    rows = [_row(r) for r in result.segments]
    issues = [[r.segment.n, r.segment.id, i.kind.value, i.term.id, i.term.zh, i.expected or "", i.found or "",
               r.segment.source, r.segment.target] for r in result.segments for i in r.issues]
    return render_template("check.html", result=result, summary=result.summary(), rows=rows, limit=limit,
                           suffixes=SUFFIXES, kind=kind, kinds=KINDS,
                           issues_json=json.dumps(issues, ensure_ascii=False),
                           source=request.form.get("source", ""), target=request.form.get("target", ""))


@bp.post("/check/issues.csv")
def check_issues_csv():
    """The issues the check page showed, as CSV (the page posts them back: nothing is stored)."""
    body_limit()
    try:
        rows = json.loads(request.form.get("issues", ""))
    except ValueError:
        raise BadParameter("issues must be the JSON list the check page sends") from None
    if not (isinstance(rows, list) and all(isinstance(r, list) and len(r) == len(ISSUE_COLUMNS) for r in rows)):
        raise BadParameter("issues must be the JSON list the check page sends")
    response = current_app.response_class(to_csv_text(ISSUE_COLUMNS, [[str(v) for v in r] for r in rows]),
                                          mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="terminology-check.csv"'
    return response



@bp.route("/lookup", methods=["GET", "POST"])
def lookup():
    """Paste or upload a list of Chinese terms; get a table of their renderings, to read or download."""
    from glossary.lookup import MAX_TERMS
    from glossary.lookup import lookup as look_up
    from web.lists import form_terms

    terms = form_terms() if request.method == "POST" else []
    rows = look_up(get_index().glossary, terms) if terms else None
    return render_template("lookup.html", rows=rows, terms="\n".join(terms), max_terms=MAX_TERMS,
                           limit=current_app.config["CHECK_MAX_BYTES"])


@bp.post("/lookup/download")
def lookup_download():
    """The lookup table of the posted list as CSV or XLSX."""
    from glossary.lookup import COLUMNS
    from glossary.lookup import lookup as look_up
    from web.lists import form_terms

    terms = form_terms()  # first: it refuses a body over the limit before the form is read
    fmt = params.TABLE_FORMAT.read(request.form)
    rows = [row.cells() for row in look_up(get_index().glossary, terms)]
    if fmt == "csv":
        body, mimetype = to_csv_text(COLUMNS, rows), "text/csv"
    else:
        body = to_xlsx_table(COLUMNS, rows, "lookup", (20, 22, 16, 40, 40, 30, 30, 28))
        mimetype = ExportFormat.XLSX.info.mimetype
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="glossary-lookup.{fmt}"'
    return response


@bp.get("/concordance")
def concordance():
    """Key-word-in-context lines of a term or any string, sortable by left or right context."""
    from glossary.concordance import Sort
    from glossary.concordance import concordance as find_lines

    query = request.args.get("q", "")
    if len(query) > params.CONCORDANCE_Q.max_length:
        params.CONCORDANCE_Q.read(request.args)  # raises, naming the limit
    sort = Sort(params.SORT.read(request.args))
    glossary = get_index().glossary
    scope = params.read_scope(request.args)
    reports = params.report_filter(scope, glossary)
    result = find_lines(glossary, query, sort, reports=reports) if query.strip() else None
    return render_template("concordance.html", query=query, sort=sort.value, result=result,
                           reports=glossary.report_by_id, scope=scope,
                           years=sorted({r.year for r in glossary.reports}, reverse=True))
