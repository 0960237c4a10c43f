"""Start a throw-away Virtuoso (Debian's `virtuoso-opensource`, installed by the Makefile) on
loopback and free ports, for the tests; stop it after."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.servers import free_port, wait_until_up

BINARY = shutil.which("virtuoso-t")
INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 60
DirsAllowed = ., {d}
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
DefaultGraph =
"""


@contextmanager
def virtuoso(directory: Path) -> Iterator[str]:
    """A running Virtuoso; yields its SPARQL endpoint URL (user dba, password dba)."""
    assert BINARY, "virtuoso-t is not installed (make test installs virtuoso-opensource)"
    directory.mkdir(parents=True, exist_ok=True)
    http, isql = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(d=directory, http=http, isql=isql), encoding="utf-8")
    process = subprocess.Popen([BINARY, "+foreground", "+configfile", str(ini)], cwd=directory,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http}/sparql"
    try:
        try:
            wait_until_up(f"{url}?query=ASK%7B%7D", process, seconds=120)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}: {(directory / 'virtuoso.log').read_text()[-2000:]}") from None
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
