"""Registry imports as a person would run them: sample files, re-imports, bad rows, spreadsheet exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intake.identify.registry import import_registry_file
from intake.store.csvfile import RowError
from intake.store.db import get_sessionmaker
from intake.store.models import Agent, Collectivite, ContactEmail, Contract, EmailDomain
from support import REGISTRY

TODAY = date(2026, 11, 21)
COLLECTIVITES_HEADER = "code,name,email_domains,contact_emails,affiliated\n"
CONTRACTS_HEADER = (
    "collectivite_code,contract_number,regime,formula,start_date,end_date,"
    "franchise_mo_days,declaration_days,documents_days\n"
)
AGENTS_HEADER = "collectivite_code,matricule,nir,last_name,birth_name,first_name,birth_date,regime,status\n"


def load(url: str, kind: str, path: Path):
    return import_registry_file(kind, path, url=url, today=TODAY)


def load_samples(url: str) -> list:
    return [load(url, kind, REGISTRY / f"{kind}.csv") for kind in ("collectivites", "contracts", "agents")]


def counts(url: str) -> dict[str, int]:
    with get_sessionmaker(url)() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Collectivite, EmailDomain, ContactEmail, Contract, Agent)
        }


def rows_in(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8-sig").splitlines()[1:] if line.strip())


def write(tmp_path: Path, name: str, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_sample_registry_imports_every_row(database_url: str) -> None:
    summaries = load_samples(database_url)
    assert [s.created for s in summaries] == [rows_in(REGISTRY / f"{k}.csv") for k in ("collectivites", "contracts", "agents")]
    with get_sessionmaker(database_url)() as session:
        cnr = session.scalar(select(Contract).where(Contract.contract_number == "2024-CNR-48801"))
        assert cnr.formulas == [6, 8, 11] and cnr.declaration_days == 90 and cnr.franchise_mo_days == 15
        peyre = session.scalar(select(Collectivite).where(Collectivite.code == "C48009"))
        assert len(peyre.contacts) == 2 and peyre.affiliated is True
        corsican = session.scalar(select(Agent).where(Agent.matricule == "M01059"))
        assert corsican.nir == "263052B214534" and corsican.nir_key is None
        spaced = session.scalar(select(Agent).where(Agent.matricule == "M00537"))
        assert spaced.nir == "2751238213086"
        keyed = session.scalar(select(Agent).where(Agent.matricule == "M00563"))
        assert (keyed.nir, keyed.nir_key) == ("1990867211914", "45")


def test_importing_the_same_files_twice_changes_nothing(database_url: str) -> None:
    load_samples(database_url)
    before = counts(database_url)
    again = load_samples(database_url)
    assert all(s.created == 0 and s.updated == 0 and s.unchanged > 0 for s in again)
    assert "0 créé(s), 0 mis à jour" in again[2].line()
    assert counts(database_url) == before


def test_a_bad_row_is_refused_with_its_line_and_nothing_of_the_file_is_written(database_url: str, tmp_path: Path) -> None:
    load(database_url, "collectivites", REGISTRY / "collectivites.csv")
    before = counts(database_url)
    path = write(tmp_path, "agents.csv", AGENTS_HEADER
                 + "C48018,X1,2010248101962,DURAND,,Marie,2001-02-19,CNRACL,titulaire\n"
                 + "C48018,X2,2010248101962,DUPONT,,Jean,2001-02-30,CNRACL,titulaire\n"
                 + "C48018,X3,2010248101962,MARTIN,,Paul,2001-02-19,CNRACL,titulaire\n")
    with pytest.raises(RowError) as error:
        load(database_url, "agents", path)
    assert str(error.value).startswith("agents.csv:3: date de naissance « 2001-02-30 »")
    assert counts(database_url) == before


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("C48018,X1,201024810196,DURAND,,Marie,2001-02-19,CNRACL,titulaire", "12 caractères"),
        ("C48018,X1,201024810196299,DURAND,,Marie,2001-02-19,CNRACL,titulaire", "la clé 99 ne correspond pas"),
        ("C48018,X1,2 01 02 2C 101 962,DURAND,,Marie,2001-02-19,CNRACL,titulaire", "mal formé"),
        ("C99999,X1,2010248101962,DURAND,,Marie,2001-02-19,CNRACL,titulaire", "collectivité « C99999 » inconnue"),
        ("C48018,X1,2010248101962,DURAND,,Marie,2001-02-19,RSI,titulaire", "régime « RSI » inconnu"),
        ("C48018,X1,2010248101962,DURAND,,Marie,2001-02-19,CNRACL,vacataire", "statut « vacataire »"),
        ("C48018,X1,2010248101962,,,Marie,2001-02-19,CNRACL,titulaire", "nom manquant"),
        ("C48018,X1,2010248101962,DURAND,,Marie,2030-02-19,CNRACL,titulaire", "dans le futur"),
    ],
)
def test_agent_rows_are_validated(database_url: str, tmp_path: Path, row: str, expected: str) -> None:
    load(database_url, "collectivites", REGISTRY / "collectivites.csv")
    path = write(tmp_path, "agents.csv", AGENTS_HEADER + row + "\n")
    with pytest.raises(RowError, match=expected) as error:
        load(database_url, "agents", path)
    assert error.value.line == 2


def test_valid_nir_forms_are_accepted(database_url: str, tmp_path: Path) -> None:
    load(database_url, "collectivites", REGISTRY / "collectivites.csv")
    path = write(tmp_path, "agents.csv", AGENTS_HEADER
                 + "C48018,A1,1 99 08 67 211 914 45,LACROIX,,Jean,1999-08-01,CNRACL,titulaire\n"
                 + "C48018,A2,2 63 05 2B 214 534 26,BOULET,KOWALSKI,Laëtitia,1963-05-08,IRCANTEC,contractuel\n"
                 + "C48018,A3,1.02.12.48.197.152,SAINT-PIERRE,,Michel,2002-12-01,cnracl,Titulaire\n")
    assert load(database_url, "agents", path).created == 3


def test_contract_rows_are_validated(database_url: str, tmp_path: Path) -> None:
    load(database_url, "collectivites", REGISTRY / "collectivites.csv")
    cases = {
        "C48018,N1,CNRACL,12,2024-01-01,2026-12-31,0,,": "formule 12 réservée au régime IRCANTEC",
        "C48018,N1,CNRACL,14,2024-01-01,2026-12-31,0,,": "formule 14 inconnue",
        "C48018,N1,CNRACL,1,2024-01-01,2023-12-31,0,,": "avant la date de début",
        "C48018,N1,CNRACL,1,31/02/2024,,0,,": "format JJ/MM/AAAA ou AAAA-MM-JJ",
        "C48018,N1,CNRACL,1,01/01/24,,0,,": "format JJ/MM/AAAA ou AAAA-MM-JJ",
        "C48018,N1,CNRACL,1,2024-01-01,,dix,,": "nombre entier de jours",
    }
    for row, expected in cases.items():
        path = write(tmp_path, "contracts.csv", CONTRACTS_HEADER + row + "\n")
        with pytest.raises(RowError, match=expected):
            load(database_url, "contracts", path)


def test_duplicate_keys_in_one_file_are_refused(database_url: str, tmp_path: Path) -> None:
    path = write(tmp_path, "collectivites.csv", COLLECTIVITES_HEADER
                 + "C1,Mairie A,a.fr,,true\nC2,Mairie B,b.fr,,true\nC1,Mairie A bis,,,true\n")
    with pytest.raises(RowError, match=r"collectivites.csv:4: même clé que la ligne 2"):
        load(database_url, "collectivites", path)
    assert counts(database_url)["collectivites"] == 0


def test_a_domain_belongs_to_one_collectivite(database_url: str, tmp_path: Path) -> None:
    load(database_url, "collectivites", REGISTRY / "collectivites.csv")
    path = write(tmp_path, "collectivites.csv", COLLECTIVITES_HEADER + "C1,Mairie A,mairiebarjac.fr,,true\n")
    with pytest.raises(RowError, match="appartient déjà à la collectivité C48018"):
        load(database_url, "collectivites", path)


def test_french_spreadsheet_export_with_bom_and_semicolons(database_url: str, tmp_path: Path) -> None:
    text = (COLLECTIVITES_HEADER.replace(",", ";")
            + "C1;Mairie d'Été;ete.fr mairie-ete.fr;secretariat.ete@orange.fr;VRAI\n")
    path = write(tmp_path, "collectivites.csv", "\ufeff" + text)
    assert load(database_url, "collectivites", path).created == 1
    with get_sessionmaker(database_url)() as session:
        item = session.scalar(select(Collectivite).where(Collectivite.code == "C1"))
        assert item.name == "Mairie d'Été" and [d.domain for d in item.domains] == ["ete.fr", "mairie-ete.fr"]


def test_updates_are_counted_and_addresses_replaced(database_url: str, tmp_path: Path) -> None:
    first = write(tmp_path, "c.csv", COLLECTIVITES_HEADER + "C1,Mairie A,a.fr old.fr,x@orange.fr,true\nC2,Mairie B,,,false\n")
    load(database_url, "collectivites", first)
    second = write(tmp_path, "c.csv", COLLECTIVITES_HEADER + "C1,Mairie A,a.fr new.fr,,true\nC2,Mairie B,,,false\n")
    summary = load(database_url, "collectivites", second)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    with get_sessionmaker(database_url)() as session:
        item = session.scalar(select(Collectivite).where(Collectivite.code == "C1"))
        assert [d.domain for d in item.domains] == ["a.fr", "new.fr"] and item.contacts == []


def test_non_utf8_file_is_refused_with_its_line(database_url: str, tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", COLLECTIVITES_HEADER + "C1,Mairie A,,,true\nC2,Mairie d'Été,,,true\n", encoding="cp1252")
    with pytest.raises(RowError, match=r"c.csv:3: le fichier n'est pas en UTF-8"):
        load(database_url, "collectivites", path)


def test_missing_column_is_named(database_url: str, tmp_path: Path) -> None:
    path = write(tmp_path, "c.csv", "code,name,affiliated\nC1,Mairie A,true\n")
    with pytest.raises(RowError, match=r"c.csv:1: colonne\(s\) absente\(s\) de l'en-tête : email_domains, contact_emails"):
        load(database_url, "collectivites", path)


def test_registry_snapshot_matches_the_imported_files(database_url: str) -> None:
    from intake.identify.match import Registry
    from intake.identify.registry import load_registry

    load_samples(database_url)
    with get_sessionmaker(database_url)() as session:
        snapshot = load_registry(session)
    from_files = Registry.from_csv_dir(REGISTRY)
    key = lambda a: (a.collectivite, a.matricule)  # noqa: E731
    assert sorted(snapshot.agents, key=key) == sorted(from_files.agents, key=key)
    assert {e.code: set(e.contact_emails) for e in snapshot.employers} == {
        e.code: set(e.contact_emails) for e in from_files.employers
    }


def test_dates_as_french_spreadsheets_write_them(database_url: str, tmp_path: Path) -> None:
    load(database_url, "collectivites", REGISTRY / "collectivites.csv")
    path = write(tmp_path, "agents.csv", AGENTS_HEADER
                 + "C48018,A1,1 99 08 67 211 914 45,LACROIX,,Jean,01/08/1999,CNRACL,titulaire\n"
                 + "C48018,A2,2 63 05 2B 214 534 26,BOULET,,Laëtitia,8.5.1963,IRCANTEC,contractuel\n"
                 + "C48018,A3,1.02.12.48.197.152,SAINT-PIERRE,,Michel,2002-12-01,CNRACL,titulaire\n")
    assert load(database_url, "agents", path).created == 3
    with get_sessionmaker(database_url)() as session:
        born = dict(session.execute(select(Agent.matricule, Agent.birth_date)
                                    .where(Agent.matricule.in_(["A1", "A2", "A3"]))).all())
    # Day first: 01/08/1999 is the 1st of August, never the 8th of January.
    assert born == {"A1": date(1999, 8, 1), "A2": date(1963, 5, 8), "A3": date(2002, 12, 1)}


def test_progress_is_told_every_n_rows(database_url: str, tmp_path: Path) -> None:
    rows = "".join(f"C{i},Mairie {i},m{i}.fr,,true\n" for i in range(1, 26))
    path = write(tmp_path, "collectivites.csv", COLLECTIVITES_HEADER + rows)
    told: list[int] = []
    summary = import_registry_file("collectivites", path, url=database_url, today=TODAY, progress=told.append, every=10)
    assert summary.created == 25 and told == [10, 20]


def test_a_bad_value_with_a_line_break_is_still_reported_on_one_line(database_url: str, tmp_path: Path) -> None:
    load(database_url, "collectivites", REGISTRY / "collectivites.csv")
    path = write(tmp_path, "agents.csv", AGENTS_HEADER
                 + 'C48018,X1,2010248101962,DURAND,,Marie,"19/02\n/2001",CNRACL,titulaire\n')
    with pytest.raises(RowError) as error:
        load(database_url, "agents", path)
    assert str(error.value).startswith("agents.csv:2: date de naissance") and "\n" not in str(error.value)
