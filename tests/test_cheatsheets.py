"""Cheatsheets: required pages and sections, runnable and correct code, no raw
LaTeX in the terminal, the `drill cheatsheet` command, and every link to them."""

from __future__ import annotations

import importlib.util
import io
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from rich.cells import cell_len
from rich.console import Console

from checker.cheatsheets import (
    UnknownCheatsheet,
    code_blocks,
    find_section,
    formulas_in,
    latex_to_text,
    load_page,
    markdown_for_terminal,
    page_names,
    resolve_link,
    slugify,
)
from checker.cheatsheets import load_all as load_all_pages
from checker.formulas import display_formulas, fit
from checker.render.cheatsheet import page_markdown

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = REPO / "solutions"

REQUIRED_SECTIONS = {
    "batchnorm": [
        "Forward pass", "Backward pass, staged", "Backward pass, compact", "Train vs test",
        "Parameters in a conv net", "Layer norm and spatial batch norm",
        "Conventions and traps", "Common mistakes",
    ],
    "dropout": [
        "Inverted dropout", "Train vs test", "Why it regularises", "Conventions and traps",
        "Common mistakes",
    ],
    "optimisers": [
        "Gradient descent and mini-batches", "Exponentially weighted averages",
        "Bias correction", "Momentum", "RMSprop", "Adam", "Learning-rate decay",
        "Saddle points and plateaus", "Common mistakes",
    ],
    "pooling": ["Max pooling", "Average pooling", "Backward pass", "Common mistakes"],
    "activations": [
        "Sigmoid", "Tanh", "ReLU and leaky ReLU", "ELU and maxout",
        "Vanishing and exploding gradients", "Common mistakes",
    ],
    "regularisation": [
        "Overfitting", "L2 and weight decay", "L1", "Other regularisers", "Common mistakes",
    ],
    "initialisation": ["Why initialisation matters", "Xavier and He", "Common mistakes"],
    "gradient-checking": [
        "Centred differences", "Relative error", "In practice", "Common mistakes",
    ],
    "training-practice": [
        "Independent and identically distributed data", "Internal covariate shift",
        "Data splits", "Bias and variance", "Input normalisation", "Preprocessing",
        "Hyperparameter search", "Transfer learning",
        "Feature selection vs dimensionality reduction", "Common mistakes",
    ],
    "softmax": [
        "Softmax", "Cross-entropy loss and its gradient", "Numerical stability",
        "Common mistakes",
    ],
    "layers": ["Affine layer", "Convolution", "A fully connected network", "Common mistakes"],
    "sequence-models": [
        "Word embeddings", "Vanilla RNN", "Backpropagation through time", "LSTM", "GRU",
        "Common mistakes",
    ],
    "attention": [
        "Scaled dot-product attention", "Masking", "Multi-head attention", "KV cache",
        "Positional information", "Sampling the next token", "Common mistakes",
    ],
    "clustering": ["k-means", "k-means++ initialisation", "Choosing k", "Common mistakes"],
    "linux": [
        "Processes and jobs", "Files and links", "Search", "Disk and memory", "Text tools",
        "GPUs", "Networking", "Archives", "Permissions", "Environment",
        "Terminal multiplexers", "Vim basics", "Where the notes go wrong",
    ],
}  # fmt: skip

# The checker's diagnoses link to these as page#slug, so the words are fixed.
REQUIRED_MISTAKES = {
    "batchnorm": [
        "dx without the mean path", "dx without the variance path",
        "epsilon outside the square root", "unbiased batch variance",
        "statistics kept as (1, D)", "running variance includes eps",
        "momentum weights the batch statistic", "test mode uses batch statistics",
        "running statistics not stored",
    ],
    "dropout": [
        "p used as the keep probability", "kept units not rescaled",
        "test mode not the identity", "one mask for the whole batch",
        "backward draws a new mask", "seed ignored", "only 2-D input handled",
    ],
    "optimisers": [
        "t not incremented", "t off by one", "no bias correction",
        "epsilon inside the square root", "moments not carried forward",
        "beta1 and beta2 swapped", "second moment of the raw gradient",
    ],
    "pooling": [
        "assigning instead of accumulating", "H and W swapped",
        "gradient spread over the whole window", "output size off by one", "stride ignored",
    ],
    "attention": [
        "scores not scaled by 1/sqrt(d)", "scores scaled by 1/d", "scaled by the wrong dimension",
        "softmax over the query axis", "k transposed with .T (all axes reversed)",
        "mask meaning inverted", "mask applied after the softmax",
        "row max taken before the mask", "fully masked row gives NaN",
        "fully masked row averages every value",
        "softmax backward element-wise (no row-sum term)",
        "row sum of the softmax backward over the query axis",
        "1/sqrt(d) missing from dq or dk", "weights not transposed in dv or dk",
        "state kept outside the cache",
        "query does not attend to its own key", "new key prepended instead of appended",
        "cache not grown (old cache returned)", "cache overwritten with only the last step",
        "concatenated on the wrong axis", "input cache mutated in place",
        "softmax over the batch axis",
        "temperature 0 not greedy", "temperature multiplied instead of divided",
        "top-k keeps the k smallest", "ties at the k-th logit dropped",
        "top-p excludes the crossing token", "off-by-one in the cumulative cut",
        "top-p on unsorted probabilities", "top-p before temperature",
        "top-p measured before top-k", "renormalisation forgotten",
        "logits used as probabilities", "always the argmax (no sampling)", "rng ignored",
        "one random number for the whole batch",
        "masked scores set to 0 instead of minus infinity",
        "filtered logits set to 0 instead of minus infinity",
        # multihead_attention
        "heads split by reshape without transpose", "heads merged without transposing back",
        "scaled by the model width instead of the head width", "projection weights transposed",
        "causal mask without the diagonal", "causal mask attends to the future",
        "every head uses the same slice of the weights",
        "dx not summed over the Q, K and V paths", "weight gradient transposed",
        "dWo from heads not merged back",
        # rope
        "neighbours paired instead of the two halves", "theta exponent missing the factor 2",
        "theta exponent doubled", "frequencies indexed from 1", "theta not inverted",
        "every pair rotated by the same angle", "one frequency per dimension instead of per pair",
        "angles repeated instead of tiled", "rotated the wrong way (sin signs swapped)",
        "output halves swapped", "rotate half left out", "sinusoids added instead of rotating",
        "row index used instead of pos", "base argument ignored",
        "halves split on axis 1 instead of the last axis",
        "backward rotates the same way as the forward", "backward returns dout unchanged",
    ],
    "layers": [
        "col2im assigning instead of adding", "filter and batch axes not swapped",
        "im2col rows ordered channels last", "im2col columns with the batch last",
        "im2col with one row per window", "crop end written as minus pad",
        "dw left in matrix form", "db not summed over the batch and positions",
        "output size rounded up", "stride ignored in im2col",
        "convolution looping over every output", "state kept outside the cache",
    ],
    "sequence-models": [
        "repeated ids keep only one write", "dW returned per position (N, T, D)",
        "vocabulary size read off x", "dW not started from zeros", "dW is an integer array",
        "dW averaged over the batch", "out not reshaped to (N, T, D)",
        "state kept outside the cache", "Wh transposed in the forward pass",
        "tanh derivative taken at the wrong point", "wrong formula for tanh's derivative",
        "tanh derivative left out", "dWx or dWh transposed",
        "gradients sent back without the transpose", "db summed over the wrong axis",
        "time stacked first", "h0 fed to every step", "hidden states shifted by one step",
        "no gradient carried back through time", "backpropagation through time run forwards",
        "weight gradients overwritten at each step", "dh0 left at zero",
        "last step's upstream gradient added twice", "steps share one cache",
        "gates in the wrong order", "tanh of the previous cell state",
        "previous cell's gradient missing the forget gate",
    ],
    "clustering": [
        "distances not squared", "farthest point chosen deterministically",
        "distance to the last centre only", "first centre always row 0",
        "centres drawn uniformly", "rng ignored", "no fallback when every distance is zero",
        "fallback draws rows already chosen", "empty cluster gives NaN",
        "empty cluster dropped", "empty cluster moved to the origin",
        "stops after one iteration", "max iterations off by one",
        "stops when centres move less than a tolerance",
        "labels not recomputed after the last update", "ties to the highest index",
        "centre updated to the median", "given centres updated in place",
        "mean over every coordinate (axis missing)",
    ],
}  # fmt: skip

PAGES_WITHOUT_PYTHON = {"linux"}
RAW_LATEX = ("$", "\\frac", "\\sqrt", "\\sum", "\\hat", "^{", "_{")


def _python_blocks() -> list[tuple[str, int, str]]:
    return [
        (name, block.line, block.code)
        for name in page_names()
        for block in code_blocks(load_page(name).text)
        if block.language == "python"
    ]


PYTHON_BLOCKS = _python_blocks()


# --- pages and sections --------------------------------------------------------


def test_exactly_the_agreed_pages_exist():
    missing = set(REQUIRED_SECTIONS) - set(page_names())
    assert not missing, f"cheatsheets missing: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(REQUIRED_SECTIONS))
def test_page_has_its_required_sections_in_order(name):
    page = load_page(name)
    titles = [s.title for s in page.top_sections]
    missing = [t for t in REQUIRED_SECTIONS[name] if t not in titles]
    assert not missing, f"{name}: missing sections {missing}"
    positions = [titles.index(t) for t in REQUIRED_SECTIONS[name]]
    assert positions == sorted(positions), f"{name}: required sections out of order"
    assert page.summary, f"{name}: no first paragraph to use as its summary"


@pytest.mark.parametrize("name", sorted(REQUIRED_MISTAKES))
def test_every_mistake_has_its_own_subsection_under_common_mistakes(name):
    common = load_page(name).section("common-mistakes")
    assert common is not None
    subsections = re.findall(r"^### (.+?)\s*$", common.text, flags=re.MULTILINE)
    missing = [m for m in REQUIRED_MISTAKES[name] if m not in subsections]
    assert not missing, f"{name}: no ### subsection for {missing}"


@pytest.mark.parametrize("name", sorted(REQUIRED_SECTIONS))
def test_page_links_to_practice_it(name):
    text = load_page(name).text
    assert re.search(r"`drill (start|quiz|cards) [a-z0-9_-]+`", text), (
        f"{name}: no `drill start/quiz/cards ...` pointer"
    )


def test_slugs_follow_githubs_rule():
    assert slugify("Backward pass, staged") == "backward-pass-staged"
    assert slugify("Train vs test") == "train-vs-test"
    assert slugify("statistics kept as (1, D)") == "statistics-kept-as-1-d"
    assert slugify("running variance accumulates var + eps") == (
        "running-variance-accumulates-var--eps"  # why such headings are renamed
    )
    assert slugify("Learning-rate decay") == "learning-rate-decay"


def test_a_comment_inside_a_code_block_is_not_a_heading():
    page = load_page("batchnorm")
    assert all(not s.title.startswith("checks:") for s in page.sections)


# --- code blocks ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(set(REQUIRED_SECTIONS) - PAGES_WITHOUT_PYTHON))
def test_page_has_runnable_python(name):
    assert any(page == name for page, _, _ in PYTHON_BLOCKS), f"{name}: no ```python block"


@pytest.mark.parametrize(
    ("name", "line", "code"), PYTHON_BLOCKS, ids=[f"{n}:{ln}" for n, ln, _ in PYTHON_BLOCKS]
)
def test_python_block_runs_on_its_own(name, line, code):
    exec(compile(code, f"cheatsheets/{name}.md:{line}", "exec"), {"__name__": "cheatsheet"})


# --- formulas checked against the reference solutions -------------------------------
#
# A formula block starts with one or more marker lines
#     # checks: <solution module>.<function> via <function defined in the block>
# and each marker becomes one test comparing the block's function with
# solutions/<module>.py on random inputs. The block's functions take plain
# arguments (no config dicts), so each check adapts the call to the reference's.

MARKER = re.compile(r"^# checks: (?P<ref>[\w.-]+) via (?P<fn>\w+)\s*$")


def _marker_lines(code: str) -> list[str]:
    lines = code.splitlines()
    leading = []
    for line in lines:
        if not line.startswith("# checks:"):
            break
        leading.append(line)
    return leading


def _load_solution(module: str):
    path = SOLUTIONS / f"{module}.py"
    if not path.is_file():
        pytest.fail(f"a cheatsheet block is checked against {path}, which does not exist")
    spec = importlib.util.spec_from_file_location(f"solution_{module}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _reference(ref: str) -> Callable:
    """The reference function named 'module.function'; a missing one fails the test."""
    module, _, function = ref.partition(".")
    if not module or not function:
        pytest.fail(f"'{ref}' does not name a solution as module.function")
    found = getattr(_load_solution(module), function, None)
    if not callable(found):
        pytest.fail(f"solutions/{module}.py defines no function {function}")
    return found


def _assert_close(got, want, label: str = "", rtol: float = 1e-7, atol: float = 1e-12) -> None:
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, f"{label}: shape {got.shape}, expected {want.shape}"
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=label)


class _KnownDraws:
    """A stand-in for np.random.Generator whose draws are fixed ramps, so the
    deterministic part of a random formula (a scale, a transform) can be compared
    exactly. It answers the methods a sampler would reasonably call."""

    @staticmethod
    def _ramp(size, low: float, high: float) -> np.ndarray:
        count = int(np.prod(size))
        return np.linspace(low, high, count).reshape(size)

    def standard_normal(self, size=None):
        return self._ramp(size, -2.5, 2.5)

    def normal(self, loc=0.0, scale=1.0, size=None):
        return loc + scale * self.standard_normal(size)

    def random(self, size=None):
        return self._ramp(size, 0.0, 1.0)

    def uniform(self, low=0.0, high=1.0, size=None):
        return low + (high - low) * self.random(size)


# batch norm and its relatives -------------------------------------------------------


def _check_bn_forward(fn: Callable) -> None:
    ref = _reference("batchnorm.batchnorm_forward")
    rng = np.random.default_rng(10)
    for n, d in [(2, 1), (5, 3), (64, 7)]:
        x = rng.normal(2.0, 3.0, size=(n, d))
        gamma, beta = rng.normal(size=d), rng.normal(size=d)
        want, _ = ref(x, gamma, beta, {"mode": "train", "eps": 1e-5})
        got, _ = fn(x, gamma, beta, 1e-5)
        np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9)


def _check_bn_backward(fn: Callable) -> None:
    forward = _reference("batchnorm.batchnorm_forward")
    ref = _reference("batchnorm.batchnorm_backward")
    rng = np.random.default_rng(11)
    for n, d in [(2, 1), (5, 3), (64, 7)]:
        x = rng.normal(-1.0, 2.0, size=(n, d))
        gamma, beta = rng.normal(size=d), rng.normal(size=d)
        dout = rng.normal(size=(n, d))
        _, cache = forward(x, gamma, beta, {"mode": "train", "eps": 1e-5})
        want = ref(dout, cache)
        got = fn(dout, x, gamma, 1e-5)
        for label, g, w in zip(("dx", "dgamma", "dbeta"), got, want, strict=True):
            np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-9, err_msg=label)


def _check_layernorm_forward(fn: Callable) -> None:
    ref = _reference("layernorm.layernorm_forward")
    rng = np.random.default_rng(30)
    for (n, d), eps in [((1, 1), 1e-5), ((4, 6), 1e-3), ((8, 2), 1e-8), ((3, 5), 1e-5)]:
        x = rng.normal(1.0, 4.0, size=(n, d)) + rng.normal(size=(n, 1)) * 10
        gamma, beta = rng.normal(size=d), rng.normal(size=d)
        want, _ = ref(x, gamma, beta, {"eps": eps})
        _assert_close(fn(x, gamma, beta, eps), want, "layer norm out", atol=1e-10)
    x = rng.normal(size=(3, 4))
    want, _ = ref(x, np.ones(4), np.zeros(4), {})
    _assert_close(fn(x, np.ones(4), np.zeros(4)), want, "default eps", atol=1e-10)


def _check_layernorm_backward(fn: Callable) -> None:
    forward = _reference("layernorm.layernorm_forward")
    ref = _reference("layernorm.layernorm_backward")
    rng = np.random.default_rng(31)
    for (n, d), eps in [((1, 3), 1e-5), ((4, 6), 1e-3), ((8, 2), 1e-8), ((5, 1), 1e-5)]:
        x = rng.normal(-2.0, 3.0, size=(n, d))
        gamma, beta, dout = rng.normal(size=d), rng.normal(size=d), rng.normal(size=(n, d))
        _, cache = forward(x, gamma, beta, {"eps": eps})
        got = fn(dout, x, gamma, eps)
        for label, g, w in zip(("dx", "dgamma", "dbeta"), got, ref(dout, cache), strict=True):
            _assert_close(g, w, f"layer norm {label}", rtol=1e-6, atol=1e-9)


def _check_spatial_bn_forward(fn: Callable) -> None:
    ref = _reference("spatial_batchnorm.spatial_batchnorm_forward")
    rng = np.random.default_rng(32)
    for shape, eps in [((2, 3, 4, 5), 1e-5), ((1, 1, 3, 2), 1e-3), ((4, 2, 1, 1), 1e-5)]:
        offsets = rng.normal(size=(1, shape[1], 1, 1)) * 10
        x = rng.normal(size=shape) * 3 + offsets
        gamma, beta = rng.normal(size=shape[1]), rng.normal(size=shape[1])
        want, _ = ref(x, gamma, beta, {"mode": "train", "eps": eps})
        _assert_close(fn(x, gamma, beta, eps), want, "spatial batch norm out", atol=1e-10)


def _check_spatial_bn_backward(fn: Callable) -> None:
    forward = _reference("spatial_batchnorm.spatial_batchnorm_forward")
    ref = _reference("spatial_batchnorm.spatial_batchnorm_backward")
    rng = np.random.default_rng(33)
    for shape, eps in [((2, 3, 4, 5), 1e-5), ((1, 2, 3, 2), 1e-3), ((5, 2, 1, 1), 1e-5)]:
        x = rng.normal(size=shape) * 2 + rng.normal(size=(1, shape[1], 1, 1))
        gamma, beta, dout = (
            rng.normal(size=shape[1]),
            rng.normal(size=shape[1]),
            rng.normal(size=shape),
        )
        _, cache = forward(x, gamma, beta, {"mode": "train", "eps": eps})
        got = fn(dout, x, gamma, eps)
        for label, g, w in zip(("dx", "dgamma", "dbeta"), got, ref(dout, cache), strict=True):
            _assert_close(g, w, f"spatial batch norm {label}", rtol=1e-6, atol=1e-9)


# layers ------------------------------------------------------------------------------


def _check_affine_forward(fn: Callable) -> None:
    ref = _reference("affine.affine_forward")
    rng = np.random.default_rng(40)
    for x_shape, m in [((1, 1), 1), ((4, 2, 3), 5), ((3, 2, 2, 2), 2)]:
        x = rng.normal(size=x_shape)
        w, b = rng.normal(size=(int(np.prod(x_shape[1:])), m)), rng.normal(size=m)
        want, _ = ref(x, w, b)
        _assert_close(fn(x, w, b), want, "affine out")


def _check_affine_backward(fn: Callable) -> None:
    forward, ref = _reference("affine.affine_forward"), _reference("affine.affine_backward")
    rng = np.random.default_rng(41)
    for x_shape, m in [((1, 1), 1), ((4, 2, 3), 5), ((3, 2, 2, 2), 2)]:
        x = rng.normal(size=x_shape)
        w, b = rng.normal(size=(int(np.prod(x_shape[1:])), m)), rng.normal(size=m)
        dout = rng.normal(size=(x_shape[0], m))
        _, cache = forward(x, w, b)
        got = fn(dout, x, w)
        for label, g, want in zip(("dx", "dw", "db"), got, ref(dout, cache), strict=True):
            _assert_close(g, want, f"affine {label}")


CONV_CASES = [  # x shape, w shape, stride, pad
    ((2, 3, 7, 6), (4, 3, 3, 2), 2, 1),
    ((1, 1, 5, 5), (2, 1, 1, 1), 1, 0),
    ((2, 2, 6, 8), (3, 2, 3, 3), 3, 2),
    ((1, 2, 4, 4), (1, 2, 4, 4), 1, 0),
]


def _check_conv_forward(fn: Callable) -> None:
    ref = _reference("conv.conv_forward_naive")
    rng = np.random.default_rng(42)
    for x_shape, w_shape, stride, pad in CONV_CASES:
        x, w, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[0])
        want, _ = ref(x, w, b, {"stride": stride, "pad": pad})
        _assert_close(fn(x, w, b, stride, pad), want, f"conv out {x_shape} {w_shape}", atol=1e-10)


def _check_conv_backward(fn: Callable) -> None:
    forward, ref = _reference("conv.conv_forward_naive"), _reference("conv.conv_backward_naive")
    rng = np.random.default_rng(43)
    for x_shape, w_shape, stride, pad in CONV_CASES:
        x, w, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[0])
        out, cache = forward(x, w, b, {"stride": stride, "pad": pad})
        dout = rng.normal(size=out.shape)
        got = fn(dout, x, w, stride, pad)
        for label, g, want in zip(("dx", "dw", "db"), got, ref(dout, cache), strict=True):
            _assert_close(g, want, f"conv {label} {x_shape} {w_shape}", atol=1e-10)


POOL_CASES = [  # x shape, pool height, pool width, stride
    ((2, 3, 4, 6), 2, 2, 2),
    ((1, 2, 5, 7), 3, 2, 1),
    ((2, 1, 7, 5), 2, 3, 2),
    ((1, 1, 6, 6), 1, 1, 3),
    ((1, 2, 5, 4), 5, 4, 1),
]


def _pool_param(ph: int, pw: int, stride: int) -> dict:
    return {"pool_height": ph, "pool_width": pw, "stride": stride}


def _check_pool_forward(kind: str, fn: Callable) -> None:
    ref = _reference(f"{kind}pool.{kind}_pool_forward")
    rng = np.random.default_rng(44)
    for shape, ph, pw, stride in POOL_CASES:
        x = rng.normal(size=shape)
        want, _ = ref(x, _pool_param(ph, pw, stride))
        _assert_close(fn(x, ph, pw, stride), want, f"{kind} pool out {shape} {ph}x{pw}/{stride}")


def _check_pool_backward(kind: str, fn: Callable) -> None:
    forward = _reference(f"{kind}pool.{kind}_pool_forward")
    ref = _reference(f"{kind}pool.{kind}_pool_backward")
    rng = np.random.default_rng(45)
    for shape, ph, pw, stride in POOL_CASES:
        x = rng.normal(size=shape)  # distinct values: every window has one maximum
        out, cache = forward(x, _pool_param(ph, pw, stride))
        dout = rng.normal(size=out.shape)
        _assert_close(
            fn(dout, x, ph, pw, stride), ref(dout, cache),
            f"{kind} pool dx {shape} {ph}x{pw}/{stride}",
        )  # fmt: skip


def _check_dropout_forward(fn: Callable) -> None:
    """Masks are random, so compare the rule: the same scale 1/(1 - p) on kept units,
    the same kept fraction, and the identity at test time."""
    ref = _reference("dropout.dropout_forward")
    rng = np.random.default_rng(46)
    for shape, p in [((400, 50), 0.3), ((8, 3, 10, 10), 0.5), ((5000,), 0.0), ((300, 40), 0.9)]:
        x = rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)
        want, _ = ref(x, {"p": p, "mode": "train", "seed": 3})
        got, _ = fn(x, p, "train", seed=3)
        assert np.shape(got) == shape, f"dropout out has shape {np.shape(got)}, not {shape}"
        scales = [np.unique(np.round(out / x, 9)) for out in (got, want)]
        _assert_close(scales[0], scales[1], f"dropout: out / x takes other values (p = {p})")
        kept_got, kept_want = np.mean(got != 0), np.mean(want != 0)
        bound = 6 * np.sqrt(2 * p * (1 - p) / x.size) + 1e-12
        assert abs(kept_got - kept_want) <= bound, (
            f"dropout keeps {kept_got:.3f} of the units, the reference {kept_want:.3f} (p = {p})"
        )
        test_want, _ = ref(x, {"p": p, "mode": "test"})
        _assert_close(fn(x, p, "test")[0], test_want, "dropout test mode")


def _check_dropout_backward(fn: Callable) -> None:
    """The block's backward is given the scaled mask the reference's forward drew."""
    forward, ref = _reference("dropout.dropout_forward"), _reference("dropout.dropout_backward")
    rng = np.random.default_rng(47)
    for shape, p in [((40, 30), 0.3), ((2, 3, 4, 5), 0.6), ((100,), 0.0)]:
        x = rng.uniform(0.5, 2.0, size=shape)
        out, cache = forward(x, {"p": p, "mode": "train", "seed": 5})
        dout = rng.normal(size=shape)
        _assert_close(fn(dout, out / x), ref(dout, cache), f"dropout dx (p = {p})", rtol=1e-9)


ACTIVATION_INPUTS = np.concatenate([
    np.array([0.0, -0.0, 1000.0, -1000.0, 750.0, -750.0, 40.0, -40.0, 1e-4, -1e-4]),
    np.random.default_rng(48).normal(scale=3.0, size=40),
])  # fmt: skip


def _check_activation(name: str, fn: Callable, extra: tuple = ()) -> None:
    forward = _reference(f"activations.{name}_forward")
    want, _ = forward(ACTIVATION_INPUTS, *extra)
    with np.errstate(over="raise"):  # a cheatsheet's formula must not overflow at |x| = 1000
        got = fn(ACTIVATION_INPUTS, *extra)
    _assert_close(got, want, f"{name} {extra}", rtol=1e-9, atol=1e-300)


def _check_activation_grad(name: str, fn: Callable, extra: tuple = ()) -> None:
    """The block gives the local derivative as a function of x; the reference's
    backward multiplies dout by it."""
    forward = _reference(f"activations.{name}_forward")
    backward = _reference(f"activations.{name}_backward")
    dout = np.random.default_rng(49).normal(size=ACTIVATION_INPUTS.shape)
    _, cache = forward(ACTIVATION_INPUTS, *extra)
    with np.errstate(over="raise"):
        local = fn(ACTIVATION_INPUTS, *extra)
    _assert_close(dout * local, backward(dout, cache), f"{name} gradient {extra}", atol=1e-300)


def _check_leaky_relu(fn: Callable) -> None:
    _check_activation("leaky_relu", fn)  # the default alpha, 0.01
    _check_activation("leaky_relu", fn, (0.2,))


def _check_leaky_relu_grad(fn: Callable) -> None:
    _check_activation_grad("leaky_relu", fn)
    _check_activation_grad("leaky_relu", fn, (0.2,))


# optimisers and schedules -------------------------------------------------------------


def _check_adam(fn: Callable) -> None:
    ref = _reference("adam.adam")
    rng = np.random.default_rng(12)
    w, m, v, t = rng.normal(size=(4, 3)), np.zeros((4, 3)), np.zeros((4, 3)), 0
    config = {"learning_rate": 1e-2, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
    config.update(m=m.copy(), v=v.copy(), t=t)
    ref_w = w.copy()
    for _ in range(5):  # several steps, so t, m and v must be carried correctly
        dw = rng.normal(size=w.shape)
        w, m, v, t = fn(w, dw, m, v, t, 1e-2, 0.9, 0.999, 1e-8)
        ref_w, config = ref(ref_w, dw, config)
        np.testing.assert_allclose(w, ref_w, rtol=1e-7, atol=1e-12)
        np.testing.assert_allclose(m, config["m"], rtol=1e-7, atol=1e-12)
        np.testing.assert_allclose(v, config["v"], rtol=1e-7, atol=1e-12)
        assert t == config["t"]


def _check_stateful_step(ref_name: str, state_key: str, fn: Callable, hyper: list[dict]) -> None:
    """A block step fn(w, dw, state, **hyper) -> (w, state) against the CS231n-style
    reference update(w, dw, config), over several steps and gradient scales; with
    no hyperparameters given, the block's defaults must be the drill's."""
    ref = _reference(ref_name)
    rng = np.random.default_rng(50)
    for kwargs in [{}, *hyper]:
        for scale in (1e-6, 1.0, 1e3):
            w = rng.normal(size=(3, 4))
            state = np.zeros_like(w)
            ref_w, config = w.copy(), None if not kwargs else {**_config_names(kwargs)}
            for step in range(4):
                dw = rng.normal(scale=scale, size=w.shape)
                w, state = fn(w, dw, state, **kwargs)
                ref_w, config = ref(ref_w, dw.copy(), config)
                label = f"{ref_name} step {step + 1}, {kwargs or 'defaults'}, gradients ~{scale}"
                _assert_close(w, ref_w, label, atol=0)
                _assert_close(state, config[state_key], f"{label}: {state_key}", atol=0)


def _config_names(kwargs: dict) -> dict:
    """The block's short keyword names -> the drills' config keys."""
    names = {"lr": "learning_rate", "mu": "momentum", "decay_rate": "decay_rate", "eps": "epsilon"}
    return {names[k]: v for k, v in kwargs.items()}


def _check_momentum(fn: Callable) -> None:
    hyper = [{"lr": 0.1, "mu": 0.5}, {"lr": 1e-3, "mu": 0.99}]
    _check_stateful_step("sgd_momentum.sgd_momentum", "velocity", fn, hyper)


def _check_rmsprop(fn: Callable) -> None:
    hyper = [
        {"lr": 0.1, "decay_rate": 0.9, "eps": 1e-6},
        {"lr": 1e-3, "decay_rate": 0.5, "eps": 1e-8},
    ]
    _check_stateful_step("rmsprop.rmsprop", "cache", fn, hyper)


def _check_ewma(fn: Callable) -> None:
    ref = _reference("ewma.ewma")
    rng = np.random.default_rng(51)
    for length, beta in [(1, 0.9), (5, 0.5), (30, 0.98), (12, 0.999), (20, 0.1)]:
        values = rng.normal(3.0, 2.0, size=length)
        _assert_close(fn(values, beta), ref(values, beta), f"ewma beta={beta}")
        for flag in (False, True):
            _assert_close(
                fn(values, beta, bias_correction=flag),
                ref(values, beta, bias_correction=flag),
                f"ewma beta={beta} bias_correction={flag}",
            )


LR_EPOCHS = np.arange(0, 60)


def _check_schedule(name: str, fn: Callable, args_list: list[tuple]) -> None:
    ref = _reference(f"lr_decay.{name}")
    first = 1 if name == "sqrt_decay" else 0
    epochs = LR_EPOCHS[first:]
    for args in args_list:
        got = np.asarray(fn(*args, epochs))
        assert got.dtype == np.float64, f"{name}: rates of dtype {got.dtype}"
        _assert_close(got, ref(*args, epochs), f"{name}{args}")
        for epoch in (first, first + 1, 10, 19, 20):
            _assert_close(fn(*args, epoch), ref(*args, epoch), f"{name}{args} at epoch {epoch}")
    if name == "sqrt_decay":
        with pytest.raises(ValueError):
            ref(*args_list[0], 0)
        with pytest.raises(ValueError):  # counted from 1, like the drill
            fn(*args_list[0], 0)


def _check_minibatches(fn: Callable) -> None:
    """The permutation is free; compare the number of batches, their sizes, and
    that every example appears once with its own label."""
    ref = _reference("minibatches.make_minibatches")
    for m, size in [(1, 1), (10, 3), (64, 64), (100, 7), (5, 20), (50, 1), (33, 32)]:
        X = np.arange(m * 2, dtype=float).reshape(m, 2)
        Y = np.arange(m) * 10
        want = ref(X, Y, size, 0)
        got = list(fn(X, Y, size, 0))
        assert [len(xb) for xb, _ in got] == [len(xb) for xb, _ in want], (
            f"m={m}, batch size {size}: batch sizes differ from the reference's"
        )
        rows = np.concatenate([xb for xb, _ in got])
        labels = np.concatenate([yb for _, yb in got])
        assert sorted(rows[:, 0]) == sorted(X[:, 0]), "examples lost or repeated"
        np.testing.assert_array_equal(labels, rows[:, 0] / 2 * 10, "labels left their examples")


# regularisation, initialisation, gradient checking, training practice ------------------


def _check_l2(fn: Callable) -> None:
    ref = _reference("l2_regularization.l2_loss_and_grad")
    rng = np.random.default_rng(52)
    shapes = {"W1": (4, 3), "b1": (3,), "gamma1": (3,), "beta1": (3,), "W2": (3, 2), "b2": (2,)}
    for lambd, m in [(0.0, 5), (0.7, 50), (3.0, 1)]:
        params = {k: rng.normal(size=s) for k, s in shapes.items()}
        grads = {k: rng.normal(size=s) for k, s in shapes.items()}
        loss, new_grads = fn(1.25, grads, params, lambd, m)
        want_loss, want_grads = ref(1.25, grads, params, lambd, m)
        _assert_close(loss, want_loss, f"L2 loss, lambda={lambd}, m={m}")
        assert set(new_grads) == set(want_grads)
        for key in want_grads:
            _assert_close(new_grads[key], want_grads[key], f"L2 gradient of {key}")


def _check_init(name: str, fn: Callable) -> None:
    """Draws are replaced by a known ramp, so the std formula is compared exactly."""
    ref = _reference(f"weight_init.{name}")
    for fan_in, fan_out in [(1, 1), (3, 7), (400, 25), (25, 400)]:
        _assert_close(
            fn(fan_in, fan_out, _KnownDraws()), ref(fan_in, fan_out, _KnownDraws()),
            f"{name}({fan_in}, {fan_out}) with known draws",
        )  # fmt: skip


def _check_sampler(name: str, fn: Callable, ranges: list[tuple[float, float]]) -> None:
    """Uniform draws are replaced by a known ramp: what is compared is the interval
    of r and the transform r -> 10**r (or 1 - 10**r)."""
    ref = _reference(f"hparam_sampling.{name}")
    for low, high in ranges:
        for n in (1, 7):
            got = fn(n, low, high, _KnownDraws())
            _assert_close(got, ref(n, low, high, _KnownDraws()), f"{name}(n={n}, {low}, {high})")


def _check_numerical_gradient(fn: Callable) -> None:
    ref = _reference("grad_check.numerical_gradient")
    rng = np.random.default_rng(53)
    for shape, h in [((5,), 1e-5), ((3, 4), 1e-4), ((2, 3, 2), 1e-3)]:
        x = rng.normal(size=shape)
        weights = rng.normal(size=shape)

        def f(z, weights=weights):
            return float(np.sum(np.sin(z) * weights) + np.sum(z**3))

        got = fn(f, x.copy(), h)
        _assert_close(got, ref(f, x.copy(), h), f"numerical gradient {shape}, h={h}", rtol=1e-7)


def _check_relative_error(fn: Callable) -> None:
    ref = _reference("grad_check.relative_error")
    rng = np.random.default_rng(54)
    for shape, scale, gap in [((5,), 1.0, 1e-6), ((3, 4), 1e3, 0.5), ((2, 3, 2), 1e-4, 2.0)]:
        a = rng.normal(scale=scale, size=shape)
        b = a + rng.normal(scale=scale * gap, size=shape)
        _assert_close(fn(a, b), ref(a, b), f"relative error {shape}")
    zeros = np.zeros((2, 3))
    _assert_close(fn(zeros, zeros), ref(zeros, zeros), "relative error of two zero arrays")
    _assert_close(fn(zeros, np.ones((2, 3))), ref(zeros, np.ones((2, 3))), "zero against ones")


def _normalizer_data(rng) -> list[np.ndarray]:
    """Ordinary features, tiny-scale ones (where eps matters) and a constant one."""
    tiny = rng.normal(0.0, 1e-4, size=(30, 2))
    ordinary = rng.normal([100.0, 0.5], [20.0, 3.0], size=(30, 2))
    constant = np.full((30, 1), 7.0)
    return [np.hstack([ordinary, tiny, constant]), rng.normal(size=(1, 3))]


def _check_fit_normalizer(fn: Callable) -> None:
    ref = _reference("normalize_inputs.fit_normalizer")
    for X in _normalizer_data(np.random.default_rng(55)):
        for kwargs in [{}, {"eps": 1e-2}, {"eps": 1e-5}]:
            for label, g, w in zip(("mean", "std"), fn(X, **kwargs), ref(X, **kwargs), strict=True):
                _assert_close(g, w, f"fit_normalizer {label} {kwargs or 'default eps'}", atol=0)


def _check_apply_normalizer(fn: Callable) -> None:
    fit, ref = (
        _reference("normalize_inputs.fit_normalizer"),
        _reference("normalize_inputs.apply_normalizer"),
    )
    rng = np.random.default_rng(56)
    X_train, _ = _normalizer_data(rng)
    mean, std = fit(X_train)
    for X in (X_train, X_train[:1] + 3.0, rng.normal(size=(4, X_train.shape[1]))):
        _assert_close(fn(X, mean, std), ref(X, mean, std), "apply_normalizer", atol=1e-12)


# softmax -----------------------------------------------------------------------------


def _check_softmax_against_direct(fn: Callable) -> None:
    rng = np.random.default_rng(13)
    z = rng.normal(scale=3.0, size=(6, 5))
    direct = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(fn(z), direct, rtol=1e-12)
    # Where the direct form overflows, the stable one still gives the same answer.
    with np.errstate(over="ignore"):
        big = fn(z + 1000.0)
    assert np.all(np.isfinite(big))
    np.testing.assert_allclose(big, direct, rtol=1e-9)


def _check_softmax_loss(fn: Callable) -> None:
    ref = _reference("softmax_loss.softmax_loss")
    rng = np.random.default_rng(57)
    for n, c, scale in [(1, 2, 1.0), (5, 4, 3.0), (8, 6, 1e3)]:
        scores = rng.normal(scale=scale, size=(n, c)) + rng.normal(scale=3000.0, size=(n, 1))
        y = rng.integers(0, c, size=n)
        loss, dscores = fn(scores, y)
        want_loss, want_d = ref(scores, y)
        _assert_close(loss, want_loss, f"softmax loss (N={n}, C={c}, scale {scale})", rtol=1e-9)
        _assert_close(dscores, want_d, f"softmax dscores (N={n}, C={c})", rtol=1e-9, atol=1e-15)


# the registry ------------------------------------------------------------------------

FORMULA_CHECKS: dict[str, Callable[[Callable], None]] = {
    "batchnorm.batchnorm_forward": _check_bn_forward,
    "batchnorm.batchnorm_backward": _check_bn_backward,
    "layernorm.layernorm_forward": _check_layernorm_forward,
    "layernorm.layernorm_backward": _check_layernorm_backward,
    "spatial_batchnorm.spatial_batchnorm_forward": _check_spatial_bn_forward,
    "spatial_batchnorm.spatial_batchnorm_backward": _check_spatial_bn_backward,
    "affine.affine_forward": _check_affine_forward,
    "affine.affine_backward": _check_affine_backward,
    "conv.conv_forward_naive": _check_conv_forward,
    "conv.conv_backward_naive": _check_conv_backward,
    "maxpool.max_pool_forward": lambda fn: _check_pool_forward("max", fn),
    "maxpool.max_pool_backward": lambda fn: _check_pool_backward("max", fn),
    "avgpool.avg_pool_forward": lambda fn: _check_pool_forward("avg", fn),
    "avgpool.avg_pool_backward": lambda fn: _check_pool_backward("avg", fn),
    "dropout.dropout_forward": _check_dropout_forward,
    "dropout.dropout_backward": _check_dropout_backward,
    "activations.relu_forward": lambda fn: _check_activation("relu", fn),
    "activations.relu_backward": lambda fn: _check_activation_grad("relu", fn),
    "activations.leaky_relu_forward": _check_leaky_relu,
    "activations.leaky_relu_backward": _check_leaky_relu_grad,
    "activations.sigmoid_forward": lambda fn: _check_activation("sigmoid", fn),
    "activations.sigmoid_backward": lambda fn: _check_activation_grad("sigmoid", fn),
    "activations.tanh_forward": lambda fn: _check_activation("tanh", fn),
    "activations.tanh_backward": lambda fn: _check_activation_grad("tanh", fn),
    "adam.adam": _check_adam,
    "sgd_momentum.sgd_momentum": _check_momentum,
    "rmsprop.rmsprop": _check_rmsprop,
    "ewma.ewma": _check_ewma,
    "lr_decay.inverse_time_decay": lambda fn: _check_schedule(
        "inverse_time_decay", fn, [(0.2, 1.0), (1e-3, 0.05), (1.0, 0.0)]
    ),
    "lr_decay.exponential_decay": lambda fn: _check_schedule(
        "exponential_decay", fn, [(0.2, 0.95), (1e-3, 0.5), (1.0, 1.0)]
    ),
    "lr_decay.sqrt_decay": lambda fn: _check_schedule(
        "sqrt_decay", fn, [(0.2, 1.0), (1e-3, 0.5), (1.0, 3.0)]
    ),
    "lr_decay.step_decay": lambda fn: _check_schedule(
        "step_decay", fn, [(0.2, 0.5, 10), (1e-3, 0.1, 3), (1.0, 1.0, 1)]
    ),
    "minibatches.make_minibatches": _check_minibatches,
    "l2_regularization.l2_loss_and_grad": _check_l2,
    "weight_init.xavier_init": lambda fn: _check_init("xavier_init", fn),
    "weight_init.he_init": lambda fn: _check_init("he_init", fn),
    "hparam_sampling.sample_learning_rates": lambda fn: _check_sampler(
        "sample_learning_rates", fn, [(1e-4, 1.0), (1e-6, 1e-2), (0.5, 2.0)]
    ),
    "hparam_sampling.sample_betas": lambda fn: _check_sampler(
        "sample_betas", fn, [(0.9, 0.999), (0.5, 0.9), (0.99, 0.9999)]
    ),
    "grad_check.numerical_gradient": _check_numerical_gradient,
    "grad_check.relative_error": _check_relative_error,
    "normalize_inputs.fit_normalizer": _check_fit_normalizer,
    "normalize_inputs.apply_normalizer": _check_apply_normalizer,
    "softmax-direct": _check_softmax_against_direct,
    "softmax_loss.softmax_loss": _check_softmax_loss,
}


# Formulas that no drill's reference implements (AdamW, GELU, the softmax Jacobian,
# ...) are checked against independent references in tests/formula_checks_*.py.
# Each such module exports CHECKS {name: check}, EXPECTED {page: [name]} and WRONG
# [(name, wrong block function)]: a wrong convention each check must reject.
def _extra_check_modules() -> list:
    modules = []
    for path in sorted(Path(__file__).parent.glob("formula_checks_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


EXTRA_CHECK_MODULES = _extra_check_modules()
for _module in EXTRA_CHECK_MODULES:
    _clash = set(_module.CHECKS) & set(FORMULA_CHECKS)
    assert not _clash, f"{_module.__name__} redefines the checks {sorted(_clash)}"
    FORMULA_CHECKS.update(_module.CHECKS)


def _run_check(ref: str, fn: Callable) -> None:
    if "." in ref:
        _reference(ref)  # a marker naming a missing solution or function fails here
    check = FORMULA_CHECKS.get(ref)
    if check is None:
        pytest.fail(f"no formula check known for '{ref}': add one to this test")
    check(fn)


CHECKED_BLOCKS = [
    (name, line, code, marker_line, MARKER.match(marker_line))
    for name, line, code in PYTHON_BLOCKS
    for marker_line in _marker_lines(code)
]


@pytest.mark.parametrize(
    ("name", "line", "code", "marker_line", "marker"),
    CHECKED_BLOCKS,
    ids=[f"{n}:{ln}:{m['ref'] if m else 'bad'}" for n, ln, _, _, m in CHECKED_BLOCKS],
)
def test_formula_block_agrees_with_the_reference(name, line, code, marker_line, marker):
    assert marker, f"{name}.md:{line}: write '{marker_line}' as '# checks: REF via FUNCTION'"
    namespace: dict = {"__name__": "cheatsheet"}
    exec(compile(code, f"cheatsheets/{name}.md:{line}", "exec"), namespace)
    fn = namespace.get(marker["fn"])
    assert callable(fn), f"{name}.md:{line}: the block defines no function {marker['fn']}"
    _run_check(marker["ref"], fn)


# Every formula a drill's reference implements, and the page that must check it.
EXPECTED_CHECKS = {
    "batchnorm": [
        "batchnorm.batchnorm_forward", "batchnorm.batchnorm_backward",
        "layernorm.layernorm_forward", "layernorm.layernorm_backward",
        "spatial_batchnorm.spatial_batchnorm_forward",
        "spatial_batchnorm.spatial_batchnorm_backward",
    ],
    "layers": [
        "affine.affine_forward", "affine.affine_backward",
        "conv.conv_forward_naive", "conv.conv_backward_naive",
    ],
    "pooling": [
        "maxpool.max_pool_forward", "maxpool.max_pool_backward",
        "avgpool.avg_pool_forward", "avgpool.avg_pool_backward",
    ],
    "dropout": ["dropout.dropout_forward", "dropout.dropout_backward"],
    "activations": [
        "activations.relu_forward", "activations.relu_backward",
        "activations.leaky_relu_forward", "activations.leaky_relu_backward",
        "activations.sigmoid_forward", "activations.sigmoid_backward",
        "activations.tanh_forward", "activations.tanh_backward",
    ],
    "optimisers": [
        "adam.adam", "sgd_momentum.sgd_momentum", "rmsprop.rmsprop", "ewma.ewma",
        "lr_decay.inverse_time_decay", "lr_decay.exponential_decay", "lr_decay.sqrt_decay",
        "lr_decay.step_decay", "minibatches.make_minibatches",
    ],
    "regularisation": ["l2_regularization.l2_loss_and_grad"],
    "initialisation": ["weight_init.xavier_init", "weight_init.he_init"],
    "gradient-checking": ["grad_check.numerical_gradient", "grad_check.relative_error"],
    "training-practice": [
        "normalize_inputs.fit_normalizer", "normalize_inputs.apply_normalizer",
        "hparam_sampling.sample_learning_rates", "hparam_sampling.sample_betas",
    ],
    "softmax": ["softmax-direct", "softmax_loss.softmax_loss"],
}  # fmt: skip
for _module in EXTRA_CHECK_MODULES:
    for _page, _refs in _module.EXPECTED.items():
        EXPECTED_CHECKS.setdefault(_page, []).extend(_refs)


@pytest.mark.parametrize(
    ("page", "ref"), [(page, ref) for page, refs in EXPECTED_CHECKS.items() for ref in refs]
)
def test_key_formulas_are_checked(page, ref):
    refs = {m["ref"] for name, _, _, _, m in CHECKED_BLOCKS if name == page and m}
    assert ref in refs, f"{page}: no block marked '# checks: {ref} via ...'"


def test_every_known_check_is_expected_on_some_page():
    expected = {ref for refs in EXPECTED_CHECKS.values() for ref in refs}
    assert set(FORMULA_CHECKS) == expected


@pytest.mark.parametrize(
    "ref", ["no_such_drill.forward", "batchnorm.no_such_function", "batchnorm", "dropout.p"]
)
def test_a_marker_naming_a_missing_reference_fails(ref):
    with pytest.raises(pytest.fail.Exception):
        _run_check(ref, lambda *args: None)


def test_a_marker_with_no_known_check_fails():
    # fc_net_loss exists, but no check knows how to compare a block with it
    with pytest.raises(pytest.fail.Exception, match="no formula check known"):
        _run_check("fc_net.fc_net_loss", lambda *args: None)


def test_a_checked_block_with_a_wrong_formula_is_caught():
    # The compact backward with the variance path dropped must not pass the check.
    def wrong(dout, x, gamma, eps):
        n = x.shape[0]
        inv_std = 1.0 / np.sqrt(x.var(axis=0) + eps)
        xhat = (x - x.mean(axis=0)) * inv_std
        dx = gamma * inv_std / n * (n * dout - dout.sum(axis=0))
        return dx, (dout * xhat).sum(axis=0), dout.sum(axis=0)

    with pytest.raises(AssertionError):
        _run_check("batchnorm.batchnorm_backward", wrong)


def _rmsprop_eps_inside(w, dw, cache, lr=1e-2, decay_rate=0.99, eps=1e-8):
    cache = decay_rate * cache + (1 - decay_rate) * dw**2
    return w - lr * dw / np.sqrt(cache + eps), cache


def _momentum_as_average(w, dw, v, lr=1e-2, mu=0.9):
    v = mu * v + (1 - mu) * dw
    return w - lr * v, v


def _glorot(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / (fan_in + fan_out))


def _std_without_eps(X_train, eps=1e-8):
    return X_train.mean(axis=0), X_train.std(axis=0)


def _dropout_keep_p(x, p, mode, seed=None):
    if mode == "test":
        return x, None
    mask = (np.random.default_rng(seed).random(x.shape) < p) / p
    return x * mask, mask


def _sqrt_decay_from_zero(lr0, k, epoch):
    return lr0 * k / np.sqrt(np.asarray(epoch) + 1.0)


def _lr_linear(n, low, high, rng):
    return rng.uniform(low, high, size=n)


@pytest.mark.parametrize(
    ("ref", "wrong"),
    [
        ("rmsprop.rmsprop", _rmsprop_eps_inside),
        ("sgd_momentum.sgd_momentum", _momentum_as_average),
        ("weight_init.xavier_init", _glorot),
        ("normalize_inputs.fit_normalizer", _std_without_eps),
        ("dropout.dropout_forward", _dropout_keep_p),
        ("lr_decay.sqrt_decay", _sqrt_decay_from_zero),
        ("hparam_sampling.sample_learning_rates", _lr_linear),
        *(pair for module in EXTRA_CHECK_MODULES for pair in module.WRONG),
    ],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_the_other_conventions_are_caught(ref, wrong):
    # The conventions the pages warn about must fail the check, or it proves nothing.
    with pytest.raises(AssertionError):
        _run_check(ref, wrong)


# --- LaTeX in the terminal ----------------------------------------------------------


def _rendered(markdown: str) -> str:
    console = Console(file=io.StringIO(), width=100, color_system=None, force_terminal=False)
    console.print(page_markdown(markdown))
    return console.file.getvalue()


def _prose(markdown: str) -> str:
    """Markdown with fenced blocks and inline code removed."""
    without_fences = re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)
    return re.sub(r"(`+).+?\1", "", without_fences, flags=re.DOTALL)


@pytest.mark.parametrize("name", sorted(REQUIRED_SECTIONS))
def test_terminal_text_has_no_raw_latex(name):
    text = load_page(name).text
    prose = _prose(markdown_for_terminal(text))
    leftovers = [token for token in RAW_LATEX if token in prose]
    assert not leftovers, f"{name}: raw LaTeX {leftovers} left in the terminal text"
    rendered = _rendered(text)
    leftovers = [token for token in RAW_LATEX[1:] if token in rendered]
    assert not leftovers, f"{name}: raw LaTeX {leftovers} in the rendered page"


ALL_FORMULAS = [(name, latex, display) for name in page_names() for latex, display in
                formulas_in(load_page(name).text)]  # fmt: skip
_PAIRS = {"(": ")", "[": "]", "⌊": "⌋", "⌈": "⌉", "{": "}", "⟨": "⟩"}


def _balanced(text: str) -> bool:
    stack: list[str] = []
    for ch in text:
        if ch in _PAIRS:
            stack.append(_PAIRS[ch])
        elif ch in _PAIRS.values() and (not stack or stack.pop() != ch):
            return False
    return not stack and text.count("‖") % 2 == 0


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize(
    ("name", "latex", "display"), ALL_FORMULAS,
    ids=[f"{n}:{latex[:30]}" for n, latex, _ in ALL_FORMULAS],
)  # fmt: skip
def test_every_formula_renders_without_latex_and_fits(name, latex, display, width):
    # A display formula sits 4 columns in, and list items indent it by up to 4 more.
    room = width - 8
    lines = (
        [line for f in display_formulas(" ".join(latex.split())) for line in fit(f, room)]
        if display
        else [latex_to_text(latex)]
    )
    for line in lines:
        left = [token for token in ("\\", "^{", "_{", "$") if token in line]
        assert not left, f"{name}: {left} left in {line!r} (from {latex!r})"
    joined = " ".join(lines)
    assert _balanced(joined), f"{name}: unbalanced brackets in {joined!r}"
    if display:
        wide = [line for line in lines if cell_len(line) > room]
        assert not wide, f"{name}: display formula wider than {room} columns: {wide}"


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("name", page_names())
def test_rendered_page_fits_the_terminal(name, width):
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=True)
    console.print(page_markdown(load_page(name).text))
    wide = [line for line in console.file.getvalue().splitlines() if cell_len(line) > width]
    assert not wide, f"{name} at {width} columns: {wide[:3]}"


def test_formulas_become_readable_unicode():
    assert latex_to_text(r"\hat{x}_i = \frac{x_i - \mu}{\sqrt{\sigma^2 + \epsilon}}") == (
        "x̂ᵢ = (xᵢ - μ)/√(σ² + ε)"
    )
    assert latex_to_text(r"v_t = \beta_1 v_{t-1} + (1 - \beta_1) g_t") == (
        "vₜ = β₁ vₜ₋₁ + (1 - β₁) gₜ"
    )
    assert latex_to_text(r"\frac{\partial L}{\partial \gamma}") == "∂L/∂γ"
    assert "∑" in latex_to_text(r"\sum_{i=1}^{N} x_i")


def test_dollars_in_code_are_left_alone():
    converted = markdown_for_terminal("Use `echo $HOME $PATH` and $x_i$.\n\n```sh\necho $a$\n```\n")
    assert "`echo $HOME $PATH`" in converted
    assert "echo $a$" in converted
    assert "xᵢ" in converted


# --- link resolution ----------------------------------------------------------------


def _links() -> list[tuple[str, str]]:
    found = []
    for path in sorted((REPO / "drills").glob("*/drill.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(REPO))
        if data.get("cheatsheet"):
            found.append((where, data["cheatsheet"]))
        for mistake in data.get("mistakes", []):
            if mistake.get("cheatsheet"):
                found.append((f"{where} mistake '{mistake.get('name')}'", mistake["cheatsheet"]))
    for path in sorted((REPO / "drills" / "decks").rglob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError:
            continue  # the deck tests report broken TOML; here only links matter
        where = str(path.relative_to(REPO))
        header = data.get("deck", {})
        if header.get("cheatsheet"):
            found.append((where, header["cheatsheet"]))
        for item in [*data.get("questions", []), *data.get("cards", [])]:
            if item.get("cheatsheet"):
                found.append((f"{where} {item.get('id')}", item["cheatsheet"]))
    return found


def test_every_link_from_drills_and_decks_resolves():
    links = _links()
    assert links, "found no cheatsheet links at all: is the drills folder where expected?"
    broken = []
    for where, link in links:
        try:
            resolve_link(link)
        except UnknownCheatsheet as exc:
            broken.append(f"{where}: {exc}")
    assert not broken, "broken cheatsheet links:\n" + "\n".join(broken)


def test_resolve_link_gives_the_page_and_slug():
    path, slug = resolve_link("batchnorm#train-vs-test")
    assert path == REPO / "cheatsheets" / "batchnorm.md"
    assert slug == "train-vs-test"
    assert resolve_link("linux") == (REPO / "cheatsheets" / "linux.md", None)


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("batchnrom", "did you mean 'batchnorm'"),
        ("batchnorm#train-vs-tset", "did you mean 'train-vs-test'"),
        ("batchnorm#Train vs test", "no section"),  # links use the exact slug
    ],
)
def test_resolve_link_rejects_missing_targets_clearly(link, message):
    with pytest.raises(UnknownCheatsheet, match=message):
        resolve_link(link)


def test_sections_found_by_slug_heading_or_prefix():
    page = load_page("batchnorm")
    assert find_section(page, "train-vs-test").slug == "train-vs-test"
    assert find_section(page, "TRAIN VS TEST").slug == "train-vs-test"
    assert find_section(page, "parameters").slug == "parameters-in-a-conv-net"
    with pytest.raises(UnknownCheatsheet, match="several sections"):
        find_section(page, "backward")


# --- the command ----------------------------------------------------------------------


def test_cheatsheet_without_a_name_lists_every_page(run_drill):
    result = run_drill("cheatsheet")
    assert result.returncode == 0, result.stderr
    for name in REQUIRED_SECTIONS:
        assert name in result.stdout
    assert "batchnorm#backward-pass-compact" in result.stdout  # sections are listed too
    assert "$" not in result.stdout


def test_cheatsheet_shows_a_page_with_unicode_formulas(run_drill):
    result = run_drill("cheatsheet", "batchnorm")
    assert result.returncode == 0, result.stderr
    assert "Backward pass, staged" in result.stdout
    assert "Common mistakes" in result.stdout
    assert "√(σ² + ε)" in result.stdout
    assert "\\frac" not in result.stdout and "\x1b[" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("batchnorm", "train-vs-test"),
        ("batchnorm", "Train vs test"),
        ("batchnorm#train-vs-test",),
        ("batchnorm", "train"),
    ],
)
def test_cheatsheet_shows_only_the_section(run_drill, args):
    result = run_drill("cheatsheet", *args, "--no-pager")
    assert result.returncode == 0, result.stderr
    assert "Train vs test" in result.stdout
    assert "running_mean" in result.stdout
    assert "Backward pass, staged" not in result.stdout
    assert "Parameters in a conv net" not in result.stdout


def test_unknown_page_is_one_line_with_a_suggestion(run_drill):
    result = run_drill("cheatsheet", "batchnrom")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "did you mean 'batchnorm'" in lines[0] and "linux" in lines[0]


def test_unknown_section_names_the_valid_ones(run_drill):
    result = run_drill("cheatsheet", "dropout", "nonsense")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "inverted-dropout" in lines[0]


def test_section_given_twice_is_a_usage_error(run_drill):
    result = run_drill("cheatsheet", "batchnorm#train-vs-test", "forward-pass")
    assert result.returncode == 2
    assert "once" in result.stderr


def _deck_ids() -> set[str]:
    ids = set()
    for path in (REPO / "drills" / "decks").rglob("*.toml"):
        try:
            ids.add(tomllib.loads(path.read_text(encoding="utf-8"))["deck"]["id"])
        except (tomllib.TOMLDecodeError, KeyError):
            continue  # not a deck (e.g. the option table) or broken: the deck tests say so
    return ids


@pytest.mark.parametrize("name", sorted(REQUIRED_SECTIONS))
def test_practice_pointers_name_real_drills_and_decks(name):
    text = load_page(name).text
    decks = _deck_ids()
    drills = {p.parent.name for p in (REPO / "drills").glob("*/drill.toml")}
    dead = [
        f"drill {verb} {target}"
        for verb, target in re.findall(r"`drill (start|quiz|cards) ([a-z0-9_-]+)`", text)
        if target not in (drills if verb == "start" else decks)
    ]
    assert not dead, f"{name}: these commands would fail: {dead}"


def _terminal(height: int = 10, width: int = 80) -> Console:
    return Console(
        file=io.StringIO(), force_terminal=True, height=height, width=width,
        color_system="standard",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("terminal", "use_pager", "paged"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_long_pages_are_paged_only_on_a_terminal(monkeypatch, terminal, use_pager, paged):
    from checker.render import cheatsheet as screens

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(screens, "page_text", lambda c, p: shown.append((c, p)) or True)
    console = _terminal() if terminal else Console(file=io.StringIO(), width=80)
    screens.show_markdown(console, load_page("batchnorm").text, use_pager=use_pager)
    assert bool(shown) == paged
    if paged:
        coloured, plain = shown[0]
        assert "Common mistakes" in coloured and "\x1b[" in coloured  # colours for less -R
        assert "Common mistakes" in plain and "\x1b[" not in plain  # for other pagers
        assert console.file.getvalue() == ""
    else:
        assert "Common mistakes" in console.file.getvalue()


def test_a_failing_pager_falls_back_to_printing(monkeypatch):
    from checker.render import cheatsheet as screens

    monkeypatch.setattr(screens, "page_text", lambda coloured, plain: False)
    console = _terminal()
    screens.show_markdown(console, load_page("batchnorm").text, use_pager=True)
    assert "Common mistakes" in console.file.getvalue()


@pytest.mark.parametrize(
    ("pager", "shown"),
    [("no-such-pager-anywhere", False), ("false", False), ("cat", True), ("'unclosed", False),
     ("", False)],
)  # fmt: skip
def test_page_text_reports_whether_the_pager_showed_it(monkeypatch, capfd, pager, shown):
    from checker.pager import page_text

    monkeypatch.setenv("PAGER", pager)
    assert page_text("coloured", "plain text") is shown
    if pager == "cat":
        assert capfd.readouterr().out == "plain text"  # cat is not known to show colours


@pytest.mark.parametrize(
    ("less", "expected"),
    [(None, "-R"), ("-FX", "-FX -R"), ("-FRX", "-FRX"), ("-r", "-r"), ("FRX", "FRX"),
     ("--RAW-CONTROL-CHARS", "--RAW-CONTROL-CHARS"), ("-S --quit-if-one-screen",
     "-S --quit-if-one-screen -R")],
)  # fmt: skip
def test_less_is_always_given_colours(less, expected):
    from checker.pager import pager_environment

    environ = {} if less is None else {"LESS": less}
    assert pager_environment(["less"], environ)["LESS"] == expected
    assert pager_environment(["/usr/bin/less", "-S"], environ)["LESS"] == expected
    assert pager_environment(["more"], environ).get("LESS") == less


def test_pager_command_reads_pager_like_a_shell():
    from checker.pager import pager_command, shows_colour

    assert pager_command({}) == ["less"]
    assert pager_command({"PAGER": "less -S"}) == ["less", "-S"]
    assert pager_command({"PAGER": ""}) == []
    assert shows_colour(["less"]) and not shows_colour(["more"]) and not shows_colour([])


def test_piped_page_is_its_markdown_with_unicode_formulas(run_drill):
    result = run_drill("cheatsheet", "batchnorm")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\n## Forward pass\n" in out and out.startswith("# Batch normalisation")
    assert "\n    μⱼ = (1/N) ∑ᵢ₌₁..N xᵢⱼ\n    σⱼ² = (1/N) ∑ᵢ₌₁..N (xᵢⱼ - μⱼ)²\n" in out
    assert "```python\n" in out and "# checks:" not in out
    assert not [line for line in out.splitlines() if line != line.rstrip()]  # no padding
    assert "\x1b[" not in out and "$" not in out.split("```")[0]


def test_plain_flag_gives_the_same_markdown_on_a_terminal(monkeypatch):
    from checker.render.cheatsheet import show_markdown

    console = _terminal(height=1000)
    show_markdown(console, load_page("dropout").text, use_pager=False, plain=True)
    out = console.file.getvalue()
    assert "\n## Inverted dropout\n" in out and "\x1b[" not in out


@pytest.mark.parametrize("name", ["BatchNorm", "BATCHNORM", "batchnorm"])
def test_page_names_in_any_case(run_drill, name):
    result = run_drill("cheatsheet", f"{name}#train-vs-test")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## Train vs test")


def test_a_section_without_its_page_is_found_where_it_is_unique(run_drill):
    result = run_drill("cheatsheet", "#backward-pass-compact")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## Backward pass, compact")


@pytest.mark.parametrize(
    ("args", "message"),
    [(("#train",), "batchnorm#train-vs-test, dropout#train-vs-test"),
     (("#no-such-section",), "no section 'no-such-section' in any cheatsheet"),
     (("#",), "give a page name")],
)  # fmt: skip
def test_a_section_without_its_page_that_is_ambiguous_or_missing(run_drill, args, message):
    result = run_drill("cheatsheet", *args)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_piped_index_lists_every_section_slug(run_drill):
    result = run_drill("cheatsheet")
    assert result.returncode == 0, result.stderr
    for page in page_names():
        for section in load_page(page).top_sections:
            assert f"- {page}#{section.slug}\n" in result.stdout


def test_index_is_paged_on_a_terminal(monkeypatch):
    from checker.cheatsheets import load_all
    from checker.render import cheatsheet as screens

    shown: list[str] = []
    monkeypatch.setattr(screens, "page_text", lambda c, p: shown.append(p) or True)
    screens.show_index(_terminal(height=20), load_all(), use_pager=True)
    assert shown and "batchnorm" in shown[0] and "train-vs-test" in shown[0]


def test_every_slug_is_clean():
    ugly = [
        f"{page.name}#{section.slug}"
        for page in load_all_pages()
        for section in page.sections
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", section.slug)
    ]
    assert not ugly, f"rename these headings: {ugly}"


# --- code blocks fit the terminal, and the test markers stay in the source -------------

CODE_WIDTH = 76  # rich pads a code block by 2 columns each side on an 80-column terminal


@pytest.mark.parametrize("name", page_names())
def test_every_code_line_fits_76_columns(name):
    wide = [
        f"{name}.md:{block.line + offset}: {len(line)} columns"
        for block in code_blocks(load_page(name).text)
        for offset, line in enumerate(block.code.splitlines(), start=1)
        if len(line) > CODE_WIDTH and not line.startswith("# checks: ")
    ]
    assert not wide, wide


@pytest.mark.parametrize("name", page_names())
def test_checks_markers_are_never_shown(name):
    page = load_page(name)
    assert "# checks:" not in markdown_for_terminal(page.text)
    console = Console(width=80, record=True, no_color=True, file=io.StringIO())
    console.print(page_markdown(page.text))
    assert "checks:" not in console.export_text()


def test_a_code_block_wider_than_the_terminal_is_cropped_not_wrapped():
    markdown = (
        "```python\ndef f(x):\n    return x + 1234567890 + 1234567890 + 1234567890\n"
        "    # next\n```\n"
    )
    console = Console(file=io.StringIO(), width=30, color_system=None, force_terminal=True)
    console.print(page_markdown(markdown))
    lines = console.file.getvalue().splitlines()
    assert all(cell_len(line) <= 30 for line in lines)
    assert [line.rstrip()[-1] for line in lines if "return x" in line] == ["›"]
    assert not any(line.lstrip().startswith(("1234567890", "+")) for line in lines)
    assert any(line.startswith("     # next") for line in lines)  # indentation intact
    assert not any(line.rstrip().endswith("›") for line in lines if "def f" in line)


LONG_PAGE = 150  # lines; a page this long opens with an "At a glance" box


@pytest.mark.parametrize("name", page_names())
def test_long_pages_open_with_five_things_at_a_glance(name):
    text = load_page(name).text
    if text.count("\n") <= LONG_PAGE:
        return
    before_sections = text.split("\n## ", 1)[0]
    box = re.search(r"^> \*\*At a glance\*\*\n((?:>.*\n)+)", before_sections, re.MULTILINE)
    assert box, f"{name}: over {LONG_PAGE} lines and no '> **At a glance**' box at the top"
    items = re.findall(r"^> - (.+)$", box.group(1), flags=re.MULTILINE)
    assert len(items) == 5, f"{name}: the box has {len(items)} items, not 5"
