"""The judge's side of the worker: starts the jailed process that runs the user's
code (checker.worker), talks to it under deadlines, and makes sure that when a
check ends the worker, everything it started and its folder are gone.

Nothing the worker sends is trusted beyond being data: frames are size-checked
and decoded by checker.wire, a reply that breaks the protocol is a failure of
the user's code (a Runtime error), and every wait has a deadline after which the
worker is killed (a Time limit).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import checker
from checker import wire
from checker.app import SetupError
from checker.confine import Confinement

MEMORY_MB = 3072  # address space; numpy alone maps a few hundred MB
FILE_MB = 16  # what the user's code may write to its folder, printing included
GRACE = 1.5  # seconds the judge waits past the worker's own alarm before killing it
START_TIMEOUT = 20.0  # seconds for the worker to start, import numpy and jail itself
PR_SET_CHILD_SUBREAPER = 36

_PACKAGE = Path(checker.__file__).resolve().parent


class WorkerGone(Exception):
    """The worker died, broke the protocol, or missed a deadline (and was killed).
    `kind` is a verdict key; `summary` says what happened, in the user's terms."""

    def __init__(self, kind: str, summary: str, detail: str | None = None) -> None:
        super().__init__(summary)
        self.kind = kind
        self.summary = summary
        self.detail = detail


class WorkerStartError(SetupError):
    """The worker could not start (before any user code ran): drill's problem, not
    the user's, so a one-line error rather than a verdict."""

    def __init__(self, why: str) -> None:
        super().__init__(f"could not start the process that runs your code: {why}")


@dataclass
class Reply:
    """One answered call: the result (decoded) or what was raised, the inputs as
    they were after the call, what was printed, and the worker's own timing."""

    result: Any = None
    raised: dict | None = None
    args_after: list | None = None
    printed: str = ""
    elapsed: float = 0.0


@dataclass(frozen=True)
class Pending:
    """A call sent with Worker.start_call whose reply has not been read yet."""

    name: str
    n_args: int
    deadline: float


def _confinement(data: Any, subreaper: bool) -> Confinement:
    """What the worker says is in force, reduced to known fields and bounded strings
    (it is the worker's word: shown to the user, never acted on)."""
    if not isinstance(data, dict):
        return Confinement(missing=["the worker did not say what is in force"], subreaper=subreaper)

    def strings(key: str) -> list[str]:
        value = data.get(key)
        return [str(v)[:200] for v in value[:20]] if isinstance(value, list) else []

    landlock = data.get("landlock")
    return Confinement(
        limits=strings("limits"),
        pid_namespace=data.get("pid_namespace") is True,
        net_namespace=data.get("net_namespace") is True,
        landlock=landlock if isinstance(landlock, int) and 0 <= landlock < 100 else 0,
        missing=strings("missing"),
        subreaper=subreaper,
    )


# --------------------------------------------------------------------------- processes


def _become_subreaper() -> bool:
    """Orphans of the worker's process tree (say, after a double fork and setsid)
    are re-parented to this process instead of init, so a sweep can find them."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name (field 2) may hold spaces and parentheses: split after it.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1 and fields[1] == str(pid).encode():
            found.add(int(entry))
    return found


def _reap(pids: set[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)


def sweep_orphans(keep: set[int]) -> None:
    """Kill and reap every child of this process that is not in `keep`: what is
    left of a worker's tree after the worker itself was killed."""
    if not sys.platform.startswith("linux"):
        return
    me = os.getpid()
    deadline = time.monotonic() + 5.0
    pause = 0.001  # a killed process is usually gone within a millisecond or two
    while time.monotonic() < deadline:
        strays = _children(me) - keep
        if not strays:
            return
        for pid in strays:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(pause)
        pause = min(pause * 2, 0.01)
        _reap(strays)


def _worker_env(tmp: str) -> dict[str, str]:
    """A minimal environment: nothing of the user's (no DRILL_HOME, HOME is the
    worker's folder), one BLAS thread, and the CPU settings this machine needs."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": tmp,
        "TMPDIR": tmp,
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    # Some processors need these for OpenBLAS to compute correctly at all.
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LD_LIBRARY_PATH", "SYSTEMROOT"):
        if var in os.environ:
            env[var] = os.environ[var]
    return env


def _secret_paths() -> list[str]:
    """What the worker must never read, even where a folder it may read holds it:
    this package (its suites) and the content (the reference solutions).

    A checkout is its own content root, and the README puts the virtual
    environment inside it (`.venv`): the folder that holds this interpreter's
    environment stays readable (the worker needs numpy from it), everything
    else in the checkout is secret.
    """
    from checker import paths

    root = paths.content_root().resolve()
    environment = Path(sys.prefix).resolve()
    if root not in environment.parents:
        return sorted({str(_PACKAGE), str(root)})
    secret = {str(_PACKAGE)}
    for entry in root.iterdir():
        entry = entry.resolve()
        if entry != environment and entry not in environment.parents:
            secret.add(str(entry))
    return sorted(secret)


def _import_paths() -> list[str]:
    numpy_parent = str(Path(np.__file__).resolve().parent.parent)
    return [str(_PACKAGE), numpy_parent]


# --------------------------------------------------------------------------- the worker


class Worker:
    """One worker for one check. Use as a context manager, or call close()."""

    def __init__(
        self,
        user_file: str,
        source: str | None,
        cpu_seconds: int = 30,
        memory_mb: int = MEMORY_MB,
    ) -> None:
        """`source` None starts a spare worker (for watch mode): it imports numpy and
        jails itself now, and `submit` gives it the source before `load`."""
        self.user_file = user_file
        self.subreaper = _become_subreaper()
        self.tmp = tempfile.mkdtemp(prefix="drill-worker-")
        copy = self._copy = os.path.join(self.tmp, "submission.py")
        self.submitted = source is not None
        with open(copy, "w", encoding="utf-8") as fh:
            fh.write(source or "")
        self.printed: list[str] = []
        self.confinement: Confinement | None = None
        self.dead: WorkerGone | None = None
        self._pending_release: list[int] = []
        self._callbacks: dict[int, Callable] = {}
        self._remotes: weakref.WeakValueDictionary[int, wire.Remote] = weakref.WeakValueDictionary()
        self._existing_children = _children(os.getpid())
        req_r, self._req_w = os.pipe()
        self._rep_r, rep_w = os.pipe()
        config = {
            "judge": os.getpid(),
            "requests_fd": req_r,
            "replies_fd": rep_w,
            "user_file": user_file,
            "source_copy": copy,
            "memory_mb": memory_mb,
            "cpu_seconds": cpu_seconds,
            "file_mb": FILE_MB,
            "import_paths": _import_paths(),
            "secret": _secret_paths(),
        }
        output = os.open(os.path.join(self.tmp, "output.txt"), os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-S", str(_PACKAGE / "worker.py"), json.dumps(config)],
                cwd=self.tmp,
                env=_worker_env(self.tmp),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=output,
                pass_fds=(req_r, rep_w),
                start_new_session=True,
            )
        finally:
            os.close(output)
            os.close(req_r)
            os.close(rep_w)
        os.set_blocking(self._req_w, False)
        os.set_blocking(self._rep_r, False)

    # -- lifetime -----------------------------------------------------------------------
    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill the worker and everything it started; remove its folder."""
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired, ChildProcessError):
            self.proc.wait(timeout=5)
        sweep_orphans(self._existing_children)
        for fd in (self._req_w, self._rep_r):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._req_w = self._rep_r = -1
        _remove_tree(self.tmp)

    def wait_ready(self) -> Confinement:
        """Wait for the worker to start and jail itself; returns what is in force."""
        if self.confinement is not None:
            return self.confinement
        try:
            message, _ = self._receive(time.monotonic() + START_TIMEOUT)
        except WorkerGone as gone:
            why = gone.detail or gone.summary or f"no answer within {START_TIMEOUT:g} s"
            raise WorkerStartError(why.strip().splitlines()[-1][:300]) from None
        if message.get("ready") is not True:
            self.close()
            raise WorkerStartError("it answered something other than 'ready'")
        self.confinement = _confinement(message.get("confinement"), self.subreaper)
        return self.confinement

    def submit(self, source: str) -> None:
        """Give a spare worker the source it will load (once, before `load`; no user
        code has run in it yet, so its folder holds only what drill wrote)."""
        if self.submitted:
            raise RuntimeError("this worker already has its source")
        with open(self._copy, "w", encoding="utf-8") as fh:
            fh.write(source)
        self.submitted = True

    # -- requests -----------------------------------------------------------------------
    def load(self, timeout: float) -> Reply:
        """Import the user's file in the worker (its top-level code runs there)."""
        self.wait_ready()
        message, _ = self._request({"op": "load", "timeout": timeout}, [], timeout)
        reply = Reply(printed=self._printed(message))
        if message.get("ok") is not True:
            reply.raised = _raised(message.get("raised"))
        return reply

    def call(
        self,
        name: str,
        args: tuple,
        timeout: float,
        keep: bool = False,
        args_after: bool = True,
    ) -> Reply:
        """Call the user's `name(*args)`; `keep` leaves the result in the worker
        (a Remote comes back), `args_after` asks for the inputs after the call."""
        return self.call_many(name, [args], timeout, keep=keep, args_after=args_after)[0]

    def call_many(
        self,
        name: str,
        argsets: list[tuple],
        timeout: float,
        keep: bool = False,
        args_after: bool = True,
        keep_items: tuple[int, ...] = (),
    ) -> list[Reply]:
        """Call `name` on each argument tuple in turn, in one exchange: the worker
        answers each call as it finishes (each within `timeout`) and stops at the
        first that raises, so the replies may be fewer than the calls. `keep_items`:
        positions of a returned tuple to leave in the worker (Remotes come back)."""
        self.wait_ready()
        enc = wire.Encoder(callback=self._register_callback)
        message: dict[str, Any] = {
            "op": "call" if len(argsets) == 1 else "calls",
            "fn": name,
            "timeout": timeout,
            "keep": keep,
            "keep_items": list(keep_items),
            "args_after": args_after,
        }
        if len(argsets) == 1:
            message["args"] = enc.encode(list(argsets[0]))
        else:
            message["argsets"] = [enc.encode(list(args)) for args in argsets]
        replies: list[Reply] = []
        try:
            for frame, buffers in self._exchange(message, enc.buffers, timeout, len(argsets)):
                reply = self._reply(name, frame, buffers, len(argsets[len(replies)]), args_after)
                replies.append(reply)
                if reply.raised is not None:
                    break
        finally:
            self._callbacks.clear()
        return replies

    def _reply(
        self, name: str, frame: dict, buffers: list[bytes], n_args: int, args_after: bool
    ) -> Reply:
        out = Reply(printed=self._printed(frame))
        elapsed = frame.get("elapsed")
        out.elapsed = float(elapsed) if isinstance(elapsed, int | float) else 0.0
        if "raised" in frame:
            out.raised = _raised(frame["raised"])
            return out
        try:
            decoder = wire.Decoder(buffers, remote=self._remote)
            out.result = decoder.decode(frame.get("result"))
            if args_after:
                after = decoder.decode(frame.get("args_after"))
                if not isinstance(after, list) or len(after) != n_args:
                    raise wire.WireError("inputs after the call are missing")
                out.args_after = after
        except (wire.WireError, RecursionError, MemoryError, ValueError, TypeError) as exc:
            raise self._gone(
                "runtime_error", f"{name} returned something that cannot be checked ({exc})"
            ) from None
        return out

    def _remote(self, handle: int, type_name: str) -> wire.Remote:
        # One Remote per handle: a handle that comes back (a cache passed to a
        # backward, among its inputs after the call) must not get a second owner
        # whose end would release it while the first is still in use.
        remote = self._remotes.get(handle)
        if remote is None:
            remote = wire.Remote(handle, type_name)
            self._remotes[handle] = remote
            weakref.finalize(remote, self._pending_release.append, handle)
        return remote

    def _register_callback(self, fn: Callable) -> int:
        fn_id = len(self._callbacks) + 1
        self._callbacks[fn_id] = fn
        return fn_id

    def _printed(self, message: dict) -> str:
        text = message.get("printed")
        if isinstance(text, str) and text:
            self.printed.append(text[:5000])
            return text
        return ""

    def _request(self, message: dict, buffers: list[bytes], timeout: float) -> tuple[dict, list]:
        return next(iter(self._exchange(message, buffers, timeout, 1)))

    def start_call(self, name: str, args: tuple, timeout: float) -> Pending:
        """Send one call, its result to stay in the worker, and return at once, so the
        judge can work (time the reference) while the worker runs it; finish_call
        collects the reply. Nothing else may be sent in between."""
        self.wait_ready()
        enc = wire.Encoder()
        message = {
            "op": "call",
            "fn": name,
            "args": enc.encode(list(args)),
            "timeout": timeout,
            "keep": True,
            "args_after": False,
        }
        return Pending(name, len(args), self._begin(message, enc.buffers, timeout))

    def finish_call(self, pending: Pending) -> Reply:
        # The reply may have waited while the judge worked: allow at least the grace.
        frame, buffers = self._receive(max(pending.deadline, time.monotonic() + GRACE))
        return self._reply(pending.name, frame, buffers, pending.n_args, False)

    def _begin(self, message: dict, buffers: list[bytes], timeout: float) -> float:
        """Send a request; the deadline of its first reply."""
        if self.dead is not None:
            raise self.dead
        if self._pending_release:
            message["release"], self._pending_release = self._pending_release, []
        deadline = time.monotonic() + timeout + GRACE
        self._send(wire.pack(message, buffers), deadline)
        return deadline

    def _exchange(self, message: dict, buffers: list[bytes], timeout: float, replies: int):
        """Send a request and yield its `replies` reply frames, serving the worker's
        calls of the judge's functions meanwhile. Each reply has its own deadline,
        counted from the one before, so one slow call cannot borrow another's time."""
        deadline = self._begin(message, buffers, timeout)
        for _ in range(replies):
            while True:
                reply, reply_buffers = self._receive(deadline)
                if reply.get("op") != "callback":
                    break
                self._serve_callback(reply, reply_buffers, deadline)
            yield reply, reply_buffers
            deadline = time.monotonic() + timeout + GRACE

    def _serve_callback(self, message: dict, buffers: list[bytes], deadline: float) -> None:
        fn = self._callbacks.get(message.get("fn"))  # type: ignore[arg-type]
        try:
            if fn is None:
                raise ValueError("no such function")
            args = wire.Decoder(buffers, remote=self._remote).decode(message.get("args"))
            if not isinstance(args, list):
                raise ValueError("malformed arguments")
            value = fn(*args)
            enc = wire.Encoder()
            frame = wire.pack({"op": "return", "value": enc.encode(value)}, enc.buffers)
        except (wire.WireError, RecursionError) as exc:
            raise self._gone("runtime_error", f"your code broke the protocol ({exc})") from None
        except Exception as exc:  # the judge's function refused the input: tell the caller
            frame = wire.pack({"op": "raise", "message": str(exc)[:300]}, [])
        self._send(frame, deadline)

    # -- frames -------------------------------------------------------------------------
    def _send(self, parts: list[bytes], deadline: float) -> None:
        try:
            wire.write_all(
                self._req_w, parts, wait=lambda: self._wait(self._req_w, select.POLLOUT, deadline)
            )
        except OSError:
            raise self._gone_dead() from None

    def _receive(self, deadline: float) -> tuple[dict, list[bytes]]:
        header = self._read(wire.HEADER_SIZE, deadline)
        try:
            body = self._read(wire.frame_length(header), deadline)
            return wire.unpack(header, body)
        except wire.WireError as exc:
            raise self._gone("runtime_error", f"your code broke the protocol ({exc})") from None

    def _read(self, n: int, deadline: float) -> bytearray:
        """n bytes from the worker, into a bytearray: arrays decoded from it are
        writable views, so nothing is copied twice."""
        data = bytearray(n)
        view, got = memoryview(data), 0
        while got < n:
            self._wait(self._rep_r, select.POLLIN, deadline)
            try:
                count = os.readv(self._rep_r, [view[got:]])
            except BlockingIOError:
                continue
            except OSError:
                raise self._gone_dead() from None
            if not count:
                raise self._gone_dead()
            got += count
        return data

    def _wait(self, fd: int, event: int, deadline: float) -> None:
        poller = select.poll()
        poller.register(fd, event)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._gone("time_limit", "")
            events = poller.poll(max(int(left * 1000), 1))
            if events:
                return

    def _gone(self, kind: str, summary: str) -> WorkerGone:
        self.dead = WorkerGone(kind, summary)
        self.close()
        return self.dead

    def _gone_dead(self) -> WorkerGone:
        """The worker's pipe closed: it exited or was killed. Say how."""
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            code = None
        detail = _output_tail(self.tmp)
        self.dead = _crash(code, detail)
        self.close()
        return self.dead


def _crash(code: int | None, detail: str | None) -> WorkerGone:
    if code is not None and code < 0:
        sig = -code
        if sig == signal.SIGKILL:
            return WorkerGone(
                "memory_limit", "your code was killed, most likely for using too much memory"
            )
        if sig == getattr(signal, "SIGXCPU", None):
            return WorkerGone("time_limit", "your code used up its CPU time")
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        return WorkerGone(
            "runtime_error", f"the Python process running your code crashed ({name})", detail
        )
    return WorkerGone(
        "runtime_error",
        f"your code ended the process that runs it (exit status {code}) before the checks "
        "finished; don't call os._exit or sys.exit, or kill the process",
        detail,
    )


def _output_tail(tmp: str) -> str | None:
    try:
        with open(os.path.join(tmp, "output.txt"), "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(fh.tell() - 1500, 0))
            text = fh.read().decode("utf-8", "replace").strip()
    except OSError:
        return None
    return text or None


def _raised(data: Any) -> dict:
    """What the worker says was raised, reduced to known keys and bounded strings."""
    if not isinstance(data, dict):
        return {"kind": "exception", "type": "Exception", "message": "your code failed"}
    kind = data.get("kind")
    out: dict[str, str] = {
        "kind": kind
        if kind in ("exception", "timeout", "not_implemented", "memory", "missing")
        else "exception"
    }
    for key, cap in (("type", 100), ("message", 300), ("traceback", 4000)):
        value = data.get(key)
        if isinstance(value, str):
            out[key] = value[:cap]
    return out


def _remove_tree(path: str) -> None:
    """Remove the worker's folder, whatever its code did to the permissions inside."""

    def fix(func, target, exc_info) -> None:
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(target), 0o700)
            os.chmod(target, 0o700)
            func(target)

    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=fix)
    else:
        shutil.rmtree(path, onerror=fix)
    if os.path.exists(path):
        shutil.rmtree(path, ignore_errors=True)


def probe() -> Confinement:
    """Start a worker on an empty file and report what is in force on this machine."""
    worker = Worker("<probe>", "")
    try:
        return worker.wait_ready()
    except WorkerStartError as exc:
        return Confinement(missing=[str(exc)])
    finally:
        worker.close()
