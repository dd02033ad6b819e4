"""How a mail names an agent: civilité, capitals, 'née', missing accents, a typo, swapped order, NIR and birth date forms."""

from __future__ import annotations

import random
from datetime import date

from corpus.claims_names import fold, strip_accents, title_name
from corpus.registry import Registry, nir_key

CIV = {1: ["M.", "M.", "Monsieur", "Mr", "M"], 2: ["Mme", "Mme", "Madame", "Mme."]}
# forms that need no extra condition; (form, weight)
NAME_FORMS = [("civ_upper_first", 14), ("civ_first_upper", 16), ("first_upper", 8), ("upper_first", 10),
              ("title", 8), ("swapped_title", 4), ("civ_long", 6), ("unaccented", 8), ("lower", 2)]


def distance(a: str, b: str) -> int:
    if abs(len(a) - len(b)) > 2:
        return 3
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def typo(last: str, rng: random.Random, others: list[str]) -> str | None:
    """A one-letter slip in a long surname that stays far (≥ 2 edits) from every other surname of the employer."""
    words = last.split(" ")
    target = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[target]
    if len(word) < 6 or not word.isalpha():
        return None
    folded_others = {fold(o) for o in others}
    for _ in range(10):
        i = rng.randint(1, len(word) - 2)
        op = rng.choice(["sub", "del", "dup"])  # one letter wrong, missing or doubled (a swap is two letters)
        if op == "sub":
            w = word[:i] + rng.choice("AEIOURSTNLM".replace(word[i], "")) + word[i + 1:]
        elif op == "del":
            w = word[:i] + word[i + 1:]
        else:
            w = word[:i] + word[i] + word[i:]
        candidate = " ".join(words[:target] + [w] + words[target + 1:])
        if fold(candidate) != fold(last) and all(distance(fold(candidate), o) >= 2 for o in folded_others):
            return candidate
    return None


def say_name(first: str, last: str, sex: int, rng: random.Random, form: str, birth_name: str | None = None) -> str:
    civ = rng.choice(CIV[sex])
    civ_long = "Madame" if sex == 2 else "Monsieur"
    text = {
        "civ_upper_first": f"{civ} {last} {first}",
        "civ_first_upper": f"{civ} {first} {last}",
        "first_upper": f"{first} {last}",
        "upper_first": f"{last} {first}",
        "title": f"{first} {title_name(last)}",
        "swapped_title": f"{title_name(last)} {first}",
        "civ_long": f"{civ_long} {first} {title_name(last)}",
        "unaccented": strip_accents(rng.choice([f"{civ} {first} {last}", f"{last} {first}", f"{first} {title_name(last)}"])),
        "lower": f"{first.lower()} {title_name(last).lower()}",
        "surname": f"{civ} {rng.choice([last, title_name(last)])}",
        "nee": f"{civ} {first} {last} née {birth_name}",
        "epouse": f"{civ} {birth_name} épouse {last} {first}",
        "birth_only": f"{civ} {first} {birth_name}",
    }[form]
    return text


def say_nir(nir13: str, rng: random.Random) -> tuple[str, str]:
    """A NIR as people type it, and the label of the form."""
    key = nir_key(nir13)
    spaced = f"{nir13[0]} {nir13[1:3]} {nir13[3:5]} {nir13[5:7]} {nir13[7:10]} {nir13[10:13]}"
    form = rng.choice(["plain13", "plain15", "plain13_key", "spaced13", "spaced15", "spaced13", "dotted"])
    value = {"plain13": nir13, "plain15": nir13 + key, "plain13_key": f"{nir13} {key}", "spaced13": spaced,
             "spaced15": f"{spaced} {key}", "dotted": spaced.replace(" ", ".")}[form]
    label = rng.choice(["n° SS : {v}", "n° de sécurité sociale : {v}", "NIR {v}", "N° INSEE : {v}",
                        "numéro de sécurité sociale {v}", "n° sécu {v}", "immatriculation {v}"])
    return label.format(v=value), form


def say_birth(birth: date, sex: int, rng: random.Random) -> str:
    e = "e" if sex == 2 else ""
    d = rng.choice([birth.strftime("%d/%m/%Y"), birth.strftime("%d.%m.%Y"),
                    f"{birth.day} {['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'][birth.month - 1]} {birth.year}"])
    return rng.choice([f"né{e} le {d}", f"date de naissance : {d}", f"né{e} le {d}"])


def new_person_name(registry: Registry, code: str, rng: random.Random, firsts: list[str], lasts: list[str]) -> tuple[str, str]:
    """A name no agent of the employer bears (first names differ from any same-surname agent's, even partly)."""
    agents = registry.agents_of(code)
    while True:
        first, last = rng.choice(firsts), rng.choice(lasts)
        clash = [a for a in agents if fold(last) in (fold(a.last_name), fold(a.birth_name or "~"))
                 or distance(fold(last), fold(a.last_name)) < 2]
        if all(set(fold(first).split()) & set(fold(a.first_name).split()) == set() for a in clash):
            return first, last
