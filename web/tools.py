"""Pages for translators: downloads of the glossary in every export format.

The files themselves come from ``GET /api/v1/export`` (:mod:`web.api`); this
page lists the formats, what each is for, and lets people narrow the file to
one category or status.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from glossary.export import ExportFormat, filename
from glossary.terms import ACCEPTED_STATUSES, CATEGORIES
from web import params

bp = Blueprint("tools", __name__)


@bp.get("/downloads")
def downloads():
    category, status = params.CATEGORY.read(request.args), params.STATUS.read(request.args)
    formats = [{"name": fmt.value, "file": filename(fmt, category, status), "info": fmt.info}
               for fmt in ExportFormat]
    return render_template("downloads.html", formats=formats, category=category, status=status,
                           categories=CATEGORIES, statuses=ACCEPTED_STATUSES)
