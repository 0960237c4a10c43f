"""The SPARQL editor's files from their npm package (kg.web.vendor): checked against the pinned
integrity before anything is written, only the declared files taken, installed whole or not at all,
and a build hook that never fails a build. No test touches the network: the tarballs are made here,
and the downloads are answered in-process or refused by a closed port."""

from __future__ import annotations

import base64
import dataclasses
import errno
import hashlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kg.errors import DipkgError
from kg.paths import ROOT
from kg.web import vendor
from kg.web.vendor import IntegrityError, Package, VendorError

MANIFEST = json.dumps({"name": "@zazuko/yasgui", "version": "4.6.2", "license": "MIT"}).encode()
GOOD: dict[str, bytes | tarfile.TarInfo] = {
    "package/build/yasgui.min.js": b"window.Yasgui = function () {};",
    "package/build/yasgui.min.css": b".yasgui {}",
    "package/package.json": MANIFEST,
    "package/build/yasgui.min.js.map": b"{}",
    "../evil.js": b"never written",
    "/tmp/absolute-evil.js": b"never written",
}
WRITTEN = ["VERSION", "package.json", "yasgui.min.css", "yasgui.min.js"]


def _link(name: str, target: str, kind: bytes = tarfile.SYMTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def _tarball(path: Path, members: dict[str, bytes | tarfile.TarInfo]) -> str:
    """Write a .tgz of ``members`` to ``path``; return its SRI integrity."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in members.items():
            if isinstance(data, tarfile.TarInfo):
                archive.addfile(data)
                continue
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    path.write_bytes(out.getvalue())
    return _integrity(out.getvalue())


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _package(integrity: str) -> Package:
    return dataclasses.replace(vendor.YASGUI, integrity=integrity)


@pytest.fixture
def good(tmp_path: Path) -> tuple[Path, Package]:
    """A tarball shaped like YASGUI's, and the pin that names it."""
    tarball = tmp_path / "yasgui-4.6.2.tgz"
    return tarball, _package(_tarball(tarball, GOOD))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_good_tarball_installs_the_declared_files_only(tmp_path: Path, good: tuple[Path, Package]) -> None:
    tarball, package = good
    where = vendor.fetch(package, tmp_path / "vendor", tarball=tarball)
    assert where == tmp_path / "vendor" / "yasgui"
    assert sorted(p.name for p in where.iterdir()) == WRITTEN
    assert (where / "yasgui.min.js").read_bytes() == b"window.Yasgui = function () {};"
    assert (where / "yasgui.min.css").read_bytes() == b".yasgui {}"
    assert (where / "package.json").read_bytes() == MANIFEST
    assert (where / "VERSION").read_text(encoding="utf-8") == (
        "@zazuko/yasgui 4.6.2\nlicence: MIT (the package's package.json; its tarball has no licence text)\n"
        "tarball: https://registry.npmjs.org/@zazuko/yasgui/-/yasgui-4.6.2.tgz\n"
        f"integrity: {package.integrity}\n")
    assert vendor.available(package, tmp_path / "vendor") and vendor.version(package, tmp_path / "vendor") == "4.6.2"
    assert vendor.current(package, tmp_path / "vendor")
    # the members outside the declaration (a source map, ../evil.js, an absolute path) are never written
    assert not list(tmp_path.rglob("*evil.js")) and not Path("/tmp/absolute-evil.js").exists()
    assert sorted(p.name for p in (tmp_path / "vendor").iterdir()) == ["yasgui"]   # no staging left
    assert (where.stat().st_mode & 0o777) == 0o755


def test_a_tarball_of_another_integrity_writes_nothing(tmp_path: Path, good: tuple[Path, Package]) -> None:
    tarball, package = good
    pinned = _integrity(b"another")
    with pytest.raises(IntegrityError) as refused:
        vendor.fetch(_package(pinned), tmp_path / "vendor", tarball=tarball)
    assert str(refused.value) == (f"{tarball} has the integrity {package.integrity}, not the pinned {pinned}; "
                                  "nothing was written")
    assert isinstance(refused.value, VendorError) and refused.value.exit_code == 2
    assert not (tmp_path / "vendor").exists() and not vendor.available(_package(pinned), tmp_path / "vendor")


BAD_TARBALLS = {
    "missing": ({k: v for k, v in GOOD.items() if not k.endswith(".css")},
                "@zazuko/yasgui 4.6.2 has no package/build/yasgui.min.css ({tarball}); nothing was written"),
    "symlink": ({**GOOD, "package/build/yasgui.min.js": _link("package/build/yasgui.min.js", "/etc/passwd")},
                "package/build/yasgui.min.js in @zazuko/yasgui 4.6.2 is not a regular file ({tarball}); "
                "nothing was written"),
    "hardlink": ({**GOOD, "package/build/yasgui.min.css": _link("package/build/yasgui.min.css",
                                                                "package/package.json", tarfile.LNKTYPE)},
                 "package/build/yasgui.min.css in @zazuko/yasgui 4.6.2 is not a regular file ({tarball}); "
                 "nothing was written"),
    "another-version": ({**GOOD, "package/package.json": json.dumps(
                            {"name": "@zazuko/yasgui", "version": "4.6.1", "license": "MIT"}).encode()},
                        "package/package.json in {tarball} declares version '4.6.1' (pinned: '4.6.2'); "
                        "nothing was written"),
    "another-licence": ({**GOOD, "package/package.json": json.dumps(
                            {"name": "@zazuko/yasgui", "version": "4.6.2", "license": "GPL-3.0"}).encode()},
                        "package/package.json in {tarball} declares license 'GPL-3.0' (pinned: 'MIT'); "
                        "nothing was written"),
    "manifest-not-json": ({**GOOD, "package/package.json": b"<html>"},
                          "package/package.json in {tarball} is not a JSON object; nothing was written"),
}


@pytest.mark.parametrize("case", BAD_TARBALLS)
def test_a_bad_tarball_writes_nothing_and_leaves_the_installed_files(case: str, tmp_path: Path,
                                                                      good: tuple[Path, Package]) -> None:
    tarball, package = good
    vendor.fetch(package, tmp_path / "vendor", tarball=tarball)
    before = _files(tmp_path / "vendor")
    members, message = BAD_TARBALLS[case]
    bad = tmp_path / f"{case}.tgz"
    broken = _package(_tarball(bad, members))
    for directory in (tmp_path / "vendor", tmp_path / "fresh"):
        with pytest.raises(VendorError) as refused:
            vendor.fetch(broken, directory, tarball=bad)
        assert str(refused.value) == message.format(tarball=bad)
    assert _files(tmp_path / "vendor") == before and not (tmp_path / "fresh").exists()


def test_what_is_not_a_tarball_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.tgz"
    page.write_bytes(b"<html>npm is down</html>")
    with pytest.raises(VendorError, match=r"^.*page\.tgz is not a gzip'd tarball \(.*\); nothing was written$"):
        vendor.fetch(_package(_integrity(page.read_bytes())), tmp_path / "vendor", tarball=page)
    with pytest.raises(VendorError, match=r"^cannot read .*absent\.tgz: No such file or directory$"):
        vendor.fetch(vendor.YASGUI, tmp_path / "vendor", tarball=tmp_path / "absent.tgz")
    assert not (tmp_path / "vendor").exists()


def test_a_folder_dipkg_did_not_write_is_never_replaced(tmp_path: Path, good: tuple[Path, Package]) -> None:
    tarball, package = good
    (tmp_path / "vendor" / "yasgui").mkdir(parents=True)
    (tmp_path / "vendor" / "yasgui" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(VendorError) as refused:
        vendor.fetch(package, tmp_path / "vendor", tarball=tarball)
    assert str(refused.value) == (f"{tmp_path / 'vendor' / 'yasgui'} holds files dipkg did not write; "
                                  "move it away and fetch again")
    assert _files(tmp_path / "vendor") == {"yasgui/notes.txt": b"mine"}


def test_an_older_copy_and_a_killed_fetch_s_folder_are_replaced(tmp_path: Path, good: tuple[Path, Package]) -> None:
    tarball, package = good
    older = tmp_path / "vendor" / "yasgui"   # as the first kg.web.vendor wrote it: no VERSION
    older.mkdir(parents=True)
    (older / "yasgui.min.js").write_bytes(b"old")
    (older / "package.json").write_bytes(b'{"version": "4.5.0"}')
    (tmp_path / "vendor" / ".yasgui-k1lled").mkdir()
    (tmp_path / "vendor" / ".yasgui-k1lled" / "yasgui.min.js").write_bytes(b"half")
    assert not vendor.current(package, tmp_path / "vendor")
    vendor.fetch(package, tmp_path / "vendor", tarball=tarball)
    assert sorted(p.name for p in (tmp_path / "vendor").iterdir()) == ["yasgui"]
    assert (older / "yasgui.min.js").read_bytes() == b"window.Yasgui = function () {};"
    assert vendor.version(package, tmp_path / "vendor") == "4.6.2" and vendor.current(package, tmp_path / "vendor")


def test_a_full_disk_or_a_failed_swap_leaves_the_installed_files(tmp_path: Path, good: tuple[Path, Package],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    tarball, package = good
    vendor.fetch(package, tmp_path / "vendor", tarball=tarball)
    before = _files(tmp_path / "vendor")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(vendor.os, "fsync", full)
        with pytest.raises(OSError, match="No space left"):
            vendor.fetch(package, tmp_path / "vendor", tarball=tarball)
    assert _files(tmp_path / "vendor") == before

    rename = Path.rename

    def refused(self: Path, target: Any) -> Any:
        if self.name.startswith(".yasgui-") and self.name != ".yasgui-old":   # staging -> its place
            raise OSError(errno.EIO, "Input/output error")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refused)
    with pytest.raises(OSError, match="Input/output error"):
        vendor.fetch(package, tmp_path / "vendor", tarball=tarball)
    assert _files(tmp_path / "vendor") == before
    assert sorted(p.name for p in (tmp_path / "vendor").iterdir()) == ["yasgui"]


class _Response(io.BytesIO):
    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def test_the_tarball_is_downloaded_from_npm(tmp_path: Path, good: tuple[Path, Package],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    tarball, package = good
    asked: list[urllib.request.Request] = []

    def npm(request: urllib.request.Request, timeout: float) -> _Response:
        asked.append(request)
        return _Response(tarball.read_bytes())

    monkeypatch.setattr(vendor.urllib.request, "urlopen", npm)
    vendor.fetch(package, tmp_path / "vendor")
    [request] = asked
    assert request.full_url == "https://registry.npmjs.org/@zazuko/yasgui/-/yasgui-4.6.2.tgz"
    assert request.get_header("User-agent", "").startswith("dipkg/")
    assert vendor.current(package, tmp_path / "vendor")

    def offline(request: urllib.request.Request, timeout: float) -> _Response:
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(vendor.urllib.request, "urlopen", offline)
    with pytest.raises(VendorError) as refused:
        vendor.fetch(package, tmp_path / "elsewhere")
    assert str(refused.value) == ("cannot download https://registry.npmjs.org/@zazuko/yasgui/-/yasgui-4.6.2.tgz: "
                                  "[Errno -3] Temporary failure in name resolution")
    assert not (tmp_path / "elsewhere").exists()


def test_python_m_kg_web_vendor_says_in_one_line_why_it_did_not_install(
        tmp_path: Path, good: tuple[Path, Package], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    tarball, package = good

    def offline(request: urllib.request.Request, timeout: float) -> _Response:
        raise urllib.error.URLError("[Errno 101] Network is unreachable")

    monkeypatch.setattr(vendor.urllib.request, "urlopen", offline)
    assert vendor.main(["--directory", str(tmp_path / "vendor")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == (
        "dipkg: @zazuko/yasgui 4.6.2 (the SPARQL editor) was not installed: cannot download "
        "https://registry.npmjs.org/@zazuko/yasgui/-/yasgui-4.6.2.tgz: [Errno 101] Network is unreachable; "
        "the editor falls back to a plain form\n")

    monkeypatch.setattr(vendor, "YASGUI", package)
    assert vendor.main(["--tarball", str(tarball), "--directory", str(tmp_path / "vendor")]) == 0
    out, err = capsys.readouterr()
    where = tmp_path / "vendor" / "yasgui"
    assert out.splitlines() == [f"installed @zazuko/yasgui 4.6.2 (MIT) in {where}:", "  yasgui.min.js (31 bytes)",
                                "  yasgui.min.css (10 bytes)", f"  package.json ({len(MANIFEST)} bytes)",
                                f"  VERSION ({(where / 'VERSION').stat().st_size} bytes)"] and err == ""
    # installed: nothing to fetch, so no network (urlopen still refuses)
    assert vendor.main(["--directory", str(tmp_path / "vendor")]) == 0
    assert capsys.readouterr().out == f"@zazuko/yasgui 4.6.2 is installed in {where}\n"
    assert vendor.main(["--force", "--directory", str(tmp_path / "vendor")]) == 2
    assert vendor.current(package, tmp_path / "vendor")   # a failed --force keeps what was there


def test_python_m_kg_web_vendor_as_a_process(tmp_path: Path) -> None:
    fake = tmp_path / "yasgui-4.6.2.tgz"
    integrity = _tarball(fake, GOOD)   # not the pinned tarball
    done = subprocess.run([sys.executable, "-m", "kg.web.vendor", "--tarball", str(fake), "--directory",
                           str(tmp_path / "vendor")], capture_output=True, text=True, check=False, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (f"dipkg: @zazuko/yasgui 4.6.2 (the SPARQL editor) was not installed: {fake} has the "
                           f"integrity {integrity}, not the pinned {vendor.YASGUI.integrity}; nothing was written; "
                           "the editor falls back to a plain form\n")
    assert not (tmp_path / "vendor").exists()


def _hook() -> ModuleType:
    pytest.importorskip("hatchling")
    spec = importlib.util.spec_from_file_location("dipkg_hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _bare_tree(tmp_path: Path) -> Path:
    """The modules ``python -m kg.web.vendor`` needs and nothing else (as in an isolated build)."""
    tree = tmp_path / "tree"
    for part in ("kg/__init__.py", "kg/errors.py", "kg/prefixes.py", "kg/web/__init__.py", "kg/web/vendor.py"):
        (tree / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / part, tree / part)
    return tree


def _offline_env() -> dict[str, str]:
    from tests.servers import free_port

    closed = f"http://127.0.0.1:{free_port()}"
    return {**os.environ, "PYTHONPATH": "", "NO_PROXY": "", "no_proxy": "",
            **{name: closed for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")}}


def test_the_build_hook_warns_and_goes_on_offline(tmp_path: Path) -> None:
    tree = _bare_tree(tmp_path)
    warning = _hook().fetch_vendor(tree, _offline_env())
    assert warning.startswith("dipkg: @zazuko/yasgui 4.6.2 (the SPARQL editor) was not installed: cannot download "
                              "https://registry.npmjs.org/@zazuko/yasgui/-/yasgui-4.6.2.tgz: ")
    assert warning.endswith("; the editor falls back to a plain form") and "\n" not in warning
    assert not (tree / "kg" / "web" / "static").exists()


def test_the_build_hook_needs_no_network_when_the_files_are_there(tmp_path: Path) -> None:
    tree = _bare_tree(tmp_path)
    folder = tree / "kg" / "web" / "static" / "vendor" / "yasgui"
    folder.mkdir(parents=True)
    for name in vendor.YASGUI.files.values():
        (folder / name).write_bytes(b"{}")
    (folder / "VERSION").write_text(vendor._stamp(vendor.YASGUI), encoding="utf-8")
    assert _hook().fetch_vendor(tree, _offline_env()) is None
    # a tree it cannot run in: a warning, never an exception
    assert _hook().fetch_vendor(tmp_path / "gone", _offline_env()).startswith("python -m kg.web.vendor did not finish")


def test_the_pinned_package_is_what_the_editor_loads() -> None:
    assert vendor.YASGUI.tarball == "https://registry.npmjs.org/@zazuko/yasgui/-/yasgui-4.6.2.tgz"
    assert issubclass(IntegrityError, DipkgError)
    if not vendor.available():
        pytest.skip("the editor's files are not installed (make install, or python -m kg.web.vendor, fetches them)")
    folder = vendor.VENDOR / "yasgui"
    assert vendor.version() == "4.6.2"
    assert json.loads((folder / "package.json").read_text(encoding="utf-8"))["license"] == "MIT"
    assert (folder / "yasgui.min.js").stat().st_size > 500_000 and (folder / "yasgui.min.css").stat().st_size > 10_000
    assert b"Yasgui" in (folder / "yasgui.min.js").read_bytes()
    if (folder / "VERSION").exists():   # a copy the first kg.web.vendor wrote has none
        assert vendor.current()
