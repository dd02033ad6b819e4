"""The `intake` command as a user runs it: real process, real database, exit codes and messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import REGISTRY, ROOT

INTAKE = [sys.executable, "-m", "intake.cli"]


def run(args: list[str], *, database_url: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTAKE_DATABASE_URL": database_url, "INTAKE_DATA_DIR": str(data_dir)}
    return subprocess.run([*INTAKE, *args], env=env, capture_output=True, text=True, timeout=120)


def test_init_is_idempotent_and_imports_report_a_summary(empty_database_url: str, tmp_path: Path) -> None:
    for _ in range(2):
        result = run(["init"], database_url=empty_database_url, data_dir=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "révision" in result.stdout
    for kind in ("collectivites", "contracts", "agents"):
        result = run(["import", kind, str(REGISTRY / f"{kind}.csv")], database_url=empty_database_url, data_dir=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"{kind}.csv : " in result.stdout and "créé(s)" in result.stdout
    again = run(["import", "agents", str(REGISTRY / "agents.csv")], database_url=empty_database_url, data_dir=tmp_path)
    assert again.stdout.startswith("agents.csv : 0 créé(s), 0 mis à jour, ")


def test_bad_row_exits_non_zero_with_file_and_line(empty_database_url: str, tmp_path: Path) -> None:
    assert run(["init"], database_url=empty_database_url, data_dir=tmp_path).returncode == 0
    bad = tmp_path / "collectivites.csv"
    bad.write_text("code,name,email_domains,contact_emails,affiliated\nC1,Mairie A,a.fr,,true\nC2,,b.fr,,true\n")
    result = run(["import", "collectivites", str(bad)], database_url=empty_database_url, data_dir=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "collectivites.csv:3: nom manquant"
    retry = bad.with_name("ok.csv")
    retry.write_text("code,name,email_domains,contact_emails,affiliated\nC1,Mairie A,a.fr,,true\n")
    result = run(["import", "collectivites", str(retry)], database_url=empty_database_url, data_dir=tmp_path)
    assert result.stdout.startswith("ok.csv : 1 créé(s)"), "the refused file must have written nothing"


def test_missing_file_is_reported(empty_database_url: str, tmp_path: Path) -> None:
    result = run(["import", "agents", str(tmp_path / "absent.csv")], database_url=empty_database_url, data_dir=tmp_path)
    assert result.returncode == 1 and "fichier introuvable" in result.stderr


def test_demo_registry_imports(empty_database_url: str, tmp_path: Path) -> None:
    assert run(["init"], database_url=empty_database_url, data_dir=tmp_path).returncode == 0
    for kind in ("collectivites", "contracts", "agents"):
        result = run(["import", kind, str(ROOT / "demo" / f"{kind}.csv")], database_url=empty_database_url, data_dir=tmp_path)
        assert result.returncode == 0, result.stderr


def test_parse_prints_one_object_per_file_in_order_and_reports_unreadable_ones(empty_database_url: str, tmp_path: Path) -> None:
    import json

    from support import SAMPLES

    files = [SAMPLES / "cases" / "0010.eml", tmp_path / "absent.eml", SAMPLES / "cases" / "0004.eml"]
    result = run(["parse", *map(str, files)], database_url=empty_database_url, data_dir=tmp_path)
    assert result.returncode == 1 and "absent.eml: illisible" in result.stderr
    expected = [json.loads((f.with_suffix(".expected.json")).read_text())["message_id"] for f in files if f.exists()]
    assert [json.loads(line)["message_id"] for line in result.stdout.splitlines()] == expected


def test_parse_with_the_registry_in_the_database_gives_the_expected_objects(empty_database_url: str, tmp_path: Path) -> None:
    """The real path: registry imported into the database, then `intake parse` on the sample mails
    (those without scans, to keep OCR out of this test; the samples' scans are read in tests/documents)."""
    import json

    from support import SAMPLES

    assert run(["init"], database_url=empty_database_url, data_dir=tmp_path).returncode == 0
    for kind in ("collectivites", "contracts", "agents"):
        assert run(["import", kind, str(REGISTRY / f"{kind}.csv")], database_url=empty_database_url, data_dir=tmp_path).returncode == 0
    cases = [
        path for path in sorted((SAMPLES / "cases").glob("*.eml"))
        if not any(a["ocr"] for a in json.loads(path.with_suffix(".expected.json").read_text())["attachments"])
    ]
    result = run(["parse", *map(str, cases)], database_url=empty_database_url, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    got = [json.loads(line) for line in result.stdout.splitlines()]
    expected = [json.loads(path.with_suffix(".expected.json").read_text()) for path in cases]
    for claim in [c for message in got + expected for c in message["claims"]]:
        claim.pop("agent_confidence"), claim.pop("agent_name")  # informative only (contract.md)
    assert len(cases) >= 8 and got == expected


def test_version_and_help_are_french_and_a_bad_command_line_exits_2(tmp_path: Path) -> None:
    env = {**os.environ, "INTAKE_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    version = subprocess.run([*INTAKE, "--version"], env=env, capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("intake ")
    for args in (["--help"], ["import", "--help"], ["remind", "--help"]):
        shown = subprocess.run([*INTAKE, *args], env=env, capture_output=True, text=True, timeout=60).stdout
        assert shown.startswith("utilisation : ") and "affiche cette aide" in shown
        assert "usage:" not in shown and "show this help" not in shown
    bad = subprocess.run([*INTAKE, "import"], env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert "erreur : arguments obligatoires manquants" in bad.stderr and "required" not in bad.stderr


def test_user_add_at_a_terminal_does_not_echo_the_password(empty_database_url: str, tmp_path: Path) -> None:
    import pty

    assert run(["init"], database_url=empty_database_url, data_dir=tmp_path).returncode == 0
    env = {**os.environ, "INTAKE_DATABASE_URL": empty_database_url, "INTAKE_DATA_DIR": str(tmp_path)}
    secret = "un-secret-tres-long-123"
    pid, fd = pty.fork()
    if pid == 0:  # the child: intake at a terminal, as an admin types it
        os.execvpe(sys.executable, [*INTAKE, "user", "add", "chef@cdg.fr", "--role", "admin"], env)
    seen = b""

    def read_until(marker: bytes) -> None:
        nonlocal seen
        while marker not in seen:
            chunk = os.read(fd, 1024)
            assert chunk, f"fin de sortie avant {marker!r} : {seen!r}"
            seen += chunk

    read_until(b"mot de passe : ")
    os.write(fd, secret.encode() + b"\n")
    read_until(b"confirmation : ")
    os.write(fd, secret.encode() + b"\n")
    try:
        while True:
            chunk = os.read(fd, 1024)
            if not chunk:
                break
            seen += chunk
    except OSError:  # the terminal closes with the child
        pass
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, seen
    assert b"utilisateur chef@cdg.fr cr" in seen
    assert secret.encode() not in seen


def test_a_large_import_tells_its_progress_on_stderr(empty_database_url: str, tmp_path: Path) -> None:
    assert run(["init"], database_url=empty_database_url, data_dir=tmp_path).returncode == 0
    rows = tmp_path / "collectivites.csv"
    rows.write_text("code,name,email_domains,contact_emails,affiliated\n"
                    + "".join(f"C{i},Mairie {i},m{i}.fr,,true\n" for i in range(1, 8)))
    result = run(["import", "collectivites", str(rows), "--progress-every", "3"], database_url=empty_database_url,
                 data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == ["collectivites.csv : 3 lignes lues…", "collectivites.csv : 6 lignes lues…"]
    assert result.stdout.startswith("collectivites.csv : 7 créé(s)")


def test_blobs_migrate_copies_a_sites_files_into_the_database_and_mail_is_read_back_from_it(
        empty_database_url: str, tmp_path: Path) -> None:
    """A site that kept mail on disk moves to several machines: `intake blobs migrate` copies every file
    into the database (again: nothing more), the disk is emptied, and a replay reads the mail back from the
    database. On SQLite the command refuses, in French, with exit status 1."""
    import hashlib

    from sqlalchemy import create_engine, func, select

    from intake.store.blobs import Blob

    def intake(*args: str, store: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "INTAKE_DATABASE_URL": empty_database_url, "INTAKE_DATA_DIR": str(tmp_path),
               "INTAKE_BLOB_STORE": store}
        return subprocess.run([*INTAKE, *args], env=env, capture_output=True, text=True, timeout=300)

    assert intake("init", store="files").returncode == 0
    for kind in ("collectivites", "contracts", "agents"):
        assert intake("import", kind, str(REGISTRY / f"{kind}.csv"), store="files").returncode == 0
    mails = [ROOT / "tests" / "cases" / "cases" / name for name in ("0004.eml", "0010.eml")]
    ingested = intake("ingest", *map(str, mails), store="files")
    assert ingested.returncode == 0, ingested.stderr
    files = {path.name: path.read_bytes() for path in (tmp_path / "blobs").glob("??/??/*") if "." not in path.name}
    assert len(files) >= len(mails)  # the raw mails (and any attachment)

    on_disk = intake("blobs", "migrate", store="files")
    assert on_disk.returncode == 1 and "déjà conservés sur disque" in on_disk.stderr
    if not empty_database_url.startswith("postgresql"):
        refused = intake("blobs", "migrate", store="database")
        assert refused.returncode == 1 and "demande PostgreSQL" in refused.stderr
        return

    for _ in range(2):  # idempotent: the second run copies the same files onto themselves
        moved = intake("blobs", "migrate", store="database")
        assert moved.returncode == 0, moved.stderr
        assert moved.stdout.startswith(f"{len(files)} fichier(s) de ")
    engine = create_engine(empty_database_url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Blob)) == len(files)
        stored = dict(connection.execute(select(Blob.sha256, Blob.data)).tuples().all())
    engine.dispose()
    assert {digest: bytes(data) for digest, data in stored.items()} == files
    assert all(hashlib.sha256(data).hexdigest() == digest for digest, data in files.items())

    import shutil

    shutil.rmtree(tmp_path / "blobs")
    message_id = int(ingested.stdout.splitlines()[0].split("message #")[1].split()[0])
    replayed = intake("replay", str(message_id), store="database")
    assert replayed.returncode == 0 and f"message #{message_id} rejoué" in replayed.stdout, replayed.stderr
    from intake.store.messages import Message

    engine = create_engine(empty_database_url)
    with engine.connect() as connection:  # read again from the database alone: processed, not failed
        status = connection.scalar(select(Message.status).where(Message.id == message_id))
    engine.dispose()
    assert status == "processed" and not (tmp_path / "blobs").exists()
