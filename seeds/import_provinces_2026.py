"""How the 2026 provincial reports were taken into the seeds (run once; kept to show and redo it).

    python seeds/import_provinces_2026.py ../shared/seeds/more/provinces-2026 [--seeds-dir DIR]

Reads ``sources.json`` beside the raw texts and imports each report with
:func:`glossary.importer.import_report`, as ``glossary import`` would, marked
uncurated: its candidate terms stay off the review list, glossary terms are
cross-referenced in it as everywhere. Inner Mongolia's report is already in the
seeds as ``nmg-2026`` and is skipped.

The table below is read off each raw text's title block (the day it was
delivered and who delivered it); the script checks that the day is written in
the text. English regions follow the State Council's usage (Xizang since 2023);
speakers' names are in Hanyu Pinyin, the Uygur and Tibetan names in their usual
English form.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from glossary.corpus import default_seeds_dir
from glossary.errors import DataError
from glossary.importer import import_report


def _chinese_date(day: date) -> tuple[str, ...]:
    """The ways a title block writes the day: 2026年1月27日, or in Chinese numerals (甘肃)."""
    digits = "〇一二三四五六七八九"

    def number(n: int) -> str:
        if n < 10:
            return digits[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")

    year = "".join(digits[int(c)] for c in str(day.year))
    return (f"{day.year}年{day.month}月{day.day}日", f"{year}年{number(day.month)}月{number(day.day)}日")


@dataclass(frozen=True)
class Province:
    """What the manifest needs beyond sources.json, read off the raw text's title block."""

    id: str
    region_en: str
    delivered: date
    speaker: str
    speaker_en: str  # the name; the office comes from the kind of region (see :meth:`speaker_with_office`)
    defects: str = ""

    def speaker_with_office(self) -> str:
        """Wang Qingxian, Governor of Anhui Province; Yin Yong, Mayor of Beijing; … Chairman of the … Region."""
        if self.region_en.endswith(" Municipality"):
            return f"{self.speaker_en}, Mayor of {self.region_en.removesuffix(' Municipality')}"
        if self.region_en.endswith("Autonomous Region"):
            return f"{self.speaker_en}, Chairman of the {self.region_en}"
        return f"{self.speaker_en}, Governor of {self.region_en}"


HEBEI = ("Abridged as published: 9.8k characters against 16–33k for the other provinces. Every part heading "
         "and the closing are there, but the 2026 tasks (part 三) have one or two paragraphs each, so counts "
         "for Hebei understate its use of a term.")
SICHUAN = ("The published page repeats the title and the opening sentence after its 打印本页 关闭窗口 footer; "
           "the import cut them with the footer (rule print-close), so they are not a second paragraph.")

# Keyed by the raw file's stem.
PROVINCES: dict[str, Province] = {
    "anhui": Province("anhui-2026", "Anhui Province", date(2026, 2, 5), "王清宪", "Wang Qingxian"),
    "beijing": Province("beijing-2026", "Beijing Municipality", date(2026, 1, 25), "殷勇", "Yin Yong"),
    "chongqing": Province("chongqing-2026", "Chongqing Municipality", date(2026, 1, 28), "胡衡华", "Hu Henghua"),
    "fujian": Province("fujian-2026", "Fujian Province", date(2026, 1, 27), "赵龙", "Zhao Long"),
    "gansu": Province("gansu-2026", "Gansu Province", date(2026, 1, 27), "任振鹤", "Ren Zhenhe"),
    "guangdong": Province("guangdong-2026", "Guangdong Province", date(2026, 1, 26), "孟凡利", "Meng Fanli"),
    "guangxi": Province("guangxi-2026", "Guangxi Zhuang Autonomous Region", date(2026, 2, 2), "韦韬", "Wei Tao"),
    "guizhou": Province("guizhou-2026", "Guizhou Province", date(2026, 1, 27), "李炳军", "Li Bingjun"),
    "hebei": Province("hebei-2026", "Hebei Province", date(2026, 1, 26), "王正谱", "Wang Zhengpu", HEBEI),
    "hainan": Province("hainan-2026", "Hainan Province", date(2026, 1, 27), "刘小明", "Liu Xiaoming"),
    "heilongjiang": Province("heilongjiang-2026", "Heilongjiang Province", date(2026, 1, 31), "梁惠玲",
                             "Liang Huiling"),
    "henan": Province("henan-2026", "Henan Province", date(2026, 1, 26), "王凯", "Wang Kai"),
    "hubei": Province("hubei-2026", "Hubei Province", date(2026, 1, 27), "李殿勋", "Li Dianxun"),
    "hunan": Province("hunan-2026", "Hunan Province", date(2026, 2, 3), "毛伟明", "Mao Weiming"),
    "jiangsu": Province("jiangsu-2026", "Jiangsu Province", date(2026, 2, 3), "刘小涛", "Liu Xiaotao"),
    "jiangxi": Province("jiangxi-2026", "Jiangxi Province", date(2026, 1, 27), "叶建春", "Ye Jianchun"),
    "jilin": Province("jilin-2026", "Jilin Province", date(2026, 1, 27), "胡玉亭", "Hu Yuting"),
    "liaoning": Province("liaoning-2026", "Liaoning Province", date(2026, 1, 27), "王新伟", "Wang Xinwei"),
    "ningxia": Province("ningxia-2026", "Ningxia Hui Autonomous Region", date(2026, 2, 3), "张雨浦", "Zhang Yupu"),
    "qinghai": Province("qinghai-2026", "Qinghai Province", date(2026, 1, 27), "罗东川", "Luo Dongchuan"),
    "shaanxi": Province("shaanxi-2026", "Shaanxi Province", date(2026, 1, 27), "赵刚", "Zhao Gang"),
    "shandong": Province("shandong-2026", "Shandong Province", date(2026, 1, 27), "周乃翔", "Zhou Naixiang"),
    "shanghai": Province("shanghai-2026", "Shanghai Municipality", date(2026, 2, 3), "龚正", "Gong Zheng"),
    "shanxi": Province("shanxi-2026", "Shanxi Province", date(2026, 2, 2), "卢东亮", "Lu Dongliang"),
    "sichuan": Province("sichuan-2026", "Sichuan Province", date(2026, 2, 3), "施小琳", "Shi Xiaolin", SICHUAN),
    "tianjin": Province("tianjin-2026", "Tianjin Municipality", date(2026, 1, 26), "张工", "Zhang Gong"),
    "xinjiang": Province("xinjiang-2026", "Xinjiang Uygur Autonomous Region", date(2026, 1, 27), "艾尔肯·吐尼亚孜",
                         "Erkin Tuniyaz"),
    "xizang": Province("xizang-2026", "Xizang Autonomous Region", date(2026, 1, 31), "嘎玛泽登", "Gama Cedain"),
    "yunnan": Province("yunnan-2026", "Yunnan Province", date(2026, 1, 28), "王予波", "Wang Yubo"),
    "zhejiang": Province("zhejiang-2026", "Zhejiang Province", date(2026, 1, 14), "刘捷", "Liu Jie"),
}
SKIPPED = {"neimenggu": "in the seeds already as nmg-2026"}
RETRIEVED = date(2026, 11, 27)
LICENCE = ("No licence stated (official government document; text collected by the public repository "
           "johncodes404/china-provincial-gov-reports-2026, output/2026_raw_text; published {published})")


def entries(raw_dir: Path) -> list[tuple[Path, dict]]:
    """(raw file, manifest entry) for every province in ``sources.json`` but those skipped."""
    sources = json.loads((raw_dir / "sources.json").read_text(encoding="utf-8"))
    result = []
    for source in sorted(sources, key=lambda s: s["file"]):
        stem = source["file"].removesuffix("-2026.raw.txt")
        if stem in SKIPPED:
            continue
        province = PROVINCES[stem]
        raw = raw_dir / source["file"]
        text = raw.read_text(encoding="utf-8")
        if not any(form in text for form in _chinese_date(province.delivered)):
            raise DataError(raw, None, f"the title block does not give {province.delivered} as the day it was "
                                       "delivered")
        region = source["province"]
        result.append((raw, {
            "id": province.id, "title": f"2026年{region}政府工作报告",
            "title_en": f"2026 Government Work Report of {'the ' if 'Region' in province.region_en else ''}"
                        f"{province.region_en}",
            "region": region, "region_en": province.region_en, "year": 2026, "date": province.delivered,
            "speaker": province.speaker, "speaker_en": province.speaker_with_office(),
            "source_url": source["source_url"], "retrieved": RETRIEVED,
            "licence": LICENCE.format(published=f"on {source['publish_date']}"), "curated": False,
            "defects": province.defects,
        }))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("--seeds-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    seeds_dir = args.seeds_dir or default_seeds_dir()
    for raw, entry in entries(args.raw_dir):
        imported = import_report(raw.read_text(encoding="utf-8"), seeds_dir, entry)
        print(f"{entry['id']}: {len(imported.report.paragraphs)} paragraphs, "
              f"{len(imported.cleaned.removed)} passages removed")
        for change in imported.cleaned.changes:
            print("   ", change.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
