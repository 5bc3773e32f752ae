"""Lay out realistic bronze drops for the local lake, the demo, the tests and the benchmark.

* ``flights``: ``node_modules/vega-datasets/data/flights-3m.parquet`` (3,000,000 US flights,
  2001-01-01 to 2001-07-01; columns ``date`` timestamp, ``delay`` and ``distance`` int64,
  ``origin``/``destination`` IATA strings) as one CSV per day under
  ``<lake>/bronze/flights/YYYY/MM/DD/flights-YYYY-MM-DD.csv``, with the date written as the
  ``2001/01/01 00:01`` string of the original vega CSV. The source has no key (191 rows are exact
  copies of another), so each row gets ``flight_id`` = its 1-based position in the source file,
  as an airline feed's record id.
* ``sales``: the seed's example, synthetic and seeded: one ``;``-delimited ISO-8859-1 CSV per
  store and day under ``<lake>/bronze/sales/YYYY/MM/DD/``, columns ``ID Venta;Fecha;Tienda;
  Producto;Cantidad;Precio Unitario``.
* ``tweets``: synthetic, seeded Firehose objects (GZIP, ``*.json.gz``) under
  ``<lake>/bronze/tweets/YYYY/MM/DD/HH/``,
  JSON objects concatenated with no separator (and one object per line in some files).

Unless ``bad_rows`` is off, some drops (deterministically chosen) get a few bad rows, one per
quarantine reason plus a re-delivered duplicate. Every injected row is listed with its expected
fate in ``<lake>/layout-manifest.json`` (outside the bronze prefixes, so it is never ingested).

CLI: ``python -m medallion_local.layout --lake-dir .lake --dataset all [--days 7] [--all-days]``
(also ``scripts/layout_bronze.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from medallion_glue import defaults
from medallion_glue.quarantine import reasons
from medallion_glue.spec.schema import REPO_ROOT

#: The real data set: ``vega-datasets`` (npm devDependency) flights-3m.
FLIGHTS_PARQUET = REPO_ROOT / "node_modules" / "vega-datasets" / "data" / "flights-3m.parquet"
#: Days laid out by default (the demo: about 115,000 flights, a few minutes on 2 cores).
DEFAULT_FLIGHT_DAYS = 7
#: Seed of every random choice (bad rows, synthetic sales and tweets).
DEFAULT_SEED = 20010101
#: Every ``BAD_DROP_EVERY``-th drop (counting from the ``BAD_DROP_OFFSET``-th) gets bad rows.
BAD_DROP_EVERY = 3
BAD_DROP_OFFSET = 1
#: Flight ids of injected bad rows start here, far above the 3,000,000 real ids.
INJECTED_FLIGHT_ID_BASE = 900_000_000
#: Date format of the bronze flights CSV (as in vega's flights CSV files).
FLIGHT_DATE_FORMAT = "%Y/%m/%d %H:%M"
#: Fate of an injected row that is a re-delivered copy (not quarantined).
DUPLICATE = "duplicate"
MANIFEST_FILE = "layout-manifest.json"


@dataclass
class LayoutReport:
    """What one dataset's layout wrote.

    Attributes:
        dataset: Dataset name.
        files: Paths written, relative to the lake directory.
        rows: Data rows written (good and bad, without headers).
        injected: One entry per injected row: ``file``, ``fate`` (a quarantine reason or
            ``duplicate``), ``line`` (1-based line in the file, header included) and ``note``.
    """

    dataset: str
    files: list[str] = field(default_factory=list)
    rows: int = 0
    injected: list[dict[str, Any]] = field(default_factory=list)

    def expected_counts(self) -> dict[str, int]:
        """Injected rows per fate."""
        counts: dict[str, int] = {}
        for item in self.injected:
            counts[item["fate"]] = counts.get(item["fate"], 0) + 1
        return counts


def bronze_dir(lake_dir: Path, prefix: str) -> Path:
    """``<lake>/bronze/<prefix>``."""
    return lake_dir / defaults.LOCAL_BRONZE_DIR / prefix


def _is_bad_drop(index: int) -> bool:
    return index % BAD_DROP_EVERY == BAD_DROP_OFFSET


def layout_flights(
    lake_dir: Path,
    days: int | None = DEFAULT_FLIGHT_DAYS,
    from_date: dt.date | None = None,
    max_rows_per_day: int | None = None,
    bad_rows: bool = True,
    seed: int = DEFAULT_SEED,
    source: Path = FLIGHTS_PARQUET,
) -> LayoutReport:
    """Write one CSV per day of flights-3m.

    Args:
        lake_dir: Local lake root.
        days: Consecutive days to write starting at ``from_date``; None for all remaining days.
        from_date: First day. @default the first day of the data (2001-01-01).
        max_rows_per_day: Keep only the first rows of each day (for quick tests). @default all.
        bad_rows: Inject bad rows into some drops (listed in the report).
        seed: Seed of the bad-row choices.
        source: The flights-3m Parquet file.

    Raises:
        FileNotFoundError: ``source`` is missing (run ``npm ci`` to install vega-datasets).
        ValueError: ``days`` < 1, or no flight on the requested days.
    """
    if days is not None and days < 1:
        raise ValueError(f"days must be >= 1, got {days}")
    if not source.exists():
        raise FileNotFoundError(f"{source} not found: run `npm ci` to install the vega-datasets package")
    table = pq.read_table(source)
    table = table.append_column("flight_id", pa.array(range(1, table.num_rows + 1), pa.int64()))
    day_column = pc.cast(table["date"], pa.date32())
    all_days = sorted(pc.unique(day_column).to_pylist())  # 182 days, not 3M Python dates
    first = from_date or all_days[0]
    chosen = [d for d in all_days if d >= first]
    chosen = chosen if days is None else chosen[:days]
    if not chosen:
        raise ValueError(f"no flights on or after {first}")
    report = LayoutReport("flights")
    rng = random.Random(seed)
    day_index = {d: i for i, d in enumerate(all_days)}
    for day in chosen:
        rows = table.filter(pc.equal(day_column, pa.scalar(day, pa.date32())))
        if max_rows_per_day is not None:
            rows = rows.slice(0, max_rows_per_day)
        relative = Path(
            defaults.LOCAL_BRONZE_DIR, "flights", f"{day:%Y/%m/%d}", f"flights-{day:%Y-%m-%d}.csv"
        )
        lines = _flight_csv_lines(rows)
        if bad_rows and _is_bad_drop(day_index[day]):
            lines, injected = _inject_flight_rows(lines, rows, day, rng, len(report.injected))
            report.injected += [{**item, "file": str(relative)} for item in injected]
        _write_lines(lake_dir / relative, lines, "utf-8")
        report.files.append(str(relative))
        report.rows += len(lines) - 1
    return report


def _flight_csv_lines(rows: pa.Table) -> list[str]:
    dates = pc.strftime(rows["date"], format=FLIGHT_DATE_FORMAT)
    ordered = pa.table(
        {
            "flight_id": rows["flight_id"],
            "date": dates,
            "delay": rows["delay"],
            "distance": rows["distance"],
            "origin": rows["origin"].cast(pa.string()),
            "destination": rows["destination"].cast(pa.string()),
        }
    )
    buffer = io.BytesIO()
    pacsv.write_csv(ordered, buffer, pacsv.WriteOptions(quoting_style="needed"))
    text = buffer.getvalue().decode("utf-8").replace('"', "")
    return text.splitlines()


def _inject_flight_rows(
    lines: list[str], rows: pa.Table, day: dt.date, rng: random.Random, seq: int
) -> tuple[list[str], list[dict[str, Any]]]:
    sample = rows.slice(rng.randrange(rows.num_rows), 1).to_pylist()[0]
    when = sample["date"].strftime(FLIGHT_DATE_FORMAT)
    base = INJECTED_FLIGHT_ID_BASE + seq
    o, d, dl, ds = sample["origin"], sample["destination"], sample["delay"], sample["distance"]
    bad = [
        (f"{base + 1},{when},{dl},{ds}", reasons.MALFORMED_RECORD, "truncated line: 4 of 6 fields"),
        (f"{base + 2},{when},{dl},{ds},,{d}", reasons.MISSING_REQUIRED_COLUMN, "origin is empty"),
        (
            f"{base + 3},{day:%m/%d/%Y} 8:05 PM,{dl},{ds},{o},{d}",
            reasons.UNPARSEABLE_TIMESTAMP,
            "US 12-hour date format",
        ),
        (f"{base + 4},{when},15min,{ds},{o},{d}", reasons.TYPE_MISMATCH, "delay is not a number"),
        (f"{base + 5},{when},{dl},0,{o},{d}", reasons.FAILED_FILTER, "distance 0 fails distance > 0"),
        (
            f"{sample['flight_id']},{when},{dl},{ds},{o},{d}",
            DUPLICATE,
            f"re-sent copy of flight_id {sample['flight_id']}",
        ),
    ]
    return _insert_lines(lines, bad, rng)


def _insert_lines(
    lines: list[str], bad: Sequence[tuple[str, str, str]], rng: random.Random
) -> tuple[list[str], list[dict[str, Any]]]:
    """Insert ``bad`` (line, fate, note) at random places after the header; report their lines."""
    result = list(lines)
    positions = sorted(rng.randrange(1, len(result) + 1) for _ in bad)
    marked: list[tuple[int, tuple[str, str, str]]] = []
    for offset, (position, item) in enumerate(zip(positions, bad, strict=True)):
        result.insert(position + offset, item[0])
        marked.append((position + offset, item))
    injected = [{"line": index + 1, "fate": fate, "note": note} for index, (_, fate, note) in marked]
    return result, injected


def _write_gzip(path: Path, text: str) -> None:
    """Writes UTF-8 text GZIP-compressed, as Firehose delivers with ``CompressionFormat: GZIP``.
    ``mtime=0`` keeps the bytes deterministic."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def _write_lines(path: Path, lines: Sequence[str], encoding: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))


_STORES = ("Madrid-Centro", "Sevilla-Triana", "Valencia-Ruzafa")
_PRODUCTS = {
    "Café molido 250g": "3.45",
    "Jamón serrano 100g": "4.99",
    "Aceite de oliva 1L": "8.75",
    "Turrón de Jijona": "6.20",
    "Pan de leña": "1.80",
    "Queso manchego 300g": "7.10",
}


def layout_sales(
    lake_dir: Path, days: int = 5, rows_per_file: int = 40, bad_rows: bool = True, seed: int = DEFAULT_SEED
) -> LayoutReport:
    """Write synthetic point-of-sale exports (the seed's ``cantidad``/``fecha`` example).

    One file per store and day from 2024-01-15; the first store writes ``dd/MM/yyyy HH:mm``
    dates, the others ``yyyy-MM-dd HH:mm:ss``. Bad drops get a return (``cantidad`` -1) and a
    zero quantity (both ``failed_filter`` on ``cantidad > 0``), an impossible date, a quantity in
    words and a blank product.
    """
    rng = random.Random(seed)
    report = LayoutReport("sales")
    header = "ID Venta;Fecha;Tienda;Producto;Cantidad;Precio Unitario"
    drop = 0
    for day_offset in range(days):
        day = dt.date(2024, 1, 15) + dt.timedelta(days=day_offset)
        for store_index, store in enumerate(_STORES):
            lines = [header]
            for n in range(rows_per_file):
                when = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=rng.randrange(0, 12 * 60))
                stamp = (
                    when.strftime("%d/%m/%Y %H:%M")
                    if store_index == 0
                    else when.strftime("%Y-%m-%d %H:%M:%S")
                )
                product = rng.choice(sorted(_PRODUCTS))
                sale_id = f"{store[:3].upper()}-{day:%Y%m%d}-{n + 1:04d}"
                lines.append(f"{sale_id};{stamp};{store};{product};{rng.randint(1, 5)};{_PRODUCTS[product]}")
            relative = Path(
                defaults.LOCAL_BRONZE_DIR, "sales", f"{day:%Y/%m/%d}", f"ventas-{store.lower()}.csv"
            )
            if bad_rows and _is_bad_drop(drop):
                stamp = f"{day:%Y-%m-%d} 12:00:00"
                tag = f"{store[:3].upper()}-{day:%Y%m%d}-9"
                bad = [
                    (
                        f"{tag}001;{stamp};{store};Pan de leña;-1;1.80",
                        reasons.FAILED_FILTER,
                        "return: cantidad -1",
                    ),
                    (f"{tag}002;{stamp};{store};Pan de leña;0;1.80", reasons.FAILED_FILTER, "cantidad 0"),
                    (
                        f"{tag}003;32/01/2024 10:00;{store};Pan de leña;1;1.80",
                        reasons.UNPARSEABLE_TIMESTAMP,
                        "day 32",
                    ),
                    (
                        f"{tag}004;{stamp};{store};Pan de leña;dos;1.80",
                        reasons.TYPE_MISMATCH,
                        "cantidad in words",
                    ),
                    (f"{tag}005;{stamp};{store}; ;2;1.80", reasons.MISSING_REQUIRED_COLUMN, "producto blank"),
                ]
                lines, injected = _insert_lines(lines, bad, rng)
                report.injected += [{**item, "file": str(relative)} for item in injected]
            _write_lines(lake_dir / relative, lines, "iso-8859-1")
            report.files.append(str(relative))
            report.rows += len(lines) - 1
            drop += 1
    return report


_WORDS = [
    "lake",
    "data",
    "spark",
    "glue",
    "bronze",
    "silver",
    "gold",
    "flight",
    "delay",
    "airport",
    "coffee",
    "rain",
    "sun",
    "city",
]
_USERS = [
    ("u1", "ana_datos", 1200),
    ("u2", "pilot_joe", 87),
    ("u3", "lakehouse", 15400),
    ("u4", "mx_traveler", 530),
]


def layout_tweets(
    lake_dir: Path, files: int = 6, events_per_file: int = 30, bad_rows: bool = True, seed: int = DEFAULT_SEED
) -> LayoutReport:
    """Write synthetic Firehose objects of tweet events (concatenated JSON; every third object
    newline-separated). ``created_at`` is ISO 8601 (or epoch milliseconds in some events). Bad
    objects get a truncated event, an unparseable ``created_at``, a ``collected_at`` that is not
    a number, a blank text, a negative like count (fails ``public_metrics.like_count >= 0``) and
    a re-delivery of an earlier event with the same ``collected_at`` (a duplicate)."""
    rng = random.Random(seed)
    report = LayoutReport("tweets")
    start = dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)
    tweet_no = 0
    for index in range(files):
        hour = start + dt.timedelta(hours=index * 7)
        events: list[tuple[str, str | None, str]] = []
        for _ in range(events_per_file):
            tweet_no += 1
            created = hour + dt.timedelta(seconds=rng.randrange(3600))
            user = rng.choice(_USERS)
            created_value: Any = (
                int(created.timestamp() * 1000)
                if tweet_no % 5 == 0
                else created.strftime("%Y-%m-%dT%H:%M:%S.000Z")
            )
            event = {
                "id": str(1_760_000_000_000_000_000 + tweet_no),
                "text": " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 12))),
                "lang": rng.choice(["en", "es", "en", "pt"]),
                "created_at": created_value,
                "collected_at": int(created.timestamp() * 1000) + rng.randrange(1000, 60000),
                "user": {"id": user[0], "screen_name": user[1], "followers_count": user[2]},
                "public_metrics": {"retweet_count": rng.randrange(20), "like_count": rng.randrange(200)},
            }
            events.append((json.dumps(event, ensure_ascii=False), None, ""))
        if bad_rows and _is_bad_drop(index):
            good = json.loads(events[0][0])
            bad_events = [
                (json.dumps(good)[:-25], reasons.MALFORMED_RECORD, "truncated event"),
                (
                    json.dumps({**good, "id": f"bad-{index}-2", "created_at": "yesterday"}),
                    reasons.UNPARSEABLE_TIMESTAMP,
                    "created_at 'yesterday'",
                ),
                (
                    json.dumps({**good, "id": f"bad-{index}-3", "collected_at": "soon"}),
                    reasons.TYPE_MISMATCH,
                    "collected_at not a number",
                ),
                (
                    json.dumps({**good, "id": f"bad-{index}-4", "text": "   "}),
                    reasons.MISSING_REQUIRED_COLUMN,
                    "blank text",
                ),
                (
                    json.dumps(
                        {
                            **good,
                            "id": f"bad-{index}-5",
                            "public_metrics": {"retweet_count": 0, "like_count": -1},
                        }
                    ),
                    reasons.FAILED_FILTER,
                    "like_count -1",
                ),
                (json.dumps(good), DUPLICATE, f"re-delivery of tweet {good['id']}"),
            ]
            for text, fate, note in bad_events:
                events.insert(rng.randrange(1, len(events) + 1), (text, fate, note))
        relative = Path(
            defaults.LOCAL_BRONZE_DIR,
            "tweets",
            f"{hour:%Y/%m/%d/%H}",
            f"tweets-firehose-1-{hour:%Y-%m-%d-%H-%M-%S}-{index:04d}.json.gz",
        )
        separator = "\n" if index % 3 == 2 else ""
        _write_gzip(lake_dir / relative, separator.join(text for text, _, _ in events) + "\n")
        for position, (_, fate, note) in enumerate(events):
            if fate is not None:
                report.injected.append(
                    {"file": str(relative), "record": position + 1, "fate": fate, "note": note}
                )
        report.files.append(str(relative))
        report.rows += len(events)
    return report


def write_manifest(lake_dir: Path, reports: Sequence[LayoutReport]) -> Path:
    """Merge ``reports`` into ``<lake>/layout-manifest.json`` (one entry per dataset) and return its path."""
    path = lake_dir / MANIFEST_FILE
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for report in reports:
        previous = manifest.get(report.dataset, {"files": [], "rows": 0, "injected": []})
        files = previous["files"] + [f for f in report.files if f not in previous["files"]]
        manifest[report.dataset] = {
            "files": files,
            "rows": previous["rows"] + report.rows,
            "injected": previous["injected"] + report.injected,
            "expected_counts": _count_fates(previous["injected"] + report.injected),
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return path


def _count_fates(injected: Sequence[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in injected:
        counts[item["fate"]] = counts.get(item["fate"], 0) + 1
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point; prints one JSON summary line. Returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lake-dir", type=Path, required=True, help="local lake root")
    parser.add_argument("--dataset", choices=["flights", "sales", "tweets", "all"], default="all")
    parser.add_argument(
        "--days", type=int, default=DEFAULT_FLIGHT_DAYS, help="flight days to write (default %(default)s)"
    )
    parser.add_argument("--all-days", action="store_true", help="write every flight day (all 3M rows)")
    parser.add_argument("--from-date", type=dt.date.fromisoformat, help="first flight day, YYYY-MM-DD")
    parser.add_argument("--max-rows-per-day", type=int, help="keep only the first N flights of each day")
    parser.add_argument("--no-bad-rows", action="store_true", help="do not inject bad rows")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    bad = not args.no_bad_rows
    reports = []
    if args.dataset in ("flights", "all"):
        reports.append(
            layout_flights(
                args.lake_dir,
                days=None if args.all_days else args.days,
                from_date=args.from_date,
                max_rows_per_day=args.max_rows_per_day,
                bad_rows=bad,
                seed=args.seed,
            )
        )
    if args.dataset in ("sales", "all"):
        reports.append(layout_sales(args.lake_dir, bad_rows=bad, seed=args.seed))
    if args.dataset in ("tweets", "all"):
        reports.append(layout_tweets(args.lake_dir, bad_rows=bad, seed=args.seed))
    manifest = write_manifest(args.lake_dir, reports)
    summary = {
        r.dataset: {"files": len(r.files), "rows": r.rows, "injected": r.expected_counts()} for r in reports
    }
    print(json.dumps({"layout": summary, "manifest": str(manifest)}, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
