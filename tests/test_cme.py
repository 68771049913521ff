"""CME: the statements in their published wording, the talk length, the CME lint (hand-written expectations)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import IPT, podium
from helpers import FIXTURES

from render.cme import length, lint, statements
from render.errors import SourceError
from render.source.load import load, parse
from render.source.resolved import resolve

CME_TALK = FIXTURES / "cme-talk.yaml"

# From the text (ACCME and AMA wording), typed by hand, the provider filled in.
ACCME = (
    "Example Medical Center is accredited by the Accreditation Council for Continuing Medical Education "
    "(ACCME) to provide continuing medical education for physicians."
)
JOINT = (
    "In support of improving patient care, Example Medical Center is jointly accredited by the Accreditation "
    "Council for Continuing Medical Education (ACCME), the Accreditation Council for Pharmacy Education (ACPE), "
    "and the American Nurses Credentialing Center (ANCC), to provide continuing education for the healthcare team."
)
DESIGNATION = (
    "Example Medical Center designates this live activity for a maximum of 1.0 AMA PRA Category 1 Credit(s)™. "
    "Physicians should claim only the credit commensurate with the extent of their participation in the activity."
)


def cme_text(**changes: str) -> str:
    text = CME_TALK.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old.replace("_", " ") in text or old in text, old
        text = text.replace(old if old in text else old.replace("_", " "), new)
    return text


def test_the_statements_read_word_for_word_as_published() -> None:
    cme = load(CME_TALK).cme
    assert cme is not None
    assert statements.accreditation(cme) == ACCME
    assert statements.accreditation(cme.model_copy(update={"accreditation": "joint"})) == JOINT
    designation = statements.designation(cme)
    assert designation.text == DESIGNATION
    assert designation.credit == "AMA PRA Category 1 Credit(s)™"  # the part set in italics
    quarter = statements.designation(cme.model_copy(update={"credits": 0.75, "activity": "regularly scheduled series"}))
    assert quarter.text.startswith(
        "Example Medical Center designates this regularly scheduled series for a maximum of 0.75 AMA PRA"
    )


def test_disclosures_name_each_person_company_and_nature_and_none_too() -> None:
    cme = load(CME_TALK).cme
    assert cme is not None
    assert [d.text for d in statements.disclosures(cme)] == [
        "A. Presenter (faculty) has no relevant financial relationships with ineligible companies.",
        "B. Planner (planner): Acme Pharma (consultant).",
    ]
    assert statements.mitigation(cme) == (
        "All relevant financial relationships listed for these individuals have been mitigated."
    )
    assert statements.support(cme) == "This activity is supported by: Example Foundation (educational grant)."


def test_talk_length_counts_the_notes_words_at_the_speaking_rate() -> None:
    source = load(CME_TALK)
    found = length.estimate(source, resolve(source))
    # Counted by hand from the fixture's notes: 11, 28 and 24 words; the source asks for 120 a minute.
    assert found.words == (("title", 11), ("screening", 28), ("treatment", 24))
    assert found.rate == 120 and found.minutes == pytest.approx(63 / 120)
    assert length.estimate(source, resolve(source), 90).minutes == pytest.approx(63 / 90)
    ipt = load(IPT)
    assert length.estimate(ipt, resolve(ipt)).rate == 130  # no `cme:`: the usual pace


@pytest.mark.parametrize(("minutes", "credit"), [(60, 1.0), (45, 0.75), (50, 0.75), (75, 1.25), (14, 0.0)])
def test_the_credit_a_duration_supports_is_one_an_hour_in_quarter_steps(minutes: int, credit: float) -> None:
    assert length.supported(minutes) == credit


def warnings_for(text: str) -> list[str]:
    source = parse(text, "t.yaml")
    return [m for _, m in lint.lint(source, length.estimate(source, resolve(source)))]


def test_a_clean_cme_talk_has_no_cme_warnings() -> None:
    assert warnings_for(CME_TALK.read_text(encoding="utf-8")) == []


def test_each_cme_lint_rule_warns() -> None:
    text = (
        CME_TALK.read_text(encoding="utf-8")
        .replace("credits: 1.0", "credits: 1.1")
        .replace("role: faculty", "role: moderator")
        .replace("mitigated: true", "mitigated: false")
        .replace(", kind: educational grant", "")
        .replace("objectives: [treat]", "objectives: [screen]")
        .replace("duration: 60", "duration: 1")
        .replace("speaking_rate: 120", "speaking_rate: 60")
        .replace("Welcome, and thank you", "This talk earns 1 Category 1 credit. Welcome, and thank you")
    )
    found = warnings_for(text)
    expected = [
        "the notes run about 1.2 minutes at 60 words a minute; the session has 1",  # 63 + 7 words,
        "credits 1.1 is not in steps of 0.25 (e.g. 0.75, 1.0, 1.25)",
        "1.1 credits claimed, but 1 minutes support at most 0.0 (60 minutes = 1 credit, in quarter steps)",
        "no disclosure for the faculty (a person with role: faculty)",
        "relationships are disclosed but not marked mitigated; add `mitigated: true` once the CME office has "
        "mitigated them",
        "support from Example Foundation needs its kind, e.g. educational grant or in-kind",
        "objective 'treat' is tested by no quiz item",
        "write the credit as *AMA PRA Category 1 Credit(s)™* (in italics, with ™)",
    ]
    assert found == expected


def test_the_full_credit_phrase_is_no_warning() -> None:
    text = CME_TALK.read_text(encoding="utf-8").replace(
        "Welcome, and thank you", "This talk earns 1.0 AMA PRA Category 1 Credit(s)™. Welcome, and thank you"
    )
    assert warnings_for(text) == []


def test_disclosures_in_both_places_is_an_error_saying_to_move_them() -> None:
    text = CME_TALK.read_text(encoding="utf-8").replace(
        "  date: March 4, 2026\n", "  date: March 4, 2026\n  disclosures:\n    - The presenter has none.\n"
    )
    with pytest.raises(SourceError) as caught:
        parse(text, "t.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "t.yaml:11:3: talk.disclosures: with `cme:` the disclosures go in cme.disclosures (name, role, "
        "relationships); move them there"
    ]


def test_check_prints_the_length_per_slide_and_the_cme_warnings(tmp_path: Path) -> None:
    source = tmp_path / "talk.yaml"
    source.write_text(CME_TALK.read_text(encoding="utf-8").replace("mitigated: true", "mitigated: false"), "utf-8")
    result = podium("check", source, "--speaking-rate", "60")
    assert result.returncode == 0, result.stderr
    assert f"{source}: talk length: about 1 min (63 words of notes at 60 a minute)" in result.stdout
    assert "  screening: 28 words, 0.5 min" in result.stdout
    assert f"{source}:30:3: warning: cme: relationships are disclosed but not marked mitigated" in result.stderr
