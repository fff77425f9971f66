"""Choosing the language: the names people type, the error for the rest, the class default."""

import os
import subprocess
import sys

import pytest

from ledgerkit.i18n import get_language, set_language


@pytest.mark.parametrize("name", ["zh", "cn", "zh-CN", "zh_CN", "ZH-Hans", "中文", "简体中文",
                                  "Chinese", " zh "])
def test_common_names_of_chinese_switch_to_chinese(name):
    set_language(name)
    try:
        assert get_language() == "zh"
    finally:
        set_language("en")


@pytest.mark.parametrize("name", ["en", "EN", "en-US", "en_GB", "English", "英文"])
def test_common_names_of_english_switch_to_english(name):
    set_language("zh")
    set_language(name)
    assert get_language() == "en"


@pytest.mark.parametrize("name", ["fr", "", "zh-TW-x", None, 86])
def test_an_unknown_language_is_refused_in_both_languages_and_changes_nothing(name):
    set_language("zh")
    try:
        with pytest.raises(ValueError) as refused:
            set_language(name)
        message = str(refused.value)
        assert f"Unknown language {name!r}" in message
        assert f"未知语言 {name!r}" in message
        assert get_language() == "zh"
    finally:
        set_language("en")


def _language_of_a_fresh_kernel(value: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "LEDGERKIT_LANG"}
    if value is not None:
        env["LEDGERKIT_LANG"] = value
    code = "import ledgerkit.i18n as i; print(i.get_language()); print(i.text('mine'))"
    return subprocess.run([sys.executable, "-W", "always", "-c", code], env=env,
                          capture_output=True, text=True, check=True, timeout=60)


@pytest.mark.parametrize(("value", "expected"), [(None, "en"), ("zh", "zh"), ("zh-CN", "zh"),
                                                 ("en", "en")])
def test_ledgerkit_lang_sets_the_default_language_at_import(value, expected):
    run = _language_of_a_fresh_kernel(value)
    language, mine = run.stdout.split()
    assert language == expected
    assert mine == ("挖矿" if expected == "zh" else "Mine")


def test_a_wrong_ledgerkit_lang_warns_and_falls_back_to_english():
    run = _language_of_a_fresh_kernel("klingon")
    assert run.stdout.split()[0] == "en"
    assert "LEDGERKIT_LANG" in run.stderr and "'klingon'" in run.stderr


def test_the_edition_marker_counts_in_its_own_folder_and_in_the_edition_tree(tmp_path):
    from ledgerkit.i18n import EDITION_MARKER, edition_language

    edition = tmp_path / "zh" / "course" / "01-basics"
    edition.mkdir(parents=True)
    (tmp_path / "zh" / EDITION_MARKER).write_text("zh\n")
    assert edition_language(edition) == "zh"  # a notebook of the Chinese edition
    released = tmp_path / "hw01-basics"
    released.mkdir()
    (released / EDITION_MARKER).write_text("zh\n")
    assert edition_language(released) == "zh"  # a released Chinese homework
    (tmp_path / EDITION_MARKER).write_text("zh\n")  # a stray marker above everything
    elsewhere = tmp_path / "course" / "01-basics"
    elsewhere.mkdir(parents=True)
    assert edition_language(elsewhere) is None
