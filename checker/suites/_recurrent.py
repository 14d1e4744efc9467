"""The causality property shared by the recurrent suites (rnn_step, lstm_step):
over a sequence, no hidden state may depend on a later input and no gradient
may reach an input after the step whose loss it came from."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from checker.suitekit import Ctx


def check_causality(
    ctx: Ctx,
    prefix: str,
    names: tuple[str, ...],
    args: tuple,
    dh: np.ndarray,
    k: int,
    seed: int,
    forwards: Callable[[], np.ndarray],
) -> None:
    """`args` = (x, h0, Wx, Wh, b) for `{prefix}_forward`; inputs after step `k`
    are redrawn and `dh` is zeroed after it. `forwards` models the mistake of
    running backpropagation through time forwards (its dx)."""
    x = args[0]
    n, steps, d = x.shape
    hdim = args[1].shape[1]
    later = x.copy()
    later[:, k + 1 :] = np.random.default_rng(seed + 1).standard_normal((n, steps - k - 1, d))
    dh[:, k + 1 :] = 0.0  # only the losses up to step k
    ctx.show(**dict(zip(names, args, strict=True)), dh=dh, k=k)
    h, cache = ctx.call(f"{prefix}_forward", *args, unpack=2)
    ctx.expect_array("h", h, np.zeros((n, steps, hdim)))
    h_later, _ = ctx.call(f"{prefix}_forward", later, *args[1:], unpack=2)
    ctx.expect_array("h", h_later, np.zeros((n, steps, hdim)))
    ctx.expect_close(
        f"h[:, :{k + 1}] with x[:, {k + 1}:] changed",
        np.asarray(h_later)[:, : k + 1],
        np.asarray(h)[:, : k + 1],
        atol=1e-12,
        what=f"differs from h[:, :{k + 1}] of the original x: a state depends on later inputs",
    )
    dx = ctx.call(f"{prefix}_backward", dh, cache, unpack=5)[0]
    ctx.expect_array("dx", dx, x)
    ctx.expect_close(
        f"dx[:, {k + 1}:] with dh[:, {k + 1}:] = 0",
        np.asarray(dx)[:, k + 1 :],
        np.zeros((n, steps - k - 1, d)),
        atol=1e-12,
        what="is not zero: a gradient reached an input after the step whose loss it came from",
        mistakes={"backpropagation through time run forwards": lambda: forwards()[:, k + 1 :]},
    )
