"""Move rendered outputs into place: all or nothing, each by an atomic rename, never over an edit.

Every output is first written to a temporary file beside its target; only
when all are written are they renamed over the targets. A failure before
that leaves every earlier output exactly as it was, and a kill between two
renames leaves each output either old or new, never partial.

A manifest beside the outputs (.podium-manifest.json) records the SHA-256 of
what podium wrote. An output whose bytes are not recorded there was changed
by someone (the presenter fixed a slide in PowerPoint) or was never written
by podium: it is not overwritten unless `force`, which first keeps it as a
dated backup beside it. Before the renames the manifest accepts both the old
and the new bytes of each output, so that a kill at any moment leaves a
folder that the next build recognises as its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

MANIFEST = ".podium-manifest.json"
LOCK = ".podium-manifest.lock"
LOCK_WAIT = 120  # seconds: `make -j` runs several builds into one folder; each publish takes milliseconds


class PublishError(Exception):
    pass


@dataclass(frozen=True)
class Backup:
    """An edited output kept aside by `force` before podium replaced it."""

    original: Path
    backup: Path


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def publish(outputs: dict[Path, bytes], force: bool = False) -> list[Backup]:
    """Put every output in place, or none; returns the backups `force` made of edited outputs."""
    folders = sorted({target.parent for target in outputs})
    try:
        with contextlib.ExitStack() as stack:
            for folder in folders:
                folder.mkdir(parents=True, exist_ok=True)
                stack.enter_context(_locked(folder))
            backups: list[Backup] = []
            for folder in folders:
                mine = {t: d for t, d in outputs.items() if t.parent == folder}
                backups += _publish_into(folder, mine, force)
            return backups
    except OSError as exc:
        raise PublishError(f"cannot write {exc.filename or 'the outputs'}: {exc.strerror}") from None


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    lock = FileLock(folder / LOCK, timeout=LOCK_WAIT)
    try:
        with lock:
            yield
    except Timeout:
        raise PublishError(
            f"another podium build has been writing to {folder} for {LOCK_WAIT} s; let it finish and build again"
        ) from None


def _publish_into(folder: Path, outputs: dict[Path, bytes], force: bool) -> list[Backup]:
    manifest = read_manifest(folder)
    for target in [*outputs, folder / MANIFEST]:
        _remove_stale_temporaries(target)

    # 1. Nothing is touched while any destination cannot take a file, or holds bytes podium did not write.
    _check_destinations(outputs)
    foreign: dict[Path, str] = {}
    for target in outputs:
        if target.is_file():
            current = digest(target.read_bytes())
            if current not in manifest.get(target.name, []):
                foreign[target] = current
    if foreign and not force:
        raise PublishError(_refusal(foreign, manifest))
    backups = [Backup(target, _keep(target)) for target in foreign]

    # 2. Every new output written in full beside its target.
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in outputs.items():
            staged.append((_stage(target, data), target))

        # 3. The manifest accepts old and new bytes, so that a kill during the renames is recognised.
        pending = dict(manifest)
        for target, data in outputs.items():
            before = [digest(target.read_bytes())] if target.is_file() else []
            pending[target.name] = sorted({*before, digest(data)})
        write_manifest(folder, pending)

        # 4. The renames: each atomic, and all undone if one fails, so the set is never mixed.
        _replace_all(staged, lambda: write_manifest(folder, manifest))

        # 5. Only the new bytes are podium's now.
        done = dict(pending)
        for target, data in outputs.items():
            done[target.name] = [digest(data)]
        write_manifest(folder, done)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
    return backups


def _check_destinations(outputs: dict[Path, bytes]) -> None:
    """Refuse before any rename when a destination is something a file cannot replace."""
    problems = []
    for target in outputs:
        if target.is_dir() and not target.is_symlink():
            problems.append(f"{target} is a folder; move or rename it, then build again.")
    if problems:
        raise PublishError("\n".join([*problems, "Nothing was written."]))


def _replace_all(staged: list[tuple[Path, Path]], restore_manifest: Callable[[], None]) -> None:
    """Rename every staged file over its target; when one rename fails, put back what the others replaced."""
    undo: list[tuple[Path, Path | None]] = []  # (target, its old bytes kept aside, or None: it was new)
    current: Path | None = None
    try:
        for temp, current in staged:
            kept = _keep_aside(current)
            try:
                os.replace(temp, current)
            except BaseException:
                if kept is not None:
                    kept.unlink(missing_ok=True)
                raise
            undo.append((current, kept))
    except BaseException as exc:
        for target, kept in reversed(undo):
            with contextlib.suppress(OSError):
                if kept is None:
                    target.unlink()
                else:
                    os.replace(kept, target)
        with contextlib.suppress(OSError):
            restore_manifest()
        if isinstance(exc, PermissionError) and current is not None:
            # Windows refuses to replace a file another program holds open.
            raise PublishError(
                f"{current} is open in another program: close {current.name} and build again. Nothing was written."
            ) from None
        if isinstance(exc, OSError):
            message = f"cannot write {current or 'the outputs'}: {exc.strerror}. Nothing was written."
            raise PublishError(message) from None
        raise
    for _, kept in undo:
        if kept is not None:
            kept.unlink(missing_ok=True)


def _keep_aside(target: Path) -> Path | None:
    """A second name for the target's current bytes (a hard link: no copy), to undo the rename with."""
    if not target.is_file():
        return None
    aside = target.with_name(f".{target.name}.undo.tmp")
    aside.unlink(missing_ok=True)
    try:
        os.link(target, aside)
    except OSError:
        shutil.copy2(target, aside)
    return aside


def _refusal(foreign: dict[Path, str], manifest: dict[str, list[str]]) -> str:
    lines = []
    for target in foreign:
        if target.name in manifest:
            lines.append(f"{target} was changed after podium wrote it; your changes there would be lost.")
        else:
            lines.append(f"{target} was not written by podium (or its record was lost); it would be lost.")
    lines.append(
        "Nothing was written. Copy the changes into the source, or build again with --force "
        "(make FORCE=1) to keep each such file as a dated backup beside it and write the new one."
    )
    return "\n".join(lines)


def _keep(target: Path) -> Path:
    """Keep an edited output as NAME.edited-YYYYMMDD-HHMMSS.EXT (the time of the edit) beside it."""
    when = datetime.fromtimestamp(target.stat().st_mtime)
    base = f"{target.stem}.edited-{when:%Y%m%d-%H%M%S}"
    backup = target.with_name(f"{base}{target.suffix}")
    n = 2
    while backup.exists():
        backup = target.with_name(f"{base}-{n}{target.suffix}")
        n += 1
    try:
        os.link(target, backup)  # atomic, and the edited file stays in place until the new one replaces it
    except OSError:
        shutil.copy2(target, backup)
    return backup


def _stage(target: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, 0o644)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _remove_stale_temporaries(target: Path) -> None:
    # A build killed before its renames leaves its temporary files; the lock says none is in use.
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def read_manifest(folder: Path) -> dict[str, list[str]]:
    """Output name -> the SHA-256 digests podium accepts as its own; empty when absent or unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(outputs, dict):
        return {}
    return {str(k): [str(h) for h in v] for k, v in outputs.items() if isinstance(v, list)}


def write_manifest(folder: Path, outputs: dict[str, list[str]]) -> None:
    text = json.dumps({"written-by": "podium", "outputs": dict(sorted(outputs.items()))}, indent=2) + "\n"
    temp = _stage(folder / MANIFEST, text.encode("utf-8"))
    try:
        os.replace(temp, folder / MANIFEST)
    finally:
        temp.unlink(missing_ok=True)
