"""pySHACL in a child Python process, so that it runs beside the bulk loader without holding the
GIL the loader's reader needs (:func:`kg.build.populate`). A child started with ``subprocess``
re-imports no one's ``__main__`` (as ``multiprocessing``'s spawn would) and inherits no threads
(as its fork would).

    python -m kg.shaclchild DATA.nt ONTOLOGY.nt   # writes pySHACL's report as N-Triples, or nothing
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from kg.errors import DipkgError


class ShaclChild:
    """The SHACL check of ``data`` (N-Triples; ``ontology`` supplies subclasses), started now in a
    child process; :meth:`result` waits for its report."""

    def __init__(self, data: bytes, ontology: bytes):
        self._dir = tempfile.TemporaryDirectory(prefix="dipkg-shacl-")
        files = [Path(self._dir.name) / "data.nt", Path(self._dir.name) / "ontology.nt"]
        for path, text in zip(files, (data, ontology), strict=True):
            path.write_bytes(text)
        self._process = subprocess.Popen([sys.executable, "-m", "kg.shaclchild", *map(str, files)],
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def result(self) -> bytes | None:
        """pySHACL's report as N-Triples, or ``None`` when the data conforms."""
        try:
            out, err = self._process.communicate()
        finally:
            self._dir.cleanup()
        if self._process.returncode != 0:
            last = (err.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
            raise DipkgError(f"the SHACL check stopped (exit code {self._process.returncode}): {last}")
        return out or None

    def stop(self) -> None:
        """End the check early (the build failed before reading it)."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._dir.cleanup()


def main() -> None:
    from kg.validate import shacl_results

    data, ontology = (Path(name).read_bytes() for name in sys.argv[1:3])
    report = shacl_results(data, ontology)
    if report:
        sys.stdout.buffer.write(report)


if __name__ == "__main__":
    main()
