"""Every file in ../shared/scenarios/ (and tests/scenarios/) runs through the real
`desk import` and `desk quote` path; a new file there is picked up without code changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desk.cli import main
from tests.conftest import SHARED

# Our own worked cases in the same format sit beside this file (tests/scenarios/).
LOCAL = Path(__file__).resolve().parent / "scenarios"
SCENARIOS = sorted((SHARED / "scenarios").glob("*.json")) + sorted(LOCAL.glob("*.json"))


def _cases() -> list[Any]:
    cases = []
    for path in SCENARIOS:
        scenario = json.loads(path.read_text(encoding="utf-8"))
        for i, q in enumerate(scenario["quotes"]):
            cases.append(pytest.param(path, i, id=f"{path.stem}[{i}]-{q['on']}"))
    return cases


def expect_matches(expected: Any, actual: Any, where: str = "$") -> list[str]:
    """Compare only the keys the scenario states; lists match element by element."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        errors = []
        for key, value in expected.items():
            if key not in actual:
                errors.append(f"{where}.{key}: missing")
            else:
                errors += expect_matches(value, actual[key], f"{where}.{key}")
        return errors
    if _is_item_list(expected):
        return _match_items(expected, actual, where)
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {expected!r}, got {actual!r}"]
        errors = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            errors += expect_matches(e, a, f"{where}[{i}]")
        return errors
    return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]


def _is_item_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) and "item" in v for v in value)


def _match_items(expected: list[Any], actual: Any, where: str) -> list[str]:
    """Items named in the scenario must be listed, in that relative order; the
    quote may list more (unselected items stay listed, INTERCHANGE.md)."""
    if not isinstance(actual, list):
        return [f"{where}: expected a list, got {actual!r}"]
    ids = [a.get("item") for a in actual if isinstance(a, dict)]
    errors, last = [], -1
    for e in expected:
        if e["item"] not in ids:
            errors.append(f"{where}: item {e['item']} is not listed (listed: {ids})")
            continue
        index = ids.index(e["item"])
        if index < last:
            errors.append(f"{where}: item {e['item']} is out of order (listed: {ids})")
        last = index
        errors += expect_matches(e, actual[index], f"{where}[{e['item']}]")
    return errors


def test_scenarios_exist() -> None:
    assert SCENARIOS, f"no scenarios found in {SHARED / 'scenarios'}"


@pytest.mark.parametrize(("path", "index"), _cases())
def test_scenario_quote(
    path: Path, index: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = json.loads(path.read_text(encoding="utf-8"))
    data_file = tmp_path / "export.json"
    data_file.write_text(json.dumps(scenario["data"], ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "desk.sqlite")
    assert main(["import", str(data_file), "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()

    q = scenario["quotes"][index]
    argv = ["quote", q["payer_code"], "--on", q["on"], "--db", db, "--json"]
    if q.get("pay") is not None:
        argv += ["--pay", *q["pay"]]
    assert main(argv) == 0, capsys.readouterr().err
    actual = json.loads(capsys.readouterr().out)
    errors = expect_matches(q["expect"], actual)
    assert not errors, "\n".join(errors) + "\n" + json.dumps(actual, ensure_ascii=False, indent=1)


def test_expect_matches_reports_differences() -> None:
    assert expect_matches({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2, "c": 3}]}) == []
    assert expect_matches({"a": [1]}, {"a": [1, 2]})
    assert expect_matches([{"item": "A"}], [{"item": "B"}])
    assert expect_matches([{"item": "A"}, {"item": "B"}], [{"item": "B"}, {"item": "A"}])
    assert expect_matches([{"item": "B"}], [{"item": "A"}, {"item": "B"}]) == []
    assert expect_matches({"a": {"b": "1.00"}}, {"a": {"b": "1.01"}})
