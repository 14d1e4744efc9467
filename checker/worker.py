"""The worker: the only process that runs the user's code. It loads the file,
then answers calls ("call f with these inputs") with outputs, the inputs as they
are afterwards, exceptions, printed text and timings. It judges nothing: the
judge (checker.harness, in the process that started this one) compares, decides
and records, and trusts what arrives here only as data (checker.wire).

Started by checker.sandbox as `python -I -S worker.py CONFIG`; it imports numpy,
checker/wire.py and checker/confine.py as top-level modules, jails itself
(checker.confine), says what is in force, and serves until told to stop or
until its input closes. Frames arrive and leave on two pipes whose numbers the
config names; fds 1 and 2 are a file in the worker's folder (capped by the
file-size limit), and Python-level printing is collected and sent with replies.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
import types

OUTPUT_CAP = 4000  # characters of printed text kept per reply


class _CallTimeout(BaseException):
    """Raised in user code by the per-call alarm (a BaseException, so a user's
    `except Exception` cannot swallow it; the judge has its own deadline anyway)."""


class _Printed:
    """sys.stdout and sys.stderr of the user's code: keeps the first OUTPUT_CAP
    characters since the last reply, counts the rest."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.cut = False

    def write(self, text) -> int:
        text = str(text)
        room = OUTPUT_CAP - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += len(self.parts[-1])
        if len(text) > max(room, 0):
            self.cut = True
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def take(self) -> str:
        out = "".join(self.parts) + ("\n... (output cut)" if self.cut else "")
        self.parts, self.size, self.cut = [], 0, False
        return out


class _Kept:
    """A result item already turned into a handle (see Worker._keep_items)."""

    def __init__(self, node: dict) -> None:
        self.node = node


class Worker:
    def __init__(self, wire, fds: tuple[int, int], user_file: str, source_copy: str) -> None:
        self.wire = wire
        self.requests, self.replies = fds
        self.user_file = user_file
        self.source_copy = source_copy
        self.module: types.ModuleType | None = None
        self.kept: dict[int, object] = {}
        self.handle_of: dict[int, int] = {}  # id(kept object) -> handle, this request
        self.next_handle = 1
        self.printed = _Printed()

    # -- frames -------------------------------------------------------------------------
    def send(self, message: dict, buffers: list[bytes] = ()) -> None:
        self.wire.write_all(self.replies, self.wire.pack(message, list(buffers)))

    def receive(self) -> tuple[dict, list[bytes]]:
        header = self.wire.read_exactly(self.requests, self.wire.HEADER_SIZE)
        body = self.wire.read_exactly(self.requests, self.wire.frame_length(header))
        return self.wire.unpack(header, body)

    def keep(self, obj: object) -> int:
        handle = self.next_handle
        self.next_handle += 1
        self.kept[handle] = obj
        return handle

    def resolve(self, handle: int) -> object:
        if handle not in self.kept:
            raise self.wire.WireError(f"no object kept under handle {handle}")
        obj = self.kept[handle]
        self.handle_of[id(obj)] = handle  # sent back as the handle, not by value
        return obj

    def encoder(self):
        return self.wire.Encoder(keep=self.keep)

    def decode(self, node, buffers, snapshots: dict | None = None):
        decoder = self.wire.Decoder(
            buffers, resolve=self.resolve, stub=self.stub, snapshots=snapshots
        )
        return decoder.decode(node)

    def stub(self, fn_id: int):
        """A function of the judge's (a suite's f for numerical_gradient, say):
        calling it asks the judge, which computes the value and sends it back."""

        def call_judge(*args):
            enc = self.encoder()
            self.send({"op": "callback", "fn": fn_id, "args": enc.encode(list(args))}, enc.buffers)
            message, buffers = self.receive()
            if message.get("op") == "return":
                return self.decode(message.get("value"), buffers)
            raise ValueError(str(message.get("message", "the function failed"))[:300])

        call_judge.__name__ = "f"
        return call_judge

    # -- serving ------------------------------------------------------------------------
    def serve(self) -> None:
        while True:
            try:
                message, buffers = self.receive()
            except EOFError:
                os._exit(0)
            op = message.get("op")
            for handle in message.get("release", ()):
                self.kept.pop(handle, None)
            if op == "load":
                self.load(float(message["timeout"]))
            elif op in ("call", "calls"):
                self.call(message, buffers)
            elif op == "exit":
                os._exit(0)
            else:
                self.send({"error": f"unknown op {op!r}"})

    def _traceback(self, exc: BaseException) -> str:
        frames = [
            f for f in traceback.extract_tb(exc.__traceback__) if f.filename == self.user_file
        ]
        lines = [
            f'  File "{self.user_file}", line {f.lineno}, in {f.name}\n    {(f.line or "").strip()}'
            for f in frames
        ]
        return "\n".join([*lines, f"{type(exc).__name__}: {exc}"])[-4000:]

    def _raised(self, exc: BaseException, what: str) -> dict:
        if isinstance(exc, _CallTimeout):
            return {"kind": "timeout"}
        if isinstance(exc, NotImplementedError):
            return {"kind": "not_implemented"}
        if isinstance(exc, MemoryError):
            return {"kind": "memory"}
        return {
            "kind": "exception",
            "type": type(exc).__name__[:100],
            "message": f"{what} raised {type(exc).__name__}: {exc}"[:300],
            "traceback": self._traceback(exc),
        }

    def _alarm(self, seconds: float) -> None:
        def on_alarm(signum, frame):
            raise _CallTimeout

        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)

    def load(self, timeout: float) -> None:
        import linecache

        with open(self.source_copy, encoding="utf-8") as fh:
            source = fh.read()
        # The copy is what runs; tracebacks name the user's own file and lines.
        linecache.cache[self.user_file] = (
            len(source),
            None,
            source.splitlines(keepends=True),
            self.user_file,
        )
        module = types.ModuleType("drill_user_solution")
        module.__file__ = self.user_file
        sys.modules["drill_user_solution"] = module
        reply: dict = {"ok": True}
        self._alarm(timeout)
        try:
            code = compile(source, self.user_file, "exec")
            exec(code, module.__dict__)
            self.module = module
        except (Exception, SystemExit, KeyboardInterrupt, _CallTimeout) as exc:
            reply = {"ok": False, "raised": self._raised(exc, "importing your file")}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        reply["printed"] = self.printed.take()
        self.send(reply)

    def call(self, message: dict, buffers: list[bytes]) -> None:
        """One call ("call": args) or several in a row ("calls": argsets), one reply
        frame each; a row stops at the first call that raises."""
        self.handle_of = {}
        name = str(message.get("fn"))
        fn = getattr(self.module, name, None)
        if not callable(fn):
            self.send({"raised": {"kind": "missing"}, "printed": ""})
            return
        snapshots: dict = {}  # what each input array held on arrival
        if message.get("op") == "calls":
            argsets = self.decode(message.get("argsets"), buffers, snapshots)
        else:
            argsets = [self.decode(message.get("args"), buffers, snapshots)]
        for args in argsets:
            frame, raised = self._run(name, fn, args, message, snapshots)
            self.wire.write_all(self.replies, frame)
            if raised:
                return

    def _early(self, value):
        """Objects the judge holds a handle for go back as that handle."""
        if isinstance(value, _Kept):
            return value.node
        handle = self.handle_of.get(id(value))
        if handle is not None and self.kept.get(handle) is value:
            return {"$r": [handle, type(value).__name__[:80]]}
        return None

    def _handle(self, obj) -> dict:
        handle = self.handle_of.get(id(obj))
        if handle is None or self.kept.get(handle) is not obj:
            handle = self.keep(obj)
        return {"$r": [handle, type(obj).__name__[:80]]}

    def _keep_items(self, result, message: dict):
        """The result with the positions the judge never looks inside (a forward's
        cache) left here as handles."""
        items = message.get("keep_items") or ()
        if type(result) not in (tuple, list) or not items:
            return result
        out = list(result)
        for i in items:
            if isinstance(i, int) and 0 <= i < len(out):
                out[i] = _Kept(self._handle(out[i]))
        return tuple(out) if type(result) is tuple else out

    def _run(
        self, name: str, fn, args: list, message: dict, snapshots: dict
    ) -> tuple[list[bytes], bool]:
        # What the inputs held before the call: objects still there afterwards are
        # sent as "$same", so the judge can mirror in-place changes and identity.
        aliases = self.wire.alias_paths(args)
        self._alarm(float(message.get("timeout", 2.0)))
        raised = None
        result = None
        # Wall time: CPU time turned out tick-grained in the jailed process (0 or
        # 4 ms). The judge times the reference meanwhile on the other core.
        start = time.perf_counter()
        try:
            result = fn(*args)
        except (Exception, SystemExit, KeyboardInterrupt, _CallTimeout) as exc:
            raised = self._raised(exc, name)
        finally:
            elapsed = time.perf_counter() - start
            signal.setitimer(signal.ITIMER_REAL, 0)
        reply: dict = {"elapsed": elapsed, "printed": self.printed.take()}
        try:
            enc = self.wire.Encoder(keep=self.keep, aliases=aliases)
            enc.snapshots = snapshots
            enc.early = self._early
            if message.get("args_after", True):
                enc.alias_content = True
                reply["args_after"] = enc.encode(args)
                enc.alias_content = False
            if raised is not None:
                reply["raised"] = raised
            elif message.get("keep"):
                reply["result"] = self._handle(result)
            else:
                reply["result"] = enc.encode(self._keep_items(result, message))
            return self.wire.pack(reply, enc.buffers), raised is not None
        except (self.wire.WireError, RecursionError, MemoryError, ValueError) as exc:
            problem = f"{name} returned something that cannot be checked: {exc}"[:300]
            raised = {"kind": "exception", "type": type(exc).__name__, "message": problem}
            return self.wire.pack({"raised": raised}, []), True


def main(config: dict) -> None:
    sys.path[:0] = config["import_paths"]
    import confine

    confine.die_with_parent()
    if os.getppid() != config["judge"]:
        os._exit(1)
    report = confine.Confinement()
    confine.set_limits(report, config["memory_mb"], config["cpu_seconds"], config["file_mb"])
    confine.enter_namespaces(report)
    confine.limit_processes(report, 64)

    import numpy  # loaded before the jail closes the file system
    import wire

    for path in config["import_paths"]:
        sys.path.remove(path)
    fds = (config["requests_fd"], config["replies_fd"])
    worker = Worker(wire, fds, config["user_file"], os.path.abspath(config["source_copy"]))
    sys.stdout = sys.stderr = worker.printed  # type: ignore[assignment]
    readable = confine.readable_paths(numpy, config["secret"])
    confine.apply_landlock(report, readable, [os.getcwd()], ["/dev/null", "/dev/urandom"])
    worker.send({"ready": True, "confinement": report.to_json()})
    worker.serve()


if __name__ == "__main__":
    try:
        main(json.loads(sys.argv[1]))
    except BaseException:  # nothing of the user's has run yet: a setup failure
        traceback.print_exc()
        os._exit(3)
