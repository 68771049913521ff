"""The accreditation and designation statements, in their published wording, filled in from `cme:`.

Wording: ACCME, "Accreditation and Designation Statements" (the ACCME statement and the Joint
Accreditation statement), and the AMA PRA Booklet's credit designation statement (see README: CME).
"""

from __future__ import annotations

from dataclasses import dataclass

from render.source.model import Cme

CREDIT_PHRASE = "AMA PRA Category 1 Credit(s)™"  # always in italics, always with ™ (AMA PRA Booklet)


@dataclass(frozen=True)
class Designation:
    """The designation statement in three parts: the middle part is the credit phrase, set in italics."""

    before: str
    credit: str
    after: str

    @property
    def text(self) -> str:
        return self.before + self.credit + self.after


def accreditation(cme: Cme) -> str:
    if cme.accreditation == "joint":
        return (
            f"In support of improving patient care, {cme.provider} is jointly accredited by the Accreditation "
            "Council for Continuing Medical Education (ACCME), the Accreditation Council for Pharmacy Education "
            "(ACPE), and the American Nurses Credentialing Center (ANCC), to provide continuing education for "
            "the healthcare team."
        )
    return (
        f"{cme.provider} is accredited by the Accreditation Council for Continuing Medical Education (ACCME) "
        "to provide continuing medical education for physicians."
    )


def credits(value: float) -> str:
    """1.0, 0.75, 1.25: at least one decimal, as the designation statement prints credits."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def designation(cme: Cme) -> Designation:
    return Designation(
        f"{cme.provider} designates this {cme.activity} for a maximum of {credits(cme.credits)} ",
        CREDIT_PHRASE,
        ". Physicians should claim only the credit commensurate with the extent of their participation "
        "in the activity.",
    )


@dataclass(frozen=True)
class DisclosureLine:
    name: str
    role: str
    relationships: tuple[tuple[str, str], ...]  # (company, nature); empty: none relevant

    @property
    def text(self) -> str:
        if not self.relationships:
            return f"{self.name} ({self.role}) has no relevant financial relationships with ineligible companies."
        said = "; ".join(f"{company} ({nature})" for company, nature in self.relationships)
        return f"{self.name} ({self.role}): {said}."


def disclosures(cme: Cme) -> tuple[DisclosureLine, ...]:
    """ACCME Standard 3: each person in control of content, "none" disclosed as well."""
    return tuple(
        DisclosureLine(d.name, d.role, tuple((r.company, r.nature) for r in d.relationships)) for d in cme.disclosures
    )


def mitigation(cme: Cme) -> str | None:
    """The statement that relevant relationships were mitigated; None when there are none to mitigate."""
    if not any(d.relationships for d in cme.disclosures):
        return None
    if cme.mitigated:
        return "All relevant financial relationships listed for these individuals have been mitigated."
    return None


def support(cme: Cme) -> str:
    if not cme.commercial_support:
        return "This activity received no commercial support."
    given = "; ".join(f"{s.company}{f' ({s.kind})' if s.kind else ''}" for s in cme.commercial_support)
    return f"This activity is supported by: {given}."
