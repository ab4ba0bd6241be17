"""LibreOffice on this machine: finding ``soffice`` and the interpreter with
the UNO bindings, its processes (killed as a whole process group, leftover
pipes removed), checking what it wrote, and the user profile made once per
installation that every worker starts from.

Used by the conversion pool (:mod:`dossier.convert`) and its two backends.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from dossier.errors import EnvironmentFailure
from dossier.fsutil import user_cache_dir

START_TIMEOUT = 60.0  # seconds for a fresh soffice to accept connections

INSTALL_HINT = "sudo apt-get install libreoffice-writer-nogui fonts-liberation2"

# Installs that do not put soffice on PATH (official tarballs, macOS); globs,
# the highest version first.
_FALLBACK_LOCATIONS = (
    "/opt/libreoffice*/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


# --------------------------------------------------------------------------
# Finding LibreOffice and the UNO interpreter


def find_soffice() -> str:
    """Path of the ``soffice`` program; EnvironmentFailure (exit 3) if missing."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in _FALLBACK_LOCATIONS:
        for candidate in sorted(glob.glob(pattern), reverse=True):
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    raise EnvironmentFailure(
        "Không tìm thấy LibreOffice (lệnh soffice), cần có để chuyển văn bản sang PDF. "
        f"Cài đặt bằng lệnh: {INSTALL_HINT}"
    )


@functools.lru_cache(maxsize=8)
def uno_python(soffice: str) -> str | None:
    """An interpreter that can ``import uno`` for this LibreOffice, or None."""
    candidates = []
    if os.environ.get("DOSSIER_UNO_PYTHON"):
        candidates.append(os.environ["DOSSIER_UNO_PYTHON"])
    program_dir = Path(os.path.realpath(soffice)).parent
    candidates += [str(program_dir / "python"), "/usr/bin/python3", sys.executable]
    seen = set()
    for candidate in candidates:
        if candidate in seen or not (os.path.isfile(candidate) and os.access(candidate, os.X_OK)):
            continue
        seen.add(candidate)
        try:
            probe = subprocess.run(
                [candidate, "-I", "-c", "import uno, pyuno"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return candidate
    return None


def select_backend(soffice: str) -> tuple[str, str | None]:
    wanted = os.environ.get("DOSSIER_CONVERT_BACKEND", "auto").strip().lower()
    if wanted == "cli":
        return "cli", None
    python = uno_python(soffice)
    if python:
        return "uno", python
    if wanted == "uno":
        raise EnvironmentFailure(
            "Không dùng được giao tiếp UNO của LibreOffice (thiếu gói python3-uno). "
            "Cài đặt bằng lệnh: sudo apt-get install python3-uno"
        )
    return "cli", None


# --------------------------------------------------------------------------
# Processes


def group_pids(pgid: int) -> list[int]:
    """Live (non-zombie) processes of process group ``pgid`` (Linux /proc)."""
    pids = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return pids
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in (b"Z", b"X"):
            pids.append(int(entry))
    return pids


def kill_group(proc: subprocess.Popen) -> None:
    """Kill ``proc`` (a process-group leader) and everything in its group.

    The other members are killed first and given a moment to be reaped by
    their parents inside the group (the UNO worker is a subreaper, soffice's
    launcher waits for soffice.bin), so nothing is left as an orphan zombie
    where PID 1 does not reap; then the leader, which we reap ourselves.
    """
    pgid = proc.pid
    if proc.poll() is None:
        others = [pid for pid in group_pids(pgid) if pid != pgid]
        for pid in others:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 2.0
        while others and time.monotonic() < deadline:
            time.sleep(0.01)
            others = [pid for pid in group_pids(pgid) if pid != pgid]
    with contextlib.suppress(OSError):
        os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def remove_ipc_pipes(profile_url: str, *names: str) -> None:
    """Remove the named pipes a killed soffice leaves in /tmp: its own listener
    pipe(s) and the single-instance pipe, which LibreOffice names after the MD5
    of the UTF-16 profile URL (each byte in hex without zero padding)."""
    digest = hashlib.md5(profile_url.encode("utf-16-le")).digest()  # noqa: S324 - a name only
    ipc = "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)
    for name in (ipc, *names):
        for folder in ("/tmp", "/var/tmp"):
            with contextlib.suppress(OSError):
                os.unlink(f"{folder}/OSL_PIPE_{os.getuid()}_{name}")


def soffice_env(tmpdir: Path) -> dict[str, str]:
    """soffice's environment: its temporary files (lu*.tmp) go into our own
    folder, which is removed even when soffice is killed."""
    tmpdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["TMPDIR"] = str(tmpdir)
    return env


def check_pdf(path: Path) -> str | None:
    """None if ``path`` looks like a complete PDF, else what is wrong (Vietnamese)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(5)
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError:
        return "không có tệp PDF đầu ra"
    if size == 0:
        return "tệp PDF đầu ra rỗng"
    if head != b"%PDF-":
        return "tệp đầu ra không phải PDF"
    if b"%%EOF" not in tail:
        return "tệp PDF đầu ra bị cắt cụt"
    return None


def log_tail(path: Path, limit: int = 400) -> str:
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return ""
    lines = [ln for ln in text.splitlines() if ln.strip() and "javaldx" not in ln]
    return " ".join(" ".join(lines).split())[-limit:]



# --------------------------------------------------------------------------
# A profile made once


_TEMPLATE_LOCK = threading.Lock()
_TEMPLATE_ARGS = ("--headless", "--invisible", "--nologo", "--nodefault", "--norestore", "--nolockcheck")


def template_folder(soffice: str) -> Path:
    """Where this installation's profile template lives: the user's cache folder,
    named after the installed soffice.bin and the locale (a LibreOffice upgrade or
    another language gets a template of its own)."""
    program = Path(os.path.realpath(soffice)).parent
    binary = program / "soffice.bin"
    info = (binary if binary.exists() else Path(os.path.realpath(soffice))).stat()
    locale = [os.environ.get(name, "") for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")]
    key = json.dumps([str(program), info.st_size, info.st_mtime_ns, locale])
    return user_cache_dir() / f"libreoffice-profile-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def profile_template(soffice: str) -> Path | None:
    """A LibreOffice user profile made once for this installation, which each
    worker starts from a copy of: with an empty profile soffice sets it up and
    restarts itself, slower at every start (bench/README.md). It is made with
    ``--terminate_after_init`` and never opens a document, so it holds
    LibreOffice's defaults and nothing of the user's. None if it cannot be made
    (no writable home, soffice failing): workers then start with an empty
    profile as before."""
    with _TEMPLATE_LOCK:
        try:
            folder = template_folder(soffice)
            if (folder / "user" / "registrymodifications.xcu").is_file():
                return folder
            folder.parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=".making-", dir=folder.parent))
        except OSError:
            return None
        profile = work / "profile"
        try:
            proc = subprocess.Popen(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", *_TEMPLATE_ARGS, "--terminate_after_init"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=soffice_env(work / "tmp"),
                start_new_session=True,
            )
            try:
                proc.wait(timeout=START_TIMEOUT)
            finally:
                kill_group(proc)
                remove_ipc_pipes(profile.as_uri())
            if proc.returncode != 0 or not (profile / "user" / "registrymodifications.xcu").is_file():
                return None
            try:
                os.rename(profile, folder)
            except OSError:
                if not folder.is_dir():  # not another process making it at the same time
                    return None
            return folder
        except (OSError, subprocess.SubprocessError):
            return None
        finally:
            shutil.rmtree(work, ignore_errors=True)


def discard_profile_template(folder: Path) -> None:
    """Remove a template a worker could not start from (it is made again next time)."""
    with _TEMPLATE_LOCK:
        shutil.rmtree(folder, ignore_errors=True)

