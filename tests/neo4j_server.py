"""A real Neo4j Community server for the tests and benchmarks, started in-process by Java.

``tools/neo4j-server`` holds a minimal pom (Neo4j 5.26 from Maven Central) and a launcher.
The jars are fetched once with Maven into a cache (``ASSETGRAPH_NEO4J_CACHE``, default
``~/.cache/assetgraph/neo4j-<version>``), the launcher is compiled there, and each server runs
over its own data folder on a free port with authentication on.
"""

from __future__ import annotations

import os
import secrets
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "neo4j-server"
VERSION = "5.26.30"
GDS_VERSION = "2.13.9"
LAUNCHER = "AssetgraphNeo4j"


class ServerUnavailable(Exception):
    """Java or Maven is missing, or the server did not start: the reason says which."""


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "assetgraph" / f"neo4j-{VERSION}"
    return Path(os.environ.get("ASSETGRAPH_NEO4J_CACHE", default))


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ServerUnavailable(f"{name} is not installed (the Neo4j tests need Java 17+ and Maven)")
    return path


def _fetch_with_progress(command: list[str], folder: Path) -> subprocess.CompletedProcess:
    """Run Maven's fetch, saying every few seconds (past pytest's capture) how many jars and
    megabytes have arrived: the first run fetches about 150 MB."""
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as log, subprocess.Popen(command, stdout=log, stderr=log, text=True) as process:
        while process.poll() is None:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                jars = list(folder.glob("*.jar")) if folder.is_dir() else []
                size = sum(j.stat().st_size for j in jars) / 2**20
                print(
                    f"fetching Neo4j {VERSION} from Maven Central (once): {len(jars)} jars, {size:.0f} MB, "
                    f"{time.monotonic() - started:.0f} s",
                    file=sys.__stderr__,
                    flush=True,
                )
        log.seek(0)
        out, err = log.read(), ""
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def prepare() -> str:
    """Fetch the jars and compile the launcher if needed; the class path to run it with."""
    _tool("java")
    javac, mvn = _tool("javac"), _tool("mvn")
    cache = cache_dir()
    lib, classes = cache / "lib", cache / "classes"
    if not (lib / f"neo4j-{VERSION}.jar").exists() or not (lib / f"proc-{GDS_VERSION}.jar").exists():
        partial = cache / "lib.partial"
        shutil.rmtree(partial, ignore_errors=True)
        fetch = [
            mvn,
            "-q",
            "-B",
            "-f",
            str(TOOL / "pom.xml"),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={partial}",
        ]
        done = _fetch_with_progress(fetch, partial)
        if done.returncode != 0:
            raise ServerUnavailable(
                f"Maven could not fetch Neo4j {VERSION}: {(done.stdout + done.stderr).strip()[-2000:]}"
            )
        shutil.rmtree(lib, ignore_errors=True)
        partial.rename(lib)
    source = TOOL / "src" / f"{LAUNCHER}.java"
    compiled = classes / f"{LAUNCHER}.class"
    if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
        classes.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [javac, "-cp", f"{lib}/*", "-d", str(classes), str(source)], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise ServerUnavailable(f"the Neo4j launcher did not compile: {done.stderr.strip()[-2000:]}")
    plugins = cache / "plugins"
    if not (plugins / f"proc-{GDS_VERSION}.jar").exists():
        shutil.rmtree(plugins, ignore_errors=True)
        plugins.mkdir(parents=True)
        for jar in [*lib.glob(f"proc-*{GDS_VERSION}.jar"), *lib.glob(f"alpha-proc-{GDS_VERSION}.jar")]:
            shutil.copy2(jar, plugins / jar.name)
    return f"{lib}/*{os.pathsep}{classes}"


def plugins_dir() -> Path:
    """The plugin folder :func:`prepare` fills: the GDS jars that declare procedures only (every
    GDS jar there doubles the server's start-up)."""
    return cache_dir() / "plugins"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Neo4jServer:
    """One server over ``home``; :meth:`start` again after :meth:`kill` restarts it over the
    same data and port, as a crashed server would come back."""

    def __init__(self, home: Path, heap: str = "1g") -> None:
        self.classpath = prepare()
        self.home = home
        self.port = free_port()
        self.user = "neo4j"
        self.password = secrets.token_urlsafe(12)
        self.heap = heap
        self.log = home / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def start(self, timeout: float = 180) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        command = [
            "java",
            f"-Xmx{self.heap}",
            f"-Dassetgraph.plugins={plugins_dir()}",
            "-cp",
            self.classpath,
            LAUNCHER,
            str(self.home / "data"),
            str(self.port),
            self.password,
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerUnavailable(f"Neo4j exited with code {self.process.returncode}; see {self.log}")
            ready, _, _ = select.select([self.process.stdout], [], [], 1.0)
            if ready and b"ready" in self.process.stdout.readline():
                return
        self.kill()
        raise ServerUnavailable(f"Neo4j did not start within {timeout:.0f} s; see {self.log}")

    def kill(self) -> None:
        """Stop the server at once, as a crash would (SIGKILL)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        """Shut down cleanly: closing the launcher's standard input ends it."""
        if self.process and self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
