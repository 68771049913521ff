"""Several talks side by side in source/, each with its own assets folder: `make` builds all, `TALK=` one."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, podium

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")


def make(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The project's own Makefile, run in a folder holding other talks; -o: never reinstall the shared .venv.
    command = ["make", "-f", str(ROOT / "Makefile"), "-o", ".venv/.installed", *args]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600)


def test_make_builds_every_talk_and_talk_builds_one(tmp_path: Path) -> None:
    for shared in ("render", "templates", ".venv", "pyproject.toml", "constraints.txt"):
        (tmp_path / shared).symlink_to(ROOT / shared)
    source = tmp_path / "source"
    source.mkdir()
    # Two starter talks (small, so the test times make, not layout), each with its own assets folder.
    for talk in ("asthma", "sleep"):
        assert podium("new", talk, "--folder", source).returncode == 0  # makes source/TALK/ too
    (source / "sleep" / "hypnogram.png").write_bytes((ROOT / "templates" / "podium.pptx").read_bytes()[:64])

    built = make(tmp_path, "-j2")
    assert built.returncode == 0, built.stderr
    out = tmp_path / "output"
    kinds = ("deck.pptx", "handout.pdf", "slides.pdf", "quiz.pdf", "answer-key.pdf")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        f"{t}-{k}" for t in ("asthma", "sleep") for k in kinds
    )
    assert make(tmp_path, "-q").returncode == 0  # nothing left to do

    # A change in one talk's assets folder makes that talk, and only that talk, out of date.
    later = max(p.stat().st_mtime for p in out.iterdir() if not p.name.startswith(".")) + 1
    os.utime(source / "sleep" / "hypnogram.png", (later, later))
    assert make(tmp_path, "-q", "TALK=asthma").returncode == 0
    assert make(tmp_path, "-q", "TALK=sleep").returncode == 1
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if not p.name.startswith(".")}
    again = make(tmp_path, "TALK=sleep")
    assert again.returncode == 0, again.stderr
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if not p.name.startswith(".")}
    assert {n for n in after if after[n] != before[n]} == {f"sleep-{k}" for k in kinds}
