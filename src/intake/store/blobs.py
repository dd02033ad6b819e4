"""Content-addressed blob store (sha256) for raw messages and attachments: written once.

Two backends behind one interface: files under data_dir/blobs (one machine: SQLite's default) and a
`blobs` table (PostgreSQL's default), so that hosts sharing only the database read each other's mail
without a shared disk. `blob_store(settings)` picks the configured one; nothing else opens blobs."""

from __future__ import annotations

import hashlib
import os
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from sqlalchemy import LargeBinary, String, select
from sqlalchemy.orm import Mapped, mapped_column

from intake.store.models import Base


class Blob(Base):
    """One stored file, named by the sha256 of its bytes: never updated, so never contended."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class BlobStore(ABC):
    """put(bytes) → sha256, get(sha256) → bytes; `cache_path` is a local place for files derived from a
    blob (rendered PDF pages), which each host may rebuild."""

    @abstractmethod
    def put(self, data: bytes) -> str:
        """Store `data` durably and return its sha256; storing the same bytes again is a no-op."""

    @abstractmethod
    def get(self, digest: str) -> bytes:
        """The bytes stored under `digest`; FileNotFoundError (an OSError, as for files) when absent."""

    @abstractmethod
    def cache_path(self, digest: str, suffix: str) -> Path:
        """Where a file derived from the blob is kept on this host."""


def _spread(root: Path, digest: str) -> Path:
    return root / digest[:2] / digest[2:4] / digest


class FileBlobStore(BlobStore):
    def __init__(self, root: Path) -> None:
        self.root = Path(root) / "blobs"

    def path(self, digest: str) -> Path:
        return _spread(self.root, digest)

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target, fsync, then rename: a crash never leaves a half-written blob.
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return digest

    def get(self, digest: str) -> bytes:
        return self.path(digest).read_bytes()

    def cache_path(self, digest: str, suffix: str) -> Path:
        # Derived files live in the blob store's tree, next to the file they come from.
        return self.path(digest).with_name(f"{digest}.{suffix}")


class DatabaseBlobStore(BlobStore):
    """Blobs in the `blobs` table. Each put commits on a connection of its own (like a file written
    before the row naming it): a message row never names a blob another host cannot read."""

    def __init__(self, engine: Any, cache_root: Path) -> None:
        self.engine = engine
        self.cache_root = Path(cache_root) / "cache"
        # Mail stored before the switch to the database (a PostgreSQL site upgraded) is still read from
        # this host's files until `intake blobs migrate` copies them in.
        self.files = FileBlobStore(cache_root)

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        # Same bytes, same name: a concurrent writer of the same blob wrote exactly what we would.
        statement = insert(Blob).values(sha256=digest, data=data).on_conflict_do_nothing(index_elements=["sha256"])
        with self.engine.begin() as connection:
            connection.execute(statement)
        return digest

    def get(self, digest: str) -> bytes:
        with self.engine.connect() as connection:
            data = connection.scalar(select(Blob.data).where(Blob.sha256 == digest))
        if data is None:
            if self.files.path(digest).exists():
                return self.files.get(digest)
            raise FileNotFoundError(f"blob {digest} absent de la base")
        return bytes(data)

    def migrate_files(self) -> int:
        """Copy every blob of the file store into the table (idempotent); returns how many files were read."""
        count = 0
        for path in sorted(self.files.root.glob("??/??/*")):
            if path.name.startswith(".") or "." in path.name:
                continue  # half-written temporaries and rendered pages are not blobs
            self.put(path.read_bytes())
            count += 1
        return count

    def cache_path(self, digest: str, suffix: str) -> Path:
        return _spread(self.cache_root, digest).with_name(f"{digest}.{suffix}")


class BlobStoreError(ValueError):
    """A blob store setting that cannot work (French message for the operator)."""


def blob_store_kind(settings: Any) -> str:
    """'files' or 'database' for these settings: auto is the database on PostgreSQL (several hosts, no
    shared disk), files elsewhere."""
    kind = settings.blob_store
    is_postgres = settings.database_url.startswith("postgresql")
    if kind == "auto":
        return "database" if is_postgres else "files"
    if kind == "database" and not is_postgres:
        # SQLite has one writer: a worker's open transaction would block the store's own commit.
        raise BlobStoreError("INTAKE_BLOB_STORE=database demande PostgreSQL ; avec SQLite, utilisez files")
    return kind


def blob_store(settings: Any) -> BlobStore:
    """The configured store (INTAKE_BLOB_STORE)."""
    if blob_store_kind(settings) == "database":
        from intake.store.db import get_engine

        return DatabaseBlobStore(get_engine(settings.database_url), settings.data_dir)
    return FileBlobStore(settings.data_dir)
