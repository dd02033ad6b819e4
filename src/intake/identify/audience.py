"""Who may hear about a claim: one rule for replies, reminder digests and the desk (domain.md, « Who
hears about a claim »): an address the registry gives the collectivité (a contact address, its
correspondant sinistres) or an address on one of its mail domains; nobody else gets a byte of a claim."""

from __future__ import annotations

from collections.abc import Iterable


def normalise(address: str | None) -> str:
    return (address or "").strip().lower()


def fold_plus(address: str | None) -> str:
    """The mailbox an address delivers to, for counting: `x+1@d` and `x+2@d` are both `x@d` (a sender
    varying its plus-address must not escape a per-address cap)."""
    local, at, domain = normalise(address).rpartition("@")
    return f"{local.partition('+')[0]}{at}{domain}" if at else normalise(address)


def on_domains(address: str | None, domains: Iterable[str]) -> bool:
    """The address is on one of the domains or a subdomain of one (rh.mairie-x.fr under mairie-x.fr)."""
    host = normalise(address).rpartition("@")[2]
    if not host:
        return False
    for domain in domains:
        domain = normalise(domain)
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def may_hear(address: str | None, *, domains: Iterable[str], contacts: Iterable[str]) -> bool:
    """The registry gives this address to the collectivité whose domains and registered addresses
    (contacts, correspondant) are given. Exact addresses only: a plus-variant of a contact on a shared
    domain (orange.fr) is somebody else's mailbox as far as we can know."""
    addr = normalise(address)
    if "@" not in addr:
        return False
    return addr in {normalise(c) for c in contacts} or on_domains(addr, domains)


def registered(session, collectivite_id: int | None) -> tuple[list[str], list[str]]:
    """The collectivité's mail domains and registered addresses (contacts, correspondant), from the database."""
    from sqlalchemy import select

    from intake.store.models import Collectivite, ContactEmail, EmailDomain

    if collectivite_id is None:
        return [], []
    domains = list(session.scalars(select(EmailDomain.domain).where(EmailDomain.collectivite_id == collectivite_id)))
    contacts = list(session.scalars(select(ContactEmail.email).where(ContactEmail.collectivite_id == collectivite_id)))
    correspondant = session.scalar(select(Collectivite.correspondant_email).where(Collectivite.id == collectivite_id))
    return domains, contacts + ([correspondant] if correspondant else [])
