"""The editor's third-party files, from their npm package: fetched when dipkg is installed
(``make install``, a wheel's build, or ``python -m kg.web.vendor``), never committed.

YASGUI (the maintained fork ``@zazuko/yasgui``, MIT) is pinned by version and by the npm
registry's SRI integrity. The tarball is checked against it before it is opened; its
``package.json`` must name the pinned package, version and licence; only the members declared
here are read (each a regular file: nothing else in the tarball is ever extracted, so a member
named ``../x`` or a link cannot write outside the folder); they are written to a new folder with a
``VERSION`` file naming the package, its licence and where it came from, and that folder replaces
the old one in one rename. A failure at any step leaves the previous files as they were.

Without them the editor page keeps its plain form, which works without JavaScript:
:func:`available` says which one to serve.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.request
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kg import __version__
from kg.errors import IntegrityError, VendorError
from kg.prefixes import HOMEPAGE

__all__ = ["VENDOR", "YASGUI", "IntegrityError", "Package", "VendorError", "available", "check", "current",
           "fetch", "main", "version"]

#: Where the packages' folders are written: ``kg/web/static/vendor/<folder>/`` (served under ``/static``).
VENDOR = Path(__file__).parent / "static" / "vendor"
#: The file written beside the package's files: its name and version, licence, tarball and integrity.
STAMP = "VERSION"
#: npm packs every package's manifest here.
MANIFEST = "package/package.json"
MAX_TARBALL = 32 * 2**20
MAX_MEMBER = 16 * 2**20
_DIGESTS = {"sha256", "sha384", "sha512"}


@dataclass(frozen=True)
class Package:
    """An npm package's files the workbench serves, pinned."""

    name: str
    version: str
    integrity: str              # the registry's ``dist.integrity``: ``sha512-<base64>``
    files: Mapping[str, str]    # member of the tarball -> file name written
    folder: str                 # under VENDOR
    licence: str                # the ``license`` its package.json must declare

    @property
    def tarball(self) -> str:
        return f"https://registry.npmjs.org/{self.name}/-/{self.name.rpartition('/')[2]}-{self.version}.tgz"

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


YASGUI = Package(
    "@zazuko/yasgui", "4.6.2",
    "sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw==",
    {"package/build/yasgui.min.js": "yasgui.min.js", "package/build/yasgui.min.css": "yasgui.min.css",
     "package/package.json": "package.json"},
    "yasgui", "MIT")


def available(package: Package = YASGUI, directory: Path = VENDOR) -> bool:
    """Whether the package's files are installed (the editor then uses them). Cheap: a page asks."""
    return all((directory / package.folder / name).is_file() for name in package.files.values())


def version(package: Package = YASGUI, directory: Path = VENDOR) -> str | None:
    """The installed version of the package, from its ``package.json``; ``None`` if not installed."""
    try:
        return str(json.loads((directory / package.folder / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def current(package: Package = YASGUI, directory: Path = VENDOR) -> bool:
    """Whether the installed files came from the pinned tarball (its integrity is in ``VERSION``):
    then there is nothing to fetch."""
    if not available(package, directory):
        return False
    try:
        stamp = (directory / package.folder / STAMP).read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    return f"integrity: {package.integrity}" in stamp


def check(data: bytes, integrity: str, source: str = "the tarball") -> None:
    """Raise :class:`IntegrityError` unless ``data`` has the SRI ``integrity`` (``sha512-<base64>``)."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in _DIGESTS:
        raise VendorError(f"unsupported integrity {integrity!r} (expected sha512-<base64>)")
    found = f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, data).digest()).decode()}"
    if found != integrity:
        raise IntegrityError(f"{source} has the integrity {found}, not the pinned {integrity}; nothing was written")


def fetch(package: Package = YASGUI, directory: Path = VENDOR, *, tarball: Path | None = None,
          timeout: float = 60.0) -> Path:
    """Download the package's tarball from npm (or read the ``.tgz`` given as ``tarball``), check it,
    install its declared files in ``directory/<folder>``, and return that folder.

    Raises :class:`IntegrityError` when the tarball is not the pinned one, :class:`VendorError`
    when it cannot be had or lacks a declared file; in every case nothing was written."""
    source = str(tarball) if tarball is not None else package.tarball
    data = _read(tarball) if tarball is not None else _download(package.tarball, timeout)
    check(data, package.integrity, source)
    files = _members(data, package, source)
    return _install(files, package, directory)


def _read(tarball: Path) -> bytes:
    try:
        with tarball.open("rb") as handle:
            data = handle.read(MAX_TARBALL + 1)
    except OSError as exc:
        raise VendorError(f"cannot read {tarball}: {exc.strerror or exc}") from None
    if len(data) > MAX_TARBALL:
        raise VendorError(f"{tarball} is larger than {MAX_TARBALL // 2**20} MiB; not an editor's package")
    return data


def _download(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": f"dipkg/{__version__} ({HOMEPAGE})"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read(MAX_TARBALL + 1)
    except OSError as exc:   # URLError, HTTPError, timeouts, refused connections
        reason = getattr(exc, "reason", None) or exc
        raise VendorError(f"cannot download {url}: {reason}") from None
    if len(data) > MAX_TARBALL:
        raise VendorError(f"{url} is larger than {MAX_TARBALL // 2**20} MiB; not an editor's package")
    return data


def _members(data: bytes, package: Package, source: str) -> dict[str, bytes]:
    """The declared files' contents (name written -> bytes), read by name; nothing else is read."""
    wanted = [*package.files, *([] if MANIFEST in package.files else [MANIFEST])]
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for member in wanted:
                try:
                    info = archive.getmember(member)
                except KeyError:
                    raise VendorError(f"{package} has no {member} ({source}); nothing was written") from None
                if info.size > MAX_MEMBER:
                    raise VendorError(f"{member} in {package} is larger than {MAX_MEMBER // 2**20} MiB")
                handle = archive.extractfile(info) if info.isfile() else None   # never a link or a folder
                if handle is None:
                    raise VendorError(f"{member} in {package} is not a regular file ({source}); nothing was written")
                found[member] = handle.read()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise VendorError(f"{source} is not a gzip'd tarball ({exc}); nothing was written") from None
    _check_manifest(found[MANIFEST], package, source)
    return {name: found[member] for member, name in package.files.items()}


def _check_manifest(raw: bytes, package: Package, source: str) -> None:
    try:
        manifest = json.loads(raw)
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict):
        raise VendorError(f"{MANIFEST} in {source} is not a JSON object; nothing was written")
    said = {"name": package.name, "version": package.version, "license": package.licence}
    wrong = [f"{key} {manifest.get(key)!r} (pinned: {value!r})" for key, value in said.items()
             if manifest.get(key) != value]
    if wrong:
        raise VendorError(f"{MANIFEST} in {source} declares {', '.join(wrong)}; nothing was written")


def _install(files: dict[str, bytes], package: Package, directory: Path) -> Path:
    """Write the files to a new folder beside the target, then put it in place with one rename."""
    target = directory / package.folder
    ours = {*package.files.values(), STAMP}
    if target.is_symlink() or (target.exists() and (
            not target.is_dir() or any(p.name not in ours for p in target.iterdir()))):
        raise VendorError(f"{target} holds files dipkg did not write; move it away and fetch again")
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob(f".{package.folder}-*"):   # left by a fetch that was killed
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{package.folder}-", dir=directory))
    old = directory / f".{package.folder}-old"
    try:
        staging.chmod(0o755)   # mkdtemp makes it private; the files are served
        for name, content in {**files, STAMP: _stamp(package).encode()}.items():
            with (staging / name).open("wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
        replaced = target.exists()
        if replaced:
            target.rename(old)
        try:
            staging.rename(target)
        except OSError:
            if replaced:
                old.rename(target)
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return target


def _stamp(package: Package) -> str:
    return (f"{package}\nlicence: {package.licence} (the package's package.json; its tarball has no licence text)\n"
            f"tarball: {package.tarball}\nintegrity: {package.integrity}\n")


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.web.vendor``: install the editor's files; one line on stderr if it cannot."""
    parser = argparse.ArgumentParser(prog="python -m kg.web.vendor", description=(
        f"Fetch {YASGUI} (the SPARQL editor) from npm, check it against its pinned integrity and "
        f"install its files in {VENDOR / YASGUI.folder}."))
    parser.add_argument("--tarball", type=Path, help="install from this .tgz (downloaded elsewhere) instead")
    parser.add_argument("--directory", type=Path, default=VENDOR, help="install under this folder instead")
    parser.add_argument("--force", action="store_true", help="fetch even if the pinned files are installed")
    args = parser.parse_args(argv)
    if not args.force and current(YASGUI, args.directory):
        print(f"{YASGUI} is installed in {args.directory / YASGUI.folder}")
        return 0
    try:
        where = fetch(YASGUI, args.directory, tarball=args.tarball)
    except (VendorError, OSError) as exc:
        print(f"dipkg: {YASGUI} (the SPARQL editor) was not installed: {exc}; the editor falls back to a plain "
              "form", file=sys.stderr)
        return exc.exit_code if isinstance(exc, VendorError) else 2
    print(f"installed {YASGUI} ({YASGUI.licence}) in {where}:")
    for name in [*YASGUI.files.values(), STAMP]:
        print(f"  {name} ({(where / name).stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
