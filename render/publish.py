"""Move rendered outputs into place: all or nothing, each by an atomic rename.

Every output is first written to a temporary file beside its target; only
when all are written are they renamed over the targets. A failure before
that leaves every earlier output exactly as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class PublishError(Exception):
    pass


def publish(outputs: dict[Path, bytes]) -> None:
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(name, 0o644)
            staged.append((Path(name), target))
        for temp, target in staged:
            try:
                os.replace(temp, target)
            except PermissionError:
                # Windows refuses to replace a file another program holds open.
                raise PublishError(
                    f"{target} is open in another program: close {target.name} and build again"
                ) from None
    except OSError as exc:
        raise PublishError(f"cannot write {exc.filename or 'the outputs'}: {exc.strerror}") from None
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
