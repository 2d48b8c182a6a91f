"""Benchmark: from process start to a usable login, warm and with a cold page cache.

    .venv/bin/python -m bench.startup --db FILE [--runs N] [--cold-code] [--log-in]

Each run starts a fresh Python process that does what ``desk --db FILE`` does
(``desk.ui.app.start``: application, language, style, the main window, the
file opened in a worker), offscreen, and notes when the login is usable: the
window shown, the login form over it, its user name field enabled. Times are
from just before the process is spawned (the interpreter's own start and every
import included), on the system-wide monotonic clock.

A cold run first drops the database file (and its ``-wal`` and ``-shm``) from
the page cache, for that file only (``posix_fadvise(DONTNEED)`` after an
``fsync``), as after a reboot; ``--cold-code`` drops the Python and Qt files the
desk loads as well (a reboot drops those too; pages another running process
has mapped stay). ``fincore`` shows what was left in memory, when installed.

Also printed per run: where the time went (imports, window shown, database
opened), the process's CPU time (on a busy machine the wall time is several
times it) and how many bytes it read from the disk up to the login
(``/proc/self/io``): what grows with the file shows there first. ``--log-in``
also logs in as the demo cashier (desk K1 and the demo users must be in the
file) and times the answer. Target (issue 15): the login usable within 2 s
of start on the 1,000,000-property file with a cold cache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

STAGES = ("imported", "shown", "opened", "login")
WAIT_S = 600.0  # a run that takes longer is reported as such, not waited for
POLL_MS = 2


# --- the parent: runs, cache, figures --------------------------------------------------


def database_files(path: Path) -> list[Path]:
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def code_files() -> Iterator[Path]:
    """The files a desk start reads besides the database: Python, the packages, Qt."""
    import desk

    roots = {Path(sys.base_prefix) / "lib", Path(sys.prefix) / "lib"}
    roots.add(Path(desk.__file__).resolve().parent)
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            for name in files:
                yield Path(folder) / name


def drop_from_cache(paths: Iterator[Path] | list[Path]) -> int:
    """Ask the kernel to forget the cached pages of ``paths``; the files dropped."""
    dropped = 0
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)  # dirty pages are not dropped: write them first
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            dropped += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return dropped


def resident(paths: list[Path]) -> str:
    """What ``fincore`` says is in memory of ``paths`` (empty without fincore)."""
    if shutil.which("fincore") is None or not paths:
        return ""
    out = subprocess.run(
        ["fincore", "--noheadings", "--bytes", "--output", "RES", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    try:
        return f"{sum(int(n) for n in out) / 2**20:,.1f} MiB resident"
    except ValueError:
        return ""


def one_run(path: Path, *, log_in: bool) -> dict[str, float]:
    spawned = time.monotonic()
    command = [sys.executable, "-m", "bench.startup", "--child", "--db", str(path)]
    if log_in:
        command.append("--log-in")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BENCH_SPAWNED=repr(spawned))
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=WAIT_S, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        raise RuntimeError(f"the run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(lines[-1])
    return figures


def run_mode(path: Path, mode: str, runs: int, *, cold_code: bool, log_in: bool) -> list[dict]:
    results = []
    for number in range(runs):
        note = ""
        if mode == "cold":
            drop_from_cache(database_files(path))
            if cold_code:
                drop_from_cache(code_files())
            note = resident(database_files(path))
        figures = one_run(path, log_in=log_in)
        results.append(figures)
        print(f"  {mode} run {number + 1}: {describe(figures)}" + (f"  [{note}]" if note else ""))
    return results


def describe(figures: dict[str, float]) -> str:
    parts = [f"{stage} {figures[stage]:.2f}s" for stage in STAGES if stage in figures]
    parts.append(f"CPU {figures['cpu']:.2f}s, read {figures['read_bytes'] / 2**20:,.1f} MiB")
    if "answered" in figures:
        parts.append(f"login answered after {figures['answered']:.2f}s")
    if "settled" in figures:
        parts.append(f"all start work done {figures['settled']:.2f}s")
    return ", ".join(parts)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3, help="runs of each kind")
    parser.add_argument(
        "--cold-code", action="store_true", help="cold runs drop the code's cache too"
    )
    parser.add_argument("--log-in", action="store_true", help="log in as the demo cashier")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.db, log_in=args.log_in)
        return
    path = args.db.resolve()
    if not path.exists():
        parser.error(f"{path} does not exist (bench.lookup or `desk demo` makes one)")
    size = sum(p.stat().st_size for p in database_files(path))
    print(f"database: {path}, {size / 2**30:,.2f} GiB with its journal")
    one_run(path, log_in=False)  # the first start compiles .pyc files: not measured
    table: dict[str, list[dict]] = {}
    # Warm and cold alternate run by run, so a machine growing busier hits both alike.
    for _ in range(args.runs):
        for mode in ("warm", "cold"):
            table.setdefault(mode, []).extend(
                run_mode(path, mode, 1, cold_code=args.cold_code, log_in=args.log_in)
            )
    cold = "cold (database and code)" if args.cold_code else "cold (database)"
    print(f"\n{'median of ' + str(args.runs):28}{'warm':>10}{cold:>28}")
    keys = [*STAGES, "answered"] if args.log_in else list(STAGES)
    for key in keys:
        medians = [statistics.median(r[key] for r in table[mode]) for mode in ("warm", "cold")]
        label = "login usable" if key == "login" else key
        print(f"{label:28}{medians[0]:>9.2f}s{medians[1]:>27.2f}s")
    cpu = [statistics.median(r["cpu"] for r in table[m]) for m in ("warm", "cold")]
    print(f"{'CPU time to login':28}{cpu[0]:>9.2f}s{cpu[1]:>27.2f}s")
    read = [statistics.median(r["read_bytes"] for r in table[m]) / 2**20 for m in ("warm", "cold")]
    print(f"{'read from disk to login':28}{read[0]:>7.1f}MiB{read[1]:>25.1f}MiB")
    print("target: login usable within 2 s, cold, on 1,000,000 properties")


# --- the child: one start of the desk ----------------------------------------------------


def read_bytes() -> int:
    """Bytes this process has read from storage so far (not from the page cache)."""
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("read_bytes:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def child(path: Path, *, log_in: bool) -> None:
    spawned = float(os.environ["BENCH_SPAWNED"])
    figures: dict[str, float] = {}

    def mark(stage: str) -> None:
        figures.setdefault(stage, time.monotonic() - spawned)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk.ui import app as desk_app
    from desk.ui.i18n import DEFAULT_LANGUAGE

    mark("imported")
    app = QApplication(sys.argv[:1])
    window = desk_app.start(app, path, language=DEFAULT_LANGUAGE)
    if window.isVisible():
        mark("shown")
    overlay = window.cashier.overlay

    def usable() -> bool:
        return (
            window.isVisible()
            and overlay.isVisible()
            and overlay.username.isVisible()
            and overlay.username.isEnabled()
        )

    def finish() -> None:
        poll.stop()
        window.tasks.wait_for_done()
        window.close_database()
        print(json.dumps(figures), flush=True)
        app.exit(0)

    def settled() -> None:
        if not window.tasks.pending:
            mark("settled")
            finish()

    def answered() -> None:
        if window.cashier.state.ctx is not None or overlay.problem.text():
            mark("answered")
            if overlay.problem.text():
                print(f"login refused: {overlay.problem.text()}", file=sys.stderr)
            finish()

    def log_in_now() -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from desk.services.users import DEMO_PASSWORD

        overlay.username.setText("kasier1")
        overlay.password.setText(DEMO_PASSWORD)
        QTest.keyClick(overlay.password, Qt.Key.Key_Return)
        poll.timeout.disconnect()
        poll.timeout.connect(answered)

    def watch() -> None:
        if "login" in figures:
            return
        if window.panels.currentWidget() is window.problem_page:
            print(f"the file did not open: {window.problem_page.title_text()}", file=sys.stderr)
            app.exit(1)
        if window.isVisible():
            mark("shown")
        if window.database is not None:
            mark("opened")
        if usable():
            mark("login")
            figures["read_bytes"] = read_bytes()
            figures["cpu"] = time.process_time()
            poll.timeout.disconnect()
            if log_in:
                log_in_now()
            else:
                poll.timeout.connect(settled)

    poll = QTimer(interval=POLL_MS)
    poll.timeout.connect(watch)
    poll.start()
    QTimer.singleShot(int(WAIT_S * 1000), lambda: app.exit(1))
    sys.exit(app.exec())


if __name__ == "__main__":
    main()
