"""The Linux-card grader: typed commands are judged as the shell and each program read them."""

from __future__ import annotations

import re
import shlex
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.quiz.shell import Grader, TableError, grade_keys, load_command_table, load_grader
from checker.quiz.shell.meaning import Invocation, analyse, normalise_mode
from checker.quiz.shell.syntax import parse

LINUX = Path(__file__).resolve().parent.parent / "drills" / "decks" / "linux"
GRADER_FILES = {"commands.toml", "dangers.toml"}


def _cards() -> list[dict]:
    cards = []
    for path in sorted(LINUX.glob("*.toml")):
        if path.name not in GRADER_FILES:
            cards.extend(tomllib.loads(path.read_text(encoding="utf-8"))["cards"])
    return cards


CARDS = _cards()
COMMAND_CARDS = [c for c in CARDS if c.get("grade", "command") == "command"]
KEY_CARDS = [c for c in CARDS if c.get("grade") == "keys"]


@pytest.fixture(scope="module")
def grader() -> Grader:
    return load_grader(LINUX)


def _accepted(card: dict) -> list[str]:
    return [card["answer"], *card.get("accept", [])]


# ------------------------------------------------------------ equivalences

EQUIVALENT = [
    ("ls -la", "ls -al"),
    ("ls -la", "ls -l -a"),
    ("ls -la", "ls --all -l"),
    ("ls -la", "ls -la ."),  # ls lists . by default
    ("ls -la", "ls -laa"),  # a repeated flag is the same flag
    ("df -h", "df --human-readable"),
    ("df -h", "df --hu"),  # an unambiguous prefix, as GNU getopt allows
    ("du -sh data", "du --summarize -h data"),
    ("du -sh data", "du -sh ./data/"),
    ("head -n 5 f.txt", "head -n5 f.txt"),
    ("head -n 5 f.txt", "head --lines=5 f.txt"),
    ("head -n 5 f.txt", "head --lines 5 f.txt"),
    ("head -n 5 f.txt", "head -5 f.txt"),
    ("head -n 5 f.txt", "head --li=5 f.txt"),
    ("du -h --max-depth=1", "du -hd1"),
    ("ps aux", "ps -aux"),  # procps reads -aux as BSD aux (there is no user x)
    ("ps aux", "ps xua"),
    ("ps aux", "ps auxww"),  # ww only widens the output
    ("tar -xzf a.tgz", "tar xzf a.tgz"),
    ("tar -xzf a.tgz", "tar -x -z -f a.tgz"),
    ("tar -xzf a.tgz", "tar --extract --gzip --file=a.tgz"),
    ("tar -xzf a.tgz", "tar -xvf a.tgz"),  # tar detects gzip when it reads a file
    ("tar -tzf a.tgz", "tar tvf a.tgz"),
    ("tar -czf out.tgz dir", "tar czf out.tgz dir"),
    ("tar -xzf a.tgz -C out", "tar -C out -xzf a.tgz"),
    ("tar -xzf a.tgz -C out", "tar -xzf ./a.tgz -C out/"),
    ("tar -xzf a.tgz -C out", "mkdir -p out && tar -xzf a.tgz -C out"),
    ("ln -s /data/imagenet data", "ln --symbolic /data/imagenet data"),
    ("cp -r src dst", "cp -R src dst"),
    ("cp -r src dst", "cp -rv src dst"),
    ("mv runs/old archive", "mv runs/old/ archive/"),
    ("mv runs/old archive", "mv ./runs/old ./archive"),
    ("CUDA_VISIBLE_DEVICES=0 python train.py", "env CUDA_VISIBLE_DEVICES=0 python train.py"),
    ("CUDA_VISIBLE_DEVICES=0,1 python train.py", "CUDA_VISIBLE_DEVICES='0,1' python train.py"),
    ("CUDA_VISIBLE_DEVICES=0 python train.py", "sudo CUDA_VISIBLE_DEVICES=0 python train.py"),
    ("A=1 B=2 python x.py", "B=2 A=1 python x.py"),
    ("ps aux | grep python", "ps -aux|grep python"),
    ("watch -n 1 nvidia-smi", "watch -n1 nvidia-smi"),
    ("watch -n 1 nvidia-smi", "watch --interval=1 nvidia-smi"),
    ("watch -n 1 nvidia-smi", "watch -n 1 'nvidia-smi'"),
    ("watch -n 1 nvidia-smi", "watch -d -n 1 nvidia-smi"),
    ("watch -n 1 nvidia-smi -i 0", "watch -n 1 nvidia-smi --id=0"),
    ("nvidia-smi -l 1", "nvidia-smi --loop=1"),
    ("kill -9 42", "kill -KILL 42"),
    ("kill -9 42", "kill -s SIGKILL 42"),
    ("kill -9 42", "kill -kill 42"),
    ("kill -9 42", "kill -s 9 42"),
    ("kill 42", "kill -15 42"),
    ("kill 42", "kill -term 42"),
    ("kill 42", "kill -s TERM 42"),
    ("find . -name '*.py' -type f", 'find . -type f -name "*.py"'),
    ("find . -name '*.py'", 'find -name "*.py"'),  # GNU find starts at . by default
    ("find . -name '*.py'", "find . -name \\*.py"),  # a backslash quotes as well
    ("find logs -mtime -1", "find logs -mtime 0"),  # both: less than one whole day ago
    ("find . -name '*.pyc' -exec rm {} \\;", "find . -name '*.pyc' -exec rm '{}' ';'"),
    ("grep -rn TODO src", "grep -n -r TODO src"),
    ("grep -rn TODO src", "grep -rn TODO src/"),
    ("grep -rn TODO src", "grep -rn TODO ./src"),
    ("grep -rn TODO src", "grep -rn --color=auto TODO src"),
    ("grep -v '^#' config.txt", "grep -v ^# config.txt"),  # # starts a comment only at a word
    ("grep -i error train.log", "cat train.log | grep -i error"),
    ("grep -i error train.log", "grep -i error < train.log"),
    ("sort f | uniq -c | sort -rn", "sort f | uniq --count | sort -n -r"),
    ("sort f | uniq -c | sort -rn", "cat f | sort | uniq -c | sort -rn"),
    ("cut -d , -f 2 a.csv", "cut -f2 -d, a.csv"),
    ("echo $PATH", 'echo "${PATH}"'),
    ('export PATH="$HOME/bin:$PATH"', "export PATH=~/bin:$PATH"),
    ('export PATH="$HOME/bin:$PATH"', "export PATH=${HOME}/bin:${PATH}"),
    ("source ~/.bashrc", ". ~/.bashrc"),
    ("source ~/.bashrc", "source $HOME/.bashrc"),
    ("source ~/.bashrc", 'source "$HOME/.bashrc"'),
    ("ip addr", "ip a"),
    ("tmux attach -t train", "tmux a -t train"),
    ("tmux new -s train", "tmux new-session -s train"),
    ("nohup python train.py > log.txt 2>&1 &", "nohup python train.py >log.txt 2>&1 &"),
    ("nohup python train.py > log.txt 2>&1 &", "nohup python train.py 1> log.txt 2>&1 &"),
    ("nohup python train.py > log.txt 2>&1 &", "nohup python train.py &> log.txt &"),
    ("nohup python train.py > log.txt 2>&1 &", "nohup python train.py >& log.txt &"),
    ("nohup python train.py > log.txt 2>&1 &", "nohup python3 train.py > log.txt 2>&1 &"),
    ("python train.py 2>&1 | tee log", "python train.py |& tee log"),
    ("df -h .", "df -h $(pwd)"),
    ("df -h .", "df -h `pwd`"),
    ("df -h .", "df -h $PWD"),
    ("chmod 755 deploy.sh", "chmod 0755 deploy.sh"),
    ("chmod 755 deploy.sh", "chmod u=rwx,go=rx deploy.sh"),
    ("chmod 755 deploy.sh", "chmod a=rx,u+w deploy.sh"),
    ("chmod +x run.sh", "chmod a+x run.sh"),
    ("chmod -R g+w shared", "chmod -R g+w shared/"),
    ("df -h", "sudo df -h"),  # sudo where the card does not need it is tolerated
    ("rm a b", "rm b a"),  # rm's arguments have no order
    ("rsync -av results/ host:dst", "rsync -avP results/ host:dst"),
    ("ls -la", "ls -la # and a comment"),
    ("gzip -k train.log", "gzip -c train.log > train.log.gz"),  # a stream keeps the original
    ("gzip -k train.log", "gzip < train.log > train.log.gz"),
    ("gzip -k train.log", "cat train.log | gzip > train.log.gz"),
    ("gunzip train.log.gz", "gunzip < train.log.gz > train.log"),
    ("grep -i error train.log", "(grep -i error train.log)"),  # a subshell around one command
    ("grep -i error train.log", "grep -y error train.log"),  # -y: the old spelling of -i
    ('grep -rl torch --include="*.py" .', "grep -rl torch --include=*.py ."),  # never expanded
    ("head -n 20 f", "head -n +20 f"),
    ("lsof -i tcp:6006", "lsof -i TCP:6006"),
]


@pytest.mark.parametrize(("answer", "typed"), EQUIVALENT)
def test_equivalent_spellings_are_right(grader, answer, typed):
    grade = grader.grade(typed, [answer])
    assert grade.outcome == "right", grade
    assert not grade.warning


def test_unneeded_sudo_is_mentioned(grader):
    grade = grader.grade("sudo df -h", ["df -h"])
    assert grade.outcome == "right"
    assert "sudo" in grade.feedback


@pytest.mark.parametrize(
    ("mode", "octal"),
    [("755", "755"), ("0755", "755"), ("u=rwx,go=rx", "755"), ("a=r,u+w", "644"), ("=", "0")],
)
def test_absolute_chmod_modes_become_octal(mode, octal):
    assert normalise_mode(mode) == octal


# ------------------------------------------------------------ close, with the difference named

CLOSE = [
    ("df -h", "df", ["missing -h", "human-readable"]),
    ("df -h", "df -i", ["extra -i", "inode"]),
    ("df -h", "df --h", ["ambiguous", "--help", "--human-readable", "refuses"]),
    ("free -h", "free --h", ["ambiguous", "--human"]),
    ("du -sh data", "du --s -h data", ["ambiguous", "--summarize", "--separate-dirs"]),
    ("free -h", "free", ["missing -h"]),
    ("ps aux", "ps -aus", ["-u", "`s`"]),
    ("ps -ef", "ps ef", ["environment", "missing -e"]),
    ("watch -n 1 nvidia-smi", "watch -n 1", ["needs a command"]),
    ("kill 42", "kill -sigterm 42", ["igterm"]),  # bash reads -s igterm
    ("pigz -p 8 f", "pigz --processes=8 f", ["--processes VALUE"]),
    ("mv a b", "mv -r a b", ["mv has no -r"]),
    ("head -n 5 f", "head -n 10 f", ["-n", "`10`", "`5`"]),
    ("ln -s target link", "ln -s link target", ["another order", "target link"]),
    ("ln -s target link", "ln target link", ["missing -s", "symbolic"]),
    ("ln -s /mnt/x data", "ln -s /mnt/x data/", ["trailing slash"]),
    ("rsync -av results host:", "rsync -av results/ host:", ["trailing slash"]),
    ("cp -r a b", "cp a b", ["missing -r"]),
    ("sudo apt update", "apt update", ["sudo"]),
    ("CUDA_VISIBLE_DEVICES=0 python train.py", "python train.py", ["CUDA_VISIBLE_DEVICES=0"]),
    ("CUDA_VISIBLE_DEVICES=0 python train.py", "CUDA_VISIBLE_DEVICES=1 python train.py", ["`0`"]),
    ("watch -n 1 nvidia-smi", "watch nvidia-smi", ["missing -n", "seconds"]),
    ("watch -n 1 nvidia-smi", "watch -n 1 nvidia-smi -L", ["extra -L"]),
    ("ps aux | grep python", "ps aux", ["2 commands", "one command"]),
    ("ps aux | grep python", "ps aux | grep -v python", ["stage 2", "extra -v"]),
    ("nohup python train.py &", "python train.py &", ["nohup"]),
    ("tar -xzf a.tgz", "tar -xzf", ["-f", "no value"]),
    ("tar -czf out.tgz dir", "tar -cf out.tgz dir", ["missing -z", "gzip"]),
    ("kill 42", "kill -9 42", ["KILL", "cannot clean up"]),
    ("nohup python t.py > log 2>&1 &", "nohup python t.py &", ["standard output", "`log`"]),
    ("nohup python t.py > log 2>&1 &", "nohup python t.py > log &", ["standard error"]),
    ("nohup python t.py > log 2>&1 &", "nohup python t.py 2>&1 > log &", ["left to right"]),
    ("nohup python t.py > log 2>&1 &", "nohup python t.py > log 2>&1", ["missing `&`"]),
    ("grep -c nan log", "grep nan log | wc -l", ["one command"]),
    ("echo $DATA_DIR", "echo '$DATA_DIR'", ["single quotes"]),
    ("source ~/.bashrc", "source '~/.bashrc'", ["quoted ~"]),
    ("find . -name '*.py'", "find . -name *.py", ["quote it"]),
    ("rm -r tmp_run", "rm tmp_run", ["missing -r"]),
]


@pytest.mark.parametrize(("answer", "typed", "mentions"), CLOSE)
def test_right_program_with_differences_is_close(grader, answer, typed, mentions):
    grade = grader.grade(typed, [answer])
    assert grade.outcome == "close", grade
    for text in mentions:
        assert text in grade.feedback, (text, grade.feedback)


def test_feedback_compares_with_the_closest_accepted_answer(grader):
    grade = grader.grade("rm tmp_run", ["rm -rf tmp_run", "rm -r tmp_run"])
    assert grade.outcome == "close"
    assert "-r" in grade.feedback and "-f" not in grade.feedback
    assert grade.closest == "rm -r tmp_run"


def test_no_false_feedback_about_redirections(grader):
    grade = grader.grade(
        "python train.py > train.log 2>&1 &", ["nohup python train.py > train.log 2>&1 &"]
    )
    assert grade.outcome == "close"
    assert "nohup" in grade.feedback and "redirection" not in grade.feedback


WRONG = [
    ("free -h", "df -h", "`df`"),
    ("df -h", "free -h", "`free`"),
    ("ps aux", "top", "`top`"),
    ("export CUDA_VISIBLE_DEVICES=1", "CUDA_VISIBLE_DEVICES=1", "only sets variables"),
    ("watch -n 1 nvidia-smi", "watch -n 1 free -h", "`free`"),
]


@pytest.mark.parametrize(("answer", "typed", "mentions"), WRONG)
def test_a_different_program_is_wrong(grader, answer, typed, mentions):
    grade = grader.grade(typed, [answer])
    assert grade.outcome == "wrong"
    assert mentions in grade.feedback


# ------------------------------------------------------------ danger first

DANGEROUS = [
    ('find . -name "*.pyc" -delete', 'find . -delete -name "*.pyc"', "left to right"),
    ('export PATH="$HOME/.local/bin:$PATH"', "export PATH='$HOME/.local/bin:$PATH'", "PATH"),
    ('export PATH="$HOME/.local/bin:$PATH"', "export PATH=$HOME/.local/bin", "PATH"),
    (
        "CUDA_VISIBLE_DEVICES=0 python train.py",
        "CUDA_VISIBLE_DEVICES=0 sudo python train.py",
        "sudo",
    ),
    ("rm -r tmp_run", "rm -rf ~", "deletes everything"),
    ("rm -r tmp_run", "rm -rf $HOME", "deletes everything"),
    ("rm -r tmp_run", "rm -rf /", "deletes everything"),
    ("rm -r tmp_run", "sudo rm -rf /*", "deletes everything"),
    ("rm -r tmp_run", "rm -rf $RUN_DIR/", "empty"),
    ("chmod -R g+w shared", "chmod -R 777 /", "under /"),
    ("chmod +x run.sh", "chmod 777 run.sh", "every user"),
    ("chmod 600 ~/.ssh/id_ed25519", "chmod 644 ~/.ssh/id_ed25519", "private key"),
    ("kill 4242", "kill -9 -1", "every process"),
    ("sed -i 's/a/b/' f", "sed 's/a/b/' f > f", "empties"),
    ("sort -u f -o f", "sort -u f > f", "empties"),
    ("sort -u f -o f", "cat f | sort -u > f", "empties"),
    ("curl -LO https://x.org/i.sh", "curl -fsSL https://x.org/i.sh | bash", "unread"),
    ("curl -LO https://x.org/i.sh", "wget -qO- https://x.org/i.sh | sudo sh", "unread"),
    ("rsync -av a/ host:b", "rsync -av --delete a/ host:b", "--delete"),
    # hidden inside another command line: the rules look into nested commands
    ("ls -la", "find . -name x -exec rm -rf / \\;", "deletes everything"),
    ("ls -la", "echo $(rm -rf ~)", "deletes everything"),
    ("ls -la", 'sh -c "rm -rf ~"', "deletes everything"),
    ("ls -la", 'sudo bash -c "chmod -R 777 /"', "under /"),
    ("ls -la", "ssh alice@gpu rm -rf ~", "deletes everything"),
    ("ls -la", "nice -n 19 rm -rf ~", "deletes everything"),
    ("ls -la", "timeout 5 rm -rf /", "deletes everything"),
    ("curl -LO https://x.org/m.pt", "curl -k -LO https://x.org/m.pt", "TLS"),
    ("ls -la", "echo x > ~/.bashrc", "empties that file"),
    ("ls -la", "cat /dev/urandom > /dev/sda", "disk device"),
    ("tar -xzf d.tgz -C out", "tar -xzf d.tgz -C /", "over the system"),
    ("git restore --staged c.yaml", "git restore --staged --worktree c.yaml", "edits are lost"),
    ("kill 4242", "kill -9 0", "process group"),
    ("chmod +x run.sh", "sudo chmod 4755 /bin/bash", "setuid"),
    ('export PATH="$HOME/bin:$PATH"', "export PATH=.:$PATH", "current folder"),
    ("rm -r tmp_run", "rm -rf tmp_ run", "does not name"),
    ("rm -r tmp_run", "command rm -rf ~", "deletes everything"),
    ("sudo apt update", "sudo apt-get remove -y python3", "Python"),
]


def test_a_line_that_cannot_be_graded_is_still_checked_for_damage(grader):
    for typed in ["rm -r tmp_run\nrm -rf ~", "rm -rf tmp_run " + "x " * 600 + "~"]:
        grade = grader.grade(typed, ["rm -r tmp_run"])
        assert grade.outcome == "wrong" and "deletes everything" in grade.warning
    harmless = grader.grade("ls\nls", ["ls"])
    assert harmless.outcome == "unparseable" and not harmless.warning


NOT_DANGEROUS = [
    ('export PATH="$HOME/.local/bin:$PATH"', "PATH+=:~/.local/bin"),  # += appends
    ('find . -name "*.pyc" -delete', 'find . -name "*.pyc" -delete -o -name "*.py"'),
    ("grep -i error train.log", "nice grep -i error train.log"),
    ("rm -r tmp_run", "rm -rf tmp_run/"),
]


@pytest.mark.parametrize(("answer", "typed"), NOT_DANGEROUS)
def test_safe_answers_get_no_warning(grader, answer, typed):
    assert not grader.grade(typed, [answer]).warning


@pytest.mark.parametrize(("answer", "typed", "mentions"), DANGEROUS)
def test_destructive_answers_are_wrong_with_a_warning(grader, answer, typed, mentions):
    grade = grader.grade(typed, [answer])
    assert grade.outcome == "wrong", grade
    assert mentions in grade.warning, grade.warning


def test_a_card_whose_task_is_destructive_is_exempt(grader):
    # The rule is about answers that do damage the card did not ask for.
    assert grader.grade("rsync -av --delete a/ b", ["rsync -av --delete a/ b"]).outcome == "right"


# ------------------------------------------------------------ unparseable input

UNPARSEABLE = [
    ("", "Empty"),
    ("   ", "Empty"),
    ('echo "hello', "quotes"),
    ("echo 'hello", "quotes"),
    ("| grep x", "reject"),
    ("ps aux |", "after it"),
    ("sudo", "after sudo"),
    ("for f in *; do rm $f; done", "for loop"),
    ("x" * 1001, "longer than"),
    ("a\nb", "one line"),
]


@pytest.mark.parametrize(("typed", "mentions"), UNPARSEABLE)
def test_unparseable_input_gets_a_message_not_an_exception(grader, typed, mentions):
    grade = grader.grade(typed, ["ls -la"])
    assert grade.outcome == "unparseable"
    assert mentions in grade.feedback, grade.feedback


HOSTILE = [
    "$(" * 240 + "ls" + ")" * 240,
    "echo " + "${a:-" * 150 + "}" * 150,
    "watch " * 160 + "ls",
    "sudo " * 190 + "ls",
    "ls -" + "a" * 990,
    "a|" * 330 + "b",
    "ls " + '"a" ' * 240,
    "echo " + "'" * 995,
    "(" * 500 + ")" * 500,
    "`" * 999,
    "{" + chr(0xE0FF5),  # segfaulted tree-sitter-bash 0.25's scanner
    "find -name * ~ -9 + -name",  # once sorted None against a string
]


@pytest.mark.parametrize("typed", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_lines_get_a_verdict_quickly(grader, typed):
    start = time.process_time()
    grade = grader.grade(typed, ["ls -la"])
    assert grade.outcome in {"right", "close", "wrong", "unparseable"}
    assert grade.feedback
    assert time.process_time() - start < 2.0  # generous; a runaway parser takes minutes


@given(st.text(max_size=60))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_grades_without_raising(grader, typed):
    grade = grader.grade(typed, ["tar -xzf a.tgz -C out", "ps aux | grep python"])
    assert grade.outcome in {"right", "close", "wrong", "unparseable"}
    assert grade.feedback


_SHELLISH = st.text(alphabet="ls -a|&;<>'\"$(){}\\~*./2>1#!`=\t", max_size=60)


@given(_SHELLISH)
@settings(max_examples=500, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_shell_punctuation_grades_without_raising(grader, typed):
    grade = grader.grade(typed, ["ls -la", "find . -name '*.py' -delete"])
    assert grade.outcome in {"right", "close", "wrong", "unparseable"}


# ------------------------------------------------------------ keys


def test_keys_exact_after_trimming():
    assert grade_keys("  :wq ", [":wq", ":x"]).outcome == "right"
    assert grade_keys(":x", [":wq", ":x"]).outcome == "right"
    assert grade_keys(":wq<Enter>", [":wq"]).outcome == "right"
    assert grade_keys("dd", ["yy"]).outcome == "wrong"


@pytest.mark.parametrize("typed", ["Ctrl-b d", "Ctrl+B d", "C-b d", "^b d", "^B d", "ctrl-B d"])
def test_ctrl_chords_compare_case_insensitively(typed):
    assert grade_keys(typed, ["Ctrl-b d"]).outcome == "right"


def test_keys_close_cases_say_why():
    case = grade_keys(":WQ", [":wq"])
    assert case.outcome == "close" and "case-sensitive" in case.feedback
    colon = grade_keys("wq", [":wq"])
    assert colon.outcome == "close" and "colon" in colon.feedback
    prefix = grade_keys("d", ["Ctrl-b d"])
    assert prefix.outcome == "close" and "prefix" in prefix.feedback
    assert "vim" not in grade_keys("x", ["Ctrl-b d"]).feedback
    assert grade_keys("Ctrl-b D", ["Ctrl-b d"]).outcome == "close"  # tmux's D is not d
    assert grade_keys("", ["dd"]).outcome == "unparseable"


# ------------------------------------------------------------ the tables themselves


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


def test_malformed_danger_rule_is_reported(tmp_path):
    (tmp_path / "commands.toml").write_text("[rm]\n", encoding="utf-8")
    (tmp_path / "dangers.toml").write_text(
        '[[rule]]\nid = "x"\nwarning = "w"\ncheck = "no-such-check"\n', encoding="utf-8"
    )
    with pytest.raises(TableError, match="no-such-check"):
        load_grader(tmp_path)
    (tmp_path / "dangers.toml").write_text(
        '[[rule]]\nid = "x"\nwarning = "w"\nprograms = ["nosuch"]\n', encoding="utf-8"
    )
    with pytest.raises(TableError, match="nosuch"):
        load_grader(tmp_path)


def test_a_value_option_missing_from_the_table_misreads_arguments(tmp_path):
    # Why the table must list value-taking options: without it `-n 5` is flag + argument.
    (tmp_path / "commands.toml").write_text("[head]\n", encoding="utf-8")
    (tmp_path / "dangers.toml").write_text("", encoding="utf-8")
    grade = load_grader(tmp_path).grade("head -n5 f", ["head -n 5 f"])
    assert grade.outcome == "close"


# ------------------------------------------------------------ every card


@pytest.mark.parametrize("card", COMMAND_CARDS, ids=lambda c: c["id"])
def test_every_accepted_command_grades_right(grader, card):
    accepted = _accepted(card)
    for typed in accepted:
        grade = grader.grade(typed, accepted)
        assert grade.outcome == "right", (typed, grade)
        assert not grade.warning


@pytest.mark.parametrize("card", KEY_CARDS, ids=lambda c: c["id"])
def test_every_accepted_key_sequence_grades_right(card):
    accepted = _accepted(card)
    for typed in accepted:
        assert grade_keys(typed, accepted).outcome == "right"


_SAFE = re.compile(r"[\w./:=,+@%^-]+")


def _shell_word(key: str) -> str | None:
    """A word key written back as shell text; None when that would need real work."""
    if _SAFE.fullmatch(key):
        return key
    if "$" in key:
        return None
    if "\\" in key:
        plain = key.replace("\\", "")
        return (
            shlex.quote(plain)
            if key == "".join("\\" + c if c in "*?[" else c for c in plain)
            else None
        )
    return shlex.quote(key)


def _spell_option(draw, inv: Invocation, key: str, value: str | None) -> list[str] | None:
    if value is not None:
        value = _shell_word(value)
        if value is None:
            return None
    spec = inv.spec
    opt = spec.option(key) if spec is not None else None
    names = opt.names if opt is not None else (key,)
    if value is not None and opt is not None and opt.value in ("none", "attached"):
        names = tuple(n for n in names if n.startswith("--")) or names  # `--follow=name` only
    name = draw(st.sampled_from(names))
    if value is None:
        return [name]
    if opt is None:
        return [f"{name}={value}"]  # unknown to the table: keep the spelling that was typed
    if name.startswith("--") and spec is not None and not spec.long_equals:
        return [name, value]  # pigz: only `--processes 8`
    if opt is not None and opt.value == "until-terminator":
        return [name, *value.split()]
    if opt is not None and opt.value in ("attached", "none"):
        return [f"{name}={value}" if name.startswith("--") else name + value]
    if name.startswith("--"):
        return draw(st.sampled_from([[f"{name}={value}"], [name, value]]))
    if len(name) == 2:
        return draw(st.sampled_from([[name + value], [name, value]]))
    return [name, value]


def _respell(draw, inv: Invocation, simple_source: str) -> str | None:
    """The same command with its options shuffled, regrouped and renamed; None if not simple."""
    if inv.inner is not None or inv.sudo or inv.spec is None or inv.spec.expression:
        return None
    if any(k.startswith("bsd:") for k, _ in inv.options) or inv.spec.runs_command:
        return None
    words = [f"{k}={shlex.quote(v)}" for k, v in inv.env] + [inv.program]
    groups = [_spell_option(draw, inv, k, v) for k, v in draw(st.permutations(inv.options))]
    if any(g is None for g in groups):
        return None

    def bare(g: list[str]) -> bool:
        # `sed -i` takes an attached suffix, so `-iE` would mean suffix "E": keep it alone.
        opt = inv.spec.option(g[0]) if inv.spec is not None else None
        plain = opt is None or opt.value == "none"
        return len(g) == 1 and len(g[0]) == 2 and g[0][1] != "-" and plain

    flags = [g[0][1] for g in groups if bare(g)]
    if len(flags) > 1 and draw(st.booleans()):
        groups = [g for g in groups if not bare(g)]
        groups.insert(draw(st.integers(0, len(groups))), ["-" + "".join(flags)])
    operands = list(inv.shown)
    if inv.spec is not None and inv.spec.subcommand and operands:
        words.append(operands.pop(0))  # `git log --graph`: options follow the subcommand
    words += [w for g in groups for w in g] + operands
    return " ".join(words)


@pytest.mark.parametrize("card", COMMAND_CARDS, ids=lambda c: c["id"])
@given(data=st.data())
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_regrouped_and_reordered_flags_still_grade_right(grader, card, data):
    for answer in _accepted(card):
        line = parse(answer)
        command = analyse(line, grader.table)
        if len(line.stages) != 1 or len(command.stages) != 1 or line.operators:
            continue
        if line.stages[0].redirects or line.stages[0].assignments:
            continue
        variant = _respell(data.draw, command.stages[0], line.stages[0].source)
        if variant is None:
            continue
        grade = grader.grade(variant, [answer])
        assert grade.outcome == "right", (answer, variant, grade)


@pytest.mark.parametrize("card", COMMAND_CARDS, ids=lambda c: c["id"])
def test_dropping_a_flag_is_close(grader, card):
    """Every flag of the canonical answer counts, unless the card accepts the answer without it."""
    line = parse(card["answer"])
    if len(line.stages) != 1 or line.stages[0].redirects:
        return
    words = [w.source for w in line.stages[0].words]
    accepted = _accepted(card)
    for k, word in enumerate(words[1:], start=1):
        if not word.startswith("-") or len(word) != 2:
            continue
        typed = " ".join(words[:k] + words[k + 1 :])
        if any(grader.grade(typed, [a]).outcome == "right" for a in accepted[1:]):
            continue  # another accepted answer does without that flag
        grade = grader.grade(typed, accepted)
        assert grade.outcome in ("close", "wrong", "unparseable"), (typed, grade)


def test_the_cards_correct_the_notes(grader):
    everything = " ".join(c["explanation"] for c in CARDS)
    accepted = [a for c in CARDS for a in _accepted(c)]
    assert not any("ps -aus" in a or "mv -r" in a for a in accepted)
    assert "`ps -aus`" in everything and "`mv -r`" in everything and "`df -h`" in everything
    ram = [c for c in COMMAND_CARDS if "RAM" in c["prompt"]]
    assert ram and all(grader.grade("free -h", _accepted(c)).outcome == "right" for c in ram)
    memory = [c for c in COMMAND_CARDS if "memory" in c["prompt"].lower() or c in ram]
    assert not any(a.startswith("df") for c in memory for a in _accepted(c))
