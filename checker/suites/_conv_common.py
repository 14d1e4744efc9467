"""What the conv and conv_im2col suites share: the layer they draw, reading a
wrong output against models of known mistakes, and the two properties that only
differ by the functions they call (the gradient check and the own-cache check)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import SCALES, Ctx, closeness
from checker.suites._own_cache import check_own_cache, show_calls

# The suites' scales, with 1.0 first so that a shrunk example shows readable values.
scales = st.sampled_from((1.0, *(s for s in SCALES if s != 1.0)))


@dataclass(frozen=True)
class Layer:
    n: int
    c: int
    f: int
    h: int
    w: int
    hh: int
    ww: int
    s: int
    p: int

    @property
    def ho(self) -> int:
        return 1 + (self.h + 2 * self.p - self.hh) // self.s

    @property
    def wo(self) -> int:
        return 1 + (self.w + 2 * self.p - self.ww) // self.s

    @property
    def param(self) -> dict[str, int]:
        return {"stride": self.s, "pad": self.p}

    @property
    def x_shape(self) -> tuple[int, int, int, int]:
        return (self.n, self.c, self.h, self.w)

    @property
    def out_shape(self) -> tuple[int, int, int, int]:
        return (self.n, self.f, self.ho, self.wo)

    @property
    def cols_shape(self) -> tuple[int, int]:
        return (self.c * self.hh * self.ww, self.n * self.ho * self.wo)

    @property
    def window(self) -> tuple[int, int, int, int]:
        """(HH, WW, stride, pad): the arguments im2col and col2im take after x."""
        return (self.hh, self.ww, self.s, self.p)

    def arrays(self, seed: int, scale: float = 1.0):
        rng = np.random.default_rng(seed)
        x = rng.standard_normal(self.x_shape) * scale
        w = rng.standard_normal((self.f, self.c, self.hh, self.ww))
        b = rng.standard_normal(self.f) * scale
        dout = rng.standard_normal(self.out_shape)
        return x, w, b, dout


@st.composite
def layers(draw, max_n=2, max_c=3, max_f=3, max_k=3, max_extra=4, max_stride=3, max_pad=2):
    hh, ww = draw(st.integers(1, max_k)), draw(st.integers(1, max_k))
    p = draw(st.integers(0, max_pad))
    return Layer(
        n=draw(st.integers(1, max_n)),
        c=draw(st.integers(1, max_c)),
        f=draw(st.integers(1, max_f)),
        h=max(1, hh - 2 * p) + draw(st.integers(0, max_extra)),
        w=max(1, ww - 2 * p) + draw(st.integers(0, max_extra)),
        hh=hh,
        ww=ww,
        s=draw(st.integers(1, max_stride)),
        p=p,
    )


# ----------------------------------------------------------------- reading a wrong output


def matches(got, value) -> bool:
    got = np.asarray(got)
    return got.shape == value.shape and closeness(got, value, 1e-6, 0.0).ok


def evaluate(models: tuple[Callable[..., np.ndarray], ...], args) -> list[np.ndarray]:
    """Each model's output on `args`; a model that cannot run on this layer is left out."""
    values = []
    for model in models:
        try:
            with np.errstate(all="ignore"):
                values.append(np.asarray(model(*args), dtype=np.float64))
        except (ValueError, IndexError):
            continue
    return values


def closest(got, values: list[np.ndarray]) -> np.ndarray:
    got = np.asarray(got)
    same = [v for v in values if v.shape == got.shape]
    if not same:
        raise ValueError("no variant has the user's shape")
    return min(same, key=lambda v: float(np.nanmax(np.abs(v - got), initial=0.0)))


def out_atol(w: np.ndarray, scale: float) -> float:
    """The absolute tolerance of a layer's output: its entries are sums of C*HH*WW
    products that can cancel to almost zero, so they are judged on those products'
    scale."""
    return 1e-9 * scale * float(np.max(np.abs(w))) * np.sqrt(w[0].size)


def close_ok(got, want: np.ndarray, atol: float) -> bool:
    if not isinstance(got, np.ndarray) or got.shape != want.shape:
        return False
    return closeness(got, want, 1e-6, atol).ok


# ----------------------------------------------------------------- shared properties


def gradient_check(ctx: Ctx, forward: str, backward: str, g: Layer, seed: int) -> None:
    """Finite differences of the user's own forward against the user's backward."""
    x, w, b, dout = g.arrays(seed)
    ctx.show(x=x, w=w, b=b, conv_param=g.param, dout=dout)
    _, cache = ctx.call(forward, x, w, b, dict(g.param), unpack=2)
    dx, dw, db = ctx.call(backward, dout, cache, unpack=3)

    def loss(xv, wv, bv):
        out, _ = ctx.call(forward, xv, wv, bv, dict(g.param), unpack=2)
        return float(np.sum(np.asarray(out) * dout))

    ctx.grad_check("db", lambda v: loss(x, w, v), b, db)
    ctx.grad_check("dw", lambda v: loss(x, v, b), w, dw)
    ctx.grad_check("dx", lambda v: loss(v, w, b), x, dx)


def own_cache(ctx: Ctx, forward: str, backward: str, pair: tuple[Layer, Layer], seed: int) -> None:
    """Two forwards (on `pair`), then each backward with its own cache."""
    arrays = [g.arrays(seed + k) for k, g in enumerate(pair)]
    show_calls(
        ctx,
        [
            {"x": x, "w": w, "b": b, "conv_param": g.param, "dout": dout}
            for g, (x, w, b, dout) in zip(pair, arrays, strict=True)
        ],
    )
    calls = [((x, w, b, g.param), dout) for g, (x, w, b, dout) in zip(pair, arrays, strict=True)]
    check_own_cache(
        ctx,
        forward,
        backward,
        calls,
        ("dx", "dw", "db"),
        atols=lambda k: (1e-9 * float(np.max(np.abs(arrays[k][1]))), 1e-9, 1e-12),
        order=(2, 1, 0),  # db, dw, dx: the simplest gradient's failure first
    )


def inputs_unchanged(ctx: Ctx, forward: str, backward: str, g: Layer, seed: int) -> None:
    """A forward and a backward leave x, w, b and dout as they were."""
    x, w, b, dout = g.arrays(seed)
    saved = {"x": x.copy(), "w": w.copy(), "b": b.copy(), "dout": dout.copy()}
    ctx.show(x=x, w=w, b=b, conv_param=g.param, dout=dout)
    # ctx.call compares each array argument with a copy taken before that call; the
    # comparison below also catches a backward pass that changes x or w through the cache.
    _, cache = ctx.call(forward, x, w, b, dict(g.param), unpack=2)
    ctx.call(backward, dout, cache, unpack=3)
    for name, before in saved.items():
        now = {"x": x, "w": w, "b": b, "dout": dout}[name]
        ctx.expect(
            np.array_equal(now, before),
            f"{name} changed during the forward and backward calls; work on copies",
        )
