"""One LibreOffice conversion worker, driven by :mod:`dossier.convert`.

This file runs as a *script* under the Python interpreter that has the UNO
bindings (Debian's ``/usr/bin/python3`` with ``python3-uno``, or the
``program/python`` shipped with LibreOffice), never inside the toolkit's own
interpreter. It therefore imports nothing from ``dossier`` and only the
standard library plus ``uno``.

Lifecycle::

    python3 uno_worker.py '<json config>'

1. start one ``soffice`` listening on a private named pipe, with its own user
   profile, as a child of this process (same process group);
2. connect to it over UNO and print ``{"event": "ready", ...}``;
3. read JSON requests from stdin, one per line::

       {"id": 7, "src": "/abs/in.docx", "dst": "/abs/.out.pdf.tmp", "filter": "MS Word 2007 XML"}

   and answer each with one JSON line on stdout::

       {"id": 7, "ok": true, "seconds": 0.071}
       {"id": 7, "ok": false, "kind": "load" | "store" | "fatal" | "dead", "detail": "..."}

   ``dead`` means soffice was already gone before the document was touched
   (the document is not to blame); ``fatal`` means the connection broke while
   converting it; in both cases this worker exits after answering;
4. on end of input: terminate soffice, make sure it is gone, exit.

The parent enforces the per-document timeout: UNO calls have none, so a hung
soffice is handled by the parent killing this whole process group. To leave
no zombies even where PID 1 does not reap orphans, this process makes itself
a child subreaper and ignores SIGCHLD, so the kernel reaps soffice and its
launcher as soon as they die.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import signal
import sys
import threading
import time

PR_SET_CHILD_SUBREAPER = 36


def _group_pids(pgid: int) -> list[int]:
    """PIDs of the live (non-zombie) processes in process group ``pgid``."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] != b"Z":
            pids.append(int(entry))
    return pids


def _comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2 :][:1] not in (b"Z", b"X")


def _kill_children(grace: float) -> None:
    """Kill every other process of this group (soffice and its launcher) and
    wait until the kernel has reaped them."""
    me = os.getpid()
    pgid = os.getpgrp()
    try:
        others = [p for p in _group_pids(pgid) if p != me]
    except OSError:
        others = []
    deadline = time.monotonic() + grace
    while others and time.monotonic() < deadline:
        time.sleep(0.05)
        others = [p for p in others if _alive(p)]
    for pid in others:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    deadline = time.monotonic() + 2.0
    while others and time.monotonic() < deadline:
        others = [p for p in others if _alive(p)]
        if others:
            time.sleep(0.02)


class Worker:
    def __init__(self, config: dict):
        self.workdir = config.get("workdir")
        self.soffice = config["soffice"]
        self.profile_url = config["profile_url"]
        self.pipe = config["pipe"]
        self.start_timeout = float(config.get("start_timeout", 60.0))
        self.log = config.get("log") or os.devnull
        self.launcher_pid: int | None = None
        self.soffice_pid: int | None = None
        self.desktop = None
        self.current_dst: str | None = None  # the PDF being written, for orphan clean-up

    # -- start -------------------------------------------------------------
    def start(self) -> dict:
        t0 = time.monotonic()
        argv = [
            self.soffice,
            f"-env:UserInstallation={self.profile_url}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
        ]
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, self.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644),
        ]
        # SIGCHLD is ignored here (autoreap); give soffice's launcher the default
        # back, or it could not wait for soffice.bin.
        self.launcher_pid = os.posix_spawn(
            self.soffice, argv, os.environ, file_actions=actions, setsigdef=(signal.SIGCHLD,)
        )

        import uno  # noqa: PLC0415 - only available under the UNO interpreter
        from com.sun.star.connection import NoConnectException  # noqa: PLC0415

        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        deadline = t0 + self.start_timeout
        while True:
            try:
                ctx = resolver.resolve(url)
                break
            except NoConnectException:
                if not _alive(self.launcher_pid) and not self._find_soffice_bin():
                    raise RuntimeError("soffice exited during start-up") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"soffice did not accept a connection within {self.start_timeout:g} s"
                    ) from None
                time.sleep(0.05)
        self.desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx
        )
        self.soffice_pid = self._find_soffice_bin() or self.launcher_pid
        return {
            "event": "ready",
            "soffice_pid": self.soffice_pid,
            "launcher_pid": self.launcher_pid,
            "seconds": round(time.monotonic() - t0, 3),
        }

    def _find_soffice_bin(self) -> int | None:
        for pid in _group_pids(os.getpgrp()):
            if pid != os.getpid() and _comm(pid).startswith("soffice.bin"):
                return pid
        return None

    def soffice_alive(self) -> bool:
        return self.soffice_pid is not None and _alive(self.soffice_pid)

    # -- convert -------------------------------------------------------------
    def convert(self, src: str, dst: str, filter_name: str | None) -> dict:
        import uno  # noqa: PLC0415
        from com.sun.star.beans import PropertyValue  # noqa: PLC0415

        def props(**kw):
            out = []
            for name, value in kw.items():
                pv = PropertyValue()
                pv.Name = name
                pv.Value = value
                out.append(pv)
            return tuple(out)

        if not self.soffice_alive():
            return {"ok": False, "kind": "dead", "detail": "soffice is not running"}
        t0 = time.monotonic()
        self.current_dst = dst
        load = {"Hidden": True, "ReadOnly": True, "MacroExecutionMode": 0, "UpdateDocMode": 0}
        if filter_name:
            load["FilterName"] = filter_name
        stage = "load"
        doc = None
        try:
            doc = self.desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(src), "_blank", 0, props(**load)
            )
            if doc is None:
                return {"ok": False, "kind": "load", "detail": "the import filter returned nothing"}
            stage = "store"
            filter_data = uno.Any(
                "[]com.sun.star.beans.PropertyValue",
                # bookmarks become named destinations: dossier.compose finds where each joined document starts
                props(EmbedStandardFonts=True, ExportBookmarksToPDFDestination=True),
            )
            store = props(FilterName="writer_pdf_Export", Overwrite=True, FilterData=filter_data)
            uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(dst), store))
        except Exception as exc:  # pyuno raises its own Exception subclasses
            if not self.soffice_alive() or not self._bridge_ok():
                return {"ok": False, "kind": "fatal", "detail": _describe(exc)}
            return {"ok": False, "kind": stage, "detail": _describe(exc)}
        finally:
            if doc is not None:
                try:
                    doc.close(True)
                except Exception:
                    try:
                        doc.dispose()
                    except Exception:
                        pass
        return {"ok": True, "seconds": round(time.monotonic() - t0, 4)}

    def _bridge_ok(self) -> bool:
        try:
            self.desktop.getFrames()
            return True
        except Exception:
            return False

    # -- stop ----------------------------------------------------------------
    def stop(self) -> None:
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:
                pass  # the bridge usually breaks while soffice exits
        _kill_children(grace=3.0)

    def orphan_cleanup(self) -> None:
        """The toolkit died without closing us: remove what it would have."""
        if self.current_dst:
            folder, name = os.path.split(self.current_dst)
            for path in (self.current_dst, os.path.join(folder, f".~lock.{name}#")):
                try:
                    os.unlink(path)
                except OSError:
                    pass
        digest = hashlib.md5(self.profile_url.encode("utf-16-le")).digest()
        ipc = "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)
        for name in (ipc, self.pipe):
            try:
                os.unlink(f"/tmp/OSL_PIPE_{os.getuid()}_{name}")
            except OSError:
                pass
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            try:
                os.rmdir(os.path.dirname(self.workdir))  # the pool folder, once empty
            except OSError:
                pass


def _describe(exc: BaseException) -> str:
    name = type(exc).__name__
    message = getattr(exc, "Message", None) or str(exc)
    message = " ".join(str(message).split())
    return f"{name}: {message}"[:500] if message else name


def _watch_parent(parent: int, worker: Worker) -> None:
    """If the toolkit process dies without closing us, take soffice down too
    (the main thread may be stuck in a UNO call)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            _kill_children(grace=0.0)
            worker.orphan_cleanup()
            os._exit(3)


def main() -> int:
    config = json.loads(sys.argv[1])
    # Keep the protocol channel private: anything else printing to fd 1
    # (a library, a warning) must not corrupt it.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)

    def send(message: dict) -> None:
        out.write(json.dumps(message) + "\n")
        out.flush()

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps our children
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    parent = os.getppid()
    worker = Worker(config)
    threading.Thread(target=_watch_parent, args=(parent, worker), daemon=True).start()
    try:
        try:
            send(worker.start())
        except Exception as exc:
            send({"event": "error", "detail": _describe(exc)})
            return 1
        for raw in sys.stdin:
            raw = raw.strip()
            if not raw:
                continue
            request = json.loads(raw)
            reply = worker.convert(request["src"], request["dst"], request.get("filter"))
            reply["id"] = request["id"]
            send(reply)
            worker.current_dst = None  # delivered: the parent owns the file now
            if reply.get("kind") in ("fatal", "dead"):
                return 2
        return 0
    finally:
        worker.stop()
        if os.getppid() != parent:
            worker.orphan_cleanup()


if __name__ == "__main__":
    sys.exit(main())
