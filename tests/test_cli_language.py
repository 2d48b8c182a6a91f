"""The `desk` command speaks one language: --lang, else DESK_LANG, else Bulgarian
(issue 13, point 15). argparse's own words (usage, its refusals) too."""

from __future__ import annotations

import re

import pytest

from desk import messages
from desk.cli import main

LATIN_WORDS = re.compile(r"\b(usage|options|show this help|error|required|invalid)\b")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out + err


def test_bulgarian_by_default_help_and_refusals_included(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DESK_LANG", raising=False)
    code, text = run(["quote", "--help"], capsys)
    assert code == 0
    assert "какво дължи платец към дата" in text and "показва тази помощ" in text
    assert not LATIN_WORDS.search(text), text
    code, text = run(["quote"], capsys)
    assert code == 2
    assert "грешка: липсват задължителни аргументи: payer_code, --on" in text
    code, text = run(["quote", "4000000010", "--on", "6.12.2026"], capsys)
    assert (code, text) == (2, "--on: не е дата ГГГГ-ММ-ДД: '6.12.2026'\n")
    code, text = run(["demo", "--today", "2020-01-01", "--db", "never-made.sqlite"], capsys)
    assert (code, text) == (2, "--today: най-рано 01.08.2026: 01.01.2020\n")


def test_desk_lang_or_lang_anywhere_chooses_english(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESK_LANG", "en")
    assert run(["quote", "4000000010", "--on", "x"], capsys) == (
        2,
        "--on: not a date (YYYY-MM-DD): 'x'\n",
    )
    monkeypatch.setenv("DESK_LANG", "bg")
    # After the subcommand as well as before it; the last that names a language wins.
    assert run(["quote", "4000000010", "--on", "x", "--lang", "en"], capsys)[1].startswith(
        "--on: not"
    )
    assert run(["--lang=bg", "quote", "1", "--on", "x", "--lang=en"], capsys)[1].startswith(
        "--on: not"
    )
    code, text = run(["--lang", "fr", "quote"], capsys)
    assert code == 2 and "невъзможен избор: 'fr'" in text


def test_the_language_of_a_command_is_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    before = messages.language()
    run(["--lang", "en" if before == "bg" else "bg", "quote", "--help"], capsys)
    assert messages.language() == before
