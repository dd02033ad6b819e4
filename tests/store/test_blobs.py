"""The blob store's two backends behind one interface, and which one the settings choose."""

from __future__ import annotations

import hashlib
import threading

import pytest

from intake.settings import Settings
from intake.store.blobs import BlobStoreError, DatabaseBlobStore, FileBlobStore, blob_store, blob_store_kind
from intake.store.db import get_engine


@pytest.fixture(params=["files", "database"])
def store(request, database_url, tmp_path):
    if request.param == "files":
        return FileBlobStore(tmp_path)
    return DatabaseBlobStore(get_engine(database_url), tmp_path)


def test_bytes_come_back_under_their_sha256_and_are_written_once(store) -> None:
    data = b"%PDF-1.4 arr\xeat de travail\x00\xff" * 1000
    digest = store.put(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert store.put(data) == digest  # the same bytes again: no error, nothing new
    assert store.get(digest) == data
    assert store.put(b"") == hashlib.sha256(b"").hexdigest() and store.get(hashlib.sha256(b"").hexdigest()) == b""


def test_an_absent_blob_is_an_oserror_as_a_missing_file_is(store) -> None:
    with pytest.raises(FileNotFoundError):
        store.get("0" * 64)


def test_writers_racing_on_the_same_bytes_all_succeed(store) -> None:
    data = b"la meme piece jointe envoyee deux fois" * 100
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def put() -> None:
        try:
            barrier.wait()
            store.put(data)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=put) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and store.get(hashlib.sha256(data).hexdigest()) == data


def test_derived_files_stay_on_this_host_beside_nothing_shared(store, tmp_path) -> None:
    path = store.cache_path("ab" * 32, "page0.png")
    assert path.is_relative_to(tmp_path) and path.name == f"{'ab' * 32}.page0.png"


def test_auto_is_the_database_on_postgresql_and_files_elsewhere(tmp_path) -> None:
    pg = "postgresql+psycopg://intake@db.example/intake"
    assert blob_store_kind(Settings(database_url=pg, blob_store="auto")) == "database"
    assert blob_store_kind(Settings(database_url=pg, blob_store="files")) == "files"
    assert blob_store_kind(Settings(database_url="sqlite:///x.db", blob_store="auto")) == "files"
    assert isinstance(blob_store(Settings(database_url="sqlite:///x.db", blob_store="auto", data_dir=tmp_path)),
                      FileBlobStore)
    # SQLite has one writer: the store's own commit would wait behind a worker's open transaction.
    with pytest.raises(BlobStoreError, match="PostgreSQL"):
        blob_store_kind(Settings(database_url="sqlite:///x.db", blob_store="database"))


def test_the_desk_renders_a_scan_from_either_store_and_caches_it_locally(store) -> None:
    import io

    from PIL import Image

    from intake.web.render import page_count, page_png

    photo = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(photo, format="JPEG")
    digest = store.put(photo.getvalue())
    assert page_count(store, digest) == 1
    png = page_png(store, digest, 0)
    assert png is not None and png.startswith(b"\x89PNG")
    assert store.cache_path(digest, "page0.png").read_bytes() == png


def test_a_site_moving_its_files_into_the_database_loses_no_mail(database_url, tmp_path) -> None:
    before = FileBlobStore(tmp_path)
    old = [before.put(f"courriel reçu avant le passage n° {i}".encode()) for i in range(3)]
    from intake.web.render import page_png

    page_png(before, old[0], 0)  # not an image: nothing rendered, but the call must leave no stray file
    store = DatabaseBlobStore(get_engine(database_url), tmp_path)
    assert store.get(old[0]) == before.get(old[0])  # read from the files until copied
    assert store.migrate_files() == 3 and store.migrate_files() == 3  # idempotent
    for digest in old:
        before.path(digest).unlink()
        assert store.get(digest) == f"courriel reçu avant le passage n° {old.index(digest)}".encode()
