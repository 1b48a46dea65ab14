"""Benchmark: vector tiles of 1,000,000 parcels through the app, side by side with tipg.

Run with `make bench-tiles` (or `.venv/bin/python benchmarks/bench_tiles.py`) after
`make bench-roll` has built `taxmap_bench_roll` (the 1M-parcel LAO BENCH with a register).
It migrates that database to head (as bench-roll does), makes a system-administrator token,
then:
- picks a random but fixed (seeded) set of tiles over the parcels at z14..z17 (the tile of a
  random parcel at each zoom);
- serves the app with uvicorn on 127.0.0.1 (one worker) and times `GET /tiles/BENCH/parcels/…`
  one request at a time (p50, p95 per zoom, after a warm-up pass), then the throughput of N
  concurrent httpx clients over the whole set for a fixed time; every tile is made by PostGIS
  (TAXMAP_TILE_CACHE=false) unless `--tile-cache`, which serves the warm-up pass's tiles from
  the disk cache;
- installs tipg 1.6.1 into its own venv (var/tools/tipg, once), copies the active parcels with
  the same properties into `tipg_bench.parcels` (tipg needs a geometry column with a declared
  SRID; done once, GiST-indexed) and measures tipg's
  /collections/tipg_bench.parcels/tiles/WebMercatorQuad/{z}/{x}/{y} the same way;
- times the first map paint: the TileJSON, then every base, parcel and building tile of a
  1280 x 800 viewport at z16 (512-px tiles), all at once, from a client with an empty cache.
Numbers go in BENCHMARKS.md by hand, with the machine and the date.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import sqlalchemy as sa
from bench_import import machine
from rich.console import Console
from sqlalchemy.engine import URL

from taxmap.admin import users
from taxmap.core.db import create_engine, database_url
from taxmap.core.migrate import upgrade
from taxmap.core.settings import PROJECT_ROOT, Settings, load_settings

console = Console()
LAO = "BENCH"
USER = "bench-tiles"
TIPG_DIR = PROJECT_ROOT / "var" / "tools" / "tipg"
R = 20037508.342789244
SERVER = (
    "import uvicorn; from web.app import create_app; from taxmap.core.settings import "
    "load_settings; uvicorn.run(create_app(load_settings()), host='127.0.0.1', port={port}, "
    "log_level='warning', access_log=False)"
)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    """Return the XYZ tile holding a point at zoom z."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


def pick_tiles(engine: sa.engine.Engine, per_zoom: int, seed: int) -> dict[int, list[Any]]:
    """Return, per zoom 14..17, the tiles of `per_zoom` random parcels (seeded)."""
    with engine.connect() as conn:
        lao_id, low, high = conn.execute(
            sa.text(
                "SELECT l.id, min(p.id), max(p.id) FROM laos l JOIN parcels p ON p.lao_id = l.id"
                " WHERE l.code = :c GROUP BY l.id"
            ),
            {"c": LAO},
        ).one()
        ids = np.random.default_rng(seed).integers(low, high + 1, per_zoom * 3).tolist()
        points = conn.execute(
            sa.text(
                "SELECT ST_X(g), ST_Y(g) FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4326)"
                " AS g FROM parcels WHERE lao_id = :l AND id = ANY(:ids)"
                " AND status = 'active' ORDER BY id) s"
            ),
            {"l": lao_id, "ids": ids},
        ).all()
    points = points[:per_zoom]
    return {z: [tile_of(lon, lat, z) for lon, lat in points] for z in (14, 15, 16, 17)}


def prepare_tipg_table(engine: sa.engine.Engine) -> int:
    """Copy the active parcels, with the app's properties, to tipg_bench.parcels (once)."""
    with engine.begin() as conn:
        if conn.execute(sa.text("SELECT to_regclass('tipg_bench.parcels')")).scalar():
            return int(conn.execute(sa.text("SELECT count(*) FROM tipg_bench.parcels")).scalar())
        started = time.monotonic()
        conn.execute(sa.text("CREATE SCHEMA IF NOT EXISTS tipg_bench"))
        conn.execute(
            sa.text(
                """
                CREATE TABLE tipg_bench.parcels AS
                SELECT p.id, p.code, p.version, b.code::text AS block,
                       (SELECT u.category FROM land_use_pieces u
                         WHERE u.lao_id = p.lao_id AND u.parcel_id = p.id
                           AND u.valid_from <= current_date
                           AND (u.valid_to IS NULL OR u.valid_to > current_date)
                         ORDER BY u.area_sq_wah DESC, u.category LIMIT 1)::text AS landuse,
                       round(ST_Area(p.geom)::numeric, 2)::float8 AS area_m2,
                       p.geom::geometry(MultiPolygon, 32648) AS geom
                  FROM parcels p JOIN laos l ON l.id = p.lao_id
                  LEFT JOIN blocks b ON b.lao_id = p.lao_id AND b.id = p.block_id
                 WHERE l.code = :c AND p.status = 'active'
                """
            ),
            {"c": LAO},
        )
        conn.execute(sa.text("ALTER TABLE tipg_bench.parcels ADD PRIMARY KEY (id)"))
        conn.execute(sa.text("CREATE INDEX ON tipg_bench.parcels USING gist (geom)"))
        conn.execute(sa.text("ANALYZE tipg_bench.parcels"))
        count = int(conn.execute(sa.text("SELECT count(*) FROM tipg_bench.parcels")).scalar())
    console.print(f"tipg_bench.parcels: {count:,} rows in {time.monotonic() - started:.0f} s")
    return count


def ensure_tipg() -> Path:
    """Install tipg 1.6.1 and uvicorn into var/tools/tipg (once); return its python."""
    python = TIPG_DIR / "bin" / "python"
    if not (TIPG_DIR / "bin" / "uvicorn").exists():
        uv = str(PROJECT_ROOT / ".venv" / "bin" / "uv")
        subprocess.run([uv, "venv", "--python", "3.11", str(TIPG_DIR)], check=True)
        subprocess.run(
            [uv, "pip", "install", "--python", str(python), "tipg==1.6.1", "uvicorn"], check=True
        )
    return python


def start(
    command: list[str], env: dict[str, str], probe: str, *, wait_s: float = 180, quiet: bool = False
) -> subprocess.Popen[bytes]:
    """Start a server and wait until `probe` answers; `quiet` sends its output to /dev/null."""
    out = subprocess.DEVNULL if quiet else None
    proc = subprocess.Popen(
        command, env={**os.environ, **env}, cwd=PROJECT_ROOT, stdout=out, stderr=out
    )
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(probe, timeout=5).status_code < 500:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}: {' '.join(command)}")
        time.sleep(0.5)
    stop(proc)
    raise SystemExit(f"server did not answer {probe} within {wait_s:g} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server this script started."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def latency(url: str, tiles: list[Any], headers: dict[str, str]) -> tuple[float, float, int]:
    """Time one request at a time over the tiles (after a warm-up pass): p50, p95 (ms), bytes."""
    with httpx.Client(headers=headers, timeout=60) as client:
        for z, x, y in tiles:
            client.get(url.format(z=z, x=x, y=y)).raise_for_status()
        times, size = [], 0
        for z, x, y in tiles:
            started = time.perf_counter()
            response = client.get(url.format(z=z, x=x, y=y))
            times.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            size += len(response.content)
    q = statistics.quantiles(times, n=20)
    return statistics.median(times), q[18], size // len(tiles)


async def _throughput(
    url: str, tiles: list[Any], headers: dict[str, str], clients: int, seconds: float
) -> float:
    done = 0
    stop_at = time.monotonic() + seconds

    async def worker(offset: int, client: httpx.AsyncClient) -> None:
        nonlocal done
        i = offset
        while time.monotonic() < stop_at:
            z, x, y = tiles[i % len(tiles)]
            response = await client.get(url.format(z=z, x=x, y=y))
            response.raise_for_status()
            done += 1
            i += clients

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(headers=headers, timeout=60, limits=limits) as client:
        started = time.monotonic()
        await asyncio.gather(*(worker(k, client) for k in range(clients)))
        return done / (time.monotonic() - started)


def throughput(
    url: str, tiles: list[Any], headers: dict[str, str], clients: int, seconds: float
) -> float:
    """Return tiles per second served to `clients` concurrent clients over `seconds`."""
    return asyncio.run(_throughput(url, tiles, headers, clients, seconds))


async def _first_paint(base: str, headers: dict[str, str], lon: float, lat: float) -> tuple:
    z = 16
    cx, cy = (
        (lon + 180) / 360 * 2**z,
        (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * 2**z,
    )
    half_w, half_h = 1280 / 512 / 2, 800 / 512 / 2
    tiles = [
        (z, x, y)
        for x in range(math.floor(cx - half_w), math.floor(cx + half_w) + 1)
        for y in range(math.floor(cy - half_h), math.floor(cy + half_h) + 1)
    ]
    async with httpx.AsyncClient(headers=headers, timeout=60) as client:
        started = time.perf_counter()
        (await client.get(f"{base}/tiles/{LAO}/tilejson.json")).raise_for_status()
        responses = await asyncio.gather(
            *(
                client.get(f"{base}/tiles/{LAO}/{source}/{tz}/{tx}/{ty}.mvt")
                for source in ("base", "parcels", "buildings")
                for tz, tx, ty in tiles
            )
        )
        seconds = time.perf_counter() - started
    for response in responses:
        response.raise_for_status()
    return seconds, len(responses), sum(len(r.content) for r in responses)


def roll_database(settings: Settings) -> tuple[URL, sa.engine.Engine]:
    """Return the URL and engine of taxmap_bench_roll migrated to head, or exit saying how."""
    url = database_url(settings).set(database="taxmap_bench_roll")
    engine = create_engine(settings, url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1 FROM parcels LIMIT 1"))
    except sa.exc.SQLAlchemyError:
        raise SystemExit("taxmap_bench_roll is missing: run `make bench-roll` first") from None
    upgrade(engine)
    return url, engine


def main() -> None:
    """Set up, serve, measure, and print the numbers for BENCHMARKS.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--tiles", type=int, default=200, help="tiles per zoom level")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--skip-tipg", action="store_true")
    parser.add_argument(
        "--tile-cache",
        action="store_true",
        help="serve from the tile cache (seeded by the warm-up pass); default: every tile made",
    )
    parser.add_argument("--pool-size", type=int, default=0, help="experiment: app pool size")
    args = parser.parse_args()

    settings = load_settings()
    url, engine = roll_database(settings)
    with engine.begin() as conn:
        conn.execute(sa.text("ANALYZE tile_edits"))
        exists = conn.execute(sa.text("SELECT 1 FROM users WHERE username = :u"), {"u": USER})
        if exists.first() is None:
            users.create_user(
                conn, USER, "bench-tiles-password-1", "Tile benchmark", system_admin=True
            )
    token = users.issue_token(engine, USER, "bench-tiles")
    auth = {"Authorization": f"Bearer {token}"}
    console.print(f"machine: {machine()}")
    tiles = pick_tiles(engine, args.tiles, args.seed)
    mixed = [t for z in sorted(tiles) for t in tiles[z]]
    rendered = url.render_as_string(hide_password=False)
    results: dict[str, Any] = {}

    app_base = f"http://127.0.0.1:{args.port}"
    app = start(
        [
            sys.executable,
            "-c",
            SERVER.format(port=args.port),
        ],
        {
            "TAXMAP_DATABASE_URL": rendered,
            # An experiment with the pool's size (default: the app's TAXMAP_DATABASE_POOL_SIZE).
            **({"TAXMAP_DATABASE_POOL_SIZE": str(args.pool_size)} if args.pool_size else {}),
            "TAXMAP_ENVIRONMENT": "development",
            # Off by default: tipg makes every tile, so the app does too for a fair comparison.
            "TAXMAP_TILE_CACHE": "true" if args.tile_cache else "false",
        },
        f"{app_base}/health",
    )
    try:
        app_url = app_base + f"/tiles/{LAO}/parcels/{{z}}/{{x}}/{{y}}.mvt"
        for z in sorted(tiles):
            results[("app", z)] = latency(app_url, tiles[z], auth)
        results[("app", "tput")] = throughput(app_url, mixed, auth, args.clients, args.seconds)
        lon, lat = _centre(engine)
        paints = [asyncio.run(_first_paint(app_base, auth, lon, lat)) for _ in range(5)]
    finally:
        stop(app)

    if not args.skip_tipg:
        prepare_tipg_table(engine)
        python = ensure_tipg()
        tipg_base = f"http://127.0.0.1:{args.port + 1}"
        tipg = start(
            [
                str(python),
                "-m",
                "uvicorn",
                "tipg.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(args.port + 1),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            {
                "DATABASE_URL": rendered.replace("postgresql+psycopg", "postgresql"),
                "TIPG_DB_SCHEMAS": '["tipg_bench"]',
                "TIPG_DB_TABLES": '["tipg_bench.parcels"]',
                "TIPG_MAX_FEATURES_PER_TILE": "100000",
                "TIPG_TILE_BUFFER": "64",
                "TIPG_DB_SPATIAL_EXTENT": "false",
                "TIPG_DB_DATETIME_EXTENT": "false",
            },
            f"{tipg_base}/collections",
        )
        try:
            tipg_url = (
                tipg_base + "/collections/tipg_bench.parcels/tiles/WebMercatorQuad/{z}/{x}/{y}"
            )
            for z in sorted(tiles):
                results[("tipg", z)] = latency(tipg_url, tiles[z], {})
            results[("tipg", "tput")] = throughput(tipg_url, mixed, {}, args.clients, args.seconds)
        finally:
            stop(tipg)

    console.print(f"{args.tiles} tiles per zoom (seed {args.seed}), one request at a time:")
    for z in sorted(tiles):
        line = "  z{}: app p50 {:.1f} ms, p95 {:.1f} ms, {:,} B/tile".format(
            z, *results[("app", z)]
        )
        if ("tipg", z) in results:
            line += "; tipg p50 {:.1f} ms, p95 {:.1f} ms, {:,} B/tile".format(*results[("tipg", z)])
        console.print(line)
    app_tput = results[("app", "tput")]
    line = f"throughput, {args.clients} clients, z14-z17 mixed: app {app_tput:.0f} tiles/s"
    if ("tipg", "tput") in results:
        tipg_tput = results[("tipg", "tput")]
        line += f", tipg {tipg_tput:.0f} tiles/s, ratio app/tipg {app_tput / tipg_tput:.2f}"
    console.print(line)
    seconds = [p[0] for p in paints]
    console.print(
        f"first paint (TileJSON + {paints[0][1]} tiles of a 1280x800 z16 view, "
        f"{paints[0][2]:,} B): first {seconds[0]:.2f} s, median {statistics.median(seconds):.2f} s,"
        f" max {max(seconds):.2f} s over {len(seconds)} runs"
    )
    engine.dispose()


def _centre(engine: sa.engine.Engine) -> tuple[float, float]:
    """Return the centre of the benchmark LAO's blocks in WGS 84."""
    with engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_Transform(ST_SetSRID(ST_Centroid("
                "ST_Extent(b.geom)::geometry), 32648), 4326) AS c FROM blocks b"
                " JOIN laos l ON l.id = b.lao_id WHERE l.code = :c) s"
            ),
            {"c": LAO},
        ).one()
    return float(row[0]), float(row[1])


if __name__ == "__main__":
    main()
