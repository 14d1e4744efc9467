"""What hidden suites are written with: a registry of named properties, a context
that calls the user's code safely, array comparison that explains itself, a
finite-difference gradient check, and readable descriptions of inputs.

Everything here runs in the judge's process; the user's code runs in the
worker, reached through Ctx.call (checker.sandbox).
"""

from __future__ import annotations

import copy
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, NoReturn

import numpy as np
from hypothesis import strategies as st

from checker import mirror
from checker.report import Failure, Mismatch, Mistake
from checker.sandbox import Reply, Worker, WorkerGone
from checker.wire import Remote

# Value scales every suite draws from: tiny inputs expose a misplaced epsilon,
# large ones expose overflow and float cancellation.
# 1.0 first: hypothesis shrinks towards it, so a failure that shows at every scale
# is reported on readable numbers.
SCALES = (1.0, 1e-2, 10.0, 1e-4, 1e3)
seeds = st.integers(min_value=0, max_value=2**32 - 1)
scales = st.sampled_from(SCALES)


class PropertyFailed(Exception):
    """A property does not hold; carries everything the verdict shows."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.summary)
        self.failure = failure


def _raise(failure: Failure) -> NoReturn:
    # One raise site for limits and unimplemented functions: hypothesis compares
    # where a failure was raised when it replays an example, and would otherwise
    # call a repeat of the same failure "flaky".
    raise PropertyFailed(failure)


@dataclass
class Prop:
    name: str
    run: Callable[..., None]  # run(ctx, **drawn)
    max_examples: int
    strategies: dict[str, st.SearchStrategy] = field(default_factory=dict)


@dataclass
class Speed:
    """Times the user's code against the reference on a realistic size.

    `setup(impl, rng)` prepares inputs with module `impl` (the user's or the
    reference) and returns the zero-argument call to time.
    """

    function: str
    size: str  # e.g. "N=512, D=1024", shown in the advice
    setup: Callable[[ModuleType, np.random.Generator], Callable[[], Any]]
    # Optional: another way to compute the same thing (say, the staged graph) that
    # the user's time is always reported against, fast or slow.
    baseline: Callable[[np.random.Generator], Callable[[], Any]] | None = None
    baseline_name: str = ""


@dataclass
class Suite:
    props: list[Prop] = field(default_factory=list)
    speeds: list[Speed] = field(default_factory=list)

    def prop(self, name: str, max_examples: int = 25, **strategies: st.SearchStrategy) -> Callable:
        """Register a property; `name` is what the user sees in the checklist.

        Keyword arguments are hypothesis strategies for the function's other
        parameters; the harness wraps it in `given` with its own settings.
        """

        def register(fn: Callable[..., None]) -> Callable[..., None]:
            self.props.append(Prop(name, fn, max_examples, strategies))
            return fn

        return register

    def speed(
        self,
        function: str,
        size: str,
        baseline: Callable[[np.random.Generator], Callable[[], Any]] | None = None,
        baseline_name: str = "",
    ) -> Callable:
        def register(setup: Callable) -> Callable:
            self.speeds.append(Speed(function, size, setup, baseline, baseline_name))
            return setup

        return register


# --------------------------------------------------------------------------- describing


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def describe(value: Any) -> str:
    """A short, readable description: shapes and a few values, never a raw repr."""
    if isinstance(value, np.ndarray):
        head = f"shape {tuple(value.shape)} {value.dtype}"
        if value.size == 0:
            return head + " (empty)"
        if not np.issubdtype(value.dtype, np.number) and value.dtype != bool:
            return head
        if value.size <= 12:
            body = np.array2string(
                value,
                separator=", ",
                max_line_width=72,
                formatter={"float_kind": lambda v: f"{v:.4g}"},
            )
            return f"{head}: {' '.join(body.split())}"
        flat = value.ravel()
        finite = flat[np.isfinite(flat)] if np.issubdtype(value.dtype, np.floating) else flat
        if finite.size == 0:
            return f"{head}, no finite values"
        lo, hi = _fmt(float(finite.min())), _fmt(float(finite.max()))
        first = ", ".join(_fmt(float(v)) for v in flat[:4])
        return f"{head}, values in [{lo}, {hi}], first: {first}, ..."
    if isinstance(value, dict):
        parts = [f"{k}={describe(v)}" for k, v in value.items()]
        return "{" + "; ".join(parts) + "}"
    if isinstance(value, float | np.floating):
        return _fmt(float(value))
    if isinstance(value, tuple | list) and len(value) <= 6:
        inner = ", ".join(describe(v) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _index(idx: tuple) -> str:
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class Closeness:
    ok: bool
    max_rel_error: float
    worst: tuple


def closeness(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> Closeness:
    """Elementwise test |got - expected| <= atol + rtol * (|expected| + 1e-3 * scale).

    `scale` is the largest finite |expected|, so entries that cancel to almost zero
    are judged on the array's own scale; `atol` is an absolute allowance on the
    output's natural scale. The reported error is the part of |got - expected|
    beyond atol, relative to |expected| + 1e-3 * scale. NaN or inf where a finite
    value is expected is an infinite error (plain comparisons let NaN slip
    through); the same non-finite value where one is expected counts as equal.
    """
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if expected.size == 0:
        return Closeness(got.size == 0, 0.0, ())
    finite = np.isfinite(expected)
    scale = float(np.max(np.abs(expected[finite]))) if finite.any() else 0.0
    with np.errstate(all="ignore"):
        # An infinite atol (a test that only cares about finiteness) allows any finite gap.
        excess = np.maximum(np.abs(got - expected) - atol, 0.0) if np.isfinite(atol) else 0.0 * got
        err = excess / (np.abs(expected) + 1e-3 * scale + 1e-300)
    same_nonfinite = ~finite & ((np.isnan(expected) & np.isnan(got)) | (expected == got))
    err = np.where(same_nonfinite, 0.0, err)
    err = np.where(np.isfinite(got) | same_nonfinite, err, np.inf)
    err = np.nan_to_num(err, nan=np.inf, posinf=np.inf)
    worst = np.unravel_index(int(np.argmax(err)), err.shape)
    max_err = float(err[worst])
    return Closeness(bool(np.isfinite(max_err)) and max_err <= rtol, max_err, worst)


def _shape_problem(output: str, got: Any, expected: np.ndarray) -> str | None:
    if not isinstance(got, np.ndarray):
        if expected.ndim == 0 and isinstance(got, int | float | np.floating | np.integer):
            return None
        return (
            f"{output} should be a numpy array of shape {expected.shape}, got {type(got).__name__}"
        )
    if got.shape != expected.shape:
        return f"{output} should have shape {expected.shape}, got {got.shape}"
    if not np.issubdtype(got.dtype, np.floating):
        return f"{output} should be a float array ({expected.dtype}), got dtype {got.dtype}"
    if got.dtype != expected.dtype:
        return f"{output} should have dtype {expected.dtype} like the inputs, got {got.dtype}"
    return None


# --------------------------------------------------------------------------- the context


class Ctx:
    """Handed to every property: calls the user's code in the worker, calls the
    reference here, and turns what goes wrong into a PropertyFailed that the
    verdict can show."""

    def __init__(
        self,
        worker: Worker,
        ref: ModuleType,
        user_file: str,
        mistakes: dict[str, Mistake],
        call_timeout: float = 2.0,
        params: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.worker = worker
        self.ref = ref
        self.user_file = user_file
        self.mistakes = mistakes
        self.call_timeout = call_timeout
        # The whole check's wall clock (drill.toml's time_limit); set by the harness.
        self.deadline = float("inf")
        # function name -> positions of its result that stay in the worker (caches)
        self.opaque: dict[str, tuple[int, ...]] = {}
        self.params = params or {}  # function name -> parameter names, for messages
        self._shown: dict[str, Any] = {}
        self._described: list[tuple[str, str]] | None = []
        self.not_implemented: set[str] = set()
        self.fatal: Failure | None = None  # a time or memory limit: stop calling user code
        # Batching of a gradient check's forward calls (see _numerical_gradient).
        self._recording: list[tuple[str, tuple, list | None, float]] | None = None
        self._probe: np.ndarray | None = None
        self._replay: list[Reply] | None = None

    # -- inputs -------------------------------------------------------------------------
    def show(self, **named: Any) -> None:
        """Record the current example's inputs; a failure displays them."""
        # Described only when a failure needs them: formatting every passing
        # example's arrays was a tenth of a warm re-check.
        # A copy: a call may update a dict or list argument in place (Adam's config),
        # and the failure must show the input as it was given.
        self._shown = copy.deepcopy(named)
        self._described = None

    @property
    def inputs(self) -> list[tuple[str, str]]:
        """The current example's inputs, described for a failure message."""
        if self._described is None:
            self._described = [(k, describe(v)) for k, v in self._shown.items()]
        return self._described

    def fail(self, kind: str, summary: str, **extra: Any) -> PropertyFailed:
        return PropertyFailed(Failure(kind, summary, inputs=list(self.inputs), **extra))

    # -- calling ------------------------------------------------------------------------
    def call(
        self,
        name: str,
        *args: Any,
        unpack: int | None = None,
        may_modify: Sequence[int] = (),
        timeout: float | None = None,
    ) -> Any:
        """Call the user's `name(*args)` in the worker, under the per-call time limit.

        Array arguments must come back unchanged (except positions in
        `may_modify`, which are updated); dicts, lists and generators passed in
        are updated to how the call left them; `unpack=k` requires a tuple of k
        items back.
        """
        reply = self._call(name, args, timeout or self.call_timeout)
        paths = mirror.originals(args)
        changed = mirror.apply_inputs_after(args, reply.args_after or [], tuple(may_modify), paths)
        if changed:
            names = self.params.get(name, ())
            i = changed[0]
            which = names[i] if i < len(names) else f"argument #{i + 1}"
            raise self.fail(
                "wrong_answer",
                f"{name} modified its input {which} in place; it must leave its "
                f"input arrays unchanged (work on a copy: {which}.copy(), or "
                f"an expression like {which} * mask instead of {which}[...] = ...)",
            )
        result = mirror.settle(reply.result, paths)
        if unpack is not None and (not isinstance(result, tuple | list) or len(result) != unpack):
            got = (
                f"a {type(result).__name__} of length {len(result)}"
                if isinstance(result, tuple | list)
                else describe(result)
            )
            raise self.fail(
                "wrong_shape", f"{name} must return a tuple of {unpack} items, got {got}"
            )
        return result

    def call_many(self, name: str, argsets: list[tuple]) -> list[Any]:
        """The user's `name` on each argument tuple, sent to the worker in one exchange:
        for statistical checks, where hundreds of round trips would cost more than
        the calls. The calls share what is left of the check's time; what they do to
        their arguments is not read back. The first call that raised fails as `call`
        would."""
        if not argsets:
            return []
        self._may_call(name)
        left = self.deadline - time.monotonic()
        timeout = min(self.call_timeout, max(left / len(argsets), 0.05))
        replies = self._in_worker(name, argsets, timeout, args_after=False)
        results = []
        # The worker stops at the first call that raises: its reply is the last one.
        for args, reply in zip(argsets, replies, strict=False):
            self._outcome(name, reply, timeout)  # raises what the call raised
            results.append(mirror.settle(reply.result, mirror.originals(args)))
        return results

    def _may_call(self, name: str) -> None:
        """Fail at once past the deadline, after a fatal failure, or for a function
        already found not implemented."""
        if self.fatal is None and time.monotonic() > self.deadline:
            self.fatal = Failure(
                "time_limit",
                "your code is too slow for the checks: they did not finish within the "
                "drill's time limit",
                list(self.inputs),
            )
        if self.fatal is not None:
            _raise(self.fatal)
        if name in self.not_implemented:
            _raise(Failure("not_implemented", f"{name} is not implemented yet", list(self.inputs)))

    def _call(self, name: str, args: tuple, timeout: float, **options: Any) -> Reply:
        """One call in the worker; what it raised, or a dead worker, becomes a failure."""
        self._may_call(name)
        timeout = max(min(timeout, self.deadline - time.monotonic()), 0.05)
        if self._recording is not None:
            path = _path_to(args, self._probe)
            self._recording.append((name, copy.deepcopy(args), path, timeout))
        if self._replay:
            reply = self._replay.pop(0)
        else:
            reply = self._in_worker(name, [args], timeout, **options)[0]
        return self._outcome(name, reply, timeout)

    def _in_worker(self, name: str, argsets: list[tuple], timeout: float, **options) -> list[Reply]:
        if name in self.opaque and not options.get("keep"):
            options["keep_items"] = self.opaque[name]
        try:
            return self.worker.call_many(name, argsets, timeout, **options)
        except WorkerGone as gone:
            summary = gone.summary or (
                f"{name} did not return within {timeout:g} s (an infinite loop, or far too slow)"
            )
            self.fatal = Failure(gone.kind, summary, list(self.inputs), traceback=gone.detail)
        # Raised outside the except block, like every repeat of it (see _raise).
        _raise(self.fatal)

    def _outcome(self, name: str, reply: Reply, timeout: float) -> Reply:
        raised = reply.raised
        if raised is None:
            return reply
        kind = raised["kind"]
        if kind == "exception":
            raise self.fail(
                "runtime_error",
                raised.get("message", f"{name} raised an exception"),
                traceback=raised.get("traceback"),
            )
        if kind == "missing":
            raise self.fail("missing_function", f"your file has no function {name}")
        if kind == "timeout":
            self.fatal = Failure(
                "time_limit",
                f"{name} did not return within {timeout:g} s (an infinite loop, or far too slow)",
                list(self.inputs),
            )
        elif kind == "memory":
            self.fatal = Failure("memory_limit", f"{name} ran out of memory", list(self.inputs))
        else:
            self.not_implemented.add(name)
        # One raise site for limits and unimplemented functions (see _raise).
        if self.fatal is not None:
            _raise(self.fatal)
        _raise(Failure("not_implemented", f"{name} is not implemented yet", list(self.inputs)))

    def expect_raises(self, name: str, exc_type: type[BaseException], *args: Any, why: str) -> None:
        """The user's function must raise `exc_type` for these arguments."""
        try:
            self._call(name, args, self.call_timeout, args_after=False)
        except PropertyFailed as failed:
            if (
                failed.failure.kind != "runtime_error"
                or exc_type.__name__ not in failed.failure.summary
            ):
                if failed.failure.kind == "runtime_error":
                    raise self.fail(
                        "wrong_answer",
                        f"{name} should raise {exc_type.__name__} ({why}), "
                        f"but raised {failed.failure.summary.split(' raised ', 1)[-1]}",
                    ) from None
                raise
            return
        raise self.fail("wrong_answer", f"{name} should raise {exc_type.__name__} ({why})")

    # -- judging ------------------------------------------------------------------------
    def expect_close(
        self,
        output: str,
        got: Any,
        expected: Any,
        *,
        rtol: float = 1e-6,
        atol: float = 0.0,
        mistakes: dict[str, Callable[[], Any]] | None = None,
        what: str = "does not match the expected value",
    ) -> None:
        """`got` must equal `expected` within tolerance: shape and dtype first, then
        values. On a mismatch, each known mistake is tried to name what went wrong:
        `mistakes` maps a mistake's name to a zero-argument function computing what
        that mistake outputs on this input (first match wins; "name#k" keys are
        further models of the same mistake). `atol` is an absolute allowance on the
        output's natural scale, for entries that cancel to almost zero."""
        expected = np.asarray(expected)
        problem = _shape_problem(output, got, expected)
        if problem is None:
            c = closeness(got, expected, rtol, atol)
            if c.ok:
                return
        mistake = self._recognise(got, mistakes or {}, rtol, atol)
        if problem is not None:
            raise self.fail("wrong_shape", problem, mistake=mistake)
        got_arr = np.asarray(got, dtype=np.float64)
        where = _index(c.worst) if expected.ndim else None
        g = got_arr[c.worst] if expected.ndim else float(got_arr)
        e = expected[c.worst] if expected.ndim else float(expected)
        mismatch = Mismatch(
            output=output,
            expected=describe(expected),
            got=describe(got_arr),
            index=where,
            max_rel_error=c.max_rel_error,
            tolerance=rtol,
        )
        at = f" at {output}{where}" if where else ""
        summary = f"{output} {what}{at}: expected {_fmt(float(e))}, got {_fmt(float(g))}"
        raise self.fail("wrong_answer", summary, mismatch=mismatch, mistake=mistake)

    def _recognise(
        self, got: Any, candidates: dict[str, Callable[[], Any]], rtol: float, atol: float
    ) -> Mistake | None:
        for name, make in candidates.items():
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    value = np.asarray(make())
            except Exception:  # a candidate that cannot be built for this input
                continue
            if not isinstance(got, np.ndarray | float | int | np.floating):
                continue
            got_arr = np.asarray(got)
            if got_arr.shape != value.shape:
                continue
            if closeness(got_arr, value, max(rtol, 1e-6), atol).ok:
                # "name#2": a second model of the same mistake (dict keys are unique).
                name = name.split("#", 1)[0]
                return self.mistakes.get(name, Mistake(name))
        return None

    def expect_array(self, output: str, got: Any, like: np.ndarray) -> None:
        """`got` must be an array with `like`'s shape and dtype (values not judged)."""
        problem = _shape_problem(output, got, like)
        if problem is not None:
            raise self.fail("wrong_shape", problem)

    def expect(
        self, condition: bool, summary: str, kind: str = "wrong_answer", **extra: Any
    ) -> None:
        if not condition:
            raise self.fail(kind, summary, **extra)

    def grad_check(
        self,
        output: str,
        loss: Callable[[np.ndarray], float],
        x: np.ndarray,
        analytic: Any,
        *,
        h: float = 1e-5,
        rtol: float = 1e-5,
        mistakes: dict[str, Callable[[], Any]] | None = None,
    ) -> None:
        """Compare `analytic` with a centred finite difference of `loss` at `x`.

        `loss` is built from the user's own forward pass, so this check does not
        lean on the reference: it asks whether the backward is the derivative of
        the forward the user wrote.
        """
        problem = _shape_problem(output, analytic, x)
        if problem is not None:
            raise self.fail(
                "wrong_shape", problem, mistake=self._recognise(analytic, mistakes or {}, rtol, 0)
            )
        numeric = self._numerical_gradient(loss, x, h)
        # A centred difference carries rounding error of about eps * |loss| / h.
        # Where the true gradient is that small (a degenerate batch, say N = 2 in
        # batch norm) no relative test can resolve it, so this much of a gap is
        # always allowed; real mistakes are orders of magnitude larger.
        noise = 1e3 * np.finfo(np.float64).eps * (abs(float(loss(x.copy()))) + 1.0) / h
        denom = np.maximum(
            np.abs(numeric) + np.abs(analytic), 1e-3 * np.max(np.abs(numeric)) + 1e-12
        )
        with np.errstate(all="ignore"):
            gap = np.maximum(np.abs(numeric - analytic) - noise, 0.0)
            err = np.nan_to_num(gap / denom, nan=np.inf, posinf=np.inf)
        worst = np.unravel_index(int(np.argmax(err)), err.shape)
        if err[worst] <= rtol:
            return
        mismatch = Mismatch(
            output=output,
            expected=describe(numeric),
            got=describe(np.asarray(analytic)),
            index=_index(worst),
            max_rel_error=float(err[worst]),
            tolerance=rtol,
        )
        summary = (
            f"gradient check failed at {output}{_index(worst)}: the numerical derivative of "
            f"your forward pass is {_fmt(float(numeric[worst]))}, your backward gives "
            f"{_fmt(float(analytic[worst]))}"
        )
        raise self.fail(
            "wrong_answer",
            summary,
            mismatch=mismatch,
            mistake=self._recognise(analytic, mistakes or {}, 1e-4, 0.0),
        )

    def _numerical_gradient(
        self, loss: Callable[[np.ndarray], float], x: np.ndarray, h: float
    ) -> np.ndarray:
        """numerical_gradient(loss, x, h), with the user's calls sent in one exchange.

        Each probe would cost a round trip to the worker. So the first probe runs
        as usual while its calls are recorded; when `loss` made exactly one call
        with the probe among its inputs, that call is sent for every other probe
        at once (the probe swapped in), and `loss` then runs on each probe with
        the worker's replies handed out in order. Otherwise every probe runs live.
        Same values either way: the probes, calls and arithmetic are unchanged.
        """
        probes = _probes(x, h)
        if not probes:
            return np.zeros_like(x, dtype=np.float64)
        self._recording, self._probe = [], probes[0]
        try:
            values = [float(loss(probes[0]))]
        finally:
            recorded, self._recording, self._probe = self._recording, None, None
        template = _template(recorded, probes[0])
        if template is None:
            values += [float(loss(p)) for p in probes[1:]]
        else:
            name, args, path, timeout = template
            argsets = [_swap(args, path, p) for p in probes[1:]]
            # The loss reads only outputs: the inputs after each call need not come back.
            self._replay = (
                self._in_worker(name, argsets, timeout, args_after=False) if argsets else []
            )
            try:
                values += [float(loss(p)) for p in probes[1:]]
            finally:
                self._replay = None
        return _centred(values, x.shape, h)


def _probes(x: np.ndarray, h: float) -> list[np.ndarray]:
    """x + h e_i and x - h e_i for every element i, in numerical_gradient's order."""
    base = x.astype(np.float64, copy=True)
    probes = []
    for idx in np.ndindex(*x.shape):
        old = base[idx]
        for value in (old + h, old - h):
            probe = base.copy()
            probe[idx] = value
            probes.append(probe)
    return probes


def _path_to(value: Any, target: Any, depth: int = 0) -> list | None:
    """Keys and indices leading from `value` to the object `target` itself."""
    if value is target:
        return []
    if depth > 8:
        return None
    if isinstance(value, tuple | list):
        items = enumerate(value)
    elif isinstance(value, dict):
        items = value.items()
    else:
        return None
    for key, item in items:
        rest = _path_to(item, target, depth + 1)
        if rest is not None:
            return [key, *rest]
    return None


def _template(recorded: list, probe: np.ndarray) -> tuple[str, tuple, list, float] | None:
    """The one call a loss made with the probe among its inputs, as (name, inputs
    as they were before the call, path to the probe, timeout); None otherwise."""
    if len(recorded) != 1:
        return None
    name, args, path, timeout = recorded[0]
    if path is None or any(isinstance(a, Remote) for a in _leaves(args)):
        return None
    return name, args, path, timeout


def _leaves(value: Any, depth: int = 0):
    if depth > 8:
        return
    if isinstance(value, tuple | list):
        for item in value:
            yield from _leaves(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item, depth + 1)
    else:
        yield value


def _swap(value: Any, path: list, new: Any) -> Any:
    """`value` with the object at `path` replaced by `new` (containers on the way copied)."""
    if not path:
        return new
    key, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, key: _swap(value[key], rest, new)}
    items = list(value)
    items[key] = _swap(items[key], rest, new)
    return tuple(items) if isinstance(value, tuple) else items


def numerical_gradient(loss: Callable[[np.ndarray], float], x: np.ndarray, h: float) -> np.ndarray:
    """Centred differences, (f(x + h e_i) - f(x - h e_i)) / 2h, one element at a time."""
    return _centred([float(loss(p)) for p in _probes(x, h)], x.shape, h)


def _centred(values: list[float], shape: tuple[int, ...], h: float) -> np.ndarray:
    """The gradient from loss values at _probes' points, in their order."""
    if not values:
        return np.zeros(shape, dtype=np.float64)
    pairs = np.asarray(values, dtype=np.float64).reshape(-1, 2)
    return ((pairs[:, 0] - pairs[:, 1]) / (2 * h)).reshape(shape)


def rng_array(seed: int, shape: tuple[int, ...], scale: float = 1.0) -> np.ndarray:
    """Normal values of the given scale; a seed drawn by hypothesis keeps runs reproducible."""
    return np.random.default_rng(seed).standard_normal(shape) * scale


# Memory layouts an input array can arrive in. Real callers pass transposes and
# slices; code that writes into `x.reshape(-1)` or `x.ravel()` (a copy unless x
# is C-contiguous) silently computes nothing on them.
LAYOUTS = ("C", "F", "strided")
layouts = st.sampled_from(LAYOUTS)


def as_layout(arr: np.ndarray, layout: str) -> np.ndarray:
    """The same values as `arr`, laid out as `layout`: "C" (a contiguous copy),
    "F" (column-major, as a transpose gives) or "strided" (every other element of
    a larger buffer, as a slice gives; neither C- nor F-contiguous)."""
    arr = np.asarray(arr)
    if layout == "C":
        return np.array(arr, order="C", copy=True)
    if layout == "F":
        return np.array(arr, order="F", copy=True)
    if layout == "strided":
        if arr.ndim == 0:
            return arr.copy()
        wide = np.zeros((*arr.shape[:-1], 2 * arr.shape[-1]), dtype=arr.dtype)
        view = wide[..., ::2]
        view[...] = arr
        return view
    raise ValueError(f"unknown layout {layout!r}")
