"""`taxmap tiles …`: the cache of finished vector tiles."""

from __future__ import annotations

from typing import Annotated

import typer

from taxmap.cli.shared import RichProgress, clean_errors, engine_for, fail, out, settings

tiles_app = typer.Typer(no_args_is_help=True, help="The cache of finished map tiles.")


@tiles_app.command("seed")
@clean_errors
def seed(
    lao: Annotated[str, typer.Option("--lao", help="The LAO's code.")],
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="base, parcels, buildings, blocks or zones (repeat)."),
    ] = None,
    min_zoom: Annotated[int, typer.Option("--min-zoom", help="First zoom.")] = 14,
    max_zoom: Annotated[int, typer.Option("--max-zoom", help="Last zoom.")] = 17,
    workers: Annotated[int, typer.Option("--workers", help="Tiles made at once.")] = 2,
) -> None:
    """Make every tile of the LAO's extent now, so the first visitors find them ready."""
    from taxmap.maptiles.cache import TileCache
    from taxmap.maptiles.model import SOURCES
    from taxmap.maptiles.seeding import seed_tiles

    s = settings()
    if not s.tile_cache:
        raise fail("The tile cache is off (TAXMAP_TILE_CACHE=false): nothing to seed.", 2)
    if min_zoom > max_zoom:
        raise fail("--min-zoom must not be above --max-zoom.", 2)
    engine = engine_for(s)
    with RichProgress(out) as bars:
        report = seed_tiles(
            engine,
            TileCache(s.tile_cache_path),
            lao,
            sources=tuple(source or SOURCES),
            zooms=tuple(range(min_zoom, max_zoom + 1)),
            workers=workers,
            progress=bars,
        )
    out.print(
        f"{report.tiles:,} tiles of {lao} checked, {report.with_content:,} with content "
        f"({report.size_bytes / 1024 / 1024:,.1f} MB), in {s.tile_cache_path}"
    )


@tiles_app.command("clear")
@clean_errors
def clear() -> None:
    """Delete every cached tile (they are made again on demand)."""
    from taxmap.maptiles.cache import TileCache

    s = settings()
    TileCache(s.tile_cache_path).clear()
    out.print(f"Tile cache emptied: {s.tile_cache_path}")
