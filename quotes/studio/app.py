"""The studio's web layer: routes, the guard every request passes, and the server.

Only this module imports Starlette and uvicorn. Every route turns its JSON into one call on
``service.Studio`` and the answer (or the library's error) back into JSON.

Security (a page on any other site, or a DNS-rebinding one, must not drive it):
- it listens on 127.0.0.1 unless told otherwise;
- every request's ``Host`` must name this server (``127.0.0.1:PORT``, ``localhost:PORT``,
  ``[::1]:PORT`` or the address it was started on), so a rebinding name is refused;
- a request carrying ``Origin`` must come from this server's own origin;
- the page and every API call need the token printed with the address (in the URL for the
  page, which hands it to its script; as the ``X-Quotes-Token`` header for the API);
- a bad request gets ``{"error": ...}`` with a 4xx status and changes nothing.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import secrets
import socket
import threading
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .service import BadRequest, FileChanged, QuotesError, Studio

STATIC = Path(__file__).parent / "static"
TOKEN_HEADER = "x-quotes-token"
MAX_BODY = 8 * 1024 * 1024  # a quotes file's worth of JSON, with room


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class Guard:
    """ASGI middleware: Host, Origin and token checks before anything else runs."""

    def __init__(self, app, *, token: str, hosts: set[str]):
        self.app, self.token, self.hosts = app, token, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        problem = self.refused(scope, headers)
        if problem is not None:
            return await _error(*problem)(scope, receive, send)
        return await self.app(scope, receive, send)

    def refused(self, scope, headers: dict[str, str]) -> tuple[int, str] | None:
        host = headers.get("host", "").lower()
        if host not in self.hosts:
            return 403, f"host {host!r} is not this studio; open the address it printed"
        origin = headers.get("origin")
        if origin is not None and origin.lower() not in {f"http://{h}" for h in self.hosts}:
            return 403, f"requests from {origin} are refused: only the studio's own page may call it"
        if headers.get("sec-fetch-site") == "cross-site":
            return 403, "cross-site requests are refused"
        path = scope["path"]
        if path.startswith("/static/") or path == "/favicon.ico":
            return None
        given = headers.get(TOKEN_HEADER)
        if given is None and path == "/":
            query = dict(p.split("=", 1) for p in scope.get("query_string", b"").decode("latin-1").split("&") if "=" in p)
            given = query.get("token")
        if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
            return 403, "missing or wrong token: open the address the studio printed, token included"
        return None


async def _json_body(request: Request) -> Any:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise BadRequest("send JSON (Content-Type: application/json)")
    body = await request.body()
    if len(body) > MAX_BODY:
        raise BadRequest("the request is too large")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"not valid JSON ({exc})") from None


def _answer(func, after=None):
    """A route over one Studio call: JSON in, JSON out, errors as ``{"error": ...}``; ``after``
    (a Studio method) runs once the answer is sent."""

    async def route(request: Request) -> Response:
        studio: Studio = request.app.state.studio
        try:
            if request.method == "POST":
                data = await _json_body(request)
                # The engine works for tens of milliseconds: off the event loop.
                result = await asyncio.to_thread(func, studio, data)
            else:
                result = func(studio)
        except FileChanged as exc:
            return _error(409, str(exc))
        except BadRequest as exc:
            return _error(400, str(exc))
        except QuotesError as exc:
            return _error(422, str(exc))
        return JSONResponse(result, background=BackgroundTask(after, studio) if after else None)

    return route


async def index(request: Request) -> Response:
    return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"), headers=_no_store())


# The page runs its own scripts and the YouTube player's, and talks to this server only.
_CSP = (
    "default-src 'self'; script-src 'self' https://www.youtube.com https://s.ytimg.com; "
    "frame-src https://www.youtube.com https://www.youtube-nocookie.com; img-src 'self' data: https://i.ytimg.com; "
    "style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def _no_store() -> dict[str, str]:
    return {
        # The YouTube player needs to know the embedding site (it refuses to play without a
        # referrer); only the origin is sent, never the address with its token.
        "Cache-Control": "no-store", "Referrer-Policy": "strict-origin", "X-Frame-Options": "DENY",
        "Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff",
    }


def create_app(studio: Studio, *, token: str, hosts: set[str]) -> Starlette:
    """The studio's app for ``studio``; requests must name one of ``hosts`` (``host:port``)."""
    routes = [
        Route("/", index),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/api/state", _answer(Studio.state, after=Studio.shown)),
        Route("/api/search", _answer(Studio.search), methods=["POST"]),
        Route("/api/quote", _answer(Studio.quote), methods=["POST"]),
        Route("/api/check", _answer(Studio.check), methods=["POST"]),
        Route("/api/preview", _answer(Studio.preview), methods=["POST"]),
        Route("/api/save", _answer(Studio.save), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    handlers = {404: _not_found, 405: _not_allowed, Exception: _failed}
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.state.studio = studio
    return Guard(app, token=token, hosts=hosts)


async def _not_found(request: Request, exc) -> Response:
    return _error(404, f"no such page: {request.url.path}")


async def _failed(request: Request, exc) -> Response:
    # A bug, not a bad request: say so in JSON (the page shows it) rather than as a bare 500.
    return _error(500, f"the studio failed: {type(exc).__name__}: {exc}")


async def _not_allowed(request: Request, exc) -> Response:
    return _error(405, f"{request.method} is not allowed on {request.url.path}")


LOOPBACK = ("127.0.0.1", "localhost", "::1")
ANY_ADDRESS = ("0.0.0.0", "::")


def local_hosts(host: str, port: int) -> set[str]:
    """The ``Host`` values naming a server on ``host``:``port``: its address, and for the
    loopback its other names; listening on every address (``0.0.0.0``), this machine's name
    and addresses too."""
    names = {host}
    if host in LOOPBACK or host in ANY_ADDRESS:
        names |= {"127.0.0.1", "localhost", "::1"}
    if host in ANY_ADDRESS:
        try:
            name, aliases, addresses = socket.gethostbyname_ex(socket.gethostname())
            names |= {name, *aliases, *addresses}
        except OSError:
            pass
    names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
    return {f"{n}:{port}".lower() for n in names}


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: any free one). OSError when taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


class Server:
    """The studio served by uvicorn on a socket already bound (so the address can be printed
    before it starts); ``run`` blocks until Ctrl-C or ``stop``."""

    def __init__(self, studio: Studio, sock: socket.socket, token: str | None = None):
        import uvicorn

        self.sock, self.token = sock, token or new_token()
        host, port = sock.getsockname()[:2]
        self.host, self.port = host, port
        app = create_app(studio, token=self.token, hosts=local_hosts(host, port))
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.studio = studio

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ANY_ADDRESS else self.host  # (reachable from here)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/?token={self.token}"

    def run(self) -> None:
        """Serve until Ctrl-C (uvicorn then raises KeyboardInterrupt, for the CLI to end)."""
        # The index is built while the browser opens, so the first suggestion is quick.
        warm = threading.Thread(target=self.studio.warm, daemon=True)
        warm.start()
        try:
            self.server.run(sockets=[self.sock])
        finally:
            # Not exiting while the index is half built: native code in a thread the
            # interpreter tears down aborts the process.
            self.studio.close()
            warm.join()

    def start_in_thread(self) -> threading.Thread:
        """Serve from a thread (tests, the bench); ``stop`` ends it."""
        thread = threading.Thread(target=self.run, daemon=True)
        thread.start()
        while not self.server.started and thread.is_alive():
            threading.Event().wait(0.01)
        return thread

    def stop(self) -> None:
        self.server.should_exit = True
