"""hatchling build hook: a wheel carries the SPARQL editor's files (YASGUI, from npm) when it can.

Before a wheel is built it runs ``python -m kg.web.vendor`` on the tree being built, which does
nothing when the pinned files are already there and otherwise fetches and checks them (only the
standard library and ``kg.errors``: it runs in an isolated build environment too). Offline, or if
anything else goes wrong, the build goes on without them, with a warning: the editor then falls
back to its plain form. It never fails a build. ``HATCH_BUILD_NO_HOOKS=true`` turns it off.

Editable installs are left alone: they read ``kg/web/static/vendor/`` in the checkout, which
``make install`` fills.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: Seconds the fetch may take (its download times out after 60 s).
TIMEOUT = 150


def fetch_vendor(root: Path, env: dict[str, str] | None = None) -> str | None:
    """Install the editor's files in the tree at ``root``; a warning if they could not be, else None."""
    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
    try:
        done = subprocess.run([sys.executable, "-m", "kg.web.vendor"], cwd=root, env=env, capture_output=True,
                              text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"python -m kg.web.vendor did not finish ({exc})"
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return lines[-1] if lines else f"python -m kg.web.vendor exited with {done.returncode}"
    return None


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version != "standard":
            return
        warning = fetch_vendor(Path(self.root))
        if warning is not None:
            self.app.display_warning(f"building the wheel without the SPARQL editor's files: {warning}")
