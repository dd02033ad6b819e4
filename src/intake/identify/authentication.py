"""Whether our own MTA vouches for the From domain: its Authentication-Results headers (RFC 8601), strictly read."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import authres

PASS, FAIL, NONE = "pass", "fail", "none"
# How much our MTA's results decide (INTAKE_SENDER_AUTH_POLICY): "strict", DMARC, else SPF/DKIM without an
# aligned pass fails; "dmarc", only a DMARC fail does (for collectivités publishing neither SPF nor DKIM);
# "off", nothing is concluded (an MTA that stamps nothing reliable).
POLICIES = ("strict", "dmarc", "off")
# A result that says nothing either way: the check could not be made (DNS trouble). "none" (nothing
# published, no signature) is no pass: a forger picks an envelope domain without SPF and signs nothing.
_SILENT = frozenset({"temperror"})
_SPLIT = re.compile(r"[\s,;]+")
_MAX_HEADER = 8192  # a real one holds a few results; more is someone else's noise
_MAX_NESTING = 8  # comments within comments


def _depth(value: str) -> int:
    depth = deepest = 0
    for char in value:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth = max(0, depth - 1)
    return deepest


@dataclass(frozen=True, slots=True)
class SenderAuth:
    verdict: str  # pass, fail or none (no trusted result: nothing is concluded)
    reason: str  # French, shown to handlers
    authserv_id: str | None = None
    results: tuple[str, ...] = ()  # "method=result" as our MTA wrote them

    @property
    def failed(self) -> bool:
        return self.verdict == FAIL


def trusted_ids(settings: Any) -> tuple[str, ...]:
    """The authserv-ids we believe, each exactly (no subdomain): the setting's list, else the domain of our
    own mailbox."""
    listed = tuple(i for i in _SPLIT.split((getattr(settings, "trusted_authserv_ids", "") or "").lower()) if i)
    if listed:
        return listed
    domain = (getattr(settings, "mailbox", "") or "").strip().lower().rpartition("@")[2]
    return (domain,) if domain else ()


def policy_of(settings: Any) -> str:
    policy = (getattr(settings, "sender_auth_policy", "strict") or "strict").strip().lower()
    return policy if policy in POLICIES else "strict"


def _under(name: str, domain: str) -> bool:
    """`name` is `domain` or one of its subdomains (authserv-ids and DKIM/SPF domains are DNS names)."""
    name, domain = name.strip().strip(".").lower(), domain.strip().strip(".").lower()
    return bool(name and domain) and (name == domain or name.endswith("." + domain))


def aligned(a: str, b: str) -> bool:
    """Relaxed alignment (RFC 7489 3.1) without a public-suffix list: one domain is the other or under it."""
    return _under(a, b) or _under(b, a)


def _trusted(authserv_id: str, trusted: Iterable[str]) -> bool:
    """Exactly one of our ids, never a subdomain: an MTA removes only incoming headers carrying its own
    exact id (RFC 8601 §5), so `attacker.<our id>; dkim=pass` written by a forger reaches us intact."""
    name = authserv_id.strip().strip(".").lower()
    return bool(name) and any(name == t.strip().strip(".").lower() for t in trusted)


def _domain_of(value: str | None) -> str:
    return (value or "").strip().strip("<>").rpartition("@")[2].lower()


def _prop(result: Any, ptype: str, name: str) -> str | None:
    for p in result.properties:
        if p.type.lower() == ptype and p.name.lower() == name:
            return str(p.value)
    return None


def _parse(values: Iterable[str], trusted: Sequence[str]) -> list[tuple[str, Any]]:
    """(authserv-id, result) of every trusted header; anything unreadable or stamped by others is ignored,
    since anyone can write an Authentication-Results header."""
    out = []
    for value in values:
        if len(str(value)) > _MAX_HEADER or _depth(str(value)) > _MAX_NESTING:
            continue  # the parser recurses into nested comments: a hostile header must not exhaust the stack
        try:
            header = authres.AuthenticationResultsHeader.parse_value(" ".join(str(value).split()))
        except (authres.AuthResError, ValueError, IndexError, AttributeError, RecursionError):
            continue
        if header.authserv_id and _trusted(str(header.authserv_id), trusted):
            out += [(str(header.authserv_id).lower(), r) for r in header.results]
    return out


def judge(headers: Mapping[str, Sequence[str]], from_domains: Iterable[str], trusted: Sequence[str],
          policy: str = "strict") -> SenderAuth:
    """The verdict on the From domain(s) (Unicode and punycode forms of one domain) from trusted results.

    Policy: DMARC decides when our MTA ran it (fail wins over any pass). Without DMARC, an SPF or DKIM
    pass aligned with the From domain vouches; when SPF or DKIM results are there and none is an aligned
    pass, the sender fails ("strict" policy only). No trusted result, or only temperror ones: nothing is
    concluded; nor ever under the "off" policy."""
    if policy == "off":
        return SenderAuth(NONE, "authentification de l'expéditeur non vérifiée (désactivée par la configuration)")
    domains = [d.lower() for d in from_domains if d]
    found = _parse(headers.get("authentication-results", []), trusted)
    if not domains or not found:
        return SenderAuth(NONE, "authentification de l'expéditeur non vérifiée (aucun résultat de notre serveur)")
    server = found[0][0]
    shown = tuple(f"{r.method.lower()}={r.result.lower()}" for _, r in found)
    domain = domains[0]

    def about_from(r: Any, ptype: str, name: str) -> bool:
        d = _domain_of(_prop(r, ptype, name))
        return not d or any(aligned(d, x) for x in domains)

    dmarc = [r.result.lower() for _, r in found if r.method.lower() == "dmarc" and about_from(r, "header", "from")]
    if "fail" in dmarc:
        return SenderAuth(FAIL, f"expéditeur non authentifié : DMARC en échec pour {domain} (selon {server})",
                          server, shown)
    if "pass" in dmarc:
        return SenderAuth(PASS, f"expéditeur authentifié : DMARC valide pour {domain} (selon {server})", server, shown)
    checks = [(r.method.lower(), r) for _, r in found if r.method.lower() in ("spf", "dkim")]
    for method, r in checks:
        if r.result.lower() != "pass":
            continue
        d = _domain_of(_prop(r, "header", "d") or _prop(r, "header", "i")) if method == "dkim" else \
            _domain_of(_prop(r, "smtp", "mailfrom") or _prop(r, "smtp", "helo"))
        if d and any(aligned(d, x) for x in domains):
            return SenderAuth(PASS, f"expéditeur authentifié : {method.upper()} valide pour {domain} (selon {server})",
                              server, shown)
    if policy == "strict" and checks and not all(r.result.lower() in _SILENT for _, r in checks if r.result):
        said = ", ".join(f"{m}={r.result.lower()}" for m, r in checks)
        return SenderAuth(FAIL, f"expéditeur non authentifié : ni SPF ni DKIM ne valident {domain} ({said}, selon {server})",
                          server, shown)
    return SenderAuth(NONE, f"authentification de l'expéditeur non concluante ({', '.join(shown) or 'aucun résultat'}, "
                            f"selon {server})", server, shown)


def judge_with(settings: Any, headers: Mapping[str, Sequence[str]], from_domains: Iterable[str]) -> SenderAuth:
    """judge() with the trusted ids and the policy the settings give."""
    return judge(headers, from_domains, trusted_ids(settings), policy_of(settings))


def sender_authentication(read: Any, settings: Any = None) -> SenderAuth:
    """The verdict on a ReadMessage's From, with the trusted ids of the settings."""
    if settings is None:
        from intake.settings import get_settings

        settings = get_settings()
    domains = [_domain_of(getattr(read, "from_addr_ascii", "")), _domain_of(getattr(read, "from_addr", ""))]
    return judge_with(settings, getattr(read, "headers", {}) or {}, dict.fromkeys(d for d in domains if d))
