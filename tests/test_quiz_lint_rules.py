"""The lint rules one by one, on items written like the real banks' (MMLU, HEAD-QA, Medbullets, OpenTDB).

Each expectation is the judgement a question writer would make of the item, written by hand.
"""

from __future__ import annotations

import pytest

from render.quiz.lint import RULES, _balance, _question, lead_in
from render.source.model import LintRule, Question


def rules(stem: str, options: list[str], answer: str = "A", kind: str = "single") -> set[str]:
    q = Question.model_validate({"id": "q", "type": kind, "stem": stem, "options": options, "answer": answer})
    return {rule for _, rule, _ in _question(q)}


FOUR = ["Alpha", "Beta", "Gamma", "Delta"]


@pytest.mark.parametrize(
    "stem",
    [
        # A vignette may say "not"; the question sentence does not.
        "A 34-year-old woman cannot swallow solids but not liquids. His eating is not culturally sanctioned. "
        "Which of the following is the most likely diagnosis?",
        "Whether or not a person eats breakfast is which kind of variable?",
        "If the nerve does not regenerate, which muscles will show signs of atrophy?",
        "According to Maslow, which needs must at least be partially met first?",
        "How many teeth does the average adult mouth have (except for wisdom teeth)?",
        'By "not statistically significant," what did he mean?',
    ],
)
def test_a_negation_outside_the_question_is_not_a_negative_stem(stem: str) -> None:
    assert "negative-stem" not in rules(stem, FOUR)


@pytest.mark.parametrize(
    "stem",
    [
        "All of the following are examples of punishment EXCEPT",
        "Susan will not remain seated. What observation data is LEAST relevant to the referral concern?",
        "Which of the following is not an amino acid?",
        "Which statement about parametric tests can not be correct?",
        "Which of the following models of personality is the least deterministic?",
        "Problem areas in IPT include all but which one of the following?",
        "Which of the following is NOT among the top 10 causes of death in the U. S.?",
    ],
)
def test_a_negative_question_is_caught(stem: str) -> None:
    assert "negative-stem" in rules(stem, FOUR)


def test_the_lead_in_is_the_last_sentence() -> None:
    assert lead_in("He is 40. He has pain. Which test is best?") == "Which test is best?"
    assert lead_in("Which is NOT a cause in the U. S.?") == "Which is NOT a cause in the U. S.?"


@pytest.mark.parametrize(
    "option",
    [
        "None of these",
        "Both of these",
        "Neither of these",
        "all of these",
        "None of them",
        "None of the options given is correct",
        "Both (a) and (b)",
        "neither A nor B",
        "Both a and c",
        "none of the above, as the main priority is comfort",
    ],
)
def test_options_that_refer_to_the_others_are_flagged_by_one_rule(option: str) -> None:
    found = rules("Which is right?", ["Alpha", "Beta", "Gamma", option])
    assert "all-none-of-the-above" in found and "absolute-terms" not in found


def test_a_key_only_a_little_longer_is_no_cue() -> None:
    assert "longest-key" not in rules("Which city?", ["Copenhagen", "Odense", "Skagen", "Herning"])
    long = "Attachment of more amino acids via peptide bonds"
    assert "longest-key" in rules("Which process?", [long, "Lipidation", "Glycosylation", "Phosphorylation"])


def test_absolute_terms_only_where_a_claim_stands_out() -> None:
    assert "absolute-terms" in rules("Which is true?", ["All proteins have the same structure", "B1", "C1", "D1"])
    assert "absolute-terms" in rules("Which is true?", ["It is never possible to know", "B1", "C1", "D1"])
    for option in ("All other criteria are met", "Areflexia in all extremities", "Women who never had sex"):
        assert "absolute-terms" not in rules("Which is true?", [option, "B1", "C1", "D1"])
    parallel = ["causes of all disorders", "symptoms of all disorders", "Gamma", "Delta"]
    assert "absolute-terms" not in rules("Which is true?", parallel)


def test_a_question_mark_before_a_colon_is_a_question() -> None:
    assert "not-a-question" not in rules("Which is NOT a sign of distress in the newborn ?:", FOUR)
    assert "not-a-question" in rules("A capacitor can store", FOUR)


def test_true_false_items_get_one_warning_not_two() -> None:
    assert rules("The Doppler effect applies to light.", [], "A", "true-false") == {"true-false"}


def test_key_balance_names_the_overused_and_the_unused_letter() -> None:
    items = [("single", 4, ("B",))] * 6 + [("single", 4, ("A",))] * 2
    detail = _balance(items)
    assert detail is not None
    assert "B is the key of 6 of 8 items" in detail and "C, D are never the key in 8 items" in detail


def test_every_rule_the_model_names_has_a_message() -> None:
    import typing

    assert set(RULES) == set(typing.get_args(LintRule))
