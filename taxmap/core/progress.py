"""A tiny progress protocol so services can report long work without knowing the screen."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Receives (stage, done, total) as a long job advances."""

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Report that `done` of `total` units of `stage` are finished."""


def silent(stage: str, done: int, total: int) -> None:
    """Report nothing (the default for services called from tests and the API)."""
