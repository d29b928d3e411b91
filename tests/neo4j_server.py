"""A real Neo4j Community server for the tests and benchmarks, started in-process by Java.

``tools/neo4j-server`` holds a minimal pom (Neo4j 5.26 and GDS from Maven Central), another for
APOC Core (loaded only by servers that ask for it) and a launcher. The jars are fetched once with
Maven into a cache (``ASSETGRAPH_NEO4J_CACHE``, default ``~/.cache/assetgraph/neo4j-<version>``),
the launcher is compiled there, and each server runs over its own data folder on a free port with
authentication on.
"""

from __future__ import annotations

import os
import re
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
APOC_VERSION = "5.26.19"
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


def _fetch(mvn: str, pom: Path, folder: Path, what: str) -> None:
    """Copy the dependencies of ``pom`` into ``folder`` (whole, or not at all)."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    fetch = [mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies", f"-DoutputDirectory={partial}"]
    done = _fetch_with_progress(fetch, partial)
    if done.returncode != 0:
        raise ServerUnavailable(f"Maven could not fetch {what}: {(done.stdout + done.stderr).strip()[-2000:]}")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)


def _artifact(jar: Path) -> str:
    """A jar's artifact name without its version: ``commons-lang3-3.12.0.jar`` -> ``commons-lang3``."""
    return re.sub(r"-\d[\w.-]*$", "", jar.stem)


def _fill_plugins(plugins: Path, jars: list[Path]) -> None:
    shutil.rmtree(plugins, ignore_errors=True)
    plugins.mkdir(parents=True)
    for jar in jars:
        shutil.copy2(jar, plugins / jar.name)


def prepare(apoc: bool = False) -> str:
    """Fetch the jars (and APOC's with ``apoc``) and compile the launcher if needed; the class
    path to run it with."""
    _tool("java")
    javac, mvn = _tool("javac"), _tool("mvn")
    cache = cache_dir()
    lib, classes = cache / "lib", cache / "classes"
    if not (lib / f"neo4j-{VERSION}.jar").exists() or not (lib / f"proc-{GDS_VERSION}.jar").exists():
        _fetch(mvn, TOOL / "pom.xml", lib, f"Neo4j {VERSION}")
    source = TOOL / "src" / f"{LAUNCHER}.java"
    compiled = classes / f"{LAUNCHER}.class"
    if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
        classes.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [javac, "-cp", f"{lib}/*", "-d", str(classes), str(source)], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise ServerUnavailable(f"the Neo4j launcher did not compile: {done.stderr.strip()[-2000:]}")
    declaring = [*lib.glob(f"proc-*{GDS_VERSION}.jar"), *lib.glob(f"alpha-proc-{GDS_VERSION}.jar")]
    if not (plugins_dir() / f"proc-{GDS_VERSION}.jar").exists():
        _fill_plugins(plugins_dir(), declaring)
    path = [f"{lib}/*", str(classes)]
    if apoc:
        extra = cache / "apoc"
        if not (extra / f"apoc-core-{APOC_VERSION}.jar").exists():
            _fetch(mvn, TOOL / "apoc-pom.xml", extra, f"APOC {APOC_VERSION}")
            # what Neo4j already carries stays Neo4j's version, once on the class path
            held = {_artifact(jar) for jar in lib.glob("*.jar")}
            for jar in extra.glob("*.jar"):
                if _artifact(jar) in held:
                    jar.unlink()
        if not (plugins_dir(apoc=True) / f"apoc-core-{APOC_VERSION}.jar").exists():
            _fill_plugins(plugins_dir(apoc=True), [*declaring, *extra.glob(f"apoc-*{APOC_VERSION}.jar")])
        path.insert(1, f"{extra}/*")
    return os.pathsep.join(path)


def plugins_dir(apoc: bool = False) -> Path:
    """The plugin folder :func:`prepare` fills: the GDS jars that declare procedures only (every
    GDS jar there doubles the server's start-up), and with ``apoc`` APOC's jars too (which must
    also be on the class path, where Neo4j finds the extension they need)."""
    return cache_dir() / ("plugins-apoc" if apoc else "plugins")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Neo4jServer:
    """One server over ``home``; :meth:`start` again after :meth:`kill` restarts it over the
    same data and port, as a crashed server would come back. ``settings`` are Neo4j settings
    as in neo4j.conf (``{"dbms.security.allow_csv_import_from_file_urls": "false"}``), set after
    the launcher's own; ``apoc`` loads APOC Core."""

    def __init__(
        self, home: Path, heap: str = "1g", settings: dict[str, str] | None = None, apoc: bool = False
    ) -> None:
        self.classpath = prepare(apoc)
        self.apoc = apoc
        self.settings = settings or {}
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
            f"-Dassetgraph.plugins={plugins_dir(self.apoc)}",
            "-cp",
            self.classpath,
            LAUNCHER,
            str(self.home / "data"),
            str(self.port),
            self.password,
            *(f"{name}={value}" for name, value in self.settings.items()),
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
