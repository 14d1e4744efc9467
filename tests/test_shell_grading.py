"""The Linux-card grader: typed commands are judged by meaning, not by string."""

from __future__ import annotations

import shlex
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.quiz.shell import (
    CommandLine,
    CommandTable,
    Invocation,
    TableError,
    grade_command,
    grade_keys,
    load_command_table,
    parse_line,
)

LINUX = Path(__file__).resolve().parent.parent / "drills" / "decks" / "linux"
TABLE_PATH = LINUX / "commands.toml"


def _cards() -> list[dict]:
    cards = []
    for path in sorted(LINUX.glob("*.toml")):
        if path.name == "commands.toml":
            continue
        cards.extend(tomllib.loads(path.read_text(encoding="utf-8"))["cards"])
    return cards


CARDS = _cards()
COMMAND_CARDS = [c for c in CARDS if c.get("grade", "command") == "command"]
KEY_CARDS = [c for c in CARDS if c.get("grade") == "keys"]


@pytest.fixture(scope="module")
def table() -> CommandTable:
    return load_command_table(TABLE_PATH)


def _accepted(card: dict) -> list[str]:
    return [card["answer"], *card.get("accept", [])]


# ------------------------------------------------------------ equivalences

EQUIVALENT = [
    ("ls -la", "ls -al"),
    ("ls -la", "ls -l -a"),
    ("ls -la", "ls --all -l"),
    ("df -h", "df --human-readable"),
    ("du -sh data", "du --summarize -h data"),
    ("head -n 5 f.txt", "head -n5 f.txt"),
    ("head -n 5 f.txt", "head --lines=5 f.txt"),
    ("head -n 5 f.txt", "head --lines 5 f.txt"),
    ("head -n 5 f.txt", "head -5 f.txt"),
    ("head -n 5 f.txt", "head --li=5 f.txt"),  # unambiguous long prefix, as getopt allows
    ("du -h --max-depth=1", "du -hd1"),
    ("ps aux", "ps -aux"),
    ("ps aux", "ps xua"),
    ("tar -xzf a.tgz", "tar xzf a.tgz"),
    ("tar -xzf a.tgz", "tar -x -z -f a.tgz"),
    ("tar -xzf a.tgz", "tar --extract --gzip --file=a.tgz"),
    ("tar -czf out.tgz dir", "tar czf out.tgz dir"),
    ("tar -xzf a.tgz -C out", "tar -C out -xzf a.tgz"),
    ("ln -s /data/imagenet data", "ln --symbolic /data/imagenet data"),
    ("cp -r src dst", "cp -R src dst"),
    ("mv runs/old archive", "mv runs/old/ archive/"),
    ("CUDA_VISIBLE_DEVICES=0 python train.py", "env CUDA_VISIBLE_DEVICES=0 python train.py"),
    ("CUDA_VISIBLE_DEVICES=0,1 python train.py", "CUDA_VISIBLE_DEVICES='0,1' python train.py"),
    ("A=1 B=2 python x.py", "B=2 A=1 python x.py"),
    ("ps aux | grep python", "ps -aux|grep python"),
    ("watch -n 1 nvidia-smi", "watch -n1 nvidia-smi"),
    ("watch -n 1 nvidia-smi", "watch --interval=1 nvidia-smi"),
    ("watch -n 1 nvidia-smi", "watch -n 1 'nvidia-smi'"),
    ("watch -n 1 nvidia-smi -i 0", "watch -n 1 nvidia-smi --id=0"),
    ("nvidia-smi -l 1", "nvidia-smi --loop=1"),
    ("kill -9 42", "kill -KILL 42"),
    ("kill -9 42", "kill -s SIGKILL 42"),
    ("kill 42", "kill -15 42"),
    ("find . -name '*.py' -type f", 'find . -type f -name "*.py"'),
    ("grep -rn TODO src", "grep -n -r TODO src"),
    ("sort f | uniq -c | sort -rn", "sort f | uniq --count | sort -n -r"),
    ("cut -d , -f 2 a.csv", "cut -f2 -d, a.csv"),
    ("echo $PATH", 'echo "${PATH}"'),
    ('export PATH="$HOME/bin:$PATH"', "export PATH=~/bin:$PATH"),
    ("source ~/.bashrc", ". ~/.bashrc"),
    ("ip addr", "ip a"),
    ("tmux attach -t train", "tmux a -t train"),
    ("tmux new -s train", "tmux new-session -s train"),
    ("nohup python train.py > log.txt 2>&1 &", "nohup python train.py >log.txt 2>&1 &"),
    ("df -h", "sudo df -h"),  # sudo where the card does not need it is tolerated
    ("rm a b", "rm b a"),  # rm's arguments have no order
]


@pytest.mark.parametrize(("answer", "typed"), EQUIVALENT)
def test_equivalent_spellings_are_right(table, answer, typed):
    assert grade_command(typed, [answer], table).outcome == "right"


def test_unneeded_sudo_is_mentioned(table):
    grade = grade_command("sudo df -h", ["df -h"], table)
    assert grade.outcome == "right"
    assert "sudo" in grade.feedback


# ------------------------------------------------------------ close, with the difference named

CLOSE = [
    ("df -h", "df", ["missing -h", "human-readable"]),
    ("df -h", "df -h -T", ["extra -T", "file-system type"]),
    ("free -h", "free", ["missing -h"]),
    ("ps aux", "ps -aus", ["missing -x", "extra -s"]),
    ("mv a b", "mv -r a b", ["extra -r"]),
    ("head -n 5 f", "head -n 10 f", ["-n", "'5'", "'10'"]),
    ("ln -s target link", "ln -s link target", ["wrong order", "target link"]),
    ("ln -s target link", "ln target link", ["missing -s", "symbolic"]),
    ("cp -r a b", "cp a b", ["missing -r"]),
    ("sudo apt update", "apt update", ["sudo"]),
    ("CUDA_VISIBLE_DEVICES=0 python train.py", "python train.py", ["CUDA_VISIBLE_DEVICES=0"]),
    ("CUDA_VISIBLE_DEVICES=0 python train.py", "CUDA_VISIBLE_DEVICES=1 python train.py", ["'0'"]),
    ("watch -n 1 nvidia-smi", "watch nvidia-smi", ["missing -n", "seconds"]),
    ("watch -n 1 nvidia-smi", "watch -n 1 nvidia-smi -L", ["extra -L"]),
    ("ps aux | grep python", "ps aux", ["2 command(s)", "single command"]),
    ("ps aux | grep python", "ps aux | grep -v python", ["stage 2", "extra -v"]),
    ("nohup python train.py &", "python train.py &", ["nohup"]),
    ("tar -xzf a.tgz", "tar -xzf", ["-f", "no value"]),
    ("tar -czf out.tgz dir", "tar -cf out.tgz dir", ["missing -z", "gzip"]),
    ("kill -9 42", "kill 42", ["-s"]),
    ("nohup python t.py > log 2>&1 &", "nohup python t.py &", ["> log 2>&1"]),
    ("grep -c nan log", "grep nan log | wc -l", ["single command"]),
]


@pytest.mark.parametrize(("answer", "typed", "mentions"), CLOSE)
def test_right_program_with_differences_is_close(table, answer, typed, mentions):
    grade = grade_command(typed, [answer], table)
    assert grade.outcome == "close", grade
    for text in mentions:
        assert text in grade.feedback, (text, grade.feedback)


WRONG = [
    ("free -h", "df -h", "`df`"),
    ("df -h", "free -h", "`free`"),
    ("ps aux", "top", "`top`"),
    ("export CUDA_VISIBLE_DEVICES=1", "CUDA_VISIBLE_DEVICES=1", "only sets variables"),
    ("watch -n 1 nvidia-smi", "watch -n 1 free -h", "`free`"),
]


@pytest.mark.parametrize(("answer", "typed", "mentions"), WRONG)
def test_a_different_program_is_wrong(table, answer, typed, mentions):
    grade = grade_command(typed, [answer], table)
    assert grade.outcome == "wrong"
    assert mentions in grade.feedback


def test_best_accepted_answer_wins(table):
    grade = grade_command("netstat -tlnp", ["ss -tlnp", "netstat -tlnp"], table)
    assert grade.outcome == "right"
    closest = grade_command("netstat -tln", ["ss -tlnp", "netstat -tlnp"], table)
    assert closest.outcome == "close" and "missing -p" in closest.feedback


def test_unknown_command_is_compared_word_for_word(table):
    assert grade_command("frobnicate --x 1 y", ["frobnicate --x 1 y"], table).outcome == "right"
    grade = grade_command("frobnicate y --x 1", ["frobnicate --x 1 y"], table)
    assert grade.outcome == "close"
    assert grade_command("other --x 1 y", ["frobnicate --x 1 y"], table).outcome == "wrong"


# ------------------------------------------------------------ unparseable input

UNPARSEABLE = [
    ("", "Empty"),
    ("   ", "Empty"),
    ('echo "hello', "quotes"),
    ("echo 'hello", "quotes"),
    ("ls \\", "backslash"),
    ("| grep x", "before"),
    ("ps aux |", "after"),
    ("sudo", "after sudo"),
    ("watch -n 1", "command to run"),
]


@pytest.mark.parametrize(("typed", "mentions"), UNPARSEABLE)
def test_unparseable_input_gets_a_message_not_an_exception(table, typed, mentions):
    grade = grade_command(typed, ["ls -la"], table)
    assert grade.outcome == "unparseable"
    assert mentions in grade.feedback


@given(st.text(max_size=40))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_grades_without_raising(table, typed):
    grade = grade_command(typed, ["tar -xzf a.tgz -C out", "ps aux | grep python"], table)
    assert grade.outcome in {"right", "close", "wrong", "unparseable"}
    assert grade.feedback


# ------------------------------------------------------------ vim keys


def test_keys_exact_after_trimming():
    assert grade_keys("  :wq ", [":wq", ":x"]).outcome == "right"
    assert grade_keys(":x", [":wq", ":x"]).outcome == "right"
    assert grade_keys(":wq<Enter>", [":wq"]).outcome == "right"
    assert grade_keys("dd", ["yy"]).outcome == "wrong"


def test_keys_close_cases_say_why():
    case = grade_keys(":WQ", [":wq"])
    assert case.outcome == "close" and "case-sensitive" in case.feedback
    colon = grade_keys("wq", [":wq"])
    assert colon.outcome == "close" and "colon" in colon.feedback
    assert grade_keys("", ["dd"]).outcome == "unparseable"


# ------------------------------------------------------------ the table itself


def test_malformed_table_is_reported_with_the_entry(tmp_path):
    bad = tmp_path / "commands.toml"
    bad.write_text('[ls]\noptions = [{ names = ["a"], help = "x" }]\n', encoding="utf-8")
    with pytest.raises(TableError, match=r"\[ls\]"):
        load_command_table(bad)
    bad.write_text("[ls\n", encoding="utf-8")
    with pytest.raises(TableError):
        load_command_table(bad)
    bad.write_text("[ls]\nflavour = 1\n", encoding="utf-8")
    with pytest.raises(TableError, match="flavour"):
        load_command_table(bad)


def test_a_value_option_missing_from_the_table_misreads_arguments(tmp_path):
    # Why the table must list value-taking options: without it `-n 5` is flag + argument.
    bare = tmp_path / "commands.toml"
    bare.write_text("[head]\n", encoding="utf-8")
    grade = grade_command("head -n5 f", ["head -n 5 f"], load_command_table(bare))
    assert grade.outcome == "close"


# ------------------------------------------------------------ every card


@pytest.mark.parametrize("card", COMMAND_CARDS, ids=lambda c: c["id"])
def test_every_accepted_command_grades_right(table, card):
    accepted = _accepted(card)
    for typed in accepted:
        grade = grade_command(typed, accepted, table)
        assert grade.outcome == "right", (typed, grade)


@pytest.mark.parametrize("card", KEY_CARDS, ids=lambda c: c["id"])
def test_every_accepted_key_sequence_grades_right(card):
    accepted = _accepted(card)
    for typed in accepted:
        assert grade_keys(typed, accepted).outcome == "right"


def _render_value(draw, names: tuple[str, ...], value: str, mode: str) -> list[str]:
    name = draw(st.sampled_from(names))
    if mode == "attached":
        return [f"{name}={value}" if name.startswith("--") else name + value]
    if name.startswith("--"):
        return draw(st.sampled_from([[f"{name}={value}"], [name, value]]))
    if len(name) == 2:
        return draw(st.sampled_from([[name + value], [name, value]]))
    return [name, value]  # find's -name and friends


def _render_invocation(draw, stage: Invocation) -> list[str]:
    """A random but equivalent spelling: shuffled, regrouped flags, mixed long/short names."""
    words = [f"{k}={v}" for k, v in stage.env]
    if stage.sudo:
        words.append("sudo")
    words.append(stage.program)
    spec = stage.spec
    option_words: list[list[str]] = []
    cluster: list[str] = []
    cluster_end: tuple[str, str] | None = None
    for key, value in draw(st.permutations(stage.options)):
        opt = spec.option(key) if spec is not None else None
        names = opt.names if opt is not None else (key,)
        if value is None:
            name = draw(st.sampled_from(names))
            # `sed -i` takes an attached suffix, so `-ie` would mean suffix "e": keep it alone.
            clusterable = opt is None or opt.value == "none"
            if clusterable and len(name) == 2 and name[1] != "-" and draw(st.booleans()):
                cluster.append(name[1])
            else:
                option_words.append([name])
        elif (
            cluster_end is None
            and len(names[0]) == 2
            and opt.value == "required"
            and draw(st.booleans())
        ):
            cluster_end = (names[0][1], value)  # `-xzf a.tgz`: the value letter ends the cluster
        else:
            option_words.append(_render_value(draw, names, value, opt.value if opt else "required"))
    if cluster_end is not None:
        option_words.append(["-" + "".join(cluster) + cluster_end[0], cluster_end[1]])
    elif cluster:
        option_words.insert(draw(st.integers(0, len(option_words))), ["-" + "".join(cluster)])
    lead = stage.leading_positionals
    words += [shlex.quote(p) for p in stage.positionals[:lead]]
    words += [shlex.quote(w) for group in option_words for w in group]
    words += [shlex.quote(p) for p in stage.positionals[lead:]]
    if stage.inner is not None:
        words += _render_invocation(draw, stage.inner)
    return words + list(stage.redirects)


def _render_line(draw, line: CommandLine) -> str:
    parts: list[str] = []
    for index, stage in enumerate(line.stages):
        parts.append(" ".join(_render_invocation(draw, stage)))
        if index < len(line.operators):
            parts.append(line.operators[index])
    parts += line.operators[len(line.stages) :]
    return " ".join(parts)


@pytest.mark.parametrize("card", COMMAND_CARDS, ids=lambda c: c["id"])
@given(data=st.data())
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_regrouped_and_reordered_flags_still_grade_right(table, card, data):
    for answer in _accepted(card):
        variant = _render_line(data.draw, parse_line(answer, table))
        grade = grade_command(variant, [answer], table)
        assert grade.outcome == "right", (answer, variant, grade)


def _without_one_option(stage: Invocation, drop: int) -> Invocation:
    kept = stage.options[:drop] + stage.options[drop + 1 :]
    return Invocation(
        program=stage.program,
        options=kept,
        positionals=stage.positionals,
        env=stage.env,
        sudo=stage.sudo,
        redirects=stage.redirects,
        inner=stage.inner,
        spec=stage.spec,
        leading_positionals=stage.leading_positionals,
    )


@pytest.mark.parametrize("card", COMMAND_CARDS, ids=lambda c: c["id"])
@given(data=st.data())
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_dropping_a_flag_is_close(table, card, data):
    answer = card["answer"]
    line = parse_line(answer, table)
    with_options = [i for i, s in enumerate(line.stages) if s.options]
    if not with_options:
        return  # nothing to drop in `pwd` or `nvidia-smi`
    index = data.draw(st.sampled_from(with_options))
    stage = line.stages[index]
    drop = data.draw(st.integers(0, len(stage.options) - 1))
    stages = list(line.stages)
    stages[index] = _without_one_option(stage, drop)
    typed = _render_line(data.draw, CommandLine(tuple(stages), line.operators))
    grade = grade_command(typed, [answer], table)
    assert grade.outcome == "close", (answer, typed, grade)
    assert "missing" in grade.feedback


def test_the_cards_correct_the_notes():
    everything = " ".join(c["explanation"] for c in CARDS)
    accepted = [a for c in CARDS for a in _accepted(c)]
    assert not any("ps -aus" in a or "mv -r" in a for a in accepted)
    assert "`ps -aus`" in everything and "`mv -r`" in everything and "`df -h`" in everything
    table = load_command_table(TABLE_PATH)
    ram = [c for c in COMMAND_CARDS if "RAM" in c["prompt"]]
    assert ram and all(
        grade_command("free -h", _accepted(c), table).outcome == "right" for c in ram
    )
    memory = [c for c in COMMAND_CARDS if "memory" in c["prompt"].lower() or c in ram]
    assert not any(a.startswith("df") for c in memory for a in _accepted(c))
