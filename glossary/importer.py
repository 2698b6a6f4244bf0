"""Importing a report's raw text: strip the web page around it, then add it to the seeds.

Report texts collected from the web carry what the page put around them. The
cleaning removes exactly the patterns listed in :data:`LINE_RULES` (one line
each) and :data:`CUT_RULES` (that line and everything after it), joins the
layout line breaks of a text whose paragraphs are separated by blank lines,
and normalises spacing as for the seed (:func:`glossary.text.clean_pdf_spaces`).
It never rewrites a sentence: every line it removes or joins is reported, so a
person can check it (``glossary import`` prints them).

The patterns, with what they catch:

=================  =============================================================
rule               removes
=================  =============================================================
``page-chrome``    the page's buttons, one per line: 下载 打印 全屏 收藏 分享
                   【字号： 加大 还原 减小 】 大 中 小 关闭 返回顶部
                   【字体： 阅读量： 分享到微信 编辑：… (an editor's credit)
                   | × (separators, a close button) 》》点击图片进入专题《《
``label-value``    the value on the line after a bare label: 来源： / 四川日报,
                   责任编辑： / 李莎莎 (a name of up to 20 characters, not a
                   sentence; the label goes by its own rule)
``breadcrumb``     您的位置： 首页 > 云南要闻 (当前位置 too): the line after
                   each > goes with it
``source``         来源：内蒙古日报 (also 信息来源、文章来源、稿源, （来源：…）)
``date``           时间：2026-02-12, 发布时间：…, 发表时间：, 日期：…, or a line
                   that is only a date (2026-02-12, 2026年2月12日,
                   2026年02月10日 07时41分, with a time or not)
``photo-caption``  …本报记者 韩卿立 摄 (a line ending in 摄 after a
                   reporter's or photographer's name), 图为…, （摄影：…）,
                   or a short line saying who delivered the report
                   (省长赵刚作政府工作报告, 张工作政府工作报告。…记者 …)
``repeat``         before 各位代表, a line the page already gave (a title
                   block shown twice, 云南要闻 after its breadcrumb)
``wiki-leftover``  Public domain, false, true: Wikisource template leftovers
``related``        相关报道： (相关新闻、链接、阅读、附件、文档) and everything
                   after it
``page-footer``    扫一扫在手机打开当前页 and everything after it
``print-close``    打印本页 (关闭窗口 on the same line or not) and everything
                   after it (a page may repeat its title there)
``wiki-licence``   Wikisource's licence notice (本作品是中华人民共和国的…) and
                   everything after it
``layout-break``   (joined, not removed) a line break inside a paragraph, in a
                   text whose paragraphs are separated by blank lines: a title
                   block broken over lines (国务院总理　/李　强), a wiki link
                   on its own line
=================  =============================================================
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from glossary.corpus import check_entry, read_manifest
from glossary.errors import DataError
from glossary.report import Report, ReportInfo, parse_report
from glossary.text import clean_pdf_spaces

_DATE = (r"\d{4}(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日|/\d{1,2}/\d{1,2}|\.\d{1,2}\.\d{1,2})"
         r"(?:\s*\d{1,2}(?::\d{2}(?::\d{2})?|时\d{1,2}分))?")

# (rule, pattern): a line matching the pattern (stripped) is removed.
LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("page-chrome", re.compile(r"^(?:下载|打印|全屏|收藏|分享|分享到|【?字[号体]|加大|还原|减小|[大中小默认]"
                               r"|[【】]|关闭|返回顶部|\[?打印\]?|\[?关闭\]?|阅读量|浏览次数)[：:]?$"
                               r"|^(?:责任)?编辑[：:].{0,20}$|^\|?分享到.{0,6}$|^[|×]$|^》》点击.{1,20}《《$")),
    ("breadcrumb", re.compile(r"^(?:您的位置|当前位置)[：:]?$|^首页$|^>$")),
    ("source", re.compile(r"^(?:信息|文章)?来源[：:]|^稿源[：:]|^[（(]来源[：:].{1,30}[）)]$")),
    ("date", re.compile(rf"^(?:(?:发布|发表|更新)?(?:时间|日期)[：:]\s*(?:{_DATE}.*)?|{_DATE})$")),
    ("photo-caption", re.compile(r"^.{0,80}(?:记者|通讯员|摄影|摄像)\s*[\w·]+(?:\s+[\w·]+)*\s*摄[）)]?$"
                                 r"|^[（(]?摄影[：:].{1,30}$|^图为.{1,80}$"
                                 # no comma or 我 before it: 我代表省人民政府向大会作政府工作报告，请予审议 stays
                                 r"|^[^，,。我]{2,30}作政府工作报告。?(?:.{0,20}记者.{0,12})?$")),
    ("wiki-leftover", re.compile(r"^(?:Public domain|false|true)$")),
)

# A label alone on its line (来源：) whose value is the next line; the value goes with it (rule label-value).
BARE_LABEL = re.compile(r"^(?:信息|文章)?来源[：:]$|^(?:发布|发表|更新)?时间[：:]$|^(?:责任)?编辑[：:]$")
_LABEL_VALUE = re.compile(r"^[^。，,；;！!]{1,20}$")  # a name, not a sentence
# Where the front matter (title block, page chrome) ends: a line repeated before it is the page's own repeat.
OPENING = re.compile(r"^各位代表[：:！!，,]")

# (rule, pattern): the first line matching the pattern, and everything after it, is removed.
CUT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("related", re.compile(r"^[×|]?相关(?:报道|新闻|链接|阅读|附件|文档)")),
    ("page-footer", re.compile(r"^扫一扫.{0,10}打开当前页")),
    ("print-close", re.compile(r"^【?打印本页】?(?:\s*【?关闭窗口】?)?$")),
    ("wiki-licence", re.compile(r"^本作品(?:是|在|属于|来自)")),
)


@dataclass(frozen=True)
class Change:
    """One thing the cleaning did: the raw line numbers (from 1), the rule, the text."""

    first: int
    last: int
    rule: str
    text: str

    def describe(self) -> str:
        lines = f"line {self.first}" if self.first == self.last else f"lines {self.first}–{self.last}"
        action = "joined" if self.rule == "layout-break" else "removed"
        return f"{lines}: {action} ({self.rule}): {self.text}"


@dataclass(frozen=True)
class Cleaned:
    """The cleaned text (blocks separated by blank lines) and every change made to the raw text."""

    text: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def removed(self) -> list[Change]:
        return [c for c in self.changes if c.rule != "layout-break"]


def clean_raw_text(raw: str) -> Cleaned:
    """Strip a raw report text of the page around it (see the module's table of rules)."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    changes: list[Change] = []
    kept: list[tuple[int, str]] = []  # (raw line number, line); "" for a blank line
    opened = False  # past 各位代表: no more front matter
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        cut = next((rule for rule, pattern in CUT_RULES if pattern.match(stripped)), None)
        if cut:
            rest = [text.strip() for text in lines[number - 1:] if text.strip()]
            last = max(n for n, text in enumerate(lines, 1) if text.strip())
            changes.append(Change(number, last, cut, _shorten(" / ".join(rest))))
            break
        rule = next((rule for rule, pattern in LINE_RULES if stripped and pattern.match(stripped)), None)
        previous = changes[-1] if changes and changes[-1].last == number - 1 else None
        if not rule and previous and previous.text == ">":
            rule = "breadcrumb"  # the page a breadcrumb's > leads to: 首页 > 云南要闻
        elif not rule and previous and BARE_LABEL.match(previous.text) and _LABEL_VALUE.match(stripped):
            rule = "label-value"
        elif not rule and stripped and not opened and (any(text == stripped for _, text in kept)
                                                       or any(c.text == stripped for c in changes)):
            rule = "repeat"
        opened = opened or bool(OPENING.match(stripped))
        if rule:
            changes.append(Change(number, number, rule, stripped))
            continue
        kept.append((number, stripped))
    blocks: list[str] = []
    if _separated_by_blank_lines(kept):
        run: list[tuple[int, str]] = []
        for number, line in [*kept, (0, "")]:
            if line:
                run.append((number, line))
                continue
            if run:
                if len(run) > 1:
                    changes.append(Change(run[0][0], run[-1][0], "layout-break", " ⏎ ".join(t for _, t in run)))
                blocks.append(clean_pdf_spaces(" ".join(t for _, t in run)))
            run = []
    else:
        blocks = [clean_pdf_spaces(line) for _, line in kept if line]
    changes.sort(key=lambda change: change.first)
    return Cleaned("\n\n".join(block for block in blocks if block) + "\n", tuple(changes))


def _separated_by_blank_lines(lines: list[tuple[int, str]]) -> bool:
    """True when most non-blank lines are followed by a blank one (one paragraph per block)."""
    texts = "\n".join(line for _, line in lines).strip("\n").split("\n")  # blank lines at either end do not count
    followed = sum(1 for here, after in zip(texts, texts[1:], strict=False) if here and not after)
    return followed * 2 >= sum(1 for text in texts if text)


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# -- adding it to the seeds ---------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """What :func:`import_report` wrote, and the report as the parser reads it."""

    file: Path
    manifest: Path
    cleaned: Cleaned
    report: Report


def report_file_name(report_id: str) -> str:
    return f"reports/{report_id}.zh.txt"


def import_report(raw: str, seeds_dir: Path, entry: dict, *, replace: bool = False) -> Imported:
    """Clean ``raw``, write it to ``seeds_dir/reports/ID.zh.txt`` and append ``entry`` to the manifest.

    ``entry`` holds the manifest fields except ``file`` and ``language``; it is
    checked like any manifest entry before anything is written. An id already
    in the manifest is refused, and so is an existing file unless ``replace``.
    """
    manifest = seeds_dir / "manifest.toml"
    entry = {key: value for key, value in entry.items() if value not in (None, "")}
    entry.setdefault("language", "zh")
    entry["file"] = report_file_name(str(entry.get("id", "")))
    check_entry(manifest, f"new report ({entry.get('id', 'no id')})", entry)
    existing = tomllib.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    if any(other.get("id") == entry["id"] for other in existing.get("report", [])):
        raise DataError(manifest, f"new report ({entry['id']})", "the manifest already lists this id")
    target = seeds_dir / entry["file"]
    if target.exists() and not replace:
        raise DataError(target, None, "exists already (give replace to overwrite it)")
    cleaned = clean_raw_text(raw)
    report = parse_report(ReportInfo(**entry), cleaned.text)
    before = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(cleaned.text, encoding="utf-8")
    manifest.write_text(before.rstrip("\n") + "\n\n" + manifest_entry(entry), encoding="utf-8")
    try:
        read_manifest(seeds_dir)
    except DataError:
        manifest.write_text(before, encoding="utf-8")
        raise
    return Imported(target, manifest, cleaned, report)


_ORDER = ("id", "title", "title_en", "region", "region_en", "year", "date", "speaker", "speaker_en",
          "language", "file", "source_url", "retrieved", "licence", "curated", "defects")


def manifest_entry(entry: dict) -> str:
    """A ``[[report]]`` table in TOML, fields in the manifest's usual order."""
    lines = ["[[report]]"]
    for key in sorted(entry, key=lambda k: _ORDER.index(k) if k in _ORDER else len(_ORDER)):
        lines.append(f"{key} = {_toml_value(entry[key])}")
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | date):
        return str(value) if not isinstance(value, date) else value.isoformat()
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f]", lambda m: f"\\u{ord(m.group()):04x}", text) + '"'
