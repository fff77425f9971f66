"""The fact base (ledgerkit.cases): every case figure has a date and a source, dates are real
and past, values positive, every case is shown somewhere, and notebooks never print a bare
case figure without its date."""

import dataclasses
import datetime
import json
import re
from pathlib import Path

import pytest

from ledgerkit import cases
from ledgerkit.cases import (
    CASES,
    Figure,
    Source,
    amount_text,
    case,
    case_markdown,
    cases_table,
    figure_text,
)

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(
    path
    for folder in ("course", "labs", "autograder/source")
    for path in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in path.parts
)
TODAY = datetime.date(2026, 12, 7)  # the date the course's facts were last checked
FIGURES = [(item.key, figure) for item in CASES.values() for figure in item.figures]
FIGURE_IDS = [f"{key}.{figure.key}" for key, figure in FIGURES]


def _date_problem(as_of: str) -> str | None:
    """Why `as_of` is not a valid past year, month or day, or None when it is."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", as_of)
    if not match:
        return f"{as_of!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return f"{as_of!r} is not a real date"
    return f"{as_of!r} lies in the future" if date > TODAY else None


def _figure_problems(figure: Figure) -> list[str]:
    problems = []
    if not figure.as_of:
        problems.append("no date (as_of)")
    elif (why := _date_problem(figure.as_of)) is not None:
        problems.append(why)
    source = figure.source
    if not isinstance(source, Source) or not source.title.strip() or not source.publisher.strip():
        problems.append("no source")
    elif not 1990 <= source.year <= TODAY.year:
        problems.append(f"source year {source.year} is not plausible")
    if not figure.value > 0:
        problems.append(f"value {figure.value!r} is not positive")
    if figure.unit not in ("yuan", "count", "percent"):
        problems.append(f"unknown unit {figure.unit!r}")
    return problems


@pytest.mark.parametrize(("key", "figure"), FIGURES, ids=FIGURE_IDS)
def test_every_case_figure_has_a_past_date_a_source_and_a_positive_value(key, figure):
    assert _figure_problems(figure) == [], key


@pytest.mark.parametrize(
    "change",
    [{"as_of": ""}, {"as_of": "2020-13"}, {"as_of": "2031"}, {"as_of": "Jan 2020"},
     {"source": None}, {"source": Source("", "", 2020)}, {"value": 0}, {"value": -5}],
    ids=["no-date", "bad-month", "future", "not-iso", "no-source", "empty-source", "zero",
         "negative"],
)
def test_the_check_catches_a_figure_without_date_or_source(change):
    good = case("icbc_exin").figure("financed")
    assert _figure_problems(good) == []
    assert _figure_problems(dataclasses.replace(good, **change)) != []


def test_the_whole_registry_check_fails_when_one_figure_has_no_date(monkeypatch):
    broken = dataclasses.replace(CASES["icbc_exin"], figures=(
        dataclasses.replace(case("icbc_exin").figure("financed"), as_of=""),))
    monkeypatch.setitem(CASES, "icbc_exin", broken)
    problems = {f"{item.key}.{figure.key}": _figure_problems(figure)
                for item in cases.CASES.values() for figure in item.figures}
    assert problems["icbc_exin.financed"] == ["no date (as_of)"]


@pytest.mark.parametrize("item", list(CASES.values()), ids=list(CASES))
def test_every_case_has_names_in_both_languages_and_a_source_for_its_note(item):
    assert all(part.strip() for part in item.name)
    assert item.since == "" or _date_problem(item.since) is None
    if item.note != ("", "") or item.since and not item.figures:
        assert item.source is not None, f"{item.key}: note or start date without a source"
        assert all(part.strip() for part in item.note)
    assert item.figures or item.note != ("", ""), f"{item.key} says nothing"


def test_keys_are_the_dictionary_keys():
    assert all(key == item.key for key, item in CASES.items())


# --- rendering -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "lang", "text"),
    [(53_000_000_000, "yuan", "en", "53 billion yuan"), (53_000_000_000, "yuan", "zh", "530 亿元"),
     (101_600_000_000, "yuan", "zh", "1,016 亿元"), (2_080_000_000, "yuan", "zh", "20.8 亿元"),
     (2_080_000_000, "yuan", "en", "2.08 billion yuan"), (160_000, "yuan", "zh", "16 万元"),
     (400_000_000, "yuan", "en", "400 million yuan"), (1477, "count", "en", "1,477"),
     (85, "percent", "zh", "85%")],
)
def test_amounts_read_as_each_language_writes_them(value, unit, lang, text):
    assert amount_text(value, unit, lang) == text


@pytest.mark.parametrize(("key", "figure"), FIGURES, ids=FIGURE_IDS)
def test_every_rendered_figure_carries_its_date(key, figure):
    assert "(as of " in figure_text(figure, lang="en")
    assert "（截至 " in figure_text(figure, lang="zh")


@pytest.mark.parametrize("key", list(CASES))
def test_case_markdown_names_a_source_for_every_line(key):
    for lang, word in (("en", "source: "), ("zh", "来源：")):
        lines = case_markdown(key, lang=lang).splitlines()[1:]
        assert lines and all(word in line for line in lines), (key, lang)


def test_the_2018_digital_bill_was_transfer_discounted_not_rediscounted():
    english, chinese = case("digital_bill_2018").note
    assert "transfer-discounted (转贴现" in english and "not rediscounted" in english
    assert "转贴现" in chinese and "而非向央行再贴现" in chinese


def test_cases_table_has_one_row_per_case():
    assert len(cases_table(lang="en").splitlines()) == 2 + len(CASES)


# --- notebooks -----------------------------------------------------------------------------


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _rendered_keys() -> set[str]:
    """Case keys some notebook renders: case_markdown("k"), case("k"), or cases_table()."""
    shown: set[str] = set()
    for path in NOTEBOOKS:
        for cell in _cells(path):
            if cell["cell_type"] != "code":
                continue
            text = _source(cell)
            shown |= set(re.findall(r"""case(?:_markdown)?\(\s*["'](\w+)["']""", text))
            if re.search(r"cases_table\(\s*(lang=[^)]*)?\)", text):
                shown |= set(CASES)
            for keys in re.findall(r"cases_table\(\s*\(([^)]*)\)", text):
                shown |= set(re.findall(r"""["'](\w+)["']""", keys))
    return shown


def test_every_case_is_rendered_by_some_notebook():
    assert set(CASES) - _rendered_keys() == set()


def test_notebooks_render_only_cases_that_exist():
    assert _rendered_keys() - set(CASES) == set()


# Figures as they would be typed by hand; each must sit next to its date.
BARE_FIGURES = ("13,000", "53 billion", "530 亿", "101.6", "1,016 亿", "1,477", "11.1 billion",
                "111 亿", "2.08", "20.8 亿", "90 billion", "900 亿", "50 billion", "500 亿")
DATE_NEAR = re.compile(r"as of|截至")
WINDOW = 160  # characters either side; about a sentence


def _bare_figures(path: Path) -> list[str]:
    found = []
    for index, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "markdown":
            continue
        text = _source(cell)
        for figure in BARE_FIGURES:
            for match in re.finditer(re.escape(figure), text):
                near = text[max(0, match.start() - WINDOW): match.end() + WINDOW]
                if not DATE_NEAR.search(near):
                    found.append(f"{path.relative_to(ROOT)} cell {index}: {figure!r}")
    return found


def test_the_bare_figure_check_catches_a_figure_without_its_date(tmp_path):
    notebook = tmp_path / "x.ipynb"
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "Over 53 billion yuan financed."},
             {"cell_type": "markdown", "metadata": {}, "source": "53 billion yuan (as of 2020)."}]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert _bare_figures(notebook) == ["x.ipynb cell 0: '53 billion'"]
    finally:
        ROOT = saved


def test_no_notebook_prints_a_case_figure_without_its_date():
    found = [problem for path in NOTEBOOKS for problem in _bare_figures(path)]
    assert found == [], "render these from ledgerkit.cases (figure_text / case_markdown):\n" + \
        "\n".join(found)
