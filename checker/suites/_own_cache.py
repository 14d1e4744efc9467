"""The property every layer drill with `forward(...) -> (out, cache)` and
`backward(dout, cache)` shares: the backward reads what it needs from the cache it is
given, never from state the forward left elsewhere (a module-level variable, a
function attribute, a list of past calls).

A network runs the forward of every layer before the first backward, so a layer's
forward is called again before the backward of its previous call whenever the same
layer is used twice (two batch-norm layers, a ReLU after every affine layer). One
example at a time never shows that; `check_own_cache` runs two forwards on
different inputs, then the backward of the first (after the second forward) and of
the second, and compares each with what the backward of its own forward must give.

A wrong result is named STATE when it is what the backward of the OTHER forward's
cache gives, or when each backward is right called straight after its own forward:
then the result depends on which forward ran last (a shape error included, when the
two forwards had inputs of different shapes).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from checker.report import Mistake
from checker.suitekit import Ctx, PropertyFailed, closeness

STATE = "state kept outside the cache"
TITLE = "backward uses its own cache: two forwards, then each backward"
ORDINALS = ("first", "second")

# model(dout, j, out_j): what backward(dout, cache of forward j) must return, as a
# tuple of arrays (j is 0 or 1; out_j is the user's own output of forward j).
Model = Callable[[np.ndarray, int, Any], Sequence[np.ndarray]]
Call = tuple[tuple, np.ndarray]  # (the forward's arguments, the dout of its backward)


def _copies(args: tuple) -> tuple:
    """Fresh copies for every call: a forward may store into its param dict
    (running statistics), and the reference must not share arrays with the user."""
    return tuple(
        a.copy() if isinstance(a, np.ndarray) else dict(a) if isinstance(a, dict) else a
        for a in args
    )


def reference_model(ctx: Ctx, forward: str, backward: str, calls: Sequence[Call]) -> Model:
    """The reference's backward of `dout` on the reference's cache of forward j."""
    ref_forward, ref_backward = getattr(ctx.ref, forward), getattr(ctx.ref, backward)

    def model(dout: np.ndarray, j: int, _out: Any) -> tuple:
        _, cache = ref_forward(*_copies(calls[j][0]))
        result = ref_backward(dout.copy(), cache)
        return tuple(result) if isinstance(result, tuple) else (result,)

    return model


def check_own_cache(
    ctx: Ctx,
    forward: str,
    backward: str,
    calls: Sequence[Call],
    outputs: Sequence[str],
    atols: Callable[[int], Sequence[float]] | None = None,
    model: Model | None = None,
    order: Sequence[int] | None = None,
) -> None:
    """forward(*calls[0][0]), forward(*calls[1][0]), then backward(calls[0][1], first
    cache) and backward(calls[1][1], second cache), each compared with `model`
    (default: the reference). `outputs` names what backward returns, in order: one
    name for a backward that returns a single array. `atols(k)` gives the absolute
    allowance of each output of backward k (default 0); `order` the order in which
    outputs are compared (default: as returned)."""
    model = model or reference_model(ctx, forward, backward, calls)
    unpack = len(outputs) if len(outputs) > 1 else None

    def backward_of(dout: np.ndarray, cache: Any) -> tuple:
        got = ctx.call(backward, dout, cache, unpack=unpack)
        return tuple(got) if unpack else (got,)

    def allowances(k: int) -> Sequence[float]:
        return atols(k) if atols else [0.0] * len(outputs)

    def each_alone_right() -> bool:
        """Is each backward right when it follows its own forward directly?"""
        try:
            for k, (args, dout) in enumerate(calls):
                out, cache = ctx.call(forward, *_copies(args), unpack=2)
                got = backward_of(dout, cache)
                want = model(dout, k, out)
                for g, w, atol in zip(got, want, allowances(k), strict=True):
                    if not isinstance(g, np.ndarray) or g.shape != np.shape(w):
                        return False
                    if not closeness(g, w, 1e-6, atol).ok:
                        return False
        except Exception:  # the user's code fails alone too: not this mistake
            return False
        return True

    with _naming(ctx, each_alone_right):
        runs = [ctx.call(forward, *_copies(args), unpack=2) for args, _ in calls]
        got = [backward_of(dout, cache) for (_, dout), (_, cache) in zip(calls, runs, strict=True)]
        for k, (_, dout) in enumerate(calls):
            want = model(dout, k, runs[k][0])
            other = functools.cache(lambda k=k, dout=dout: model(dout, 1 - k, runs[1 - k][0]))
            atol = allowances(k)
            for i in order or range(len(outputs)):
                ctx.expect_close(
                    f"{ORDINALS[k]} {outputs[i]}",
                    got[k][i],
                    want[i],
                    atol=atol[i],
                    mistakes={STATE: lambda i=i, other=other: other()[i]},
                    what=f"is not the gradient for the {ORDINALS[k]} forward's inputs",
                )


@contextmanager
def _naming(ctx: Ctx, each_alone_right: Callable[[], bool]) -> Iterator[None]:
    """Name STATE on a failure that disappears when each backward directly follows
    its own forward."""
    try:
        yield
    except PropertyFailed as failed:
        failure = failed.failure
        if (
            failure.kind in ("wrong_answer", "wrong_shape", "runtime_error")
            and failure.mistake is None
            and each_alone_right()
        ):
            failure.mistake = ctx.mistakes.get(STATE, Mistake(STATE))
            failure.summary += (
                " (called straight after its own forward, each backward is right: the "
                "result depends on which forward ran last)"
            )
        raise


def show_calls(ctx: Ctx, calls: Sequence[dict[str, Any]]) -> None:
    """Show the inputs of both forward-backward pairs, named "first x", "second x"..."""
    ctx.show(
        **{
            f"{ORDINALS[k]} {name}": value
            for k, named in enumerate(calls)
            for name, value in named.items()
        }
    )
