"""The SPARQL editor's files from their npm package (kg.web.vendor): checked against the pinned
integrity before anything is written, only the declared files taken, installed whole or not at all.
No test touches the network: the tarballs are made here."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
from pathlib import Path

import pytest

from kg.web import vendor
from kg.web.vendor import Package, VendorError


def _tarball(path: Path, members: dict[str, bytes]) -> str:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    path.write_bytes(out.getvalue())
    return "sha512-" + base64.b64encode(hashlib.sha512(out.getvalue()).digest()).decode()


GOOD = {"package/build/yasgui.min.js": b"window.Yasgui = function () {};",
        "package/build/yasgui.min.css": b".yasgui {}", "package/package.json": b'{"version": "4.6.2"}',
        "../evil.js": b"never written"}


def _package(integrity: str) -> Package:
    return Package("@zazuko/yasgui", "4.6.2", integrity, vendor.YASGUI.files, "yasgui")


def test_a_good_tarball_installs_the_declared_files_only(tmp_path: Path) -> None:
    tarball = tmp_path / "y.tgz"
    package = _package(_tarball(tarball, GOOD))
    where = vendor.fetch(package, tmp_path / "vendor", tarball=tarball)
    assert sorted(p.name for p in where.iterdir()) == ["package.json", "yasgui.min.css", "yasgui.min.js"]
    assert (where / "yasgui.min.js").read_bytes() == b"window.Yasgui = function () {};"
    assert vendor.available(package, tmp_path / "vendor") and vendor.version(package, tmp_path / "vendor") == "4.6.2"
    assert not (tmp_path / "evil.js").exists() and not list(tmp_path.rglob("evil.js"))
    assert sorted(p.name for p in (tmp_path / "vendor").iterdir()) == ["yasgui"]   # no staging left


def test_a_tarball_of_another_integrity_writes_nothing(tmp_path: Path) -> None:
    tarball = tmp_path / "y.tgz"
    _tarball(tarball, GOOD)
    pinned = "sha512-" + base64.b64encode(hashlib.sha512(b"another").digest()).decode()
    with pytest.raises(VendorError) as refused:
        vendor.fetch(_package(pinned), tmp_path / "vendor", tarball=tarball)
    assert str(refused.value).endswith(f"not the pinned {pinned}; nothing was written")
    assert not (tmp_path / "vendor").exists() and not vendor.available(_package(pinned), tmp_path / "vendor")


def test_a_tarball_without_a_declared_file_leaves_the_installed_one(tmp_path: Path) -> None:
    tarball = tmp_path / "y.tgz"
    good = _package(_tarball(tarball, GOOD))
    vendor.fetch(good, tmp_path / "vendor", tarball=tarball)
    partial = tmp_path / "partial.tgz"
    broken = _package(_tarball(partial, {k: v for k, v in GOOD.items() if not k.endswith(".css")}))
    with pytest.raises(VendorError, match=r"^@zazuko/yasgui 4\.6\.2 has no package/build/yasgui\.min\.css$"):
        vendor.fetch(broken, tmp_path / "vendor", tarball=partial)
    assert (tmp_path / "vendor" / "yasgui" / "yasgui.min.css").read_bytes() == b".yasgui {}"
    assert sorted(p.name for p in (tmp_path / "vendor").iterdir()) == ["yasgui"]


def test_the_pinned_package_is_what_the_editor_loads() -> None:
    assert vendor.YASGUI.tarball == "https://registry.npmjs.org/@zazuko/yasgui/-/yasgui-4.6.2.tgz"
    if not vendor.available():
        pytest.skip("the editor's files are not installed (make install fetches them)")
    assert vendor.version() == "4.6.2"
    assert (vendor.VENDOR / "yasgui" / "yasgui.min.js").stat().st_size > 500_000
