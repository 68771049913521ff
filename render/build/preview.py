"""`podium preview`: the talk in a browser page that changes by itself on every save.

A Starlette app served by uvicorn on 127.0.0.1 only. The page gets each new rendering
through server-sent events; watchfiles watches the source's folder (editors save by
writing a new file and renaming it, which a watch on the file itself would miss) and
templates/. What it serves is the page, the files under templates/ the page's look needs
(styles, its script, fonts) and the pictures the slides show; nothing else of the disk.
A request whose Host header is not this address is refused, so a web page elsewhere
cannot reach the preview by pointing its own name at 127.0.0.1 (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import secrets
import socket
import sys
import threading
import webbrowser
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from render.build.pipeline import Options
from render.build.preview_page import Page, refresh
from render.pdf.html import render
from render.source.overrides import Overrides
from render.source.paths import TEMPLATES

HOST = "127.0.0.1"
ALLOWED_HOSTS = [HOST, "localhost"]  # the port is checked by the socket itself
# What of templates/ a page may load: its look and its script, never the templates or the deck.
SERVED_SUFFIXES = {".css", ".js", ".ttf", ".otf", ".woff", ".woff2"}
# The page may load only from here; its scripts only from files (none inline, none from a source).
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
    "img-src 'self'; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'"
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class Preview:
    """The running preview of one talk: its latest page, and everyone waiting for the next."""

    def __init__(self, source_path: Path, options: Options, overrides: Overrides, rate: float | None = None) -> None:
        self.source_path = source_path
        self.options = options
        self.overrides = overrides
        self.rate = rate
        self.page = Page()
        self.changed = asyncio.Condition()
        self.run = secrets.token_hex(4)

    def refresh(self) -> None:
        self.page = refresh(self.page, self.source_path, self.options, self.overrides, self.rate)

    def version(self) -> str:
        """This run's rendering number: a page from an earlier run of the preview is never taken for current."""
        return f"{self.run}.{self.page.version}"

    def html(self) -> str:
        return render("preview.html.j2", **self.page.context(), version=self.version(), look=look())

    def update(self) -> str:
        """One server-sent event's data: the new content, and the version of the look it needs."""
        content = render("preview-content.html.j2", **self.page.context())
        return json.dumps({"version": self.version(), "look": look(), "html": content})

    async def announce(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    def relevant(self, path: str) -> bool:
        """A change the page may show: the source itself, a file in its talk folder, or a template."""
        changed = Path(path).resolve()
        source = self.source_path.resolve()
        return changed == source or changed.is_relative_to(source.with_suffix("")) or changed.is_relative_to(TEMPLATES)


def app(preview: Preview, on_change: Callable[[], None] | None = None, open_url: str | None = None) -> App:
    """The ASGI app. `on_change` runs (in a worker thread) after each refreshed page, e.g. a build."""
    from sse_starlette.sse import EventSourceResponse
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles
    from starlette.types import Scope as StarletteScope
    from watchfiles import awatch

    class LookOnly(StaticFiles):
        """templates/ as StaticFiles serves it (nothing outside it, no links out), only the page's look."""

        async def get_response(self, path: str, scope: StarletteScope) -> Response:
            if Path(path).suffix.lower() not in SERVED_SUFFIXES:
                raise HTTPException(status_code=404)
            return await super().get_response(path, scope)

    async def page(request: Request) -> Response:
        return HTMLResponse(preview.html())

    async def picture(request: Request) -> Response:
        good = preview.page.good
        path = good.pictures.get(request.path_params["key"]) if good else None
        if path is None or not path.is_file():
            raise HTTPException(status_code=404)
        return FileResponse(path)

    async def events(request: Request) -> Response:
        async def stream() -> AsyncIterator[dict[str, str]]:
            seen = -1
            while True:
                if preview.page.version != seen:
                    seen = preview.page.version
                    yield {"event": "update", "data": preview.update()}
                async with preview.changed:
                    await preview.changed.wait_for(lambda shown=seen: preview.page.version != shown)

        return EventSourceResponse(stream(), ping=15)

    building: set[asyncio.Task[None]] = set()

    async def watching(stop: asyncio.Event) -> None:
        folders = [p for p in (preview.source_path.resolve().parent, TEMPLATES) if p.is_dir()]
        async for _ in awatch(
            *folders, watch_filter=lambda _, path: preview.relevant(path), debounce=30, step=10, stop_event=stop
        ):
            await asyncio.to_thread(preview.refresh)
            await preview.announce()
            if on_change is not None:  # the build runs beside the watch, so the next save is shown at once
                build = asyncio.create_task(asyncio.to_thread(on_change))
                building.add(build)
                build.add_done_callback(building.discard)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        watcher = asyncio.create_task(watching(stop))
        if on_change is not None:  # the first build, as watch makes it, while the page is already served
            first = asyncio.create_task(asyncio.to_thread(on_change))
            building.add(first)
            first.add_done_callback(building.discard)
        if open_url:
            threading.Thread(target=webbrowser.open, args=(open_url,), daemon=True).start()
        try:
            yield
        finally:
            stop.set()
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    starlette = Starlette(
        routes=[
            Route("/", page),
            Route("/events", events),
            Route("/favicon.ico", lambda request: Response(status_code=204)),
            Route("/talk/{key:path}", picture),
            Mount("/", LookOnly(directory=TEMPLATES, follow_symlink=False)),
        ],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=ALLOWED_HOSTS)],
        lifespan=lifespan,
    )
    return _guarded(starlette)


def _guarded(inner: App) -> App:
    """Requests from other sites' pages are refused; every response says what the page may load
    (nothing from outside) and may not be sniffed or kept."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _cross_site(scope):
            await send({"type": "http.response.start", "status": 403, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"the preview answers only its own page"})
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cache-control", b"no-store"),
                ]
                message["headers"] = headers
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                done.append(True)
            await send(message)

        done: list[bool] = []
        if scope["type"] != "http":
            await inner(scope, receive, send)
            return
        await inner(scope, receive, with_headers)
        if not done:  # an event stream ended by Ctrl-C: close it properly, so uvicorn need not complain
            with contextlib.suppress(Exception):
                await send({"type": "http.response.body", "body": b"", "more_body": False})

    return guarded


def _cross_site(scope: Scope) -> bool:
    """A request another site's page made (browsers say so in Sec-Fetch-Site): refused, even for a picture."""
    for name, value in scope.get("headers", []):
        if name == b"sec-fetch-site":
            return value not in (b"same-origin", b"none")  # "none": typed in, or opened by podium
    return False


def look() -> str:
    """A fingerprint of the page's style sheets and script: when it changes, the page fetches them again."""
    stamps = sorted((p.name, p.stat().st_mtime_ns) for p in TEMPLATES.iterdir() if p.suffix in (".css", ".js"))
    return hashlib.sha256(repr(stamps).encode()).hexdigest()[:12]


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 (port 0: any free one), bound before the server starts."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(64)
    return sock


def preview(
    source_path: Path,
    options: Options,
    overrides: Overrides,
    port: int = 0,
    open_browser: bool = True,
    build_to: Path | None = None,
    force: bool = False,
    rate: float | None = None,
) -> int:
    """Serve the preview until Ctrl-C. With `build_to`, every save also rebuilds the outputs there, as watch does."""
    import uvicorn

    try:  # first, so that a port in use is said before any work
        sock = bind(port)
    except OSError as exc:
        print(f"podium preview: port {port} cannot be used ({exc.strerror}); give another --port", file=sys.stderr)
        return 2
    shown = Preview(source_path, options, overrides, rate)
    shown.refresh()  # an invalid source still starts: the page shows its problems
    if shown.page.good is None:  # load what drawing the slides needs now, so the first good save shows quickly
        import render.deck.plan
        import render.pdf.handout
        import render.quiz.lint
        import render.source.cite  # noqa: F401
    on_change = None
    if build_to is not None:
        from render.build.watch import rebuild

        state: list[dict[str, str] | None] = [None]  # None: the first round builds everything
        lock = threading.Lock()

        def on_change() -> None:
            with lock:
                state[0] = rebuild(source_path, build_to, options, overrides, state[0], force) or state[0]
                sys.stdout.flush()

    url = f"http://{HOST}:{sock.getsockname()[1]}/"
    print(f"previewing {source_path} at {url}  (Ctrl-C to stop)")
    sys.stdout.flush()
    config = uvicorn.Config(
        app(shown, on_change, url if open_browser else None), log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a presenter ends it
        server.run(sockets=[sock])
    print("stopped the preview.")
    return 0
