"""The shipped Bulgarian translation covers every UI string, and its .qm is compiled from it."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"


def pyside_tool(name: str, *args: str) -> None:
    # Through the interpreter, so the tool is the venv's on every platform.
    script = f"import sys; from PySide6.scripts.pyside_tool import {name}; {name}()"
    subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, cwd=ROOT)


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    return {
        (context.findtext("name", ""), message.findtext("source", "")): message.find("translation")
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
    }


def test_every_ui_string_has_a_finished_bulgarian_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "desk" / "ui").rglob("*.py"))
    pyside_tool("lupdate", *sources, "-ts", str(fresh))

    in_code = set(messages(fresh))
    shipped = messages(TRANSLATIONS / "desk_bg.ts")

    assert in_code - set(shipped) == set(), "run lupdate and translate (see desk/ui/i18n.py)"
    assert set(shipped) - in_code == set(), "obsolete strings: run lupdate with -no-obsolete"
    unfinished = [
        source
        for (_context, source), translation in shipped.items()
        if translation is None or not translation.text or translation.get("type") == "unfinished"
    ]
    assert unfinished == []


def test_the_qm_file_is_compiled_from_the_ts_file(tmp_path: Path) -> None:
    compiled = tmp_path / "desk_bg.qm"

    pyside_tool("lrelease", str(TRANSLATIONS / "desk_bg.ts"), "-qm", str(compiled))

    assert compiled.read_bytes() == (TRANSLATIONS / "desk_bg.qm").read_bytes()
