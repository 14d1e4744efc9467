"""Recorded `drill quiz`, `drill cards` and `drill stats` sessions, run as a user runs them.

The answers are derived from the real decks (whatever their content is today):
a right and a wrong answer for each question type.
"""

from __future__ import annotations

import json
from string import ascii_lowercase

import pytest

from checker.quiz.decks import Question, load_decks


def right_lines(q: Question) -> list[str]:
    if q.type in ("choice", "multi"):
        return [",".join(q.letters)]
    if q.type == "numeric":
        return [repr(q.number)]
    if q.type == "bug":
        return [str(q.fix_lines[0])]
    return ["my own words", "good"]


def wrong_lines(q: Question) -> list[str]:
    if q.type == "choice":
        return [next(c for c in ascii_lowercase[: len(q.choices)] if c not in q.letters)]
    if q.type == "multi":
        return [q.letters[0]] if len(q.letters) > 1 else [ascii_lowercase[: len(q.choices)]]
    if q.type == "numeric":
        return [repr(q.number + 10 * q.tolerance + abs(q.number) + 1)]
    if q.type == "bug":
        return [str(min(set(range(1, len(q.code_lines) + 1)) - set(q.fix_lines)))]
    return ["no idea", "again"]


@pytest.fixture(scope="module")
def topic():
    """A concept deck and its first three questions (the order new questions are asked in)."""
    decks = [d for d in load_decks() if d.kind == "concepts" and len(d.questions) >= 3]
    deck = decks[0]
    return deck.id, deck.questions[:3]


def stats(run_drill) -> dict:
    done = run_drill("stats", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_session_then_restart_keeps_the_schedule(run_drill, tmp_path, topic):
    deck, (first, second, third) = topic
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join(wrong_lines(first) + right_lines(second)) + "\n")
    done = run_drill("quiz", deck, "-n", "2", "--answers", str(answers))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    out = done.stdout
    assert first.id in out and second.id in out and third.id not in out
    flat = " ".join(out.split())
    assert "Wrong" in flat and " ".join(first.explanation.split()[:8]) in flat
    assert "Done: 2 of 2 answered" in out

    # A new process reads the state back: the missed question is due first.
    data = stats(run_drill)
    due = {item["id"]: item["due"] for item in data["items"]}
    assert set(due) == {first.id, second.id}
    assert due[first.id] < due[second.id]
    (row,) = [t for t in data["topics"] if t["deck"] == deck]
    assert (row["reviews"], row["correct"], row["seen"]) == (2, 1, 2)
    assert data["reviewed_today"] == 2 and data["streak_days"] == 1

    # Restart: neither answered question is due yet, so the next new one comes first;
    # answers piped through stdin, and stdin ends at once.
    again = run_drill("quiz", deck, "-n", "2", input="")
    assert again.returncode == 0, again.stderr
    assert third.id in again.stdout and first.id not in again.stdout
    assert "Stopped (end of input) after 0 of 2" in again.stdout


def test_eof_mid_session_keeps_earlier_answers(run_drill, topic):
    deck, (first, second, _) = topic
    done = run_drill("quiz", deck, "-n", "3", input="\n".join(right_lines(first)) + "\n")
    assert done.returncode == 0, done.stderr
    assert "Stopped (end of input) after 1 of 3 answered" in done.stdout
    data = stats(run_drill)
    assert [item["id"] for item in data["items"]] == [first.id]
    (row,) = [t for t in data["topics"] if t["deck"] == deck]
    assert row["reviews"] == 1


def test_unknown_topic_and_bad_count_are_usage_errors(run_drill, topic):
    done = run_drill("quiz", "no-such-topic")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and topic[0] in done.stderr
    assert run_drill("cards", "no-such-deck").returncode == 2
    assert run_drill("quiz", "-n", "0").returncode == 2
    missing = run_drill("quiz", "--answers", "/no/such/file")
    assert missing.returncode == 2 and "cannot read answers" in missing.stderr


def test_linux_cards_both_deck_spellings(run_drill):
    deck = next(d for d in load_decks() if d.id == "linux-processes-and-jobs")
    card = deck.cards[0]
    done = run_drill("cards", "processes-and-jobs", "-n", "1", input=card.answer + "\n")
    assert done.returncode == 0, done.stderr
    assert card.id in done.stdout and "Right." in done.stdout
    assert f"Right answer: {card.answer}" in done.stdout
    # The card is not due again yet, so the long spelling starts with the next one.
    done = run_drill("cards", "linux-processes-and-jobs", "-n", "1", input="?\n")
    assert done.returncode == 0, done.stderr
    assert deck.cards[1].id in done.stdout and "Wrong." in done.stdout
    data = stats(run_drill)
    (row,) = [t for t in data["topics"] if t["deck"] == deck.id]
    assert (row["reviews"], row["correct"]) == (2, 1)


def test_stats_screen_without_colour(run_drill, topic):
    deck, (first, _, _) = topic
    run_drill("quiz", deck, "-n", "1", input="\n".join(right_lines(first)) + "\n")
    done = run_drill("stats")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "\x1b[" not in out  # NO_COLOR and a pipe: no escape codes
    assert deck in out and "100%" in out
    assert "reviewed today: 1" in out and "streak: 1 day(s)" in out
    rows = [line for line in out.splitlines() if line.startswith(("Mon", "Wed", "Fri", "Sun"))]
    assert len(rows) == 4
    assert any(ch in out for ch in "░▒▓█")


# ------------------------------------------------------------ --id, --json, scripted mode


def test_cards_by_id_as_json(run_drill, tmp_path):
    answers = tmp_path / "answers.txt"
    answers.write_text('find . -delete -name "*.pyc"\nps aux\n', encoding="utf-8")
    done = run_drill(
        "cards",
        "--id",
        "find-delete-pyc",
        "--id",
        "ps-every-process",
        "--answers",
        str(answers),
        "--json",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # stdout holds the JSON and nothing else
    first, second = data["answers"]
    assert [first["id"], second["id"]] == ["find-delete-pyc", "ps-every-process"]
    assert first["typed"] == 'find . -delete -name "*.pyc"'
    assert first["outcome"] == "wrong" and "left to right" in first["warning"]
    assert second["outcome"] == "right" and second["warning"] == ""
    assert second["next_review"] and set(first) == {
        "id",
        "typed",
        "outcome",
        "feedback",
        "warning",
        "next_review",
    }


def test_scripted_line_that_cannot_be_read_uses_up_its_card(run_drill):
    # An unbalanced quote is not graded, and the next line answers the next card.
    done = run_drill(
        "cards",
        "--id",
        "ps-every-process",
        "--id",
        "df-disk-space",
        "--json",
        input="ps 'aux\ndf -h\n",
    )
    assert done.returncode == 0, done.stderr
    first, second = json.loads(done.stdout)["answers"]
    assert first["outcome"] == "not_graded" and "quotes" in first["feedback"]
    assert first["next_review"] is None
    assert second["id"] == "df-disk-space" and second["outcome"] == "right"
    # Nothing was scheduled for the card that was not graded.
    items = {item["id"] for item in stats(run_drill)["items"]}
    assert items == {"df-disk-space"}


def test_scripted_unreadable_quiz_answer_stays_in_step(run_drill):
    questions = [q for d in load_decks() if d.kind == "concepts" for q in d.questions]
    first = next(q for q in questions if q.type == "choice")
    second = next(q for q in questions if q.type == "choice" and q.id != first.id)
    done = run_drill(
        "quiz",
        "--id",
        first.id,
        "--id",
        second.id,
        "--json",
        input="zz\n" + right_lines(second)[0] + "\n",
    )
    assert done.returncode == 0, done.stderr
    one, two = json.loads(done.stdout)["answers"]
    assert one["outcome"] == "not_graded"
    assert two["id"] == second.id and two["outcome"] == "right"


def test_unknown_id_is_a_usage_error(run_drill):
    done = run_drill("cards", "--id", "no-such-card")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no-such-card" in done.stderr
    assert run_drill("quiz", "--id", "ps-every-process").returncode == 2  # a card, not a question


def test_a_warning_is_shown_in_the_terminal(run_drill):
    done = run_drill("cards", "--id", "rm-directory", input="rm -rf ~\n")
    assert done.returncode == 0, done.stderr
    flat = " ".join(done.stdout.split())
    assert "Wrong." in flat and "Warning:" in flat and "no undo" in flat


def test_scripted_session_with_unreadable_lines_stays_in_step(run_drill):
    """Issue 10's lines: each unreadable one uses up its question; the last is still right."""
    questions = [q for d in load_decks() if d.kind == "concepts" for q in d.questions]

    def of_type(kind: str, skip: int = 0) -> Question:
        return [q for q in questions if q.type == kind][skip]

    asked = [of_type("choice"), of_type("choice", 1), of_type("bug"), of_type("numeric")]
    asked += [of_type("multi"), of_type("bug", 1), of_type("choice", 2)]
    lines = ["1/4", "", "ln 10", "dead", "25%", "−1", right_lines(asked[-1])[0]]
    args = [arg for q in asked for arg in ("--id", q.id)]
    done = run_drill("quiz", *args, "--json", input="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout)["answers"]
    assert [a["id"] for a in answers] == [q.id for q in asked]
    assert [a["outcome"] for a in answers[:-1]] == ["not_graded"] * 6
    assert answers[-1]["outcome"] == "right"


def test_new_questions_interleave_decks_in_a_fixed_order_per_learner(run_drill):
    first = json.loads(run_drill("quiz", "-n", "8", "--json", input="\n" * 8).stdout)["answers"]
    again = json.loads(run_drill("quiz", "-n", "8", "--json", input="\n" * 8).stdout)["answers"]
    assert [a["id"] for a in first] == [a["id"] for a in again]  # not graded: still new
    by_deck = {q.id: d.id for d in load_decks() for q in d.items}
    assert len({by_deck[a["id"]] for a in first}) >= 4, "new questions should mix decks"


def test_in_order_and_a_named_deck_ask_new_questions_in_file_order(run_drill):
    decks = [d for d in load_decks() if d.kind == "concepts"]
    in_order = run_drill("quiz", "-n", "3", "--in-order", "--json", input="\n" * 3)
    ids = [a["id"] for a in json.loads(in_order.stdout)["answers"]]
    assert ids == [q.id for q in decks[0].questions[:3]]
    one_deck = run_drill("quiz", decks[1].id, "-n", "3", "--json", input="\n" * 3)
    ids = [a["id"] for a in json.loads(one_deck.stdout)["answers"]]
    assert ids == [q.id for q in decks[1].questions[:3]]


def test_dont_know_to_a_recall_question_is_again_and_takes_one_line(run_drill, drill_env, tmp_path):
    """`?` is rated again without a rating line: the next line answers the next question."""
    import sqlite3
    from pathlib import Path

    questions = [q for d in load_decks() if d.kind == "concepts" for q in d.questions]
    recall, other_recall = [q for q in questions if q.type == "recall"][:2]
    choice = next(q for q in questions if q.type == "choice")
    answers = tmp_path / "answers.txt"
    lines = ["?", *right_lines(choice), *right_lines(other_recall)]
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = [arg for q in (recall, choice, other_recall) for arg in ("--id", q.id)]
    done = run_drill("quiz", *args, "--answers", str(answers), "--json")
    assert done.returncode == 0, done.stderr
    first, second, third = json.loads(done.stdout)["answers"]
    assert first["id"] == recall.id and first["typed"] == "?"
    assert first["outcome"] == "wrong" and "did not know" in first["feedback"]
    assert first["next_review"] is not None
    # The line after `?` was not read as a rating: it answered the choice question.
    assert second["id"] == choice.id and second["outcome"] == "right"
    # A recall question answered in words still takes its rating line.
    assert third["id"] == other_recall.id and third["feedback"] == "Rated good."

    db = Path(drill_env["DRILL_HOME"]) / "progress.db"
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT item, rating, correct FROM review_log ORDER BY id").fetchall()
    assert rows == [(recall.id, 1, 0), (choice.id, 3, 1), (other_recall.id, 3, 1)]  # 1 = Again

    # At the terminal (plain output), no rating is asked for after `?`.
    screen = run_drill("quiz", "--id", recall.id, input="?\n")
    assert screen.returncode == 0, screen.stderr
    flat = " ".join(screen.stdout.split())
    assert "Wrong. You did not know it: rated again." in flat
    assert "Model answer" in flat and "How well did you recall it?" not in flat
    assert "Rating:" not in flat and "1 wrong" in flat
