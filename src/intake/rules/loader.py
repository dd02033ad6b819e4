"""Loading a rules folder: every file parsed, typed, cross-checked, hashed; any fault is a RulesError."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from intake.rules import schema as s
from intake.rules.errors import RulesError
from intake.rules.expressions import Condition
from intake.rules.source import SourceFile, read_source
from intake.rules.wording import KindPatterns, Wording


@dataclass(frozen=True)
class CompiledOutcome:
    to: str
    when: Condition | None
    reason: str


@dataclass(frozen=True)
class CompiledAction:
    code: str
    label: str
    from_: tuple[str, ...]
    refusals: tuple[tuple[Condition, str], ...]
    outcomes: tuple[CompiledOutcome, ...]
    effects: tuple[str, ...]


@dataclass(frozen=True)
class LocatedExample:
    file: Path
    line: int
    example: s.Example


@dataclass(frozen=True)
class RuleSet:
    """The validated rules of one folder; `version` is the hash every decision records."""

    directory: Path
    files: list[Path]
    version: str
    categories: Mapping[str, s.CategoryDef]
    natures: Mapping[str, s.LabelDef]
    documents: Mapping[str, s.LabelDef]
    pieces: Mapping[str, Mapping[str, tuple[tuple[str, ...], ...]]]
    fallback_nature: str
    formulas: Mapping[int, s.FormulaDef]
    contracts: Mapping[str, s.ContractOverride]
    statuses: Mapping[str, s.LabelDef]
    actions: Mapping[str, CompiledAction]
    deadlines: s.DeadlinesFile
    base: s.BaseFile
    messages: Mapping[str, Mapping[str, str]]
    examples: tuple[LocatedExample, ...]
    wording: Wording  # the words that name each category (categories_mots.yaml)
    kind_patterns: KindPatterns  # the document classifier's patterns (documents_mots.yaml)

    def message(self, file_stem: str, key: str) -> str:
        return self.messages[file_stem][key]


def load_rules(directory: Path | None = None) -> RuleSet:
    """Read and validate a rules folder (default: settings.rules_dir)."""
    if directory is None:
        from intake.settings import get_settings

        directory = get_settings().rules_dir
    directory = Path(directory)
    if not directory.is_dir():
        raise RulesError(directory, 0, "dossier de règles introuvable")
    _refuse_unknown_files(directory)
    sources: dict[str, SourceFile] = {}
    models: dict[str, s.Model] = {}
    for name, model in s.FILES.items():
        path = directory / name
        if not path.is_file():
            raise RulesError(path, 0, "fichier de règles absent")
        try:
            source = read_source(path)
        except RulesError as error:
            raise RulesError(error.file, error.line, _french_yaml(error.message)) from None
        sources[name] = source
        models[name] = _validate(source, model)
    from intake.rules.crosscheck import build

    return build(directory, sources, models, _version(sources))


@lru_cache(maxsize=1)
def get_rules() -> RuleSet:
    """The rules of settings.rules_dir, loaded once per process."""
    return load_rules(None)


# libyaml's problems as whoever edits the rules would say them; its English words stay in brackets.
_YAML_PROBLEMS = {
    "mapping values are not allowed": "« : » inattendu (une valeur qui contient « : » s'écrit entre guillemets)",
    "found character that cannot start any token": "caractère inattendu en début de valeur (une tabulation ? "
                                                   "l'indentation se fait avec des espaces)",
    "could not find expected ':'": "« : » attendu après la clé",
    "did not find expected key": "clé attendue (indentation incohérente ?)",
    "did not find expected '-' indicator": "élément de liste « - » attendu (indentation incohérente ?)",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet ou crochet non refermé ?)",
    "found unknown escape character": "séquence d'échappement inconnue entre guillemets doubles",
}


def _french_yaml(message: str) -> str:
    prefix = "syntaxe YAML invalide : "
    if not message.startswith(prefix):
        return message
    problem = message.removeprefix(prefix)
    for english, french in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return f"{prefix}{french} [{problem}]"
    return message


def _refuse_unknown_files(directory: Path) -> None:
    for path in sorted(directory.iterdir()):
        if path.suffix in (".yaml", ".yml") and path.name not in s.FILES:
            expected = ", ".join(s.FILES)
            raise RulesError(path, 1, f"fichier de règles inconnu (fichiers attendus : {expected})")


def _version(sources: Mapping[str, SourceFile]) -> str:
    digest = hashlib.sha256()
    for name in sorted(sources):
        digest.update(name.encode() + b"\0" + sources[name].raw + b"\0")
    return digest.hexdigest()[:12]


def _validate(source: SourceFile, model: type[s.Model]) -> s.Model:
    if not isinstance(source.data, dict):
        raise source.error((), "le fichier doit contenir des blocs « clé: valeur »")
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        located = [(_line(source, err), err) for err in errors]
        line, err = min(located, key=lambda pair: pair[0])
        raise RulesError(source.path, line, _french_error(err)) from None


def _line(source: SourceFile, err: Mapping[str, Any]) -> int:
    loc = tuple(err["loc"])
    if err["type"] == "missing":
        loc = loc[:-1]
    return source.line_of(loc)


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if "[" not in str(part))


def _french_error(err: Mapping[str, Any]) -> str:
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    ctx = err.get("ctx") or {}
    where = _where(loc)
    if kind == "missing":
        return f"champ obligatoire « {loc[-1]} » absent" + (f" dans « {_where(loc[:-1])} »" if loc[:-1] else "")
    if kind == "extra_forbidden":
        return f"champ inconnu « {loc[-1]} »"
    if kind in ("enum", "literal_error"):
        return f"{where} : valeur « {value} » non permise (attendu : {ctx.get('expected', '?')})"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{where} : nombre entier attendu, pas « {value} »"
    if kind in ("bool_parsing", "bool_type"):
        return f"{where} : oui ou non attendu, pas « {value} »"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{where} : {value} est trop petit (minimum {ctx.get('ge', ctx.get('gt'))})"
    if kind in ("less_than_equal", "less_than"):
        return f"{where} : {value} est trop grand (maximum {ctx.get('le', ctx.get('lt'))})"
    if kind in ("too_short",):
        return f"{where} : au moins un élément attendu"
    if kind in ("string_type", "string_too_short"):
        return f"{where} : texte attendu"
    if kind in ("list_type",):
        return f"{where} : liste attendue, pas « {value} »"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{where} : bloc « clé: valeur » attendu, pas « {value} »"
    return f"{where} : valeur invalide ({err.get('msg')})"
