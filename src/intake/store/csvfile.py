"""Reading a registry CSV as a spreadsheet exports it: UTF-8 with or without BOM, `,` or `;`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# The contract's import formats (contract.md): the header each file must carry.
COLUMNS: dict[str, tuple[str, ...]] = {
    "collectivites": ("code", "name", "email_domains", "contact_emails", "affiliated"),
    "contracts": ("collectivite_code", "contract_number", "regime", "formula", "start_date", "end_date",
                  "franchise_mo_days", "declaration_days", "documents_days"),
    "agents": ("collectivite_code", "matricule", "nir", "last_name", "birth_name", "first_name", "birth_date",
               "regime", "status"),
    # The base de l'assurance of one contract for one year (amounts in euros; TBI mandatory).
    "bases": ("contract_number", "year", "tbi", "nbi", "sft", "indemnite_residence", "regime_indemnitaire",
              "charges_patronales"),
}
# Columns added after the first release: a file without them still imports (an empty value).
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "collectivites": ("correspondant_email",),
}


class RowError(Exception):
    """A problem in one line of an import file; str() is `FILE:LINE: what is wrong` (French)."""

    def __init__(self, file: str, line: int, message: str) -> None:
        # One line whatever the value quoted (a CSV cell may hold a line break): scripts read it as FILE:LINE.
        message = " ".join(message.split())
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    values: dict[str, str]


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RowError(path.name, line, "le fichier n'est pas en UTF-8 (enregistrez-le en « CSV UTF-8 »)") from None


def read_rows(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> Iterator[Row]:
    """Yield the data rows with their physical line number; the header must name every column
    (an `optional` column it does not name reads as empty)."""
    text = _decode(path)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise RowError(path.name, 1, "fichier vide : la ligne d'en-tête manque") from None
    missing = [name for name in columns if name not in header]
    if missing:
        raise RowError(path.name, 1, f"colonne(s) absente(s) de l'en-tête : {', '.join(missing)}")
    position = {name: header.index(name) for name in (*columns, *optional) if name in header}
    absent = [name for name in optional if name not in header]
    line = reader.line_num
    for record in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            raise RowError(path.name, start, f"{len(record)} valeurs pour {len(header)} colonnes (séparateur dans une valeur ?)")
        record += [""] * (len(header) - len(record))
        yield Row(start, {**{name: record[index].strip() for name, index in position.items()},
                          **dict.fromkeys(absent, "")})
