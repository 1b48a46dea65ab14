"""Load: 50 map viewers and 5 editors on the 1M-parcel LAO at once, through `taxmap serve`.

Run with `make bench-load` (or `.venv/bin/python benchmarks/bench_load.py --seconds 120`)
after `make bench-roll` has built `taxmap_bench_roll` (and `make bench-edits` its blocks).
It migrates that database to head, makes a system-administrator bearer token, starts
`taxmap tiles seed` for the LAO's parcel tiles z14-z17 (unless `--no-seed`), starts
`taxmap serve --workers 2` on 127.0.0.1 (`--workers`), then for `--warmup` seconds (not
recorded: each server process opens its database connections) and `--seconds` more:
- `--viewers` asyncio tasks, each a person panning the map: jump to a random parcel (seeded),
  fetch the parcel tiles of a 2 x 2 view around it at a random zoom z14-z17, pause `--think`
  seconds, repeat;
- `--editors` tasks, each re-drawing random parcels: PUT /api/v1/laos/BENCH/parcels/{code}/
  boundary with a vertex added mid-edge (EPSG:32648) at the version it read, pause
  `--edit-think` seconds, then the next parcel.
`--think 0 --edit-think 0` turns the people into a closed-loop stress test.
It prints counts, errors (any status but 200/204 for tiles and 200 for edits, or a failed
request), p50/p95/p99 per kind (tiles per zoom) and throughput. Loopback only; bounded in
time; never part of `make test`. Numbers go in BENCHMARKS.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx
import shapely
import sqlalchemy as sa
from bench_import import machine
from bench_tiles import LAO, roll_database, start, stop, tile_of
from rich.console import Console
from rich.progress import Progress

from taxmap.admin import users
from taxmap.core.settings import PROJECT_ROOT, load_settings
from taxmap.maptiles.cache import TileCache
from taxmap.maptiles.seeding import seed_tiles

console = Console()
USER = "bench-load"
TAXMAP = str(Path(sys.executable).with_name("taxmap"))


def refresh_row_security(engine: sa.engine.Engine) -> None:
    """Bring the scope function and LEAKPROOF marks to what migration 0018 defines now.

    0018 was revised in place while the series was unreleased; a benchmark database migrated
    before that keeps the old function (it reads another setting and hides every row) and
    unmarked spatial predicates (no GiST index under row security: edits scan 1M parcels).
    """
    path = PROJECT_ROOT / "migrations" / "versions" / "0018_lao_row_security.py"
    spec = importlib.util.spec_from_file_location("migration_0018", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with engine.begin() as conn:
        conn.exec_driver_sql(module.SCOPE_FUNCTION)
        if conn.execute(
            sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar():
            for signature in module.SPATIAL_PREDICATES:
                conn.exec_driver_sql(f"ALTER FUNCTION {signature} LEAKPROOF")


def sample(
    engine: sa.engine.Engine, n: int, seed: int
) -> list[tuple[str, int, bytes, float, float]]:
    """Return n random active parcels in blocks: code, version, WKB (32648), lon, lat."""
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT setseed(:s)"), {"s": (seed % 1000) / 1000})
        rows = conn.execute(
            sa.text(
                "SELECT code, version, ST_AsBinary(geom), ST_X(c), ST_Y(c) FROM ("
                " SELECT code, version, geom, ST_Transform(ST_PointOnSurface(geom), 4326) AS c"
                " FROM parcels TABLESAMPLE BERNOULLI (0.5) REPEATABLE (:s)"
                " WHERE status = 'active' AND block_id IS NOT NULL LIMIT :n) s"
            ),
            {"s": seed, "n": n},
        ).all()
    return [(r[0], int(r[1]), bytes(r[2]), float(r[3]), float(r[4])) for r in rows]


class Recorder:
    """Latencies (ms) per kind, statuses, and failures of requests sent from `since` on."""

    def __init__(self, since: float = 0.0) -> None:
        self.since = since
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter[tuple[str, str]] = Counter()
        self.errors: Counter[str] = Counter()
        self.messages: list[str] = []

    def add(
        self, kind: str, sent: float, ms: float, status: str, ok: bool, message: str = ""
    ) -> None:
        """Record one request sent at `sent` (monotonic), and what a failed one said."""
        if sent < self.since:
            return
        self.times[kind].append(ms)
        self.statuses[(kind.split(" ")[0], status)] += 1
        if not ok:
            self.errors[kind.split(" ")[0]] += 1
            self.messages.append(f"{kind} {status}: {message[:300]}")


async def timed(
    client: httpx.AsyncClient, rec: Recorder, kind: str, ok: set[int], **kw: Any
) -> Any:
    """Send one request, record it, return the response (None when it failed)."""
    sent, started = time.monotonic(), time.perf_counter()
    try:
        response = await client.request(**kw)
    except httpx.HTTPError as exc:
        ms = (time.perf_counter() - started) * 1000
        rec.add(kind, sent, ms, type(exc).__name__, False, str(exc))
        return None
    good = response.status_code in ok
    ms = (time.perf_counter() - started) * 1000
    rec.add(kind, sent, ms, str(response.status_code), good, "" if good else response.text)
    return response


async def viewer(
    client: httpx.AsyncClient,
    rec: Recorder,
    places: list[Any],
    rng: random.Random,
    until: float,
    think: float,
) -> None:
    """Pan to random parcels and fetch the 2 x 2 tiles of the view, with a pause between."""
    while time.monotonic() < until:
        _, _, _, lon, lat = rng.choice(places)
        z, x, y = tile_of(lon, lat, rng.randint(14, 17))
        for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
            url = f"/tiles/{LAO}/parcels/{z}/{x + dx}/{y + dy}.mvt"
            await timed(client, rec, f"tile z{z}", {200, 204}, method="GET", url=url)
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))


def redrawn(wkb: bytes, rng: random.Random) -> dict[str, Any]:
    """Return the parcel's GeoJSON (EPSG:32648) with a vertex added in the middle of an edge.

    What a surveyor does where a neighbour's boundary meets this one: the shape and area
    stay, so the edit is always valid. (Moving a vertex 0.1 m, as an earlier version did,
    is refused now and then as an overlap with the neighbour beyond 0.5 m² on a long edge:
    a correct 422 that the zero-error target counts.)
    """
    polygon = shapely.from_wkb(wkb).geoms[0]
    ring = list(polygon.exterior.coords)
    k = rng.randrange(len(ring) - 1)
    (x0, y0), (x1, y1) = ring[k], ring[k + 1]
    ring.insert(k + 1, ((x0 + x1) / 2, (y0 + y1) / 2))
    return shapely.geometry.mapping(shapely.Polygon(ring, [h.coords for h in polygon.interiors]))


async def editor(
    client: httpx.AsyncClient,
    rec: Recorder,
    parcels: list[Any],
    rng: random.Random,
    until: float,
    think: float,
) -> None:
    """Re-draw one parcel after another, each at the version read, pausing between saves."""
    for code, version, wkb, _, _ in parcels:
        if time.monotonic() >= until:
            return
        body = {
            "reason": "load benchmark: vertex added",
            "geometry": redrawn(wkb, rng),
            "version": version,
            "crs": 32648,
        }
        url = f"/api/v1/laos/{LAO}/parcels/{code}/boundary"
        await timed(client, rec, "edit boundary", {200}, method="PUT", url=url, json=body)
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))


def pct(values: list[float], q: float) -> float:
    """Return the q-quantile (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


async def run(
    base: str, auth: dict[str, str], places: list[Any], edits: list[Any], args: argparse.Namespace
) -> tuple[Recorder, float]:
    """Run the viewers and editors together for args.warmup + args.seconds; return what was
    recorded after the warm-up (each server process opening its connections, filling caches).
    """
    limits = httpx.Limits(max_connections=args.viewers + args.editors + 5)
    async with httpx.AsyncClient(base_url=base, headers=auth, timeout=60, limits=limits) as client:
        started = time.monotonic() + args.warmup
        rec = Recorder(since=started)
        until = started + args.seconds
        share = len(edits) // max(args.editors, 1)
        await asyncio.gather(
            *(
                viewer(client, rec, places, random.Random(args.seed + i), until, args.think)
                for i in range(args.viewers)
            ),
            *(
                editor(
                    client,
                    rec,
                    edits[i * share : (i + 1) * share],
                    random.Random(-args.seed - i),
                    until,
                    args.edit_think,
                )
                for i in range(args.editors)
            ),
        )
        return rec, time.monotonic() - started


def report(rec: Recorder, elapsed: float) -> None:
    """Print the table for BENCHMARKS.md."""
    console.print(
        f"{elapsed:.0f} s; errors: {dict(rec.errors) or 0}; statuses: {dict(rec.statuses)}"
    )
    for message in rec.messages[:5]:
        console.print(f"  {message}", markup=False)
    kinds = sorted(rec.times, key=lambda k: (k.startswith("edit"), k))
    tiles = [ms for k in kinds if k.startswith("tile") for ms in rec.times[k]]
    rows = [(k, rec.times[k]) for k in kinds] + [("tile (all zooms)", tiles)]
    console.print("| kind | requests | per s | p50 ms | p95 ms | p99 ms |")
    for kind, values in rows:
        if values:
            p50, p95, p99 = (pct(values, q) for q in (0.5, 0.95, 0.99))
            rate = len(values) / elapsed
            console.print(
                f"| {kind} | {len(values):,} | {rate:.1f} | {p50:.1f} | {p95:.1f} | {p99:.1f} |"
            )


def main() -> None:
    """Set up, serve, load, and print the numbers."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=120.0, help="measured time")
    parser.add_argument("--warmup", type=float, default=10.0, help="same load, not recorded")
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--editors", type=int, default=5)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pans, s")
    parser.add_argument("--edit-think", type=float, default=2.0, help="mean pause between saves")
    parser.add_argument("--seed", type=int, default=2569)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=2, help="taxmap serve --workers")
    parser.add_argument(
        "--no-seed", action="store_true", help="skip `taxmap tiles seed` (cold tile cache)"
    )
    args = parser.parse_args()

    settings = load_settings()
    url, engine = roll_database(settings)
    refresh_row_security(engine)
    with engine.begin() as conn:
        if (
            conn.execute(sa.text("SELECT 1 FROM users WHERE username = :u"), {"u": USER}).first()
            is None
        ):
            users.create_user(
                conn, USER, "bench-load-password-1", "Load benchmark", system_admin=True
            )
    auth = {"Authorization": f"Bearer {users.issue_token(engine, USER, 'bench-load')}"}
    parcels = sample(engine, 4000, args.seed)
    places, edits = parcels[:2000], parcels[2000:]
    console.print(f"machine: {machine()}; {len(places)} places, {len(edits)} parcels to edit")
    console.print(
        f"{args.viewers} viewers (think {args.think:g} s), {args.editors} editors "
        f"(think {args.edit_think:g} s), {args.seconds:g} s after {args.warmup:g} s of warm-up"
    )

    if not args.no_seed:
        # What an LAO does after a bulk load: make the map's parcel tiles ahead of visitors
        # (tiles already cached under their current ETag are only read).
        started = time.monotonic()
        with Progress(console=console, transient=True) as bars:
            task = bars.add_task("seed tiles", total=None)
            seeded = seed_tiles(
                engine,
                TileCache(settings.tile_cache_path),
                LAO,
                sources=("parcels",),
                progress=lambda _s, done, total: bars.update(task, completed=done, total=total),
            )
        console.print(
            f"tile cache: {seeded.tiles:,} parcel tiles z14-z17 seeded or checked in "
            f"{time.monotonic() - started:.0f} s ({seeded.size_bytes / 2**20:,.0f} MB)"
        )
    base = f"http://127.0.0.1:{args.port}"
    env = {
        "TAXMAP_DATABASE_URL": url.render_as_string(hide_password=False),
        "TAXMAP_ENVIRONMENT": "development",
    }
    command = [TAXMAP, "serve", "--host", "127.0.0.1", "--port", str(args.port)]
    command += ["--workers", str(args.workers)]
    # Its access log goes to /dev/null: writing it to a terminal would cost the server time.
    server = start(command, env, f"{base}/health", wait_s=120, quiet=True)
    try:
        rec, elapsed = asyncio.run(run(base, auth, places, edits, args))
    finally:
        stop(server)
    report(rec, elapsed)


if __name__ == "__main__":
    main()
