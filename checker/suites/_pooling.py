"""What the pooling suites (maxpool, avgpool) share: window geometries that shrink
to tiny readable examples, distinct-valued inputs, the machinery that names a known
mistake (telling apart mistakes that coincide on a tiny example by running the
user's code on a few larger probe inputs), and the properties both drills state
alike, registered by add_value_properties, add_sum_property and add_speeds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import SCALES, Ctx, Suite, as_layout, closeness, layouts, rng_array, seeds
from checker.suites._layouts import note
from checker.suites._own_cache import TITLE, check_own_cache, show_calls

# The suite's scales, with 1.0 first so that a shrunk example shows readable values.
scales = st.sampled_from((1.0, *(s for s in SCALES if s != 1.0)))


@dataclass(frozen=True)
class Geometry:
    n: int
    c: int
    h: int
    w: int
    ph: int
    pw: int
    s: int

    @property
    def ho(self) -> int:
        return 1 + (self.h - self.ph) // self.s

    @property
    def wo(self) -> int:
        return 1 + (self.w - self.pw) // self.s

    @property
    def x_shape(self) -> tuple[int, int, int, int]:
        return (self.n, self.c, self.h, self.w)

    @property
    def out_shape(self) -> tuple[int, int, int, int]:
        return (self.n, self.c, self.ho, self.wo)

    @property
    def param(self) -> dict[str, int]:
        return {"pool_height": self.ph, "pool_width": self.pw, "stride": self.s}


@st.composite
def geometries(draw, max_n=2, max_c=3, max_pool=3, max_extra=5, max_stride=3, overlap=None):
    """Shapes that shrink towards tiny examples; H and W, ph and pw drawn apart so
    non-square inputs and pools are common. `overlap=False` keeps s >= the pool."""
    ph, pw = draw(st.integers(1, max_pool)), draw(st.integers(1, max_pool))
    low = max(ph, pw) if overlap is False else 1
    s = draw(st.integers(low, max(low, max_stride)))
    return Geometry(
        n=draw(st.integers(1, max_n)),
        c=draw(st.integers(1, max_c)),
        h=ph + draw(st.integers(0, max_extra)),
        w=pw + draw(st.integers(0, max_extra)),
        ph=ph,
        pw=pw,
        s=s,
    )


def distinct_values(seed: int, shape: tuple[int, ...], scale: float = 1.0) -> np.ndarray:
    """A shuffled ramp centred on zero: every entry distinct, neighbours `scale` apart."""
    size = int(np.prod(shape))
    ramp = np.random.default_rng(seed).permutation(size) - (size - 1) / 2
    return (ramp * scale).reshape(shape)


# Larger inputs that tell apart mistakes which coincide on a tiny example.
PROBES = (
    Geometry(2, 2, 7, 6, 3, 2, 1),
    Geometry(2, 3, 8, 9, 2, 3, 2),
    Geometry(2, 2, 9, 7, 2, 2, 3),
)


def pool_loop(x, ph, pw, s, ho, wo, reduce=np.max):
    """Pooling as a loop would compute it with these (possibly wrong) sizes; numpy
    silently truncates windows that run off the edge, as in the user's code, and an
    empty window raises, which rules this variant out for the example."""
    out = np.empty(x.shape[:2] + (ho, wo))
    for i in range(ho):
        for j in range(wo):
            window = x[:, :, i * s : i * s + ph, j * s : j * s + pw]
            out[:, :, i, j] = reduce(window, axis=(2, 3))
    return out


Model = Callable[[np.ndarray, Geometry, np.ndarray], np.ndarray]


def matches(got, value) -> bool:
    got = np.asarray(got)
    return got.shape == value.shape and closeness(got, value, 1e-6, 0.0).ok


def evaluate(models: tuple[Model, ...], x, g, dout) -> list[np.ndarray]:
    values = []
    for model in models:
        try:
            with np.errstate(all="ignore"):
                values.append(np.asarray(model(x, g, dout), dtype=np.float64))
        except (ValueError, IndexError):  # this variant cannot run on this geometry
            continue
    return values


def closest(got, values: list[np.ndarray]) -> np.ndarray:
    """The variant of a mistake nearest to what the user returned."""
    got = np.asarray(got)
    same = [v for v in values if v.shape == got.shape]
    if not same:
        raise ValueError("no variant has the user's shape")
    return min(same, key=lambda v: float(np.nanmax(np.abs(v - got), initial=0.0)))


def diagnose(
    got,
    x: np.ndarray,
    g: Geometry,
    dout: np.ndarray | None,
    table: dict[str, tuple[Model, ...]],
    user_on: Callable[[Geometry, np.ndarray, np.ndarray], object],
) -> dict[str, Callable[[], np.ndarray]]:
    """The `mistakes` argument for expect_close: the models that explain `got`,
    disambiguated on the probe inputs when a tiny example fits several."""
    fits = {}
    for name, models in table.items():
        values = evaluate(models, x, g, dout)
        if any(matches(got, v) for v in values):
            fits[name] = values
    if len(fits) > 1:
        scores = dict.fromkeys(fits, 0)
        for k, probe in enumerate(PROBES):
            px = distinct_values(1000 + k, probe.x_shape)
            pd = rng_array(2000 + k, probe.out_shape)
            try:
                user = user_on(probe, px, pd)
            except Exception:  # the user's code fails on the probe: no evidence
                continue
            for name in fits:
                if any(matches(user, v) for v in evaluate(table[name], px, probe, pd)):
                    scores[name] += 1
        best = max(scores.values())
        fits = {name: v for name, v in fits.items() if scores[name] == best}
    return {name: (lambda values=values: closest(got, values)) for name, values in fits.items()}


# ----------------------------------------------------------------- shared properties


@dataclass(frozen=True)
class PoolingSpec:
    """What differs between the pooling drills in the properties they share."""

    forward: str  # the forward function's name, e.g. "max_pool_forward"
    backward: str
    # make_x(seed, shape, scale): max pooling needs distinct values (one maximum per
    # window, so max is differentiable there); average pooling is linear and takes
    # plain normal values.
    make_x: Callable[[int, tuple[int, ...], float], np.ndarray]
    forward_mistakes: dict[str, tuple[Model, ...]]
    backward_mistakes: dict[str, tuple[Model, ...]]
    forward_text: str  # the forward property's name, as the user sees it
    backward_text: str
    value_examples: int  # max_examples of the forward and backward comparisons
    # atol of the forward comparison, per unit of the input's scale: a mean of
    # values can cancel to almost zero, a maximum is always one of the inputs.
    forward_atol: float = 0.0
    # Whether dout is drawn on x's scale too, or at scale 1.
    dout_on_x_scale: bool = False


def _user_forward(ctx: Ctx, spec: PoolingSpec) -> Callable:
    """The user's forward on a probe geometry, for diagnose."""

    def run(g: Geometry, x: np.ndarray, dout: np.ndarray):
        out, _ = ctx.call(spec.forward, x, g.param, unpack=2)
        return out

    return run


def _user_backward(ctx: Ctx, spec: PoolingSpec) -> Callable:
    """The user's backward on a probe geometry, for diagnose."""

    def run(g: Geometry, x: np.ndarray, dout: np.ndarray):
        _, cache = ctx.call(spec.forward, x, g.param, unpack=2)
        return ctx.call(spec.backward, dout, cache)

    return run


def _user_dx(ctx: Ctx, spec: PoolingSpec, x: np.ndarray, g: Geometry, dout: np.ndarray):
    _, cache = ctx.call(spec.forward, x, dict(g.param), unpack=2)
    return ctx.call(spec.backward, dout, cache)


def add_value_properties(suite: Suite, spec: PoolingSpec) -> None:
    """Register, in this order, the comparison of out and of dx with the reference
    (naming a known mistake on a mismatch; the user's code gets its arrays in a
    drawn memory layout), the gradient check, and the own-cache property."""

    @suite.prop(
        spec.forward_text,
        max_examples=spec.value_examples,
        g=geometries(),
        seed=seeds,
        scale=scales,
        layout=layouts,
    )
    def forward_values(ctx: Ctx, g, seed, scale, layout):
        x = spec.make_x(seed, g.x_shape, scale)
        ctx.show(x=x, pool_param=g.param, layout=note(layout))
        out, _ = ctx.call(spec.forward, as_layout(x, layout), dict(g.param), unpack=2)
        expected, _ = getattr(ctx.ref, spec.forward)(x.copy(), dict(g.param))
        mistakes = {}
        if not matches(out, expected):
            mistakes = diagnose(out, x, g, None, spec.forward_mistakes, _user_forward(ctx, spec))
        atol = spec.forward_atol * scale
        ctx.expect_close("out", out, expected, atol=atol, mistakes=mistakes)

    @suite.prop(
        spec.backward_text,
        max_examples=spec.value_examples,
        g=geometries(),
        seed=seeds,
        scale=scales,
        layout=layouts,
    )
    def backward_values(ctx: Ctx, g, seed, scale, layout):
        x = spec.make_x(seed, g.x_shape, scale)
        dout = rng_array(seed + 1, g.out_shape, scale if spec.dout_on_x_scale else 1.0)
        ctx.show(x=x, pool_param=g.param, dout=dout, layout=note(layout))
        dx = _user_dx(ctx, spec, as_layout(x, layout), g, as_layout(dout, layout))
        _, ref_cache = getattr(ctx.ref, spec.forward)(x.copy(), dict(g.param))
        expected = getattr(ctx.ref, spec.backward)(dout.copy(), ref_cache)
        mistakes = {}
        if not matches(dx, expected):
            mistakes = diagnose(dx, x, g, dout, spec.backward_mistakes, _user_backward(ctx, spec))
        ctx.expect_close("dx", dx, expected, mistakes=mistakes)

    @suite.prop(
        "gradient check: backward is the derivative of your forward",
        max_examples=10,
        g=geometries(max_c=2, max_extra=3),
        seed=seeds,
    )
    def gradient_check(ctx: Ctx, g, seed):
        # At scale 1, distinct values are 1 apart, far more than the finite-difference
        # step, so no perturbation changes which entry wins a max-pooling window.
        x = spec.make_x(seed, g.x_shape, 1.0)
        dout = rng_array(seed + 2, g.out_shape)
        ctx.show(x=x, pool_param=g.param, dout=dout)
        dx = _user_dx(ctx, spec, x, g, dout)

        def loss(v):
            out, _ = ctx.call(spec.forward, v, dict(g.param), unpack=2)
            return float(np.sum(np.asarray(out) * dout))

        ctx.grad_check("dx", loss, x, dx)

    @suite.prop(
        TITLE,
        max_examples=6,
        first=geometries(),
        second=geometries(),
        other_shape=st.booleans(),
        pick=st.integers(0, 50),
        seed=seeds,
        scale=scales,
    )
    def own_cache(ctx: Ctx, first, second, other_shape, pick, seed, scale):
        # Same shapes: another window (average pooling's backward depends on x's
        # shape and the window alone); other shapes: any other geometry.
        pair = (first, second if other_shape else other_window(first, pick))
        xs = [spec.make_x(seed + 2 * k, g.x_shape, scale) for k, g in enumerate(pair)]
        dscale = scale if spec.dout_on_x_scale else 1.0
        douts = [rng_array(seed + 2 * k + 1, g.out_shape, dscale) for k, g in enumerate(pair)]
        show_calls(
            ctx,
            [
                {"x": x, "pool_param": g.param, "dout": d}
                for g, x, d in zip(pair, xs, douts, strict=True)
            ],
        )
        calls = [((x, g.param), d) for g, x, d in zip(pair, xs, douts, strict=True)]
        check_own_cache(ctx, spec.forward, spec.backward, calls, ("dx",))


def other_window(g: Geometry, pick: int) -> Geometry:
    """A geometry with g's input and output shapes whose windows differ from g's
    (the `pick`-th such one, cyclically), or g itself when there is none."""

    def spans(size: int, step: int, count: int) -> list[tuple[int, int]]:
        return [(i * step, i * step + size) for i in range(count)]

    options = [
        Geometry(g.n, g.c, g.h, g.w, ph, pw, s)
        for ph in range(1, g.h + 1)
        for pw in range(1, g.w + 1)
        for s in range(1, 4)
    ]
    options = [
        o
        for o in options
        if o.out_shape == g.out_shape
        and (spans(o.ph, o.s, o.ho), spans(o.pw, o.s, o.wo))
        != (spans(g.ph, g.s, g.ho), spans(g.pw, g.s, g.wo))
    ]
    return options[pick % len(options)] if options else g


def add_sum_property(
    suite: Suite, spec: PoolingSpec, text: str, geometry: st.SearchStrategy, what: str
) -> None:
    """Register "dx sums to dout's sum" on the geometries where it holds: every
    window hands on exactly its own gradient. `what` ends the failure message."""

    @suite.prop(text, max_examples=15, g=geometry, seed=seeds, scale=scales)
    def sums_match(ctx: Ctx, g, seed, scale):
        x = spec.make_x(seed, g.x_shape, scale)
        dout = rng_array(seed + 4, g.out_shape, scale)
        ctx.show(x=x, pool_param=g.param, dout=dout)
        dx = _user_dx(ctx, spec, x, g, dout)
        ctx.expect_array("dx", dx, x)
        ctx.expect_close(
            "sum of dx",
            float(np.sum(dx)),
            float(np.sum(dout)),
            atol=1e-12 * float(np.sum(np.abs(dout))),
            what=what,
        )


# Both drills are timed on the same realistic layer: a loop over every output entry
# is far slower than one over the window offsets or a reshape.
SPEED = Geometry(32, 16, 32, 32, 2, 2, 2)
SPEED_SIZE = "N=32, C=16, H=W=32, 2x2 pool, stride 2"


def add_speeds(suite: Suite, spec: PoolingSpec) -> None:
    """Register the speed advice for the forward and then the backward."""

    @suite.speed(spec.forward, size=SPEED_SIZE)
    def _speed_forward(impl, rng: np.random.Generator):
        x = rng.standard_normal(SPEED.x_shape)
        forward = getattr(impl, spec.forward)
        return lambda: forward(x, dict(SPEED.param))

    @suite.speed(spec.backward, size=SPEED_SIZE)
    def _speed_backward(impl, rng: np.random.Generator):
        x = rng.standard_normal(SPEED.x_shape)
        dout = rng.standard_normal(SPEED.out_shape)
        _, cache = getattr(impl, spec.forward)(x, dict(SPEED.param))
        backward = getattr(impl, spec.backward)
        return lambda: backward(dout, cache)
