"""`taxmap layers …`: planning layers, overlays, planner queries and indicators."""

from __future__ import annotations

import typer

layers_app = typer.Typer(
    no_args_is_help=True, help="Planning layers (land use, zones, flood, rasters)."
)
