"""Fuzzing `desk import` (issue 14): hostile files through the real command on a real
SQLite file.

Each example starts from a valid export and breaks it one way: a value of the wrong
type, a huge string, unicode digits or a trailing newline in an identifier, a key
given twice, deep nesting, a payment copied under another id, a cut, a byte order
mark, or random bytes. For every file:

- the command returns 0 or the refusal code 2, never a traceback;
- a refused file writes nothing (every row of every table compared);
- after an accepted file every stored identifier is ASCII and valid, and every text
  within its column.

Run with ``-s`` to see the figures for the closing note (tried, accepted-bad,
tracebacks). ``DESK_FUZZ_EXAMPLES=2000`` tries more files, with a random seed.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import random
import re
import sqlite3
import traceback
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from desk.cli import main
from desk.services.import_check import RECORD_ID, bad_character
from tests.services.test_import import GOOD, dump

# The zero of some digit sets besides ASCII: Arabic-Indic, Extended Arabic-Indic,
# Devanagari, fullwidth, mathematical double-struck and bold.
EXAMPLES = int(os.environ.get("DESK_FUZZ_EXAMPLES", "150"))  # ~15 s at 150
ZEROS = (0x0660, 0x06F0, 0x0966, 0xFF10, 0x1D7D8, 0x1D7CE)


class Pairs(list[tuple[str, Any]]):
    """A JSON object written with its keys as given, duplicates included."""


def to_json(value: Any) -> str:
    if isinstance(value, Pairs):
        return "{" + ", ".join(f"{json.dumps(k)}: {to_json(v)}" for k, v in value) + "}"
    if isinstance(value, dict):
        return to_json(Pairs(value.items()))
    if isinstance(value, list):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    # a lone surrogate cannot be UTF-8: written as JSON writes it, "\ud800"
    lone = isinstance(value, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    return json.dumps(value, ensure_ascii=lone)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every place in ``value`` (objects' keys and lists' items)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += leaves(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            found += leaves(inner, (*path, i))
    return found


PATHS = leaves(GOOD)


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def foreign_digits(text: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isascii() and c.isdigit() else c for c in text)


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.text(alphabet=st.characters(categories=["Nd", "Cc", "Cf", "Zs"]), max_size=15),
    st.integers(min_value=201, max_value=300_000).map(lambda n: "7" * n),
    st.sampled_from(
        [
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-12:00",
            "2026-W01-1",
            "999999999999.99",
            "-0.00",
            "1e308",
            "NaN",
            "\ud800",
        ]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """One broken export, as the bytes of a file."""
    data: Any = copy.deepcopy(GOOD)
    how = draw(
        st.sampled_from(
            [
                "value",
                "digits",
                "newline",
                "drop",
                "twice",
                "nest",
                "copy_payment",
                "cut",
                "bom",
                "bytes",
            ]
        )
    )
    if how == "bytes":
        return draw(st.binary(max_size=300))
    path = draw(st.sampled_from(PATHS))
    parent, key = at(data, path[:-1]), path[-1]
    if how == "value":
        parent[key] = draw(values)
    elif how == "digits" and isinstance(parent[key], str):
        parent[key] = foreign_digits(parent[key], draw(st.sampled_from(ZEROS)))
    elif how == "newline" and isinstance(parent[key], str):
        parent[key] += draw(st.sampled_from(["\n", " ", "\u0000", "\u200b"]))
    elif how == "drop" and isinstance(parent, dict):
        del parent[key]
    elif how == "twice" and isinstance(parent, dict):
        pairs = Pairs(parent.items())
        pairs.append((key, draw(values)))
        grand = at(data, path[:-2]) if len(path) > 1 else None
        if grand is None:
            data = pairs
        else:
            grand[path[-2]] = pairs
    elif how == "nest":
        depth = draw(st.integers(min_value=5, max_value=5000))
        parent[key] = json.loads("[" * depth + "1" + "]" * depth) if depth < 300 else None
        if depth >= 300:  # deeper than this serialiser recurses: write the text
            text = to_json(data).replace("null", "[" * depth + "]" * depth, 1)
            return text.encode("utf-8")
    elif how == "copy_payment":
        payment = copy.deepcopy(draw(st.sampled_from(GOOD["payments"])))
        payment["id"] = draw(st.sampled_from(["billing-1", "6f1c2a9e-x", "P" * 36]))
        data["payments"].append(payment)
    raw = to_json(data).encode("utf-8")
    if how == "cut":
        raw = raw[: draw(st.integers(min_value=0, max_value=len(raw) - 1))]
    if how == "bom":
        raw = b"\xef\xbb\xbf" + raw
    return raw


def stored_problems(db: Path) -> list[str]:
    """What is stored that the import should never have taken."""
    con = sqlite3.connect(db)
    bad: list[str] = []
    try:
        checks: list[tuple[str, str, re.Pattern[str]]] = [
            ("property", "subscriber_number", re.compile(r"[0-9]{7}")),
            ("payer", "payer_code", re.compile(r"[0-9]{10}")),
            ("invoice", "number", re.compile(r"[0-9]{10}")),
            ("plan", "id", RECORD_ID),
            ("court_case", "id", RECORD_ID),
            ("agreement", "id", RECORD_ID),
            ("payment", "id", re.compile(r"[A-Za-z0-9-]{1,36}")),
        ]
        for table, column, pattern in checks:
            for (value,) in con.execute(f'SELECT "{column}" FROM "{table}"'):
                if not (isinstance(value, str) and value.isascii() and pattern.fullmatch(value)):
                    bad.append(f"{table}.{column} {value!r}")
        for (code,) in con.execute("SELECT payer_code FROM payer"):
            if not luhn.is_valid(code):
                bad.append(f"payer.payer_code check digit {code!r}")
        for table, column, limit in [
            ("payer", "name", 200),
            ("payer", "address", 200),
            ("payer", "phone", 20),
            ("payer", "email", 200),
            ("property", "district", 80),
            ("property", "address", 200),
            ("court_case", "case_number", 60),
        ]:
            for (value,) in con.execute(f'SELECT "{column}" FROM "{table}"'):
                if value is not None and (len(value) > limit or bad_character(value)):
                    bad.append(f"{table}.{column} {value[:40]!r}")
    finally:
        con.close()
    return bad


def test_no_file_gives_a_traceback_or_writes_a_bad_row(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GOOD, ensure_ascii=False), "utf-8")
    assert main(["import", str(good), "--db", str(db)]) == 0
    figures = {"tried": 0, "accepted": 0, "refused": 0, "accepted_bad": 0, "tracebacks": 0}
    failures: list[str] = []
    path = tmp_path / "fuzz.json"

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize="DESK_FUZZ_EXAMPLES" not in os.environ,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(documents())
    def one(raw: bytes) -> None:
        path.write_bytes(raw)
        before = dump(db)
        figures["tried"] += 1
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["import", str(path), "--db", str(db), "--lang", "en"])
        except BaseException:
            figures["tracebacks"] += 1
            failures.append(f"traceback for {raw[:120]!r}:\n{traceback.format_exc()}")
            return
        if code == 2:
            figures["refused"] += 1
            if dump(db) != before:
                failures.append(f"refused but wrote: {raw[:120]!r}")
            if not err.getvalue().strip() or len(err.getvalue()) > 20_000:
                failures.append(f"refusal of {len(err.getvalue())} characters: {raw[:120]!r}")
            return
        if code != 0:
            failures.append(f"exit {code} for {raw[:120]!r}: {err.getvalue()[:300]}")
            return
        figures["accepted"] += 1
        bad = stored_problems(db)
        if bad:
            figures["accepted_bad"] += 1
            failures.append(f"accepted {raw[:120]!r} and stored {bad[:3]}")

    random.seed(0)
    one()
    print(
        "\nimport fuzz: {tried} files tried, {accepted} accepted, {refused} refused, "
        "{accepted_bad} accepted-bad, {tracebacks} tracebacks".format(**figures)
    )
    assert failures == [], "\n".join(failures[:5])
    assert figures["refused"] > figures["tried"] // 2  # the files were hostile indeed
