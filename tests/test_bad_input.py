"""Bad input: exit 2, file:line:column, the field, what was expected; no traceback; nothing changed.

Each file in tests/bad_inputs/ states its expected messages in `# expect:` lines.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import IPT, podium

from render import cli

CASES = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))


def expectations(case: Path) -> list[str]:
    lines = case.read_text(encoding="utf-8").splitlines()
    return [line.split("# expect: ", 1)[1] for line in lines if line.startswith("# expect: ")]


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding yesterday's good outputs, which a failed build must not touch."""
    out = tmp_path_factory.mktemp("earlier")
    assert podium("build", IPT, "--out", out).returncode == 0
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def in_process(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    """The command line run in this process (no interpreter start-up per case); exit code, stdout, stderr."""
    monkeypatch.setattr(cli, "collect_less", lambda: None)  # the collector settings are for a real build process
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# Two cases also go through a real process, as a presenter runs podium: the rest run in-process.
END_TO_END = {"many_problems", "title_too_long"}


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_reported_and_changes_nothing(
    case: Path, tmp_path: Path, earlier: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "output"
    shutil.copytree(earlier, out)
    # The outputs are named after the source: stand the case in as ipt.yaml's sibling of the same stem.
    source = tmp_path / case.name
    shutil.copy(case, source)
    for name in list(snapshot(out)):
        (out / name).rename(out / name.replace("ipt", case.stem))
    before = snapshot(out)

    if case.stem in END_TO_END:
        result = podium("build", source, "--out", out)
        code, stdout, stderr = result.returncode, result.stdout, result.stderr
    else:
        code, stdout, stderr = in_process(["build", str(source), "--out", str(out)], capsys, monkeypatch)

    assert code == 2, stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    for expected in expectations(case):
        assert expected.replace(f"{case.name}:", f"{source}:") in stderr, f"missing message: {expected}\ngot:\n{stderr}"
    assert snapshot(out) == before, "a failed build changed an earlier output"
    assert not list(out.glob(".*.tmp")), "a temporary file was left behind"


def test_every_case_expects_a_message_at_a_line_of_its_own_file() -> None:
    # A case that expected only a vague phrase would pass on the wrong problem: each names its file:line:col.
    for case in CASES:
        located = [e for e in expectations(case) if re.match(rf"{re.escape(case.name)}:\d+:\d+:", e)]
        assert located, f"{case.name} has no '# expect: {case.name}:LINE:COLUMN: ...' line"


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "latin1.yaml"
    source.write_bytes("talk:\n  title: Caf\u00e9\n".encode("latin-1"))
    result = podium("check", source)
    assert result.returncode == 2
    assert f"{source}:2:13: the file is not UTF-8 text; save it as UTF-8 in your editor" in result.stderr


def test_a_missing_file(tmp_path: Path) -> None:
    result = podium("build", tmp_path / "nowhere.yaml", "--out", tmp_path)
    assert result.returncode == 2
    assert "nowhere.yaml:1:1: there is no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_every_file_and_writes_nothing(tmp_path: Path) -> None:
    result = podium("check", IPT, CASES[0])
    assert result.returncode == 2
    assert f"{IPT}: ok" in result.stdout
    assert CASES[0].name in result.stderr


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    source = tmp_path / "huge.yaml"
    source.write_bytes(b"talk:\n  title: " + b"x" * 2_100_000 + b"\n")
    result = podium("check", source)
    assert result.returncode == 2
    size = f"{source.stat().st_size:,}"
    assert f"{source}:1:1: the file is {size} bytes; a talk source may be at most 2,000,000 bytes" in result.stderr


def test_a_folder_instead_of_a_file(tmp_path: Path) -> None:
    result = podium("check", tmp_path)
    assert result.returncode == 2
    assert f"{tmp_path}:1:1: this is a folder; give the talk's .yaml file" in result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file(tmp_path: Path) -> None:
    source = tmp_path / "locked.yaml"
    source.write_text("talk:\n  title: A\n", encoding="utf-8")
    source.chmod(0)
    result = podium("check", source)
    assert result.returncode == 2
    assert f"{source}:1:1: the file cannot be read (Permission denied)" in result.stderr


def test_a_billion_laughs_source_is_refused_at_its_first_anchor(tmp_path: Path) -> None:
    # Nine levels of nine aliases would expand to 9**9 strings; the first '&' stops it.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    source = tmp_path / "laughs.yaml"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = podium("check", source)
    assert result.returncode == 2
    assert f"{source}:1:5: a value may not start with & or *" in result.stderr


def test_every_problem_of_a_source_is_reported_in_one_run(tmp_path: Path) -> None:
    source = tmp_path / "all.yaml"
    source.write_text(
        "talk:\n"
        "  titel: Sleep\n"  # 2: typo
        "slides:\n"
        "  - id: a\n"
        "    title: A\n"
        "    bullets: [\"Bell \\a\", 'See [@nobody]']\n"  # 6: control character; unknown reference
        "  - id: a\n"  # 7: duplicate id
        "    title: B\n",
        encoding="utf-8",
    )
    result = podium("check", source)
    assert result.returncode == 2
    expected = [
        f"{source}:2:3: talk.titel: unknown field 'titel'; did you mean 'title'?",
        f"{source}:6:15: slides[0].bullets[0]: the text contains U+0007",
        f"{source}:6:26: slides[0].bullets[1]: there is no reference with id 'nobody'",
        f"{source}:7:5: slides[1].id: the slide id 'a' is used twice",
    ]
    for line in expected:
        assert line in result.stderr, result.stderr
