# SPDX-License-Identifier: GPL-3.0-or-later
"""Translation catalogues: refresh the .ts sources, build .qm files, install translators.

The ``.ts`` files are the sources (committed); the ``.qm`` files are built from them
with ``pyside6-lrelease`` when missing or older than their source, next to them when the
package folder is writable, otherwise in a per-user cache. Vietnamese is the default.

Refresh the sources after changing user-visible strings::

    python -m i18n.catalog --update
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
SOURCE_PACKAGES: tuple[str, ...] = ("widgets", "console", "layouts")
_installed: dict[int, QTranslator] = {}
_languages: dict[int, str] = {}


def _tool(name: str) -> str:
    """The path of a PySide6 Linguist tool (``lupdate``/``lrelease``)."""
    beside = Path(sys.executable).with_name(f"pyside6-{name}")
    if beside.exists():
        return str(beside)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise FileNotFoundError(f"pyside6-{name} not found (is PySide6 installed?)")
    return found


def ts_path(lang: str) -> Path:
    """The Qt Linguist source of a language, ``i18n/vwall_<lang>.ts``."""
    return Path(str(resources.files("i18n").joinpath(f"vwall_{lang}.ts")))


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vwall" / "i18n"


def build_qm(lang: str, force: bool = False) -> Path:
    """The compiled catalogue of ``lang``, built (or rebuilt when stale) from its .ts.

    Raises:
        FileNotFoundError: no .ts for that language, or no lrelease tool.
        subprocess.CalledProcessError: lrelease failed.
    """
    source = ts_path(lang)
    if not source.exists():
        raise FileNotFoundError(source)
    target = source.with_suffix(".qm")
    if not os.access(source.parent, os.W_OK):
        target = _cache_dir() / target.name
        target.parent.mkdir(parents=True, exist_ok=True)
    if force or not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        # Build beside, then rename: two processes starting at once never read half a file.
        fd, tmp = tempfile.mkstemp(suffix=".qm", dir=target.parent)
        os.close(fd)
        try:
            subprocess.run(
                [_tool("lrelease"), "-silent", str(source), "-qm", tmp],
                check=True,
                capture_output=True,
                timeout=60,
            )
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return target


def install_translator(app: QCoreApplication, lang: str = DEFAULT_LANGUAGE) -> QTranslator:
    """Build if needed, load and install the ``lang`` catalogue into ``app``.

    A translator installed earlier by this function is removed first, so switching
    language at run time works.

    Raises:
        RuntimeError: the compiled catalogue could not be loaded.
    """
    translator = QTranslator(app)
    path = build_qm(lang)
    if not translator.load(str(path)):
        raise RuntimeError(f"cannot load translations {path}")
    previous = _installed.pop(id(app), None)
    if previous is not None:
        app.removeTranslator(previous)
    app.installTranslator(translator)
    _installed[id(app)] = translator
    _languages[id(app)] = lang
    return translator


def installed_language(app: QCoreApplication | None) -> str:
    """The language :func:`install_translator` installed into ``app`` (``en``, the
    language of the sources, when none was), for data that carries its own texts."""
    return _languages.get(id(app), "en") if app is not None else "en"


def remove_translator(app: QCoreApplication) -> None:
    """Remove the translator :func:`install_translator` installed (back to English)."""
    previous = _installed.pop(id(app), None)
    _languages.pop(id(app), None)
    if previous is not None:
        app.removeTranslator(previous)


def source_roots(root: Path | None = None) -> list[Path]:
    """The source folders lupdate scans (those that exist)."""
    base = root or Path(str(resources.files("i18n"))).parent
    return [base / name for name in SOURCE_PACKAGES if (base / name).is_dir()]


def run_lupdate(ts_file: Path, root: Path | None = None) -> None:
    """Extract every ``tr()`` string of our sources into ``ts_file`` (merging)."""
    subprocess.run(
        [
            _tool("lupdate"),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            "-extensions",
            "py",
            *[str(p) for p in source_roots(root)],
            "-ts",
            str(ts_file),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def apply_translations(ts_file: Path, lang: str, table: dict[str, dict[str, str]]) -> int:
    """Fill ``ts_file``'s messages: English gets its source text, Vietnamese the text in
    ``table`` ({context: {source: translation}}); returns how many were filled.

    Messages without a translation in ``table`` keep what they have (an empty
    translation stays ``unfinished``, and the catalogue test reports it).
    """
    tree = ET.parse(ts_file)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            text = source if lang == "en" else table.get(name, {}).get(source)
            if text is None:
                continue
            translation.attrib.pop("type", None)
            if message.get("numerus") == "yes":
                # Vietnamese has one plural form; English singular/plural from "(s)".
                for old in list(translation):
                    translation.remove(old)
                translation.text = None
                forms = (
                    [text]
                    if lang == "vi"
                    else [
                        text.replace("(s)", ""),
                        text.replace("(s)", "s"),
                    ]
                )
                for plural in forms:
                    ET.SubElement(translation, "numerusform").text = plural
            else:
                translation.text = text
            filled += 1
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return filled


def load_tables(paths: list[Path]) -> dict[str, dict[str, str]]:
    """Merge translation tables ({context: {English source: Vietnamese}}) from JSON files."""
    merged: dict[str, dict[str, str]] = {}
    for path in paths:
        for context, entries in json.loads(path.read_text(encoding="utf-8")).items():
            merged.setdefault(context, {}).update(entries)
    return merged


def existing_table(ts_file: Path) -> dict[str, dict[str, str]]:
    """The translations a .ts file already has, as a table."""
    table: dict[str, dict[str, str]] = {}
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            node = message.find("translation")
            forms = [] if node is None else [f.text or "" for f in node.iter("numerusform")]
            text = forms[0] if forms else message.findtext("translation")
            if text:
                table.setdefault(name, {})[message.findtext("source") or ""] = text
    return table


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--update`` refreshes the .ts files (``--apply FILE…`` also fills
    Vietnamese from JSON tables and English from the sources), ``--build`` the .qm files."""
    parser = argparse.ArgumentParser(prog="python -m i18n.catalog")
    parser.add_argument("--update", action="store_true", help="run lupdate into the .ts files")
    parser.add_argument(
        "--apply",
        nargs="*",
        type=Path,
        metavar="JSON",
        help="with --update: Vietnamese translations {context: {source: text}} to fill in",
    )
    parser.add_argument("--build", action="store_true", help="build the .qm files")
    args = parser.parse_args(argv)
    if args.update:
        for lang in LANGUAGES:
            ts_file = ts_path(lang)
            kept = existing_table(ts_file)
            run_lupdate(ts_file)
            table = load_tables(args.apply or [])
            for context, entries in kept.items():
                for source, text in entries.items():
                    table.setdefault(context, {}).setdefault(source, text)
            apply_translations(ts_file, lang, table)
            run_lupdate(ts_file)  # lupdate's own layout again
    if args.build or not args.update:
        for lang in LANGUAGES:
            print(build_qm(lang, force=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
