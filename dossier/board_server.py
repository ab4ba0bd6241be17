"""``dossier serve``: the office board as a local web application (Starlette on
uvicorn), following the workspace on disk (:mod:`dossier.board_live`).

Safety (issue #20): bound to 127.0.0.1 only; a random token in the printed
address (as Jupyter does: ``?token=`` sets a cookie, then every request needs
that cookie or the token, else 403) and a Host header naming the loopback
(no DNS rebinding); files served only from the output folder and the
workspace's scans — PDF and images, no hidden file, no ``..``, resolved and
checked to stay inside (no symlink escape); ``Cache-Control: no-store`` on
every response (every page holds personal data); no access log (its paths
hold people's names); the user's YAML is never written.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import secrets
import socket
import threading
import webbrowser
from http.cookies import SimpleCookie
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, quote

from dossier import board_chart, board_pages, board_live, reading_kept

COOKIE = "dossier_token"
HOST = "127.0.0.1"
DEFAULT_PORT = 8765
SERVED = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
HEADERS = [(b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
           (b"content-security-policy",
            b"default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'")]
REFUSED = ("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Không được phép</title>"
           "<p>Không được phép: hãy mở bảng theo dõi bằng địa chỉ có <code>?token=…</code> mà lệnh "
           "<code>dossier serve</code> in ra.</p></html>")


def contained(root: Path, relative: str) -> Path | None:
    """The file ``relative`` below ``root``, if it is one the board serves (a PDF
    or an image, not hidden, inside ``root`` once every link is resolved); else None."""
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    path = PurePosixPath(relative)
    if path.is_absolute() or any(part in ("..", ".") or part.startswith(".") for part in path.parts):
        return None
    base = root.resolve()
    target = (base / Path(*path.parts)).resolve()
    if not target.is_relative_to(base) or not target.is_file() or target.suffix.lower() not in SERVED:
        return None
    return target


class TokenGate:
    """ASGI middleware: the token (query or cookie) and a loopback Host on every
    request, and the headers every response carries."""

    def __init__(self, app, token: str, port: int):
        self.app, self.token = app, token.encode()
        self.hosts = {f"{HOST}:{port}".encode(), f"localhost:{port}".encode()}

    def _is_token(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.token)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        cookie = SimpleCookie()
        with contextlib.suppress(Exception):
            cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
        given = query.get("token", [None])[0]
        if headers.get(b"host") not in self.hosts:
            return await _plain(send, 403, REFUSED)
        if self._is_token(given):  # once: the cookie, then the address without the token
            rest = "&".join(f"{k}={quote(v)}" for k, values in query.items() if k != "token" for v in values)
            location = quote(scope["path"]) + (f"?{rest}" if rest else "")
            return await _plain(send, 303, "", [(b"location", location.encode()), (
                b"set-cookie", f"{COOKIE}={self.token.decode()}; HttpOnly; SameSite=Strict; Path=/".encode())])
        if not self._is_token(cookie[COOKIE].value if COOKIE in cookie else None):
            return await _plain(send, 403, REFUSED)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = [h for h in message.get("headers", []) if h[0].lower() != b"cache-control"] + HEADERS
            await send(message)
        return await self.app(scope, receive, with_headers)


async def _plain(send, status: int, text: str, extra=()) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            *HEADERS, *extra]})
    await send({"type": "http.response.body", "body": body})


def make_app(office: board_live.Office, token: str, port: int, watch: bool = True, polling: bool | None = None):
    """The ASGI application of ``office``'s board."""
    from starlette.applications import Starlette
    from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
    from starlette.routing import Route

    listeners: set[asyncio.Queue] = set()
    state: dict = {}

    def href(link: dict) -> str:
        return ("/tep/" if link["area"] == "out" else "/scan/") + quote(link["path"])

    def publish(event: str, data: dict) -> None:  # from the worker thread
        loop = state.get("loop")
        if loop is not None:
            loop.call_soon_threadsafe(lambda: [q.put_nowait((event, data)) for q in list(listeners)])

    office.publish = publish

    async def board_page(request):
        board = office.board()
        charts = reading_kept.kept("board-chart", [office.workspace], office.out,  # unchanged: kept in OUT
                                   lambda: board_chart.charts_of([office.workspace], board.as_of), str(board.as_of))
        return HTMLResponse(board_pages.board_page(board, href, lambda r: f"/ho-so/{r['key']}", live=True,
                                                   charts=charts))

    async def candidate_page(request):
        board = office.board()
        row = board.row(request.path_params["key"])
        if row is None:
            return HTMLResponse("<p>Không có hồ sơ này trong thư mục.</p>", status_code=404)
        return HTMLResponse(board_pages.candidate_page(board, row, href))

    def serve_file(root: Path):
        async def endpoint(request):
            target = contained(root, request.path_params["path"])
            if target is None:
                return Response("Không có tệp này.", status_code=404, media_type="text/plain; charset=utf-8")
            return FileResponse(target, media_type=SERVED[target.suffix.lower()],
                                headers={"content-disposition": "inline"})
        return endpoint

    async def rebuild(request):
        if not office.request_key(request.query_params.get("ho-so")):
            return JSONResponse({"ok": False}, status_code=404)
        return JSONResponse({"ok": True})

    async def events(request):
        queue: asyncio.Queue = asyncio.Queue()
        listeners.add(queue)

        async def stream():
            try:
                yield f"event: tien-do\ndata: {json.dumps(office.progress, ensure_ascii=False)}\n\n"
                while True:
                    try:
                        event, data = await asyncio.wait_for(queue.get(), 15)
                        yield f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
                    except TimeoutError:
                        yield ": \n\n"  # keeps the connection open
            finally:
                listeners.discard(queue)
        return StreamingResponse(stream(), media_type="text/event-stream")

    @contextlib.asynccontextmanager
    async def lifespan(app):
        state["loop"] = asyncio.get_running_loop()
        stop = asyncio.Event()
        office.start()
        watcher = asyncio.create_task(_watch(office, stop, polling)) if watch else None
        try:
            yield
        finally:
            stop.set()
            office.stop()
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await watcher

    routes = [Route("/", board_page), Route("/ho-so/{key}", candidate_page), Route("/su-kien", events),
              Route("/dung-lai", rebuild, methods=["POST"]),
              Route("/tep/{path:path}", serve_file(office.out)), Route("/scan/{path:path}", serve_file(office.workspace))]
    return TokenGate(Starlette(routes=routes, lifespan=lifespan), token, port)


async def _watch(office: board_live.Office, stop: asyncio.Event, polling: bool | None) -> None:
    """Follow the workspace: YAML, scans, templates of ``mau/``. ``polling``
    (or WATCHFILES_FORCE_POLLING) where change notifications do not arrive,
    as on WSL's /mnt/c."""
    from watchfiles import DefaultFilter, awatch

    out = office.out.resolve()

    class Wanted(DefaultFilter):
        def __call__(self, change, path: str) -> bool:
            p = Path(path)
            if p.is_relative_to(out) or any(part.startswith((".", "~")) for part in p.parts[-3:]):
                return False
            return super().__call__(change, path) and (
                p.suffix.lower() in (".yaml", ".yml", ".docx", *board_live.SCAN_SUFFIXES))

    async for changes in awatch(office.workspace, watch_filter=Wanted(), debounce=60, step=20, stop_event=stop,
                                force_polling=polling, poll_delay_ms=100, recursive=True):
        wanted = office.affected([Path(p) for _, p in changes])
        if wanted:
            office.request(wanted)


def bind(port: int) -> socket.socket:
    """A listening socket on the loopback: ``port``, or any free one if it is taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
    except OSError:
        if port == 0:
            raise
        sock.bind((HOST, 0))
    sock.listen(64)
    return sock


def serve(workspace: Path, out: Path, port: int = DEFAULT_PORT, open_browser: bool = True,
          polling: bool | None = None, echo=print, workers: int | None = None) -> None:
    """Run the board until Ctrl-C: print its address (with the token), open the browser."""
    import uvicorn

    from dossier.convert import ConversionPool

    token = secrets.token_urlsafe(24)
    sock = bind(port)
    port = sock.getsockname()[1]
    url = f"http://{HOST}:{port}/?token={token}"
    with ConversionPool(workers=workers) as pool:  # warm for the server's life
        office = board_live.Office(workspace, out, pool)
        app = make_app(office, token, port, polling=polling)
        config = uvicorn.Config(app, access_log=False, log_level="warning", lifespan="on",
                                timeout_graceful_shutdown=2)
        server = uvicorn.Server(config)
        echo(f"Bảng theo dõi hồ sơ: {url}")
        echo("Mở địa chỉ trên trong trình duyệt (chỉ máy này mở được). Bấm Ctrl-C để dừng.")
        if open_browser:
            threading.Timer(0.5, lambda: webbrowser.open(url)).start()
        server.run(sockets=[sock])
