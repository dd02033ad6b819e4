"""A malformed rules file (or an unreachable database) at start-up: `intake serve` and `intake serve --worker`
exit non-zero with a French message (the file and line for rules), having started nothing (no SMTP
port, no desk, no worker)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from relay import free_port
from running import listening
from support import ROOT

BROKEN_LINE = 18  # `rechute: non` of maladie_ordinaire in categories.yaml


def broken_rules(tmp_path: Path) -> Path:
    rules = tmp_path / "regles"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "categories.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[BROKEN_LINE - 1].strip() == "rechute: non"
    lines[BROKEN_LINE - 1] = "    rechute: non: oui"  # a second colon: not YAML any more
    path.write_text("\n".join(lines), encoding="utf-8")
    return rules


@pytest.mark.parametrize("command", [["serve"], ["serve", "--worker"]], ids=["serve", "worker"])
def test_a_malformed_rules_file_stops_start_up_with_its_file_and_line(settings_env, tmp_path, command) -> None:
    rules = broken_rules(tmp_path)
    smtp, http = free_port(), free_port()
    env = {**os.environ, "INTAKE_RULES_DIR": str(rules), "INTAKE_SMTP_LISTEN": f"127.0.0.1:{smtp}",
           "INTAKE_HTTP_LISTEN": f"127.0.0.1:{http}"}
    done = subprocess.run([sys.executable, "-m", "intake.cli", *command], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert f"règles invalides, intake ne démarre pas : {rules / 'categories.yaml'}:{BROKEN_LINE}: syntaxe YAML invalide" \
        in done.stderr
    assert "« : » inattendu (une valeur qui contient « : » s'écrit entre guillemets)" in done.stderr
    assert "Traceback" not in done.stderr
    assert not listening(smtp) and not listening(http)
    assert "intake : " not in done.stderr  # the start-up line of a running service was never logged


def test_an_unreachable_database_at_start_up_stops_it_with_a_french_message(tmp_path) -> None:
    blocker = tmp_path / "pas-un-dossier"
    blocker.write_text("")
    unreachable = {"sqlite": f"sqlite:///{blocker / 'intake.db'}",  # its directory is a file
                   "postgresql": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test"}  # nobody listens
    for url in unreachable.values():
        env = {**os.environ, "INTAKE_DATABASE_URL": url}
        done = subprocess.run([sys.executable, "-m", "intake.cli", "serve", "--worker"], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 1
        assert "base de données injoignable, intake ne démarre pas" in done.stderr, done.stderr[-2000:]
        assert "Traceback" not in done.stderr
