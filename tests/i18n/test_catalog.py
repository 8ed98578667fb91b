# SPDX-License-Identifier: GPL-3.0-or-later
"""Translations: every tr() string is translated to Vietnamese, catalogues build and load."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from i18n.catalog import (
    LANGUAGES,
    build_qm,
    install_translator,
    installed_language,
    remove_translator,
    run_lupdate,
    ts_path,
)

Key = tuple[str, str]


def messages(path: Path) -> dict[Key, ET.Element]:
    """(context, source) → <translation> element of a .ts file."""
    found: dict[Key, ET.Element] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found[(name, message.findtext("source") or "")] = translation
    return found


@pytest.fixture(scope="module")
def source_strings(tmp_path_factory: pytest.TempPathFactory) -> set[Key]:
    fresh = tmp_path_factory.mktemp("lupdate") / "vwall_check.ts"
    run_lupdate(fresh)
    keys = set(messages(fresh))
    assert ("VideoTile", "Live") in keys  # lupdate really scanned our sources
    return keys


def test_every_source_string_is_translated_to_vietnamese(source_strings: set[Key]) -> None:
    vietnamese = messages(ts_path("vi"))
    missing = sorted(source_strings - set(vietnamese))
    assert not missing, f"run `python -m i18n.catalog --update` and translate: {missing}"
    untranslated = sorted(
        key
        for key in source_strings
        if not "".join(vietnamese[key].itertext()).strip() or vietnamese[key].get("type")
    )
    assert not untranslated, f"unfinished Vietnamese translations: {untranslated}"


def test_english_catalogue_knows_every_string(source_strings: set[Key]) -> None:
    assert source_strings <= set(messages(ts_path("en")))


def test_glossary_terms_are_used() -> None:
    vietnamese = {key[1]: el.text for key, el in messages(ts_path("vi")).items()}
    assert vietnamese["Live"] == "Trực tiếp"
    assert vietnamese["Offline"] == "Mất kết nối"
    assert vietnamese["No permission"] == "Không có quyền"
    assert vietnamese["No signal — reconnecting"].endswith("Đang kết nối lại")


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    install_translator(qapp, "vi")  # other tests expect the default language


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogues_build_and_are_rebuilt_when_stale(lang: str) -> None:
    qm = build_qm(lang)
    assert qm.exists() and qm.stat().st_size > 0
    assert build_qm(lang) == qm
    assert qm.stat().st_mtime >= ts_path(lang).stat().st_mtime


def test_install_and_switch_language(app: QApplication) -> None:
    install_translator(app, "vi")
    assert QCoreApplication.translate("VideoTile", "Live") == "Trực tiếp"
    assert installed_language(app) == "vi"  # hub data with its own texts follows it
    install_translator(app, "en")
    assert QCoreApplication.translate("VideoTile", "Live") == "Live"
    assert installed_language(app) == "en"
    remove_translator(app)
    assert QCoreApplication.translate("VideoTile", "Offline") == "Offline"
    assert installed_language(app) == "en"
