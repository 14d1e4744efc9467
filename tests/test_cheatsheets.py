"""Cheatsheets: required pages and sections, runnable and correct code, no raw
LaTeX in the terminal, the `drill cheatsheet` command, and every link to them."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from checker.cheatsheets import (
    UnknownCheatsheet,
    code_blocks,
    find_section,
    latex_to_text,
    load_page,
    markdown_for_terminal,
    page_names,
    resolve_link,
    slugify,
)
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
        "statistics kept as (1, D)", "running variance accumulates var + eps",
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
        "running-variance-accumulates-var--eps"
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

MARKER = re.compile(r"^# checks: (?P<ref>[\w.-]+) via (?P<fn>\w+)\s*$")


def _load_solution(module: str):
    path = SOLUTIONS / f"{module}.py"
    if not path.is_file():
        pytest.fail(f"a cheatsheet block is checked against {path}, which does not exist")
    spec = importlib.util.spec_from_file_location(f"solution_{module}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _check_bn_forward(fn: Callable, ref: Callable) -> None:
    rng = np.random.default_rng(10)
    for n, d in [(2, 1), (5, 3), (64, 7)]:
        x = rng.normal(2.0, 3.0, size=(n, d))
        gamma, beta = rng.normal(size=d), rng.normal(size=d)
        want, _ = ref(x, gamma, beta, {"mode": "train", "eps": 1e-5})
        got, _ = fn(x, gamma, beta, 1e-5)
        np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9)


def _check_bn_backward(fn: Callable, ref: Callable, forward: Callable) -> None:
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


def _check_adam(fn: Callable, ref: Callable) -> None:
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


def _run_check(ref: str, fn: Callable) -> None:
    if ref == "batchnorm.batchnorm_forward":
        _check_bn_forward(fn, _load_solution("batchnorm").batchnorm_forward)
    elif ref == "batchnorm.batchnorm_backward":
        bn = _load_solution("batchnorm")
        _check_bn_backward(fn, bn.batchnorm_backward, bn.batchnorm_forward)
    elif ref == "adam.adam":
        _check_adam(fn, _load_solution("adam").adam)
    elif ref == "softmax-direct":
        _check_softmax_against_direct(fn)
    else:
        pytest.fail(f"no formula check known for '{ref}': add one to this test")


CHECKED_BLOCKS = [
    (name, line, code, MARKER.match(code.splitlines()[0]))
    for name, line, code in PYTHON_BLOCKS
    if code.startswith("# checks:")
]


@pytest.mark.parametrize(
    ("name", "line", "code", "marker"),
    CHECKED_BLOCKS,
    ids=[f"{n}:{ln}" for n, ln, _, _ in CHECKED_BLOCKS],
)
def test_formula_block_agrees_with_the_reference(name, line, code, marker):
    assert marker, f"{name}.md:{line}: write the marker as '# checks: REF via FUNCTION'"
    namespace: dict = {"__name__": "cheatsheet"}
    exec(compile(code, f"cheatsheets/{name}.md:{line}", "exec"), namespace)
    fn = namespace.get(marker["fn"])
    assert callable(fn), f"{name}.md:{line}: the block defines no function {marker['fn']}"
    _run_check(marker["ref"], fn)


@pytest.mark.parametrize(
    ("page", "ref"),
    [
        ("batchnorm", "batchnorm.batchnorm_backward"),
        ("optimisers", "adam.adam"),
        ("softmax", "softmax-direct"),
    ],
)
def test_key_formulas_are_checked(page, ref):
    refs = {m["ref"] for name, _, _, m in CHECKED_BLOCKS if name == page and m}
    assert ref in refs, f"{page}: no block marked '# checks: {ref} via ...'"


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
    assert "Backward pass, compact" in result.stdout  # sections are listed too
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


class _RecordingPager:
    def __init__(self) -> None:
        self.shown: list[str] = []

    def show(self, content: str) -> None:
        self.shown.append(content)


@pytest.mark.parametrize(
    ("terminal", "use_pager", "paged"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_long_pages_are_paged_only_on_a_terminal(monkeypatch, terminal, use_pager, paged):
    from checker.render.cheatsheet import show_markdown

    monkeypatch.delenv("LESS", raising=False)
    pager = _RecordingPager()
    console = Console(
        file=io.StringIO(), force_terminal=terminal, height=10, width=80, color_system="standard"
    )
    original = console.pager
    monkeypatch.setattr(console, "pager", lambda **kw: original(pager=pager, **kw))
    show_markdown(console, load_page("batchnorm").text, use_pager=use_pager)
    assert bool(pager.shown) == paged
    if paged:
        assert "Common mistakes" in pager.shown[0]
        assert "\x1b[" in pager.shown[0]  # colours kept for the pager, not stripped
        assert os.environ.get("LESS") == "-R"
    else:
        assert "Common mistakes" in console.file.getvalue()
