"""Errors a user can cause are data; environment errors are one calm class.

STYLE.md pattern 3: validation returns problems naming the field; exceptions
are for bugs. ``UserError`` carries a message meant for the person at the desk.
"""

from __future__ import annotations

from dataclasses import dataclass

from desk.messages import CodedError, Message, word


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with input: where and what, both worded when shown.

    ``where`` is a field's catalogue code ("field.phone") or, in an import, a JSON path
    (data, shown as it is); ``message`` is a ``Message`` (a code and its values) or a
    bare code. ``str(problem)`` words both in the current language.
    """

    where: str
    message: Message | str

    def field(self, lang: str | None = None) -> str:
        """The field's name in ``lang`` (a JSON path as it is)."""
        return word(self.where, None, lang)

    def what(self, lang: str | None = None) -> str:
        """What is wrong, in ``lang``."""
        if isinstance(self.message, Message):
            return self.message.text(lang)
        return word(self.message, None, lang)

    def text(self, lang: str | None = None) -> str:
        return f"{self.field(lang)}: {self.what(lang)}"

    def __str__(self) -> str:
        return self.text()


class UserError(CodedError):
    """Something the user asked that cannot be done: a catalogue code and its values.

    ``UserError("shift.held", user="kasier1", since=opened_at)``; ``str(error)`` words it
    in the current language (desk/messages.py). A code not in the catalogue is shown as
    it is (older call sites that still pass a sentence).
    """


class ProblemsError(UserError):
    """Input with one or more problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("problems")
        self.problems = problems

    def __str__(self) -> str:
        # Worded when shown, in the language of that moment.
        return "\n".join(str(p) for p in self.problems)


class EnvironmentProblem(Exception):
    """A known condition of the machine (database locked, disk full, server away)."""
