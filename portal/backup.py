"""Backups of the whole site, and their exact restore (`manage.py backup`, `manage.py restore`).

A backup is one uncompressed tar file (its big parts are compressed already), written under a
temporary name and renamed when complete, holding:

- ``database.pgdump`` (PostgreSQL: ``pg_dump --format=custom``, one consistent snapshot while the
  site runs) or ``database.sqlite3`` (SQLite: the online backup API, so a running site can be
  backed up); the database cache's rows are left out (the cache is filled again);
- ``media/default/...`` (photos and their renditions) and ``media/attachments/...`` (attached
  files), read through the storage API, so a folder and an S3 bucket are backed up alike;
- ``manifest.json``: when and from what it was made (portal version, git commit, database engine
  and server version, every applied migration) and every file with its size and SHA-256;
- ``manifest.sha256``: the manifest's own checksum.

The database is dumped first, then the uploads are copied: a photo or file is written before the
record that names it and never changed afterwards (a new upload is a new name), so every file
the dumped records name is in the backup unless it was deleted during the backup.

Restore checks everything before it changes anything: the manifest and every file's size and
checksum, the database engine, and the migrations (a backup of newer code is refused; one of
older code is restored and then needs ``manage.py migrate``); it refuses a database or storage
that holds anything unless ``force`` is given, and then replaces everything. Afterwards the
database holds exactly the backed-up rows, the storages exactly the backed-up files, and the
caches are emptied.

Messages are for the operator who runs the commands: Vietnamese, then English.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import caches
from django.core.files.base import File
from django.core.files.storage import storages
from django.db import connection, connections

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_DIGEST = "manifest.sha256"
DATABASE_MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA = "media"
STORAGE_ALIASES = ("default", "attachments")
# Rows not worth keeping: the database cache (settings.CACHES, portal/migrations/0002).
DATA_EXCLUDED = ("portal_cache",)
NAME_PREFIX = "portal-backup-"
NAME_PATTERN = re.compile(r"^portal-backup-\d{8}-\d{6}(-\d+)?\.tar$")
CHUNK = 1024 * 1024
PROGRESS_SECONDS = 5  # a line of progress this often during long copies

Report = Callable[[str], None]


class BackupError(Exception):
    """Why a backup cannot be made or restored, for the operator (Vietnamese / English)."""


def _quiet(message: str) -> None:
    pass


# Small helpers


def human_bytes(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"  # pragma: no cover


class Hashing(io.RawIOBase):
    """A file read through: counts and hashes what passes."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def readable(self):
        return True

    def read(self, n=-1):
        data = self.raw.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def sha256_of(fileobj) -> tuple[str, int]:
    reader = Hashing(fileobj)
    while reader.read(CHUNK):
        pass
    return reader.sha256.hexdigest(), reader.size


def vendor() -> str:
    return connection.vendor  # "postgresql" or "sqlite" (others are refused)


def code_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def applied_migrations() -> list[list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def compare_migrations(backup: list[list[str]], code: set[tuple[str, str]]):
    """(migrations the backup has that this code lacks, migrations the backup lacks)."""
    had = {tuple(item) for item in backup}
    return sorted(had - code), sorted(code - had)


def portal_version() -> dict:
    version = ""
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    if pyproject.exists():
        import tomllib

        version = tomllib.loads(pyproject.read_text("utf-8")).get("project", {}).get("version", "")
    info = {"version": version, "commit": "", "changed": False}
    git = shutil.which("git")
    if git and (Path(settings.BASE_DIR) / ".git").exists():
        run = {"cwd": settings.BASE_DIR, "capture_output": True, "text": True, "check": False}
        head = subprocess.run([git, "rev-parse", "HEAD"], **run, timeout=10)  # noqa: S603
        if head.returncode == 0:
            info["commit"] = head.stdout.strip()
            status = subprocess.run(  # noqa: S603 - git, fixed arguments
                [git, "status", "--porcelain", "-uno"], **run, timeout=30
            )
            info["changed"] = bool(status.stdout.strip())
    return info


# The storages


def _nested_prefix(outer, inner) -> str | None:
    """Where the ``inner`` storage's files lie inside ``outer``'s listing (the attachments'
    folder inside MEDIA_ROOT, their prefix in a shared bucket), else None."""
    from django.core.files.storage import FileSystemStorage

    if isinstance(outer, FileSystemStorage) and isinstance(inner, FileSystemStorage):
        outer_path, inner_path = Path(outer.location).resolve(), Path(inner.location).resolve()
        if inner_path != outer_path and inner_path.is_relative_to(outer_path):
            return inner_path.relative_to(outer_path).as_posix()
        return None
    bucket = getattr(outer, "bucket_name", None)
    if bucket and bucket == getattr(inner, "bucket_name", None):
        outer_loc = (getattr(outer, "location", "") or "").strip("/")
        inner_loc = (getattr(inner, "location", "") or "").strip("/")
        if inner_loc != outer_loc and (not outer_loc or inner_loc.startswith(outer_loc + "/")):
            return inner_loc[len(outer_loc) + 1 :] if outer_loc else inner_loc
    return None


def storage_files(alias: str) -> Iterator[str]:
    """Every file of a storage, by name, sorted, through the storage API alone."""
    storage = storages[alias]
    skip = {
        prefix
        for other in STORAGE_ALIASES
        if other != alias and (prefix := _nested_prefix(storage, storages[other]))
    }

    def walk(path: str) -> Iterator[str]:
        try:
            folders, names = storage.listdir(path)
        except FileNotFoundError:
            return
        for name in sorted(names):
            yield f"{path}/{name}" if path else name
        for folder in sorted(folders):
            inner = f"{path}/{folder}" if path else folder
            if inner not in skip:
                yield from walk(inner)

    yield from walk("")


# The database


@dataclass
class Postgres:
    """pg_dump and pg_restore of the version of the server, with the site's connection."""

    def settings(self) -> dict:
        return connection.settings_dict

    def environment(self) -> dict:
        db = self.settings()
        env = {**os.environ}
        for key, value in (
            ("PGHOST", db.get("HOST")),
            ("PGPORT", db.get("PORT")),
            ("PGUSER", db.get("USER")),
            ("PGPASSWORD", db.get("PASSWORD")),
            ("PGDATABASE", db.get("NAME")),
            ("PGSSLMODE", (db.get("OPTIONS") or {}).get("sslmode")),
        ):
            if value:
                env[key] = str(value)
        return env

    def server_major(self) -> int:
        connection.ensure_connection()
        return connection.pg_version // 10000

    def binary(self, name: str) -> str:
        major = self.server_major()
        candidates = []
        if folder := os.environ.get("PG_BINDIR"):
            candidates.append(Path(folder) / name)
        candidates.append(Path(f"/usr/lib/postgresql/{major}/bin") / name)
        if found := shutil.which(name):
            candidates.append(Path(found))
        for candidate in candidates:
            if candidate.exists():
                version = self.tool_version(str(candidate))
                if version and version >= major:
                    return str(candidate)
        raise BackupError(
            f"Không tìm thấy {name} phiên bản {major} trở lên (máy chủ PostgreSQL {major}): "
            f"cài gói postgresql-client-{major} hoặc đặt PG_BINDIR. / "
            f"{name} {major} or newer was not found (the server is PostgreSQL {major}): "
            f"install postgresql-client-{major} or set PG_BINDIR."
        )

    @staticmethod
    def tool_version(path: str) -> int:
        result = subprocess.run(  # noqa: S603 - a PostgreSQL tool found by its path
            [path, "--version"], capture_output=True, text=True, check=False
        )
        match = re.search(r"(\d+)(?:\.\d+)?", result.stdout)
        return int(match.group(1)) if match else 0

    def dump(self, target: Path) -> dict:
        pg_dump = self.binary("pg_dump")
        command = [pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file",
                   str(target)]  # fmt: skip
        command += [f"--exclude-table-data={table}" for table in DATA_EXCLUDED]
        result = subprocess.run(  # noqa: S603 - pg_dump, the site's own settings
            command, env=self.environment(), capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise BackupError(
                "pg_dump không chạy được / pg_dump failed:\n" + result.stderr.strip()[-2000:]
            )
        return {"server": connection.pg_version, "tool": Path(pg_dump).name,
                "tool_version": self.tool_version(pg_dump)}  # fmt: skip

    def is_empty(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'S', 'p')"
            )
            return cursor.fetchone()[0] == 0

    def wipe(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = connection.ops.quote_name(cursor.fetchone()[0])
            cursor.execute(f"DROP SCHEMA {schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {schema}")
        connections.close_all()

    def load(self, source: Path, wiped: bool = False):
        pg_restore = self.binary("pg_restore")
        connections.close_all()
        result = subprocess.run(  # noqa: S603 - pg_restore, the site's own settings
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", "--dbname", self.settings()["NAME"], str(source)],
            env=self.environment(), capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode and wiped:
            # --force emptied the database first (its own transaction): say so, never "unchanged".
            raise BackupError(
                "pg_restore không chạy được. --force đã xoá cơ sở dữ liệu trước đó nên bây giờ nó "
                "trống; bản sao lưu vẫn nguyên vẹn: sửa lỗi dưới đây rồi chạy lại "
                "restore --force. / "
                "pg_restore failed. --force had emptied the database first, so it is empty now; "
                "the backup is intact: fix the error below and run restore --force again:\n"
                + result.stderr.strip()[-2000:]
            )
        if result.returncode:
            raise BackupError(
                "pg_restore không chạy được; cơ sở dữ liệu không đổi. / "
                "pg_restore failed; the database was not changed:\n" + result.stderr.strip()[-2000:]
            )


@dataclass
class Sqlite:
    """The online backup API, from the site's own connection (a file or a test's memory)."""

    def path(self) -> str:
        return str(connection.settings_dict["NAME"])

    def dump(self, target: Path) -> dict:
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            for table in DATA_EXCLUDED:
                with contextlib.suppress(sqlite3.OperationalError):  # no such table
                    destination.execute(f'DELETE FROM "{table}"')  # noqa: S608 - constant
            destination.commit()
            destination.execute("VACUUM")
        finally:
            destination.close()
        return {"server": sqlite3.sqlite_version, "tool": "sqlite3 backup API"}

    def is_empty(self) -> bool:
        path = self.path()
        if not path.startswith("file:") and path != ":memory:" and not Path(path).exists():
            return True  # made by the restore (its folder too)
        return not connection.introspection.table_names(include_views=True)

    def wipe(self):
        pass  # the backup API replaces every page of the target

    def load(self, source: Path, wiped: bool = False):
        connections.close_all()
        target = self.path()
        if target.startswith("file:") or target == ":memory:":
            raise BackupError("Không khôi phục vào cơ sở dữ liệu trong bộ nhớ. / "
                              "Cannot restore into an in-memory database.")  # fmt: skip
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        destination = sqlite3.connect(target, timeout=20)
        try:
            origin.backup(destination)
        finally:
            origin.close()
            destination.close()


def database() -> Postgres | Sqlite:
    kind = vendor()
    if kind == "postgresql":
        return Postgres()
    if kind == "sqlite":
        return Sqlite()
    raise BackupError(
        f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {kind}. / Backups of {kind} are not supported."
    )


# Making a backup


def destination_path(destination: str | Path, now: datetime) -> Path:
    """A folder (existing, or written with a trailing /) gets a new dated name inside it;
    anything else is the file to write."""
    path = Path(destination)
    if path.is_dir() or str(destination).endswith(("/", os.sep)):
        path.mkdir(parents=True, exist_ok=True)
        stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
        candidate, n = path / f"{NAME_PREFIX}{stamp}.tar", 1
        while candidate.exists():
            candidate, n = path / f"{NAME_PREFIX}{stamp}-{n}.tar", n + 1
        return candidate
    if path.exists():
        raise BackupError(f"Tệp {path} đã có: không ghi đè. / {path} exists: not overwritten.")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _add(tar: tarfile.TarFile, name: str, fileobj, size: int) -> str:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o644
    reader = Hashing(fileobj)
    tar.addfile(info, reader)
    if reader.size != size:
        raise BackupError(f"{name}: đọc {reader.size} byte thay vì {size}. / "
                          f"read {reader.size} bytes instead of {size}.")  # fmt: skip
    return reader.sha256.hexdigest()


def create(destination: str | Path, report: Report = _quiet) -> Path:
    """Write a backup; its path. BackupError with the reason when it cannot."""
    started = time.monotonic()
    now = datetime.now(UTC)
    db = database()
    target = destination_path(destination, now)
    partial = target.with_name(target.name + ".partial")
    entries: list[dict] = []
    counts: dict[str, dict] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="portal-backup.", dir=target.parent) as work:
            member = DATABASE_MEMBER[vendor()]
            dump = Path(work) / member
            report(f"Cơ sở dữ liệu / database ({vendor()}) …")
            database_info = db.dump(dump)
            database_info.update(engine=vendor(), member=member)
            migrations = applied_migrations()
            size = dump.stat().st_size
            # Citizens' contacts and staff accounts are inside: for its owner's eyes only.
            partial.touch(mode=0o600)
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
                with dump.open("rb") as f:
                    digest = _add(tar, member, f, size)
                entries.append({"path": member, "size": size, "sha256": digest})
                report(f"  {member}: {human_bytes(size)}, {len(migrations)} migrations")
                for alias in STORAGE_ALIASES:
                    counts[alias] = _add_storage(tar, alias, entries, report)
                manifest = {
                    "format": FORMAT,
                    "created": now.isoformat(timespec="seconds"),
                    "portal": portal_version(),
                    "python": platform.python_version(),
                    "django": django.get_version(),
                    "database": database_info,
                    "media_storage": settings.MEDIA.kind if hasattr(settings, "MEDIA") else "",
                    "migrations": migrations,
                    "storages": counts,
                    "files": entries,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add(tar, MANIFEST, io.BytesIO(data), len(data))
                digest = f"{hashlib.sha256(data).hexdigest()}  {MANIFEST}\n".encode()
                _add(tar, MANIFEST_DIGEST, io.BytesIO(digest), len(digest))
            with open(partial, "rb") as f:
                os.fsync(f.fileno())
            os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    total = sum(e["size"] for e in entries)
    report(
        f"Đã sao lưu / backup written: {target} ({human_bytes(target.stat().st_size)}, "
        f"{len(entries)} files, {human_bytes(total)} of data) in {time.monotonic() - started:.1f} s"
    )
    return target


def _add_storage(tar, alias: str, entries: list[dict], report: Report) -> dict:
    storage = storages[alias]
    names = list(storage_files(alias))
    report(f"Tệp tải lên / uploads, storage '{alias}': {len(names)} files …")
    done, total, shown = 0, 0, time.monotonic()
    for n, name in enumerate(names, 1):
        try:
            size = storage.size(name)
            fileobj = storage.open(name, "rb")
        except FileNotFoundError:
            report(f"  (deleted during the backup: {name})")
            continue
        with fileobj:
            path = f"{MEDIA}/{alias}/{name}"
            digest = _add(tar, path, fileobj, size)
        entries.append({"path": path, "size": size, "sha256": digest})
        done, total = done + 1, total + size
        if time.monotonic() - shown > PROGRESS_SECONDS:
            report(f"  {n}/{len(names)} ({human_bytes(total)})")
            shown = time.monotonic()
    report(f"  {done} files, {human_bytes(total)}")
    return {"backend": type(storage).__module__ + "." + type(storage).__name__,
            "files": done, "bytes": total}  # fmt: skip


def prune(folder: str | Path, keep: int, report: Report = _quiet) -> list[Path]:
    """Delete all but the ``keep`` newest backups (by their names' dates) in a folder."""
    backups = sorted(p for p in Path(folder).iterdir() if NAME_PATTERN.match(p.name))
    removed = backups[: max(0, len(backups) - keep)]
    for path in removed:
        path.unlink()
        report(f"Đã xoá bản cũ / removed old backup: {path.name}")
    return removed


# Reading and checking a backup


@dataclass
class Backup:
    path: Path
    manifest: dict
    members: dict[str, tarfile.TarInfo] = field(default_factory=dict)
    newer: list = field(default_factory=list)  # migrations this code does not have
    older: list = field(default_factory=list)  # migrations of this code the backup lacks


def damaged(reason: str) -> BackupError:
    return BackupError(f"Bản sao lưu bị hỏng, không khôi phục: {reason} / "
                       f"The backup is damaged and was not restored: {reason}")  # fmt: skip


def open_backup(path: str | Path, report: Report = _quiet) -> Backup:
    """The backup, with every file's size and checksum verified against its manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không có tệp {path}. / No such file: {path}.")
    try:
        tar = tarfile.open(path, "r:")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError) as exc:
        raise damaged(f"not a tar file ({exc})") from exc
    with tar:
        try:
            members = {m.name: m for m in tar.getmembers()}
        except (tarfile.TarError, OSError) as exc:
            raise damaged(f"the archive is cut short ({exc})") from exc
        for name in (MANIFEST, MANIFEST_DIGEST):
            if name not in members:
                raise damaged(f"{name} is missing")
        data = tar.extractfile(members[MANIFEST]).read()
        expected = tar.extractfile(members[MANIFEST_DIGEST]).read().decode("ascii", "replace")
        if expected.split()[:1] != [hashlib.sha256(data).hexdigest()]:
            raise damaged(f"{MANIFEST} does not match its checksum")
        try:
            manifest = json.loads(data)
            files = {entry["path"]: entry for entry in manifest["files"]}
            manifest["database"]["engine"], manifest["migrations"]
        except (ValueError, KeyError, TypeError) as exc:
            raise damaged(f"{MANIFEST} cannot be read ({exc!r})") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(
                f"Định dạng bản sao lưu {manifest.get('format')} không được hỗ trợ. / "
                f"Backup format {manifest.get('format')} is not supported."
            )
        problems = []
        for name in members:
            if name not in files and name not in (MANIFEST, MANIFEST_DIGEST):
                problems.append(f"{name}: not in the manifest")
        total, checked = sum(e["size"] for e in files.values()), 0
        report(f"Kiểm tra / checking {len(files)} files ({human_bytes(total)}) …")
        for name, entry in files.items():
            member = members.get(name)
            if member is None or not member.isfile():
                problems.append(f"{name}: missing")
                continue
            try:
                digest, size = sha256_of(tar.extractfile(member))
            except (tarfile.TarError, OSError) as exc:
                problems.append(f"{name}: unreadable ({exc})")
                continue
            if size != entry["size"]:
                problems.append(f"{name}: {size} bytes, the manifest says {entry['size']}")
            elif digest != entry["sha256"]:
                problems.append(f"{name}: checksum mismatch")
            checked += size
        if problems:
            shown = "; ".join(problems[:10])
            more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
            raise damaged(shown + more)
    backup = Backup(path=path, manifest=manifest, members=members)
    backup.newer, backup.older = compare_migrations(manifest["migrations"], code_migrations())
    return backup


def describe(backup: Backup) -> list[str]:
    m = backup.manifest
    portal = m.get("portal") or {}
    code = (portal.get("commit") or "")[:12] + (" (changed)" if portal.get("changed") else "")
    lines = [
        f"Bản sao lưu / backup: {backup.path.name}",
        f"  made {m.get('created')}, portal {portal.get('version') or '?'} {code}".rstrip(),
        f"  database {m['database']['engine']}, {len(m['migrations'])} migrations applied",
    ]
    for alias, count in (m.get("storages") or {}).items():
        lines.append(f"  uploads '{alias}': {count['files']} files, {human_bytes(count['bytes'])}")
    return lines


def check_compatible(backup: Backup):
    """Refuse a backup of another engine or of newer code (BackupError)."""
    engine = backup.manifest["database"]["engine"]
    if engine != vendor():
        raise BackupError(
            f"Bản sao lưu này của cơ sở dữ liệu {engine}, nhưng cổng đang dùng {vendor()}: "
            "không khôi phục được. / "
            f"This backup was made from {engine}, but the site uses {vendor()}: not restored."
        )
    if backup.newer:
        names = ", ".join(f"{app}.{name}" for app, name in backup.newer[:8])
        more = f" (+{len(backup.newer) - 8})" if len(backup.newer) > 8 else ""
        raise BackupError(
            "Bản sao lưu được tạo bởi phiên bản mã mới hơn mã đang cài (có migration mà mã này "
            f"không có: {names}{more}). Cài đúng phiên bản mã rồi khôi phục lại. / "
            "The backup was made by newer code than this one (migrations this code lacks: "
            f"{names}{more}). Install that version of the code, then restore."
        )


# Restoring


def target_contents() -> list[tuple[str, str]]:
    """What the database and the storages already hold, in Vietnamese and in English."""
    found = []
    if not database().is_empty():
        found.append(("cơ sở dữ liệu đã có bảng", "the database has tables"))
    for alias in STORAGE_ALIASES:
        count = sum(1 for _ in storage_files(alias))
        if count:
            found.append((f"kho '{alias}' có {count} tệp", f"storage '{alias}' has {count} files"))
    return found


def restore_files(tar: tarfile.TarFile, backup: Backup, report: Report = _quiet) -> int:
    """Write every file of a checked backup into its storage, under its own name."""
    media = [e for e in backup.manifest["files"] if e["path"].startswith(MEDIA + "/")]
    report(f"Tệp tải lên / uploads: {len(media)} files …")
    shown = time.monotonic()
    for n, entry in enumerate(media, 1):
        _media, alias, name = entry["path"].split("/", 2)
        reader = Hashing(tar.extractfile(backup.members[entry["path"]]))
        saved = storages[alias].save(name, File(reader, name=name))
        if saved != name or reader.sha256.hexdigest() != entry["sha256"]:
            raise BackupError(
                f"Không ghi được {name} đúng tên (kho trả {saved}). / "
                f"{name} could not be written under its name ({saved})."
            )
        if time.monotonic() - shown > PROGRESS_SECONDS:
            report(f"  {n}/{len(media)}")
            shown = time.monotonic()
    return len(media)


def restore(path: str | Path, *, force: bool = False, report: Report = _quiet) -> Backup:
    """Restore a backup exactly (BackupError, before anything is changed, when it cannot)."""
    started = time.monotonic()
    backup = open_backup(path, report)
    for line in describe(backup):
        report(line)
    check_compatible(backup)
    db = database()
    found = target_contents()
    vi, en = "; ".join(v for v, _e in found), "; ".join(e for _v, e in found)
    if found and not force:
        raise BackupError(
            f"Nơi khôi phục không trống ({vi}). Khôi phục vào cơ sở dữ liệu và kho tệp trống, "
            "hoặc thêm --force để thay toàn bộ bằng bản sao lưu. / "
            f"The target is not empty ({en}). Restore into an empty database and media storage, "
            "or add --force to replace everything with the backup."
        )
    if found:
        report(f"--force: thay toàn bộ ({vi}) / replacing everything ({en})")
        db.wipe()
        for alias in STORAGE_ALIASES:
            storage = storages[alias]
            for name in list(storage_files(alias)):
                storage.delete(name)
    member = backup.manifest["database"]["member"]
    with tarfile.open(backup.path, "r:") as tar:
        with tempfile.TemporaryDirectory(prefix="portal-restore.") as work:
            dump = Path(work) / member
            with tar.extractfile(backup.members[member]) as src, dump.open("wb") as dst:
                shutil.copyfileobj(src, dst, CHUNK)
            report(f"Cơ sở dữ liệu / database: {member} ({human_bytes(dump.stat().st_size)}) …")
            db.load(dump, wiped=bool(found))
        restored = applied_migrations()
        if restored != backup.manifest["migrations"]:
            raise BackupError("Cơ sở dữ liệu sau khôi phục không khớp bản kê. / "
                              "The restored database does not match the manifest.")  # fmt: skip
        count = restore_files(tar, backup, report)
    for alias in settings.CACHES:
        try:
            caches[alias].clear()
        except Exception as exc:  # an unreachable cache is emptied when it comes back anyway
            report(f"  (cache '{alias}' not emptied: {exc})")
    report(
        f"Đã khôi phục / restored: the database and {count} files "
        f"in {time.monotonic() - started:.1f} s"
    )
    if backup.older:
        names = ", ".join(f"{app}.{name}" for app, name in backup.older[:8])
        report(
            "Bản sao lưu của phiên bản mã cũ hơn: chạy `manage.py migrate` trước khi mở lại cổng "
            f"({names}). / The backup is from older code: run `manage.py migrate` before serving "
            "the site again."
        )
    return backup
