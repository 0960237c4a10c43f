"""The editor's third-party files, from their npm package: fetched when dipkg is installed
(``make install``, or ``python -m kg.web.vendor``), never committed.

YASGUI (the maintained fork ``@zazuko/yasgui``, MIT) is pinned by version and by the npm
registry's SRI integrity; the tarball is checked before anything is extracted, only the files
declared here are taken from it, and they are written to a new folder that replaces the old one
in one rename. Without them the editor page keeps its plain form, which works without JavaScript.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.errors import DipkgError

VENDOR = Path(__file__).parent / "static" / "vendor"


@dataclass(frozen=True)
class Package:
    """An npm package's files the workbench serves."""

    name: str
    version: str
    integrity: str            # the registry's ``dist.integrity`` (sha512, base64)
    files: dict[str, str]     # member of the tarball -> file name written
    folder: str

    @property
    def tarball(self) -> str:
        return f"https://registry.npmjs.org/{self.name}/-/{self.name.rpartition('/')[2]}-{self.version}.tgz"


YASGUI = Package(
    "@zazuko/yasgui", "4.6.2",
    "sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw==",
    {"package/build/yasgui.min.js": "yasgui.min.js", "package/build/yasgui.min.css": "yasgui.min.css",
     "package/package.json": "package.json"},
    "yasgui")


class VendorError(DipkgError):
    """A third-party package could not be fetched or did not check out."""


def available(package: Package = YASGUI, directory: Path = VENDOR) -> bool:
    """Whether the package's files are installed (the editor then uses them)."""
    return all((directory / package.folder / name).is_file() for name in package.files.values())


def version(package: Package = YASGUI, directory: Path = VENDOR) -> str | None:
    """The installed version of the package, from its ``package.json``; ``None`` if not installed."""
    try:
        return str(json.loads((directory / package.folder / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def check(data: bytes, integrity: str) -> None:
    """Raise :class:`VendorError` unless ``data`` has the SRI ``integrity`` (``sha512-<base64>``)."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise VendorError(f"unsupported integrity {integrity!r} (expected sha512-...)")
    found = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if found != expected:
        raise VendorError(f"the tarball's integrity is sha512-{found}, not the pinned {integrity}; nothing was written")


def fetch(package: Package = YASGUI, directory: Path = VENDOR, tarball: Path | None = None) -> Path:
    """Download (or read ``tarball``), check and install the package's files; return their folder."""
    if tarball is not None:
        data = tarball.read_bytes()
    else:
        try:
            with urllib.request.urlopen(package.tarball, timeout=60) as response:
                data = response.read()
        except OSError as exc:
            raise VendorError(f"cannot download {package.tarball}: {exc}") from None
    check(data, package.integrity)
    directory.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{package.folder}-", dir=directory))
    staging.chmod(0o755)   # mkdtemp makes it private; the files are served
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for member, name in package.files.items():
                try:
                    found = archive.getmember(member)
                except KeyError:
                    raise VendorError(f"{package.name} {package.version} has no {member}") from None
                source = archive.extractfile(found) if found.isfile() else None
                if source is None:
                    raise VendorError(f"{member} in {package.name} {package.version} is not a file")
                (staging / name).write_bytes(source.read())
        target = directory / package.folder
        old = directory / f".{package.folder}.old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def main() -> int:
    """``python -m kg.web.vendor``: install the editor's files; a one-line message on failure."""
    try:
        where = fetch()
    except (VendorError, OSError, tarfile.TarError) as exc:
        print(f"dipkg: the SPARQL editor's files were not installed ({exc}); the editor falls back to a plain form",
              file=sys.stderr)
        return 1
    print(f"installed {YASGUI.name} {YASGUI.version} in {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
