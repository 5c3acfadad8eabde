"""Model folders built in a temporary sibling and swapped into place: the leftovers of dead builds.

A build (the e5 conversion, the ONNX export) writes ``.<name>.tmp-<pid>-<random>`` next to its target
folder and renames it into place when complete, so a reader never sees half a model. A process killed
mid-way leaves its temporary folder behind; the next build removes those whose process is gone.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def remove_stale_temps(out_dir: Path) -> None:
    """Delete the temporary siblings of ``out_dir`` (hundreds of MB each) whose build process has died."""
    prefix = f".{out_dir.name}.tmp-"
    for path in out_dir.parent.glob(f"{prefix}*-*"):
        pid = path.name.removeprefix(prefix).split("-", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (another user's process counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
