"""The command line's one progress bar (tqdm), for every long command.

``label [#####-----]  45% 1,215,000/2,700,000  61.0k/s  00:24`` on one line of
stderr, redrawn in place: rows, their rate and the time left at that rate. The
label is a word of the chosen language (desk.messages); the bar is drawn whether or
not stderr is a terminal, as the hand-drawn bars before it were, and a command's
output on stdout is never mixed into it. The total may be an estimate that the
work corrects on the way (a join's history): the bar takes the new total.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tqdm import tqdm

FORMAT = "{desc} [{bar:30}] {percentage:3.0f}% {n:,}/{total:,}  {rate_fmt}  {remaining}"


class ProgressBar:
    """A ``progress(done, total)`` callback for the services, drawn with tqdm; made
    on the first call (a command refused before its work draws nothing), ended by
    ``finish`` (a new bar starts below if the work goes on)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._bar: tqdm | None = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(
                desc=self.label,
                total=total,
                # what was done before the first call (a resumed join, a first page)
                # is not counted in the rate, as the hand-drawn bar did not count it
                initial=done,
                file=sys.stderr,  # looked up now: a test's capture, or the terminal
                bar_format=FORMAT,
                ascii="-#",
                unit="",
                unit_scale=True,
            )
        bar = self._bar
        if total != bar.total:
            bar.total = total
        bar.update(done - bar.n)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
