"""One e-mailed survey card: the message, and the mail server it goes through.

The message says no more about the payer than the card it carries: the card
number, the link to the web form bound to it, and how to send the card back;
the name, the properties and the contacts on file are on the attached card
only. Plain text and HTML, in the desk's language (desk/messages.py).

Its Message-ID names the card (``<anketa.NUMBER@sender's domain>``), as does
an ``X-Desk-Card`` header, so a delivery status notification that returns
either is matched to its card (desk.services.bounces). A card sent again after
a cut run keeps its Message-ID: it is the same card.

The server's answers are data: 5xx to a recipient or to the message is a
refusal of that payer's address; 4xx is "try later". A connection lost before
the message's final dot went to the socket is ``dropped``: the server cannot
have it, and the batch reconnects and tries again (desk.services.email_cards).
Lost after the dot and before the server's answer is ``uncertain`` (RFC 1047):
the server may have taken it, so the batch never sends that card again by
itself.
"""

from __future__ import annotations

import html
import io
import re
import smtplib
import ssl
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from email.generator import BytesGenerator
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, parseaddr
from typing import cast

from desk.messages import SOFIA, word
from desk.printing.survey_card import CardData
from desk.services.problems import UserError
from desk.settings import COMPANY

SECURITIES = ("starttls", "tls", "none")
CARD_HEADER = "X-Desk-Card"
MESSAGE_ID = re.compile(r"<?anketa\.(\d{12})@")
TIMEOUT_S = 30.0


def card_link(base_url: str, number: str, language: str = "bg") -> str:
    """The web form bound to card ``number`` (the web form reads ``?card=``)."""
    link = f"{base_url.rstrip('/')}/?card={number}"
    return link + "&lang=en" if language == "en" else link


def sender_address(sender: str) -> str:
    """The address of "Name <address>" (or of a bare address)."""
    return parseaddr(sender)[1]


def message_id(number: str, sender: str) -> str:
    domain = sender_address(sender).rpartition("@")[2] or "desk.invalid"
    return f"<anketa.{number}@{domain}>"


def address_problem(address: str) -> str | None:
    """Why a mail server would read ``address`` as something else (a code of
    desk/messages.py), or None: a line break
    (a header of its own: "x@a.bg\\r\\nBcc: y@b.bg"), whitespace or a control
    character, or text that parses as another address ("a;b@a.bg" is "a"). The billing
    import does not check e-mails. An address that is not ASCII is left to the server
    (SMTPUTF8, or refused in ``Connection.send``)."""
    if any(c.isspace() or unicodedata.category(c)[0] == "C" for c in address):
        return "email.address_control"
    local, _at, domain = address.rpartition("@")
    if not local or not domain or parseaddr(address)[1] != address:
        return "email.address_not_plain"
    return None


def card_of_message_id(value: str) -> str | None:
    """The card number a Message-ID of ours names, or None."""
    found = MESSAGE_ID.search(value)
    return found.group(1) if found else None


def card_message(
    card: CardData,
    address: str,
    sender: str,
    pdf: bytes,
    now: datetime,
    link: str | None,
    language: str,
) -> EmailMessage:
    """The e-mail of one card: text and HTML alternatives, the card's PDF attached."""
    values = {"company": COMPANY.name, "card": card.number}
    paragraphs = [
        word("email.greeting", None, language),
        word("email.intro", values, language),
    ]
    if link:
        paragraphs.append(word("email.online", {"link": link}, language))
    paragraphs += [word("email.return", None, language), word("email.automatic", None, language)]
    message = EmailMessage(policy=CARD_POLICY)
    message["From"] = sender
    message["To"] = address
    message["Subject"] = subject_header(word("email.subject", values, language))
    message["Date"] = format_datetime(now.replace(tzinfo=SOFIA))
    message["Message-ID"] = message_id(card.number, sender)
    message[CARD_HEADER] = card.number
    message.set_content("\n\n".join([*paragraphs, COMPANY.name]) + "\n")
    message.add_alternative(_html(paragraphs, link), subtype="html")
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=f"anketa-{card.number}.pdf"
    )
    return message


class EncodedHeader(str):
    """A header value encoded and folded already (RFC 2047): written out as it is."""

    __slots__ = ()


class _CardPolicy(EmailPolicy):
    """email.policy.default, but a value already encoded (``EncodedHeader``) is kept as
    it is. Python 3.11 folds a long non-ASCII Subject into encoded words with the space
    between two words outside them, as folding whitespace, which a decoder drops
    (RFC 2047 6.2): "данни за контакт" reached mail clients as "даннииза контакт"."""

    def header_store_parse(self, name: str, value: str) -> tuple[str, str]:
        if isinstance(value, EncodedHeader):
            return (name, value)
        return super().header_store_parse(name, value)


CARD_POLICY = _CardPolicy()


def subject_header(text: str) -> str:
    """The Subject as its own: plain when ASCII (the policy folds that right), else
    encoded words of at most 75 characters, each holding its own spaces
    (email.header.Header splits by character, not at the spaces), so that decoding it
    gives back exactly ``text``."""
    if text.isascii():
        return text
    encoded = Header(text, "utf-8", header_name="Subject").encode(linesep="\n")
    return EncodedHeader(encoded)


def _html(paragraphs: list[str], link: str | None) -> str:
    parts = []
    for text in paragraphs:
        escaped = html.escape(text)
        if link and html.escape(link) in escaped:
            anchor = f'<a href="{html.escape(link, quote=True)}">{html.escape(link)}</a>'
            escaped = escaped.replace(html.escape(link), anchor)
        parts.append(f"<p>{escaped}</p>")
    parts.append(f"<p>{html.escape(COMPANY.name)}</p>")
    return (
        '<!DOCTYPE html><html><body style="font-family: sans-serif">'
        + "".join(parts)
        + ("</body></html>\n")
    )


# --- the mail server ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Delivered:
    """What became of one message: sent, refused (5xx), later (4xx), failed,
    ``dropped`` (the connection went before the message was handed over: reconnect and
    try again) or ``uncertain`` (it went after: the server may have it)."""

    state: str
    reason: str | None = None


class Connection:
    """One SMTP session after another: opened, used, opened again after a drop."""

    def __init__(
        self,
        host: str,
        port: int,
        security: str,
        username: str | None,
        password: str | None,
        sender: str,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.username, self.password, self.sender = username, password, sender
        self._smtp: smtplib.SMTP | None = None
        self.handed = False  # the last message's final dot went to the socket

    @property
    def is_open(self) -> bool:
        return self._smtp is not None

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"

    def open(self) -> None:
        """Connect, secure and log in; a problem the user can act on is a UserError."""
        self.close()
        try:
            smtp = self._connect()
        except smtplib.SMTPAuthenticationError as exc:
            raise UserError(
                "email.login_refused", server=self.server, user=self.username, reason=_said(exc)
            ) from exc
        except (ssl.SSLError, smtplib.SMTPNotSupportedError) as exc:
            raise UserError("email.tls_failed", server=self.server, reason=str(exc)) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise UserError("email.unreachable", server=self.server, reason=_said(exc)) from exc
        self._smtp = smtp

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.security == "tls":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT_S, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_S)
        try:
            smtp.ehlo()
            if self.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage, address: str) -> Delivered:
        """One SMTP transaction, step by step, so a lost connection is told apart: lost
        before the payload and its final dot went to the socket, the server cannot have
        the message (``dropped``: try again); lost after it and before the answer, it may
        (``uncertain``, RFC 1047: never resent without a person's say)."""
        self.handed = False
        smtp = self._smtp
        if smtp is None:
            return Delivered("dropped", "not connected")
        try:
            return self._transact(smtp, message, address)
        except smtplib.SMTPNotSupportedError as exc:  # an address the server cannot take
            return Delivered("failed", str(exc))
        except UnicodeEncodeError as exc:
            return Delivered("failed", f"address not ASCII: {exc.reason}")
        except (smtplib.SMTPServerDisconnected, OSError, smtplib.SMTPResponseException) as exc:
            self._drop()
            return Delivered("uncertain" if self.handed else "dropped", _said(exc))

    def _transact(self, smtp: smtplib.SMTP, message: EmailMessage, address: str) -> Delivered:
        """MAIL, RCPT, DATA as smtplib's send_message does them, with the moment the
        message's final dot is handed to the socket kept in ``handed``."""
        sender = sender_address(self.sender)
        smtp.ehlo_or_helo_if_needed()
        payload, options = _flatten(smtp, message, sender, address)
        code, said = smtp.mail(sender, options)
        if code != 250:
            self._abandon(code)
            if 500 <= code < 600:
                raise UserError(
                    "email.sender_refused", sender=self.sender, reason=_text(code, said)
                )
            return _answer(code, said)
        code, said = smtp.rcpt(address)
        if code not in (250, 251):
            self._abandon(code)
            return _answer(code, said)
        code, said = smtp.docmd("data")
        if code != 354:
            self._abandon(code)
            return _answer(code, said)
        data = _dot_quoted(payload)
        smtp.send(data)  # sendall: raises before every byte of it went to the socket
        self.handed = True
        code, said = smtp.getreply()
        if code == 250:
            return Delivered("sent")
        self._abandon(code)
        return _answer(code, said)

    def _abandon(self, code: int) -> None:
        """After a refusal: 421 is the server closing (reopened for the next card),
        anything else resets the transaction for the next one."""
        if code == 421:
            self._drop()
            return
        if self._smtp is not None:
            try:
                self._smtp.rset()
            except smtplib.SMTPServerDisconnected:
                self._drop()

    def _drop(self) -> None:
        """The connection is gone: closed without QUIT, which would wait on it."""
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (TimeoutError, smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None


def _flatten(
    smtp: smtplib.SMTP, message: EmailMessage, sender: str, address: str
) -> tuple[bytes, list[str]]:
    """The message's bytes and MAIL options, as smtplib's send_message makes them: CRLF
    lines, SMTPUTF8 when an address needs it and the server offers it (else
    SMTPNotSupportedError), the size when the server asks for it."""
    options: list[str] = []
    international = False
    try:
        (sender + address).encode("ascii")
    except UnicodeEncodeError:
        if not smtp.has_extn("smtputf8"):
            raise smtplib.SMTPNotSupportedError(
                "an address requires SMTPUTF8, which the server does not offer"
            ) from None
        international = True
    with io.BytesIO() as out:
        policy = cast(EmailPolicy, message.policy).clone(utf8=True) if international else None
        BytesGenerator(out, policy=policy).flatten(message, linesep="\r\n")
        payload = out.getvalue()
    if smtp.does_esmtp:
        if smtp.has_extn("size"):
            options.append(f"size={len(payload)}")
        if international:
            options += ["SMTPUTF8", "BODY=8BITMIME"]
    return payload, options


def _dot_quoted(payload: bytes) -> bytes:
    """DATA's payload as smtplib.SMTP.data sends it: a line starting with a dot gets a
    second one (RFC 5321 4.5.2), and the message ends with CRLF "." CRLF."""
    quoted = re.sub(rb"(?m)^\.", b"..", payload)
    if not quoted.endswith(b"\r\n"):
        quoted += b"\r\n"
    return quoted + b".\r\n"


def _text(code: int, said: bytes | str) -> str:
    text = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
    return f"{code} {text}".strip()


def _answer(code: int, said: bytes | str) -> Delivered:
    reason = _text(code, said)
    if 500 <= code < 600:
        return Delivered("refused", reason)
    if 400 <= code < 500:
        return Delivered("later", reason)
    return Delivered("failed", reason)


def _said(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__
