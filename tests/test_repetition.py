"""Drills in spaced repetition: the rating of an accepted attempt, as tabled in
tests/repetition/ratings.toml, and every drill's target time."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from fsrs import Rating

from checker.catalogue import load_all
from checker.repetition import AttemptRecord, rate

CASES = tomllib.loads(
    (Path(__file__).parent / "repetition" / "ratings.toml").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_an_accepted_attempt_is_rated_as_tabled(case):
    attempt = AttemptRecord(case["minutes"], case["failed"], case["hints"], case["solution"])
    assert rate(attempt, case["target"]) == Rating[case["rating"]]


def test_every_drill_has_a_target_time_and_four_are_headline():
    drills = load_all()
    assert all(1 <= d.target_minutes <= 120 for d in drills)
    assert {d.id for d in drills if d.headline} == {"batchnorm", "dropout", "adam", "maxpool"}
