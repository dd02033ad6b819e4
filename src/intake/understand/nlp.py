"""spaCy's French pipeline, built once per process, with domain patterns; a fallback for people's names."""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

MODEL = "fr_core_news_sm"
# Only what names need: the tagger/parser/lemmatizer cost load time and per-message time for nothing here.
_EXCLUDE = ("parser", "lemmatizer", "morphologizer", "attribute_ruler")
_CIVILITIES = ["M.", "M", "Mr", "Monsieur", "Mme", "Madame", "Mlle", "Mademoiselle"]
LOAD_SECONDS: dict[str, float] = {}


@lru_cache(maxsize=1)
def pipeline() -> Any:
    """The French pipeline with an EntityRuler that marks a civilité followed by capitalised words as PER."""
    import spacy

    started = time.perf_counter()
    nlp = spacy.load(MODEL, exclude=list(_EXCLUDE))
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    name = {"IS_TITLE": True, "OP": "+"}
    upper = {"IS_UPPER": True, "LENGTH": {">=": 2}, "OP": "+"}
    ruler.add_patterns(
        [{"label": "PER", "pattern": [{"TEXT": {"IN": _CIVILITIES}}, upper, name]},
         {"label": "PER", "pattern": [{"TEXT": {"IN": _CIVILITIES}}, name, upper]},
         {"label": "PER", "pattern": [{"TEXT": {"IN": _CIVILITIES}}, upper]},
         {"label": "PER", "pattern": [upper, name]}]
    )
    LOAD_SECONDS[MODEL] = time.perf_counter() - started
    return nlp


def person_names(text: str) -> list[tuple[str, int, int]]:
    """PER entities (text, start, end), civilité words removed; used when the patterns found nobody."""
    doc = pipeline()(text)
    out = []
    for ent in doc.ents:
        if ent.label_ != "PER":
            continue
        tokens = [t for t in ent if t.text not in _CIVILITIES]
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        out.append((text[start:end], start, end))
    return out
