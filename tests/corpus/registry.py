"""A generated, seeded employer registry (collectivités, contracts, agents) written as the contract's three CSV files.

    reg = build_registry(seed=11)
    reg.write_csv(tmp_path)            # collectivites.csv, contracts.csv, agents.csv
    reg.homonyms_of(agent)             # other agents of the same collectivité with the same folded name

Deliberate traps: homonyms in one collectivité and across collectivités, surnames shared by relatives,
names exported in capitals without accents by some employers, birth names, NIRs with key or spaces,
Corsican (2A/2B) and foreign-born (99) NIRs, employers on shared mail providers.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from corpus.claims_names import (
    ABROAD,
    BIRTH_DEPTS,
    CORSICA_DEPTS,
    CORSICAN,
    EMPLOYERS,
    FIRST_F,
    FIRST_M,
    LAST,
    fold,
    strip_accents,
)

AGENTS_PER_EMPLOYER = 40


def nir_key(body13: str) -> str:
    numeric = body13.replace("2A", "19").replace("2B", "18")
    return f"{97 - int(numeric) % 97:02d}"


@dataclass(frozen=True)
class Employer:
    code: str
    name: str
    commune: str
    domains: tuple[str, ...]
    contacts: tuple[str, ...]
    affiliated: bool
    export: str  # how it exports names: "plain" (accents, capitals for last names) or "ascii" (capitals, no accents)


@dataclass(frozen=True)
class Agent:
    collectivite: str
    matricule: str
    sex: int  # 1 man, 2 woman, as in the NIR
    first_name: str  # as people write it (accents, hyphens)
    last_name: str  # nom d'usage, capitals with accents
    birth_name: str | None  # nom de naissance when it differs
    birth_date: date
    nir13: str
    regime: str
    status: str

    @property
    def nir15(self) -> str:
        return self.nir13 + nir_key(self.nir13)

    @property
    def key(self) -> tuple[str, str]:
        return fold(self.last_name), fold(self.first_name)


@dataclass
class Registry:
    employers: list[Employer]
    agents: list[Agent]
    contracts: list[dict[str, str]] = field(default_factory=list)
    csv_nir: dict[str, str] = field(default_factory=dict)  # matricule → NIR as written in agents.csv
    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def _indexed(self) -> _Index:
        # The generator asks these questions for every mail it writes; scanning the agents each time made
        # generation quadratic. Built on first use, again if the employers or agents lists were changed.
        if self._index is None or not self._index.fits(self):
            self._index = _Index(self)
        return self._index

    def employer(self, code: str) -> Employer:
        return self._indexed().employers[code]

    def agents_of(self, code: str) -> list[Agent]:
        return list(self._indexed().by_code.get(code, ()))

    def homonyms_of(self, agent: Agent) -> list[Agent]:
        """Other agents of the same collectivité that the same first and last name (or birth name) would fit."""
        by_name = self._indexed().by_name
        found = {pos: other for name in _names(agent) for pos, other in by_name.get((agent.collectivite, *name), ())}
        return [other for _pos, other in sorted(found.items()) if other.matricule != agent.matricule]

    def employers_with_homonyms(self) -> list[str]:
        index = self._indexed()
        if index.with_homonyms is None:
            index.with_homonyms = sorted({a.collectivite for a in self.agents if self.homonyms_of(a)})
        return list(index.with_homonyms)

    def surname_shared(self, agent: Agent) -> bool:
        """Whether another agent of the collectivité bears the same last name (a surname alone is then ambiguous)."""
        by_last = self._indexed().by_last
        return any(o.matricule != agent.matricule
                   for last in {fold(agent.last_name), fold(agent.birth_name or "~")}
                   for o in by_last.get((agent.collectivite, last), ()))

    def write_csv(self, folder: str | Path) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "collectivites.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["code", "name", "email_domains", "contact_emails", "affiliated"])
            for e in self.employers:
                w.writerow([e.code, e.name, " ".join(e.domains), " ".join(e.contacts), "true" if e.affiliated else "false"])
        with open(folder / "contracts.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            cols = ["collectivite_code", "contract_number", "regime", "formula", "start_date", "end_date",
                    "franchise_mo_days", "declaration_days", "documents_days"]
            w.writerow(cols)
            for c in self.contracts:
                w.writerow([c[k] for k in cols])
        with open(folder / "agents.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["collectivite_code", "matricule", "nir", "last_name", "birth_name", "first_name", "birth_date",
                        "regime", "status"])
            for a in self.agents:
                ascii_export = self.employer(a.collectivite).export == "ascii"
                last = strip_accents(a.last_name) if ascii_export else a.last_name
                birth = (strip_accents(a.birth_name) if ascii_export else a.birth_name) if a.birth_name else ""
                first = strip_accents(a.first_name).upper() if ascii_export else a.first_name
                w.writerow([a.collectivite, a.matricule, self.csv_nir[a.matricule], last, birth, first,
                            a.birth_date.isoformat(), a.regime, a.status])
        return folder


def _names(agent: Agent) -> set[tuple[str, str]]:
    """The folded (last, first) pairs the agent answers to: nom d'usage, and nom de naissance when there is one."""
    return {agent.key} | ({(fold(agent.birth_name), fold(agent.first_name))} if agent.birth_name else set())


class _Index:
    """The registry's agents by collectivité, by folded name and by folded last name, in registry order."""

    def __init__(self, registry: Registry) -> None:
        self._employers_list, self._agents_list = registry.employers, registry.agents
        self._sizes = (len(registry.employers), len(registry.agents))
        self.employers: dict[str, Employer] = {}
        for e in registry.employers:
            self.employers.setdefault(e.code, e)  # the first one, as a scan would find
        self.by_code: dict[str, list[Agent]] = {}
        self.by_name: dict[tuple[str, str, str], list[tuple[int, Agent]]] = {}
        self.by_last: dict[tuple[str, str], list[Agent]] = {}
        for pos, a in enumerate(registry.agents):
            self.by_code.setdefault(a.collectivite, []).append(a)
            for last, first in _names(a):
                self.by_name.setdefault((a.collectivite, last, first), []).append((pos, a))
            self.by_last.setdefault((a.collectivite, fold(a.last_name)), []).append(a)
        self.with_homonyms: list[str] | None = None

    def fits(self, registry: Registry) -> bool:
        """Still the lists it was built from, of the same lengths (the generator only ever adds agents)."""
        return (registry.employers is self._employers_list and registry.agents is self._agents_list
                and self._sizes == (len(registry.employers), len(registry.agents)))


def _nir(sex: int, birth: date, rng: random.Random, corsican: bool, taken: set[str]) -> str:
    while True:
        roll = rng.random()
        if corsican or roll < 0.04:
            dept, communes = rng.choice(CORSICA_DEPTS)
        elif roll < 0.09:
            dept, communes = rng.choice(ABROAD)
        else:
            dept, communes = rng.choice(BIRTH_DEPTS)
        body = f"{sex}{birth.year % 100:02d}{birth.month:02d}{dept}{rng.choice(communes):03d}{rng.randint(1, 999):03d}"
        if body not in taken:
            taken.add(body)
            return body


def _written_nir(nir13: str, rng: random.Random) -> str:
    key = nir_key(nir13)
    form = rng.choices(["13", "15", "spaced", "spaced15"], weights=[35, 35, 15, 15])[0]
    spaced = f"{nir13[0]} {nir13[1:3]} {nir13[3:5]} {nir13[5:7]} {nir13[7:10]} {nir13[10:13]}"
    return {"13": nir13, "15": nir13 + key, "spaced": spaced, "spaced15": f"{spaced} {key}"}[form]


def _person(rng: random.Random, *, sex: int | None = None, last: str | None = None, first: str | None = None) -> tuple[int, str, str]:
    sex = sex or rng.choice([1, 2])
    first = first or rng.choice(FIRST_F if sex == 2 else FIRST_M)
    return sex, first, last or rng.choice(LAST)


def build_registry(seed: int = 11, per_employer: int = AGENTS_PER_EMPLOYER) -> Registry:
    rng = random.Random(seed)
    employers = [Employer(code, name, commune, tuple(domains), tuple(contacts), rng.random() < 0.8,
                          "ascii" if code in ("C07330", "S2B033", "C43051") else "plain")
                 for code, name, commune, domains, contacts, _form in EMPLOYERS]
    forms = {code: form for code, *_rest, form in EMPLOYERS}
    agents: list[Agent] = []
    taken: set[str] = set()
    csv_nir: dict[str, str] = {}
    for e in employers:
        numbers = rng.sample(range(1, 9000 if "{n:03d}" not in forms[e.code] else 999), per_employer)
        people: list[tuple[int, str, str]] = []
        names: set[tuple[str, str]] = set()
        while len(people) < per_employer:
            p = _person(rng)
            if e.code[1:3] in ("2A", "2B") and rng.random() < 0.4:
                p = _person(rng, sex=p[0], first=p[1], last=rng.choice(sorted(CORSICAN)))
            if (fold(p[2]), fold(p[1])) not in names:
                people.append(p)
                names.add((fold(p[2]), fold(p[1])))
        # relatives: same surname, different first name
        for i in rng.sample(range(2, per_employer), 3):
            people[i] = _person(rng, sex=people[i][0], last=people[i - 1][2])
        for n, (sex, first, last) in zip(numbers, people):
            birth = date(1960, 1, 1) + timedelta(days=rng.randint(0, 365 * 44))
            birth_name = rng.choice([x for x in LAST if x != last]) if sex == 2 and rng.random() < 0.3 else None
            corsican = e.code[1:3] in ("2A", "2B") and rng.random() < 0.5
            regime, status = rng.choices([("CNRACL", "titulaire"), ("CNRACL", "stagiaire"), ("IRCANTEC", "contractuel")],
                                         weights=[75, 7, 18])[0]
            agents.append(Agent(e.code, forms[e.code].format(n=n), sex, first, last, birth_name, birth,
                                _nir(sex, birth, rng, corsican, taken), regime, status))
    _add_homonyms(agents, rng, taken, forms)
    # names may collide by chance after the relatives step: the registry is what it is, homonyms_of() tells
    for a in agents:
        csv_nir[a.matricule] = _written_nir(a.nir13, rng)
    contracts = []
    numbers_taken: set[str] = set()
    for e in employers:
        for regime, formulas in (("CNRACL", ["1", "2", "4", "6 8 11", "5", "6 7 8 10 11", "3 6"]), ("IRCANTEC", ["12", "13"])):
            start = rng.choice([2022, 2023, 2024])
            number = f"{start}-{regime[:3]}-{e.code[1:]}"
            if number in numbers_taken:  # C07186 and S07186 share their digits; intake keeps numbers unique
                number = f"{start}-{regime[:3]}-{e.code}"
            numbers_taken.add(number)
            contracts.append({"collectivite_code": e.code, "contract_number": number,
                              "regime": regime, "formula": rng.choice(formulas), "start_date": f"{start}-01-01",
                              "end_date": f"{start + 3}-12-31", "franchise_mo_days": str(rng.choice([0, 10, 15, 30])),
                              "declaration_days": rng.choice(["", "90", "120", "180"]),
                              "documents_days": rng.choice(["", "90", "120"])})
    return Registry(employers, agents, contracts, csv_nir)


def _add_homonyms(agents: list[Agent], rng: random.Random, taken: set[str], forms: dict[str, str]) -> None:
    """Same first and last name within six employers (twice in Privas) and across employers."""
    def twin(model: Agent, code: str) -> Agent:
        birth = model.birth_date + timedelta(days=rng.choice([-1, 1]) * rng.randint(400, 6000))
        n = rng.randint(9000, 9999) if "{n:03d}" not in forms[code] else rng.randint(900, 999)
        return Agent(code, forms[code].format(n=n), model.sex, model.first_name, model.last_name, None, birth,
                     _nir(model.sex, birth, rng, False, taken), model.regime, "titulaire")
    by_code: dict[str, list[Agent]] = {}
    for a in agents:
        by_code.setdefault(a.collectivite, []).append(a)
    plan = [("C07186", "C07186"), ("C07186", "C07186"), ("C15014", "C15014"), ("C07330", "C07330"), ("C2A004", "C2A004"),
            ("G12145", "G12145"), ("S07186", "S07186"), ("C07186", "C07330"), ("C2A004", "S2B033"), ("C30007", "C07204"),
            ("S07186", "C07186")]
    used: set[str] = set()
    for source, target in plan:
        model = rng.choice([a for a in by_code[source] if a.matricule not in used and not a.birth_name])
        used.add(model.matricule)
        agents.append(twin(model, target))
