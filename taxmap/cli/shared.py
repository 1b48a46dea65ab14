"""What every CLI command shares: consoles, one-line errors, settings, engine, progress bars."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, TypeVar

import typer
from rich.console import Console

from taxmap.core.errors import TaxmapError
from taxmap.core.settings import Settings, load_settings

out = Console()
err = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one line to stderr and return the exit to raise."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def clean_errors(func: F) -> F:
    """Turn domain errors into one clear line on stderr and exit status 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TaxmapError as exc:
            raise fail(exc.message_en) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except typer.Exit:
            raise
        except Exception as exc:
            # A bug, not bad input: still one line, with the traceback on request.
            if os.environ.get("TAXMAP_DEBUG"):
                raise
            first_line = (str(exc).splitlines() or [""])[0][:300]
            raise fail(
                f"internal error: {type(exc).__name__}: {first_line} "
                "(set TAXMAP_DEBUG=1 to see the traceback, and report it)"
            ) from None

    return wrapper  # type: ignore[return-value]


def settings() -> Settings:
    """Build the settings once per command from the environment."""
    return load_settings()


def engine_for(s: Settings) -> Any:
    """Return the engine after checking the database answers (fast, clear failure)."""
    from taxmap.core.db import check_database, create_engine

    engine = create_engine(s)
    check_database(engine)
    return engine


class RichProgress:
    """Show a service's (stage, done, total) reports as rich progress bars."""

    def __init__(self, console: Console) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bars = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.tasks: dict[str, Any] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bars.add_task(stage, total=total)
        self.bars.update(self.tasks[stage], completed=done, total=total)

    def __enter__(self) -> RichProgress:
        self.bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.stop()


def cli_actor() -> str:
    """Name the person at the terminal in audit logs and cases (until sign-in exists)."""
    return f"cli:{getpass.getuser()}"


def parse_day(text: str | None, option: str) -> date | None:
    """Parse an optional YYYY-MM-DD option, failing with the option named (exit 2)."""
    return parse_required_day(text, option) if text else None


def parse_required_day(text: str | None, option: str) -> date:
    """Parse a YYYY-MM-DD option that must be given, failing with the option named (exit 2)."""
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        raise fail(f"{option} '{text}' is not a date: write YYYY-MM-DD", 2) from None
