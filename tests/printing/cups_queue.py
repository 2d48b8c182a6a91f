"""A real CUPS spooler of our own with a cups-pdf queue as the default printer.

cupsd runs from a temporary folder (its configuration, spool, logs and socket), so
neither the machine's printers nor another agent's see it; ``CUPS_SERVER`` points
``lp`` and Qt's CUPS support at its socket. The queue is Debian's cups-pdf with
its PPD, as a desk would have it. cups-pdf reads its settings from
/etc/cups/cups-pdf-<queue>.conf (the path is compiled in): that one file sends
our queue's PDFs into the folder.
cupsd must start as root to run the cups-pdf backend, which is root's only.
Used by tests/printing and bench/printing.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
PACKAGES = "cups cups-pdf cups-client"


def unavailable() -> str | None:
    """Why a cups-pdf queue cannot be started here, or None when it can."""
    if sys.platform == "win32":
        return "CUPS is not a Windows spooler"
    if os.geteuid() != 0:
        return "cupsd must start as root to run the cups-pdf backend"
    missing = [tool for tool in ("cupsd", "lpadmin", "lp", "lpstat") if not shutil.which(tool)]
    missing += [str(path) for path in (PPD, BACKEND) if not path.exists()]
    if missing:
        return f"missing {', '.join(missing)}: apt-get install {PACKAGES} (./dev test does)"
    return None


class CupsQueue:
    """``start`` a spooler with one cups-pdf queue, the default; ``stop`` ends both."""

    def __init__(self, name: str | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="desk-cups-"))
        self.name = name or f"desk-test-{self.root.name.removeprefix('desk-cups-')}"
        self.root.chmod(0o755)  # the filters run as lp and read the spool below
        self.out = self.root / "out"
        self.socket = self.root / "cups.sock"
        self.pdf_config = Path(f"/etc/cups/cups-pdf-{self.name}.conf")
        self.daemon: subprocess.Popen[bytes] | None = None
        self.env = {**os.environ, "CUPS_SERVER": str(self.socket)}

    def start(self) -> CupsQueue:
        for folder in ("etc", "spool/tmp", "cache", "state", "log", "out"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        self._write_configuration()
        self.daemon = subprocess.Popen(
            ["cupsd", "-f", "-c", str(self.root / "etc/cupsd.conf"), "-s", str(self.files_conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait(self.socket.exists, "cupsd did not open its socket")
        self._admin("-p", self.name, "-E", "-v", f"cups-pdf:/{self.name}", "-P", str(PPD))
        self._admin("-d", self.name)
        return self

    def stop(self) -> None:
        if self.daemon is not None:
            self.daemon.terminate()
            self.daemon.wait(timeout=30)
            self.daemon = None
        self.pdf_config.unlink(missing_ok=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def printed(self, job: str, seconds: float = 60) -> bytes:
        """The PDF cups-pdf wrote for ``job`` ("<queue>-<n>"), once the job is done."""
        number = job.rsplit("-", 1)[1]
        self._wait(lambda: self._completed(job), f"job {job} did not complete")
        (found,) = self.out.glob(f"*job_{number}*.pdf")
        return found.read_bytes()

    def last_job(self) -> str:
        """The queue's newest job id, done or not."""
        listed = self._lpstat("-W", "all", "-o", self.name).split()
        jobs = [word for word in listed if word.startswith(f"{self.name}-")]
        return max(jobs, key=lambda job: int(job.rsplit("-", 1)[1]))

    def _completed(self, job: str) -> bool:
        return job in self._lpstat("-W", "completed", "-o", self.name).split()

    def _lpstat(self, *args: str) -> str:
        done = subprocess.run(["lpstat", *args], env=self.env, capture_output=True, check=True)
        return done.stdout.decode()

    def _admin(self, *args: str) -> None:
        subprocess.run(["lpadmin", *args], env=self.env, capture_output=True, check=True)

    @staticmethod
    def _wait(condition: object, failure: str, seconds: float = 60) -> None:
        """A bounded poll on the spooler's state (a socket, a job), not a sleep for timing."""
        assert callable(condition)
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(failure)
            time.sleep(0.02)

    @property
    def files_conf(self) -> Path:
        return self.root / "etc/cups-files.conf"

    def _write_configuration(self) -> None:
        root = self.root
        self.files_conf.write_text(
            f"ServerRoot {root}/etc\nRequestRoot {root}/spool\nTempDir {root}/spool/tmp\n"
            f"CacheDir {root}/cache\nStateDir {root}/state\nPrintcap {root}/printcap\n"
            f"ErrorLog {root}/log/error_log\nAccessLog {root}/log/access_log\n"
            f"PageLog {root}/log/page_log\nUser lp\nGroup lp\nSystemGroup root\n"
        )
        (root / "etc/cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel warn\nDefaultAuthType None\nWebInterface No\n"
            "Browsing No\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
        )
        self.pdf_config.write_text(
            f"Out {self.out}\nAnonDirName {self.out}\nLog {root}/log\nLogType 1\n"
        )


@pytest.fixture(scope="module")
def cups() -> Iterator[CupsQueue]:
    """A running cupsd whose default printer is a cups-pdf queue; skipped, with the
    reason, where one cannot run (not root, packages missing, Windows)."""
    reason = unavailable()
    if reason is not None:
        pytest.skip(reason)
    queue = CupsQueue().start()
    before = os.environ.get("CUPS_SERVER")
    os.environ["CUPS_SERVER"] = str(queue.socket)  # lp and Qt's CUPS support read it
    try:
        yield queue
    finally:
        if before is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = before
        queue.stop()
