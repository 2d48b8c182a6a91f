"""Errors a user can cause are data; environment errors are one calm class.

STYLE.md pattern 3: validation returns problems naming the field; exceptions
are for bugs. ``UserError`` carries a message meant for the person at the desk.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with input: where (a field or JSON path) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class UserError(Exception):
    """Something the user asked that cannot be done; the message says why."""


class ProblemsError(UserError):
    """Input with one or more problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class EnvironmentProblem(Exception):
    """A known condition of the machine (database locked, disk full, server away)."""
