"""Placeholder: being written."""

from __future__ import annotations

from desk.ui.info.context import InfoContext


def show_statement(info: InfoContext, payer_code: str) -> None:
    info.show_message("")
