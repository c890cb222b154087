"""The ``dateline`` command line: each command is a thin shell over the library function of the same name
in :mod:`dateline.api` (and the README heading of the same name documents it)."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from dateline import api
from dateline.errors import DatelineError, QueryError
from dateline.outputs import CONTROL_FORMATS, EVENT_DETAIL_FORMATS, EVENT_FORMATS, TIMELINE_FORMATS

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "dateline.db"


def _handle_errors(func: F) -> F:
    """Turn typed dateline errors into one message (or the one JSON error shape) and exit status 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DatelineError as exc:
            if kwargs.get("fmt") == "json":
                click.echo(json.dumps(exc.to_json()), err=True)
            else:
                click.echo(f"Error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def _emit(payload: str | bytes, out: str | None) -> None:
    if out:
        Path(out).write_bytes(payload if isinstance(payload, bytes) else payload.encode("utf-8"))
        click.echo(f"wrote {out}", err=True)
    elif isinstance(payload, bytes):
        if sys.stdout.isatty():
            raise click.UsageError("binary output (parquet) needs --out FILE or a redirect")
        sys.stdout.buffer.write(payload)
    else:
        click.echo(payload.rstrip("\n"))


db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="DATELINE_DB",
    help="SQLite store (env DATELINE_DB).",
)


# The filter options every selecting command shares, named as the keyword arguments of dateline.api.
FILTER_NAMES = ("query", "place", "actor", "event_type", "since", "until")


def filter_options(func: F) -> F:
    """Add the shared filter options and hand them to the command as one ``filters`` keyword bundle, ready to
    pass on as ``api.events(db=..., **filters)`` (``--no-background`` becomes ``include_background``)."""

    @wraps(func)
    def bundled(*args: Any, **kwargs: Any) -> Any:
        filters = {name: kwargs.pop(name) for name in FILTER_NAMES}
        filters["include_background"] = not kwargs.pop("no_background")
        return func(*args, filters=filters, **kwargs)

    decorators = [
        click.option("--query", "-q", help="Full-text query over event evidence and articles."),
        click.option("--place", help="Place name (any spelling) or GeoNames id."),
        click.option("--actor", help="Actor name or alias, e.g. ISIS or 'Syrian army'."),
        click.option("--type", "event_type", help="ACLED event or sub-event type."),
        click.option("--since", callback=_date, help="Earliest date, YYYY-MM-DD."),
        click.option("--until", callback=_date, help="Latest date, YYYY-MM-DD."),
        click.option("--no-background", is_flag=True, help="Only main events, not background mentions."),
    ]
    command: Callable[..., Any] = bundled
    for decorate in reversed(decorators):
        command = decorate(command)
    return command  # type: ignore[return-value]


@click.group()
@click.version_option(package_name="dateline")
def main() -> None:
    """dateline: raw news articles in; a deduplicated, dated, geolocated, cited timeline of events out."""


# --------------------------------------------------------------------------- ingest


def _progress_printer() -> Callable[[api.IngestReport], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(report: api.IngestReport) -> None:
        click.echo(
            f"\ringest: {report.seen} read, {report.stored} stored, {report.already_stored} known, "
            f"{len(report.rejected)} rejected, {report.articles_per_second:.1f} articles/s",
            err=True,
            nl=False,
        )

    return show


def _print_report(report: api.IngestReport, fmt: str) -> None:
    if sys.stderr.isatty():
        click.echo("", err=True)
    if fmt == "json":
        from dateline.store.codec import to_dict

        payload = {
            "seen": report.seen,
            "stored": report.stored,
            "already_stored": report.already_stored,
            "mentions": report.mentions,
            "events_changed": report.events_changed,
            "seconds": round(report.seconds, 3),
            "rejected": [to_dict(r) for r in report.rejected],
        }
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(report.summary(), err=True)
    for rejected in report.rejected:
        click.echo(f"  rejected {rejected.source}: {rejected.reason} [{rejected.code}]", err=True)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@click.option("--workers", default=1, show_default=True, help="Local worker processes.")
@click.option("--scheduler", help="Dask distributed scheduler address (tcp://host:8786).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@_handle_errors
def ingest_command(paths: tuple[str, ...], db: str, workers: int, scheduler: str | None, fmt: str) -> None:
    """Ingest files, folders, .jsonl and .html into the store (idempotent, resumable)."""
    report = api.ingest(
        list(paths), db=db, workers=workers, scheduler=scheduler, on_progress=_progress_printer()
    )
    _print_report(report, fmt)


# --------------------------------------------------------------------------- events / event


@main.command("events")
@db_option
@filter_options
@click.option("--limit", type=int, help="At most this many events.")
@click.option("--offset", type=int, default=0)
@click.option("--format", "fmt", type=click.Choice(list(EVENT_FORMATS)), default="table", show_default=True)
@click.option("--out", help="Write to this file instead of standard output.")
@_handle_errors
def events_command(
    db: str,
    filters: dict[str, Any],
    limit: int | None,
    offset: int,
    fmt: str,
    out: str | None,
) -> None:
    """The event table (ACLED-like columns), filtered."""
    from dateline.outputs import render_events

    selected = api.events(
        db=db,
        **filters,
        limit=limit,
        offset=offset,
    )
    _emit(render_events(selected, fmt), out)


@main.command("event")
@click.argument("event_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(list(EVENT_DETAIL_FORMATS)), default="table")
@_handle_errors
def event_command(event_id: str, db: str, fmt: str) -> None:
    """One event with every source and its evidence sentence."""
    from dateline.outputs import render_event

    _emit(render_event(api.event(event_id, db=db), fmt), None)


# --------------------------------------------------------------------------- timeline


@main.command("timeline")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@db_option
@filter_options
@click.option("--max-dates", type=int, help="Keep the most salient N dates.")
@click.option(
    "--format", "fmt", type=click.Choice(list(TIMELINE_FORMATS)), default="table", show_default=True
)
@click.option("--out", help="Write to this file instead of standard output.")
@_handle_errors
def timeline_command(
    paths: tuple[str, ...],
    db: str,
    filters: dict[str, Any],
    max_dates: int | None,
    fmt: str,
    out: str | None,
) -> None:
    """A dated timeline; with PATHs, a one-shot run over a temporary store."""
    from dateline.outputs import render_timeline

    def build(store_path: str) -> None:
        result = api.timeline(
            db=store_path,
            **filters,
            max_dates=max_dates,
        )
        _emit(render_timeline(result, fmt), out)

    if not paths:
        _require_store(db)
        build(db)
        return
    with tempfile.TemporaryDirectory(prefix="dateline-") as tmp:
        store_path = str(Path(tmp) / "oneshot.db")
        report = api.ingest(list(paths), db=store_path, on_progress=_progress_printer())
        if fmt != "json":
            _print_report(report, "table")
        else:
            for rejected in report.rejected:
                click.echo(json.dumps({"rejected": rejected.source, "reason": rejected.reason}), err=True)
        build(store_path)


def _require_store(db: str) -> None:
    if not Path(db).exists():
        raise QueryError(f"no store at {db}: run `dateline ingest PATH --db {db}` first")


# --------------------------------------------------------------------------- control / search / stats


@main.command("control")
@click.argument("place")
@db_option
@click.option("--format", "fmt", type=click.Choice(list(CONTROL_FORMATS)), default="table")
@_handle_errors
def control_command(place: str, db: str, fmt: str) -> None:
    """Territorial-control history of PLACE: who held it from when to when, with citations."""
    from dateline.outputs import render_control

    _require_store(db)
    _emit(render_control(api.control(place, db=db), fmt), None)


@main.command("search")
@click.argument("query")
@db_option
@click.option("--limit", default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@_handle_errors
def search_command(query: str, db: str, limit: int, fmt: str) -> None:
    """Full-text search over articles and event evidence."""
    from dateline.store.codec import to_dict

    _require_store(db)
    hits = api.search(query, db=db, limit=limit)
    if fmt == "json":
        click.echo(json.dumps([to_dict(h) for h in hits], indent=2))
        return
    for hit in hits:
        click.echo(" | ".join(str(v) for v in to_dict(hit).values()))


# --------------------------------------------------------------------------- demo / serve / report


@main.command("demo")
@click.option("--db", help="Keep the demo store in this file (default: a temporary store).")
@click.option(
    "--format", "fmt", type=click.Choice(list(TIMELINE_FORMATS)), default="table", show_default=True
)
@_handle_errors
def demo_command(db: str | None, fmt: str) -> None:
    """Run the whole pipeline on the built-in demo corpus and print the timeline."""
    from dateline.outputs import render_timeline

    click.echo(f"dateline demo: ingesting {api.demo_corpus_path()}", err=True)
    report, result = api.demo(db=db)
    click.echo(report.summary(), err=True)
    _emit(render_timeline(result, fmt), None)


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--token", envvar="DATELINE_TOKEN", help="Enables POST /api/ingest for holders of this token.")
@click.option(
    "--tiles",
    envvar="DATELINE_TILES",
    help="Map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png "
    "(default: an offline outline map).",
)
@_handle_errors
def serve_command(db: str, host: str, port: int, token: str | None, tiles: str | None) -> None:
    """Serve the timeline, map and JSON API over the store (read-only unless --token is set)."""
    from dateline.web.app import serve

    _require_store(db)
    serve(db=db, host=host, port=port, token=token, tiles=tiles)


@main.command("report")
@db_option
@filter_options
@click.option("--out", default="report.html", show_default=True)
@click.option("--title", default="dateline report", show_default=True)
@_handle_errors
def report_command(
    db: str,
    filters: dict[str, Any],
    out: str,
    title: str,
) -> None:
    """Write one self-contained HTML file (timeline + map) to attach to an email."""
    _require_store(db)
    html = api.report(
        db=db,
        title=title,
        **filters,
    )
    _emit(html, out)


if __name__ == "__main__":
    main()
