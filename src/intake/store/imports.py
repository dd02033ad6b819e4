"""Registry imports (collectivités, contracts, agents): validated row by row, upserted in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.store import fields
from intake.store.bases import ELEMENTS, InsuredBase, base_values
from intake.store.csvfile import COLUMNS, OPTIONAL_COLUMNS, Row, RowError, read_rows
from intake.store.models import Agent, Collectivite, ContactEmail, Contract, EmailDomain

KINDS = ("collectivites", "contracts", "agents", "bases")


@dataclass
class ImportSummary:
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def line(self) -> str:
        return (
            f"{self.file} : {self.created} créé(s), {self.updated} mis à jour, "
            f"{self.unchanged} inchangé(s)"
        )


@dataclass
class _Context:
    session: Session
    today: date
    formulas: Mapping[int, str]
    employers: dict[str, Collectivite | None] = field(default_factory=dict)

    def employer(self, code: str) -> Collectivite:
        if code not in self.employers:
            self.employers[code] = self.session.scalar(select(Collectivite).where(Collectivite.code == code))
        found = self.employers[code]
        if found is None:
            raise ValueError(f"collectivité « {code} » inconnue (importez d'abord collectivites.csv)")
        return found


# --- collectivités ---------------------------------------------------------------------------

def _collectivite_values(row: Row, _ctx: _Context) -> tuple[str, dict[str, Any]]:
    v = row.values
    code = fields.required(v["code"], "code").upper()
    return code, {
        "name": fields.required(v["name"], "nom"),
        "affiliated": fields.boolean(v["affiliated"], "affiliated"),
        "domains": fields.domains(v["email_domains"]),
        "contacts": fields.emails(v["contact_emails"]),
        "correspondant": _one_email(v.get("correspondant_email", ""), "correspondant_email"),
    }


def _one_email(value: str, column: str) -> str | None:
    found = fields.emails(value)
    if len(found) > 1:
        raise ValueError(f"{column} : une seule adresse attendue, {len(found)} données")
    return found[0] if found else None


def _collectivite_current(item: Collectivite) -> dict[str, Any]:
    return {
        "name": item.name,
        "affiliated": item.affiliated,
        "domains": sorted(d.domain for d in item.domains),
        "contacts": sorted(c.email for c in item.contacts),
        "correspondant": item.correspondant_email,
    }


def _collectivite_apply(ctx: _Context, code: str, item: Collectivite | None, values: dict[str, Any]) -> Collectivite:
    for model, column, wanted in ((EmailDomain, EmailDomain.domain, values["domains"]),
                                  (ContactEmail, ContactEmail.email, values["contacts"])):
        owners = ctx.session.scalars(select(model).where(column.in_(wanted))).all()
        for owner in owners:
            if owner.collectivite.code != code:
                address = getattr(owner, "domain", None) or owner.email
                raise ValueError(f"« {address} » appartient déjà à la collectivité {owner.collectivite.code}")
    if item is None:
        item = Collectivite(code=code)
        ctx.session.add(item)
    item.name, item.affiliated = values["name"], values["affiliated"]
    item.correspondant_email = values["correspondant"]
    keep = set(values["domains"])
    item.domains = [d for d in item.domains if d.domain in keep] + [
        EmailDomain(domain=d) for d in values["domains"] if d not in {x.domain for x in item.domains}
    ]
    keep = set(values["contacts"])
    item.contacts = [c for c in item.contacts if c.email in keep] + [
        ContactEmail(email=e) for e in values["contacts"] if e not in {x.email for x in item.contacts}
    ]
    ctx.employers[code] = item
    return item


# --- contracts -------------------------------------------------------------------------------

def _contract_values(row: Row, ctx: _Context) -> tuple[str, dict[str, Any]]:
    v = row.values
    number = fields.required(v["contract_number"], "numéro de contrat")
    employer = ctx.employer(fields.required(v["collectivite_code"], "code collectivité").upper())
    regime = fields.regime(v["regime"])
    start = fields.iso_date(v["start_date"], "date de début")
    end = fields.iso_date(v["end_date"], "date de fin", optional=True)
    if start and end and end < start:
        raise ValueError(f"date de fin {end.isoformat()} avant la date de début {start.isoformat()}")
    return number, {
        "collectivite_id": employer.id,
        "regime": regime,
        "formulas": fields.formulas(v["formula"], regime_code=regime, known=ctx.formulas),
        "start_date": start,
        "end_date": end,
        "franchise_mo_days": fields.days(v["franchise_mo_days"], "franchise", default=0),
        "declaration_days": fields.days(v["declaration_days"], "délai de déclaration", default=90),
        "documents_days": fields.days(v["documents_days"], "délai des pièces", default=90),
    }


# --- agents ----------------------------------------------------------------------------------

def _agent_values(row: Row, ctx: _Context) -> tuple[tuple[int, str], dict[str, Any]]:
    v = row.values
    employer = ctx.employer(fields.required(v["collectivite_code"], "code collectivité").upper())
    nir, key = fields.nir(v["nir"])
    return (employer.id, fields.required(v["matricule"], "matricule")), {
        "nir": nir,
        "nir_key": key,
        "last_name": fields.required(v["last_name"], "nom"),
        "birth_name": " ".join(v["birth_name"].split()) or None,
        "first_name": fields.required(v["first_name"], "prénom"),
        "birth_date": fields.birth_date(v["birth_date"], today=ctx.today),
        "regime": fields.regime(v["regime"]),
        "status": fields.agent_status(v["status"]),
    }


def _plain_current(names: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    return lambda item: {name: getattr(item, name) for name in names}


def _plain_apply(model: type, key_names: tuple[str, ...]) -> Callable[..., Any]:
    def apply(ctx: _Context, key: Any, item: Any, values: dict[str, Any]) -> Any:
        if item is None:
            keys = key if isinstance(key, tuple) else (key,)
            item = model(**dict(zip(key_names, keys)))
            ctx.session.add(item)
        for name, value in values.items():
            setattr(item, name, value)
        return item
    return apply


@dataclass(frozen=True)
class _Spec:
    columns: tuple[str, ...]
    values: Callable[[Row, _Context], tuple[Any, dict[str, Any]]]
    find: Callable[[Session, Any], Any]
    current: Callable[[Any], dict[str, Any]]
    apply: Callable[..., Any]


_CONTRACT_FIELDS = ("collectivite_id", "regime", "formulas", "start_date", "end_date",
                    "franchise_mo_days", "declaration_days", "documents_days")
_AGENT_FIELDS = ("nir", "nir_key", "last_name", "birth_name", "first_name", "birth_date", "regime", "status")

SPECS: dict[str, _Spec] = {
    "collectivites": _Spec(
        COLUMNS["collectivites"],
        _collectivite_values,
        lambda s, code: s.scalar(select(Collectivite).where(Collectivite.code == code)),
        _collectivite_current,
        _collectivite_apply,
    ),
    "contracts": _Spec(
        COLUMNS["contracts"],
        _contract_values,
        lambda s, number: s.scalar(select(Contract).where(Contract.contract_number == number)),
        _plain_current(_CONTRACT_FIELDS),
        _plain_apply(Contract, ("contract_number",)),
    ),
    "agents": _Spec(
        COLUMNS["agents"],
        _agent_values,
        lambda s, key: s.scalar(select(Agent).where(Agent.collectivite_id == key[0], Agent.matricule == key[1])),
        _plain_current(_AGENT_FIELDS),
        _plain_apply(Agent, ("collectivite_id", "matricule")),
    ),
    "bases": _Spec(
        COLUMNS["bases"],
        base_values,
        lambda s, key: s.scalar(select(InsuredBase).where(InsuredBase.contract_id == key[0],
                                                          InsuredBase.year == key[1])),
        _plain_current(ELEMENTS),
        _plain_apply(InsuredBase, ("contract_id", "year")),
    ),
}


def import_file(
    session: Session, kind: str, path: Path, *, formulas: Mapping[int, str], today: date | None = None,
    progress: Callable[[int], None] | None = None, every: int = 10_000,
) -> ImportSummary:
    """Upsert every row of `path`; the first bad row raises RowError and the caller rolls back.
    progress(rows done) is called every `every` rows (a 300 000-agent file takes minutes)."""
    spec = SPECS[kind]
    ctx = _Context(session=session, today=today or date.today(), formulas=formulas)
    summary = ImportSummary(file=path.name)
    seen: dict[Any, int] = {}
    for done, row in enumerate(read_rows(path, spec.columns, OPTIONAL_COLUMNS.get(kind, ())), 1):
        if progress is not None and done % every == 0:
            progress(done)
        try:
            key, values = spec.values(row, ctx)
            if key in seen:
                raise ValueError(f"même clé que la ligne {seen[key]} ({_describe(key)})")
            seen[key] = row.line
            item = spec.find(session, key)
            if item is not None and spec.current(item) == values:
                summary.unchanged += 1
                continue
            if item is None:
                summary.created += 1
            else:
                summary.updated += 1
            spec.apply(ctx, key, item, values)
            session.flush()
        except ValueError as error:
            raise RowError(path.name, row.line, str(error)) from None
    return summary


def _describe(key: Any) -> str:
    return key[1] if isinstance(key, tuple) else str(key)
