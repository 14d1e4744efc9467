"""What crosses the pipe between the judge and the worker that runs user code:
plain values as data, never as pickles, with frames of bounded size.

A frame is a JSON header plus raw buffers (array data). Values are encoded as a
tree: JSON scalars and lists stand for themselves; one-key objects tag the rest
("$t" tuple, "$d" dict, "$a" array, "$s" numpy scalar, "$g" random generator,
"$r" an object that stays in the worker, "$f" a callable that stays in the
judge, "$c" complex, "$b" bytes). Decoding checks every node against a closed
list of types, sizes and depths, so whatever the worker sends is only data: a
malformed frame raises WireError, never runs code and never crashes the judge.

The worker imports this file before it is jailed, as a top-level module.
"""

from __future__ import annotations

import json
import math
import os
import struct
from collections.abc import Callable
from typing import Any

import numpy as np

MAX_FRAME = 256 * 1024 * 1024  # bytes in one frame, header and buffers together
SNAPSHOT_BYTES = 1 << 16  # inputs up to this size are compared after a call
MAX_HEADER = 16 * 1024 * 1024  # bytes of JSON in one frame (array data goes in buffers)
MAX_DEPTH = 64
MAX_NODES = 200_000
_HEAD = struct.Struct("<QI")  # total length after this header, JSON length
_BUF = struct.Struct("<Q")

# dtypes an array may have on the wire; object arrays stay in the worker.
DTYPES = frozenset(
    np.dtype(t).str
    for t in (
        "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
        "uint64", "float16", "float32", "float64", "complex64", "complex128",
    )
)  # fmt: skip
GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


class WireError(Exception):
    """A frame or value that breaks the protocol."""


class Same:
    """An object that is (not a copy of) one of the call's inputs, at `path`
    (keys and indices from the argument list down); `value` is its content after
    the call when the sender included it."""

    __slots__ = ("path", "value")

    def __init__(self, path: list, value: Any) -> None:
        self.path = path
        self.value = value


def alias_paths(args: list) -> dict[int, tuple[list, Any]]:
    """id -> (path, object) for every array, list and dict within `args` (under
    keys that are str or int), for Encoder(aliases=...). Taken before a call: the
    objects are held, so an id cannot be reused by an object the call made."""
    paths: dict[int, tuple[list, Any]] = {}

    def walk(value: Any, path: list, depth: int) -> None:
        if depth > MAX_DEPTH or id(value) in paths:
            return
        if isinstance(value, np.ndarray | list | dict):
            paths[id(value)] = (path, value)
        if isinstance(value, list | tuple):
            for i, item in enumerate(value):
                walk(item, [*path, i], depth + 1)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str | int) and not isinstance(key, bool):
                    walk(item, [*path, key], depth + 1)

    for i, arg in enumerate(args):
        walk(arg, [i], 0)
    return paths


class Remote:
    """An object the worker keeps (a user's own cache class, a closure, an object
    array): the judge holds only its handle and can hand it back to the worker."""

    __slots__ = ("handle", "type_name", "__weakref__")

    def __init__(self, handle: int, type_name: str) -> None:
        self.handle = handle
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


# --------------------------------------------------------------------------- encoding


class Encoder:
    """Encodes one value tree. `keep(obj)` turns an object that is not plain data
    into a handle (the worker's side); `callback(fn)` does the same for a callable
    (the judge's side). Without them such objects are an error."""

    def __init__(
        self,
        keep: Callable[[Any], int] | None = None,
        callback: Callable[[Callable], int] | None = None,
        aliases: dict[int, tuple[list, Any]] | None = None,
        alias_content: bool = False,
    ) -> None:
        self.keep = keep
        self.callback = callback
        # id(object) -> its path in the call's inputs: such an object is sent as
        # "$same" (the receiver has it already), with its content when it may
        # have changed (the inputs after a call).
        self.aliases = aliases or {}
        self.alias_content = alias_content
        self.buffers: list[bytes] = []
        self.depth = 0
        # The worker's say on a node before anything else (a handle it already
        # holds for the object); None lets the node be encoded as usual.
        self.early: Callable[[Any], Any] | None = None
        # id(array) -> its content when it arrived: an input array still equal to
        # it is sent as "$same" without content (see Decoder.snapshots).
        self.snapshots: dict[int, np.ndarray] = {}

    def _unchanged(self, value: Any) -> bool:
        before = self.snapshots.get(id(value))
        return (
            before is not None
            and isinstance(value, np.ndarray)
            and value.shape == before.shape
            and value.dtype == before.dtype
            and value.tobytes() == before.tobytes()  # bit for bit: NaN and -0.0 too
        )

    def _array(self, arr: np.ndarray) -> dict:
        layout: Any = "C"
        flags = arr.flags
        if flags.c_contiguous or arr.size <= 1:
            pass
        elif flags.f_contiguous:
            layout = "F"
        else:
            itemsize = arr.dtype.itemsize
            if all(s != 0 and s % itemsize == 0 for s in arr.strides):
                layout = [s // itemsize for s in arr.strides]  # a slice, maybe reversed
        self.buffers.append(arr.tobytes())  # C order, whatever the layout
        return {"$a": [arr.dtype.str, list(arr.shape), len(self.buffers) - 1, layout]}

    def encode(self, value: Any, aliased: bool = True) -> Any:
        kind = type(value)
        # The common leaves first, by exact type: this runs for every node of every reply.
        if value is None or kind is bool or kind is str or kind is int:
            return value
        if kind is float:
            return value if math.isfinite(value) else {"$x": repr(value)}
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise WireError("a value nested more than 64 levels deep")
            return self._encode(value, aliased)
        finally:
            self.depth -= 1

    def _encode(self, value: Any, aliased: bool) -> Any:
        if self.early is not None:
            node = self.early(value)
            if node is not None:
                return node
        if aliased and self.aliases:
            known = self.aliases.get(id(value))
            if known is not None and known[1] is value:
                content = None
                if self.alias_content and not self._unchanged(value):
                    content = self.encode(value, aliased=False)
                return {"$same": [known[0], content]}
        kind = type(value)
        if kind is tuple:
            return {"$t": [self.encode(v) for v in value]}
        if kind is list:
            return [self.encode(v) for v in value]
        if kind is dict:
            return {"$d": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        if isinstance(value, np.ndarray):
            if value.dtype.str in DTYPES:
                return self._array(value)
            return self._opaque(value)
        if isinstance(value, np.generic):
            if value.dtype.str in DTYPES:
                self.buffers.append(value.tobytes())
                return {"$s": [value.dtype.str, len(self.buffers) - 1]}
            return self._opaque(value)
        if isinstance(value, bool | str):  # subclasses
            return bool(value) if isinstance(value, bool) else str(value)
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return self.encode(float(value))
        if isinstance(value, complex):
            return {"$c": [self.encode(float(value.real)), self.encode(float(value.imag))]}
        if isinstance(value, bytes):
            self.buffers.append(bytes(value))
            return {"$b": len(self.buffers) - 1}
        if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple
            return {"$t": [self.encode(v) for v in value]}
        if isinstance(value, np.random.Generator):
            bitgen = value.bit_generator
            name = type(bitgen).__name__
            if name in GENERATORS:
                return {"$g": [name, self.encode(bitgen.state)]}
        if isinstance(value, Remote):
            return {"$r": value.handle}
        if callable(value) and self.callback is not None:
            return {"$f": self.callback(value)}
        return self._opaque(value)

    def _opaque(self, value: Any) -> dict:
        if self.keep is None:
            raise WireError(f"cannot send a {type(value).__name__} as data")
        return {"$r": [self.keep(value), type(value).__name__[:80]]}


# --------------------------------------------------------------------------- decoding


class Decoder:
    """Decodes one value tree, validating as it goes. `resolve(handle)` gives back
    an object kept on this side ("$r" with a bare handle); `stub(id)` makes a
    callable for a "$f" node (only the worker accepts those)."""

    def __init__(
        self,
        buffers: list[bytes],
        resolve: Callable[[int], Any] | None = None,
        stub: Callable[[int], Callable] | None = None,
        remote: Callable[[int, str], Any] | None = None,
        snapshots: dict[int, np.ndarray] | None = None,
    ) -> None:
        self.buffers = buffers
        self.resolve = resolve
        self.stub = stub
        self.remote = remote or Remote
        self.nodes = 0
        # id(array) -> a read-only view of the bytes it was made from: what the
        # worker compares an input with after a call, to say "unchanged".
        self.snapshots = snapshots

    def decode(self, node: Any, depth: int = 0) -> Any:
        self.nodes += 1
        if depth > MAX_DEPTH or self.nodes > MAX_NODES:
            raise WireError("value nested too deeply or too large")
        kind = type(node)  # json.loads makes exactly these types
        if node is None or kind is bool or kind is str or kind is int or kind is float:
            return node
        if kind is list:
            return [self.decode(v, depth + 1) for v in node]
        if kind is not dict or len(node) != 1:
            raise WireError("malformed value")
        ((tag, body),) = node.items()
        if tag == "$t":
            return tuple(self.decode(v, depth + 1) for v in _list(body))
        if tag == "$d":
            out = {}
            for pair in _list(body):
                if not isinstance(pair, list) or len(pair) != 2:
                    raise WireError("malformed dict entry")
                key = self.decode(pair[0], depth + 1)
                try:
                    out[key] = self.decode(pair[1], depth + 1)
                except TypeError:
                    raise WireError("unhashable dict key") from None
            return out
        if tag == "$a":
            return self._array(body)
        if tag == "$s":
            dtype, index = _pair(body)
            arr = self._array([dtype, [], index, "C"])
            return arr[()]
        if tag == "$x":
            if body not in ("nan", "inf", "-inf"):
                raise WireError("malformed float")
            return float(body)
        if tag == "$c":
            re, im = (self.decode(v, depth + 1) for v in _pair(body))
            if not isinstance(re, float | int) or not isinstance(im, float | int):
                raise WireError("malformed complex")
            return complex(re, im)
        if tag == "$b":
            return bytes(self._buffer(body))
        if tag == "$g":
            name, state = _pair(body)
            if name not in GENERATORS:
                raise WireError("unknown random generator")
            gen = np.random.Generator(getattr(np.random, name)())
            try:
                gen.bit_generator.state = self.decode(state, depth + 1)
            except (TypeError, ValueError, KeyError):
                raise WireError("malformed random generator state") from None
            return gen
        if tag == "$r":
            if isinstance(body, int) and self.resolve is not None:
                return self.resolve(body)
            handle, type_name = _pair(body)
            if not isinstance(handle, int) or not isinstance(type_name, str):
                raise WireError("malformed handle")
            return self.remote(handle, type_name[:80])
        if tag == "$same":
            path, content = _pair(body)
            if not isinstance(path, list) or not path or len(path) > MAX_DEPTH:
                raise WireError("malformed alias")
            if not all(isinstance(k, str | int) and not isinstance(k, bool) for k in path):
                raise WireError("malformed alias")
            return Same(path, None if content is None else self.decode(content, depth + 1))
        if tag == "$f" and self.stub is not None and isinstance(body, int):
            return self.stub(body)
        raise WireError(f"unknown tag {tag[:20]!r}")

    def _buffer(self, index: Any) -> bytes:
        if not isinstance(index, int) or not 0 <= index < len(self.buffers):
            raise WireError("missing buffer")
        return self.buffers[index]

    def _array(self, body: Any) -> np.ndarray:
        if not isinstance(body, list) or len(body) != 4:
            raise WireError("malformed array")
        dtype, shape, index, layout = body
        if dtype not in DTYPES:
            raise WireError("array of an unsupported dtype")
        if type(shape) is not list or len(shape) > 32:
            raise WireError("malformed array shape")
        if not all(type(n) is int and n >= 0 for n in shape):
            raise WireError("malformed array shape")
        data = self._buffer(index)
        dt = np.dtype(dtype)
        if math.prod(shape) * dt.itemsize != len(data):
            raise WireError("array data does not match its shape")
        view = np.frombuffer(data, dtype=dt).reshape(shape)
        # Frames are read into bytearrays, so an aligned array can be used in place.
        # The worker keeps small inputs' arrival bytes (copying the array) to tell
        # "unchanged" after a call; large ones are used in place and always sent back.
        snapshot = self.snapshots is not None and view.nbytes <= SNAPSHOT_BYTES
        in_place = view.flags.writeable and view.flags.aligned and not snapshot
        arr = _laid_out(view if in_place else view.copy(), layout)
        if snapshot:
            self.snapshots[id(arr)] = view
        elif self.snapshots is not None:
            self.snapshots.pop(id(arr), None)  # an id an earlier, freed array had
        return arr


def _laid_out(arr: np.ndarray, layout: Any) -> np.ndarray:
    """`arr` in the memory layout the sender's array had (the receiver of a
    transposed, sliced or reversed input gets one)."""
    if layout == "C" or arr.size == 0:
        return arr
    if layout == "F":
        return np.asfortranarray(arr)
    if not isinstance(layout, list) or len(layout) != arr.ndim:
        raise WireError("malformed array layout")
    if not all(isinstance(s, int) and 0 < abs(s) <= 2**20 for s in layout):
        raise WireError("malformed array layout")
    span = 1 + sum((n - 1) * abs(s) for n, s in zip(arr.shape, layout, strict=True))
    if span > 4 * arr.size + 64:
        return arr  # a layout this sparse is not worth the memory; values are what count
    reversed_axes = tuple(i for i, s in enumerate(layout) if s < 0)
    base = np.zeros(span, dtype=arr.dtype)
    view = np.lib.stride_tricks.as_strided(
        base, arr.shape, tuple(abs(s) * arr.dtype.itemsize for s in layout)
    )
    view[...] = np.flip(arr, reversed_axes)
    return np.flip(view, reversed_axes)


def _list(body: Any) -> list:
    if not isinstance(body, list):
        raise WireError("malformed value")
    return body


def _pair(body: Any) -> list:
    if not isinstance(body, list) or len(body) != 2:
        raise WireError("malformed value")
    return body


# --------------------------------------------------------------------------- frames


def pack(message: dict, buffers: list[bytes]) -> list[bytes]:
    """One frame, as parts to write in order (large buffers are not copied into one
    string): a length header, the JSON message listing buffer sizes, the buffers."""
    head = dict(message, _sizes=[len(b) for b in buffers])
    text = json.dumps(head, separators=(",", ":"), allow_nan=False).encode("utf-8")
    text += b" " * (-len(text) % 16)  # so that the buffers after it start aligned
    total = len(text) + sum(len(b) for b in buffers)
    if total > MAX_FRAME:
        raise WireError(f"a message of {total} bytes is over the {MAX_FRAME} byte limit")
    return [_HEAD.pack(total, len(text)) + text, *buffers]


def unpack(header: bytes, body: bytes | bytearray) -> tuple[dict, list]:
    """The message and buffers of a frame whose header and body were read (arrays
    decoded from a bytearray body are writable views of it, not copies)."""
    total, text_len = _HEAD.unpack(header)
    if text_len > MAX_HEADER:
        raise WireError(f"a message header of {text_len} bytes is over the limit")
    if text_len > total or len(body) != total:
        raise WireError("frame lengths do not add up")
    try:
        message = json.loads(body[:text_len].decode("utf-8"))
    except (ValueError, RecursionError):
        raise WireError("frame header is not valid JSON") from None
    if not isinstance(message, dict):
        raise WireError("frame header is not an object")
    sizes = message.pop("_sizes", None)
    if not isinstance(sizes, list) or not all(isinstance(s, int) and s >= 0 for s in sizes):
        raise WireError("frame does not list its buffers")
    if text_len + sum(sizes) != total:
        raise WireError("frame buffers do not add up")
    buffers, at = [], text_len
    view = memoryview(body)
    for size in sizes:
        buffers.append(view[at : at + size])
        at += size
    return message, buffers


def frame_length(header: bytes) -> int:
    total, _ = _HEAD.unpack(header)
    if total > MAX_FRAME:
        raise WireError(f"a message of {total} bytes is over the {MAX_FRAME} byte limit")
    return total


HEADER_SIZE = _HEAD.size


def read_exactly(fd: int, n: int) -> bytearray:
    """Blocking read of n bytes (the worker's side); EOFError when the pipe closes."""
    data = bytearray(n)
    view, got = memoryview(data), 0
    while got < n:
        count = os.readv(fd, [view[got:]])
        if not count:
            raise EOFError
        got += count
    return data


def write_all(fd: int, parts: list[bytes], wait: Callable[[], None] | None = None) -> None:
    """Write a frame's parts with as few system calls as the pipe allows (one
    writev for a small frame, so the reader wakes once). `wait` is called when a
    non-blocking fd is full, and may raise to give up."""
    views = [memoryview(p).cast("B") for p in parts if len(p)]
    while views:
        try:
            written = os.writev(fd, views[:512])
        except BlockingIOError:
            if wait is None:
                raise
            wait()
            continue
        while written:
            if written >= len(views[0]):
                written -= len(views[0])
                views.pop(0)
            else:
                views[0] = views[0][written:]
                written = 0
