"""`desk campaign …` (issue 16): settings, a batch by e-mail and by export, bounces and
problems from the command line, with a real SMTP server on loopback; what a user gets
wrong is a sentence naming the option or setting and exit code 2, never a traceback."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.cli import EXIT_USER, main
from desk.services.users import DEMO_PASSWORD
from tests.desk_fixtures import copy_database
from tests.email_helpers import SENDER, WEB, MailServer, email_demo_file
from tests.services.test_email_bounces import dsn


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return email_demo_file(tmp_path_factory, properties=12)


@pytest.fixture
def path(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_database(demo_file, tmp_path / "desk.sqlite").close()
    monkeypatch.setenv("DESK_PASSWORD", DEMO_PASSWORD)
    monkeypatch.delenv("DESK_SMTP_PASSWORD", raising=False)
    return tmp_path / "desk.sqlite"


@pytest.fixture
def server() -> Iterator[MailServer]:
    running = MailServer().start()
    yield running
    running.stop()


def smtp(path: Path, server: MailServer, *extra: str) -> list[str]:
    return [
        "--db",
        str(path),
        "campaign",
        "smtp",
        "--as",
        "sluzhitel",
        "--host",
        "127.0.0.1",
        "--port",
        str(server.port),
        "--security",
        "none",
        "--sender",
        SENDER,
        *extra,
    ]


def test_settings_then_a_batch_then_nothing_left(
    path: Path, server: MailServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(smtp(path, server)) == 0
    assert f"127.0.0.1:{server.port}" in capsys.readouterr().out
    argv = ["--db", str(path), "campaign", "email", "--as", "sluzhitel", "--web-url", WEB]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    sent = len(server.inbox.received)
    assert sent >= 5
    assert f"изпратени {sent}, отказани 0" in out
    assert "имейли [" in err  # the progress bar, on stderr
    assert main(argv) == 0
    assert "Карти: 0;" in capsys.readouterr().out
    assert len(server.inbox.received) == sent
    assert main(["--db", str(path), "campaign", "problems"]) == 0
    assert "Няма откази" in capsys.readouterr().out


def test_refusals_and_bounces_are_listed_in_english(
    path: Path, server: MailServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(smtp(path, server)) == 0
    server.inbox.refuse = {"p4000000010@example.test", "f4000000010@example.test"}
    argv = ["--lang", "en", "--db", str(path), "campaign", "email", "--as", "sluzhitel"]
    assert main([*argv, "--limit", "3"]) == 0
    out, err = capsys.readouterr()
    assert "no link or QR code" in err and "--web-url" in err
    assert "Cards: 3;" in out
    box = mailbox.mbox(tmp_path / "bounces.mbox")
    box.add(dsn(server.inbox.received[0]))
    box.close()
    bounces = [
        "--lang",
        "en",
        "--db",
        str(path),
        "campaign",
        "bounces",
        str(tmp_path / "bounces.mbox"),
    ]
    assert main([*bounces, "--as", "nachalnik"]) == 0
    assert "cards marked: 1" in capsys.readouterr().out
    assert main(["--lang", "en", "--db", str(path), "campaign", "problems"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("\tbounced\t" in line and "5.1.1" in line for line in lines)
    assert lines[-1].startswith("Shown ")


def test_export_writes_the_folder(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    argv = ["--db", str(path), "campaign", "export", str(folder), "--as", "sluzhitel"]
    assert main([*argv, "--web-url", WEB]) == 0
    assert "manifest.csv" in capsys.readouterr().out
    assert len((folder / "manifest.csv").read_text().splitlines()) > 1


def test_export_makes_a_missing_folder_its_owners_only(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder that is not there is made, parents too, 0700; the cards and the manifest
    in it are 0600 (they carry the payers' names, addresses and contacts). A folder that
    cannot be made (a file in its way) is named, exit 2."""
    folder = tmp_path / "new" / "cards"
    argv = ["--db", str(path), "campaign", "export", str(folder), "--as", "sluzhitel"]
    assert main([*argv, "--limit", "2"]) == 0
    assert "manifest.csv" in capsys.readouterr().out
    assert folder.stat().st_mode & 0o777 == 0o700
    files = sorted(folder.iterdir())
    assert len(files) == 3 and {f.stat().st_mode & 0o777 for f in files} == {0o600}
    blocked = ["--db", str(path), "campaign", "export", str(path / "x"), "--as", "sluzhitel"]
    assert main(blocked) == EXIT_USER
    err = capsys.readouterr().err
    assert str(path / "x") in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["campaign", "email", "--as", "sluzhitel"], "desk campaign smtp"),
        (["campaign", "email", "--as", "sluzhitel", "--web-url", "anketa.bg"], "--web-url"),
        (["campaign", "email", "--as", "kasier1"], "касиер"),
        (["campaign", "bounces", "none.mbox", "--as", "sluzhitel"], "none.mbox"),
    ],
)
def test_what_a_user_gets_wrong_is_named_with_exit_2(
    path: Path, argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(path), *argv]) == EXIT_USER
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err


def test_a_wrong_login_or_no_password_is_refused(
    path: Path,
    server: MailServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DESK_PASSWORD", "wrong")
    assert main(smtp(path, server)) == EXIT_USER
    assert "--as sluzhitel:" in capsys.readouterr().err
    monkeypatch.delenv("DESK_PASSWORD")
    assert main(smtp(path, server)) == EXIT_USER
    assert "DESK_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("DESK_PASSWORD", DEMO_PASSWORD)
    assert main(smtp(path, server, "--smtp-user", "anketa")) == EXIT_USER
    assert "DESK_SMTP_PASSWORD" in capsys.readouterr().err
    unreachable = MailServer()  # nothing listens on its port
    assert main(smtp(path, unreachable)) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "campaign", "email", "--as", "sluzhitel"]) == EXIT_USER
    assert f"127.0.0.1:{unreachable.port}" in capsys.readouterr().err


def test_an_uncertain_card_is_listed_and_resent_only_when_asked(
    path: Path, server: MailServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server takes the second message and drops the connection unanswered: the batch
    says so, `problems` lists the card as uncertain with its number, nothing sends it
    until `resend` names it (a clerk, audited); then the next batch does, once."""
    assert main(smtp(path, server)) == 0
    server.inbox.drop_at = {2}  # after the final dot, unanswered
    email = ["--lang", "en", "--db", str(path), "campaign", "email", "--as", "sluzhitel"]
    assert main(email) == 0
    _out, err = capsys.readouterr()
    assert "Uncertain: 1" in err and "desk campaign resend" in err
    problems = ["--lang", "en", "--db", str(path), "campaign", "problems"]
    assert main(problems) == 0
    (line,) = [line for line in capsys.readouterr().out.splitlines() if "\t" in line]
    _at, state, number, *_rest = line.split("\t")
    assert state == "uncertain: the server may have it; check its log, then resend"
    assert main(email) == 0
    assert "Cards: 0;" in capsys.readouterr().out
    resend = ["--lang", "en", "--db", str(path), "campaign", "resend", "--as", "sluzhitel"]
    assert main(resend) == EXIT_USER
    assert "--all-uncertain" in capsys.readouterr().err
    assert main([*resend, "000000000000"]) == EXIT_USER
    assert "000000000000" in capsys.readouterr().err
    assert main([*resend, number]) == 0
    assert "Queued again: 1" in capsys.readouterr().out
    assert main(email) == 0
    assert "Cards: 1; sent 1" in capsys.readouterr().out
    assert server.inbox.cards()[number] == 1
    assert max(server.inbox.recipients().values()) == 1
    assert main([*resend, "--all-uncertain"]) == 0
    assert "Queued again: 0" in capsys.readouterr().out
