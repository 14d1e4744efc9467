"""Helpers shared by the pooling suites (maxpool, avgpool): window geometries that
shrink to tiny readable examples, distinct-valued inputs, and the machinery that
names a known mistake, telling apart mistakes that coincide on a tiny example by
running the user's code on a few larger probe inputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from checker.suitekit import SCALES, closeness, rng_array

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
