"""The `intake` command (contract.md): thin wrappers that parse arguments and call the services."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from intake.domain import UserRole
from intake.settings import get_settings

# Exit statuses (README « Codes de sortie »): what scripts and supervisors may rely on.
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2  # 2 is argparse's own for a bad command line

# argparse's own words, in French: it looks them up through the module-level gettext alias `_`, which
# is the one place they can be replaced without copying argparse's formatting code.
_ARGPARSE_FR = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et quitte",
    "show program's version number and exit": "affiche la version et quitte",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (possibles : %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "expected one argument": "une valeur attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
}
argparse._ = lambda text: _ARGPARSE_FR.get(text, text)  # type: ignore[attr-defined]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("intake")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "inconnue"


def _read_password() -> str:
    """From a terminal without echo (asked twice); from a pipe, its first line."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("mot de passe : ")
        if getpass.getpass("confirmation : ") != first:
            raise ValueError("les deux mots de passe diffèrent")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _fail(message: str, *, status: int = 1) -> int:
    print(message, file=sys.stderr)
    return status


def cmd_init(_args: argparse.Namespace) -> int:
    from intake.store.migrate import upgrade

    settings = get_settings()
    revision = upgrade(settings.database_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    print(f"base à jour (révision {revision})")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from intake.identify.registry import import_registry_file
    from intake.store.csvfile import RowError

    path = Path(args.file)
    if not path.is_file():
        return _fail(f"{path}: fichier introuvable")
    def progress(rows: int) -> None:
        print(f"{path.name} : {rows} lignes lues…", file=sys.stderr, flush=True)

    try:
        summary = import_registry_file(args.kind, path, progress=progress, every=args.progress_every)
    except RowError as error:
        return _fail(str(error))
    print(summary.line())
    return 0


def cmd_rules_check(args: argparse.Namespace) -> int:
    from intake.rules.check import check

    directory = Path(args.directory) if args.directory else get_settings().rules_dir
    ok, message = check(directory)
    print(message, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


class _Files:
    """The files named on the command line, in order; an unreadable one is reported, skipped, and
    makes the exit status non-zero."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names, self.status = names, 0

    def __iter__(self):
        for name in self.names:
            path = Path(name)
            try:
                yield path, path.read_bytes()
            except OSError as error:
                self.status = _fail(f"{path}: illisible ({error.strerror})")


def cmd_parse(args: argparse.Namespace) -> int:
    from intake.pipeline.parse import analyse

    files = _Files(args.files)
    for _path, raw in files:
        print(json.dumps(analyse(raw), ensure_ascii=False), flush=True)
    return files.status


def _runtime():
    from intake.store.blobs import blob_store
    from intake.store.db import get_sessionmaker

    settings = get_settings()
    return settings, get_sessionmaker(settings.database_url), blob_store(settings)


def cmd_ingest(args: argparse.Namespace) -> int:
    from intake.mail.inbox import receive
    from intake.pipeline.runner import drain

    settings, factory, blobs = _runtime()
    files = _Files(args.files)
    for path, raw in files:
        received = receive(factory, blobs, raw, source="ingest", envelope_to=[settings.mailbox])
        print(f"{path}: message #{received.id} {'déjà reçu' if received.duplicate else 'reçu'}")
    drain(factory, blobs)
    return files.status


def cmd_demo(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from intake.mail.demo import send_demo
    from intake.store.db import session_scope
    from intake.store.messages import Message

    settings = get_settings()
    if args.if_empty:
        with session_scope(settings.database_url) as session:
            if session.scalar(select(func.count()).select_from(Message)):
                print("démo : des messages sont déjà reçus, rien n'est envoyé")
                return 0
    directory = Path(args.dir)
    if not any(directory.glob("*.eml")):
        return _fail(f"aucun fichier .eml dans {directory}")
    try:
        sent = send_demo(directory, settings.smtp_listen, settings.mailbox, wait_seconds=args.wait)
    except OSError as error:
        return _fail(f"récepteur SMTP injoignable sur {settings.smtp_listen} ({error}) : lancez « intake serve »")
    for item in sent:
        print(f"démo : {item.path.name} envoyé de {item.sender} à {settings.mailbox}")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from intake.pipeline.runner import drain, replay, replay_failed

    _settings, factory, blobs = _runtime()
    if args.failed:
        if args.id is not None:
            return _fail("donnez un n° de message ou --failed, pas les deux", status=2)
        ids = replay_failed(factory)
        drain(factory, blobs)
        print(f"{len(ids)} message(s) en échec rejoué(s)")
        return 0
    if args.id is None:
        return _fail("donnez un n° de message, ou --failed pour tous les messages en échec", status=2)
    if not replay(factory, args.id):
        return _fail(f"message #{args.id} introuvable, ou ni traité ni en échec")
    drain(factory, blobs)
    print(f"message #{args.id} rejoué")
    return 0


def cmd_blobs_migrate(_args: argparse.Namespace) -> int:
    from intake.store.blobs import BlobStoreError, DatabaseBlobStore, blob_store

    settings = get_settings()
    try:
        store = blob_store(settings)
    except BlobStoreError as error:
        return _fail(str(error))
    if not isinstance(store, DatabaseBlobStore):
        return _fail("les fichiers reçus sont déjà conservés sur disque (INTAKE_BLOB_STORE) : rien à copier")
    print(f"{store.migrate_files()} fichier(s) de {store.files.root} copiés dans la base")
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    from datetime import date

    from intake.reminders import sweep
    from intake.store.db import get_sessionmaker

    settings = get_settings()
    try:
        today = date.fromisoformat(args.now) if args.now else date.today()
    except ValueError:
        return _fail(f"--now {args.now} : date invalide (AAAA-MM-JJ attendu)")
    if today > date.today() and not args.dry_run and not args.force:
        # A sweep dated ahead writes steps and forfeiture flags for good: a simulation is --dry-run.
        return _fail(f"--now {args.now} est dans le futur : la passe enregistrerait des relances et des forclusions "
                     "définitives ; --dry-run pour simuler, --force pour l'exécuter quand même")
    items = sweep(get_sessionmaker(settings.database_url), settings, today=today, dry_run=args.dry_run)
    if args.dry_run:
        for item in items:
            print(json.dumps(item.as_json(), ensure_ascii=False))
    else:
        digests = len({item.collectivite_id for item in items})
        print(f"{len(items)} relance(s) mise(s) en file dans {digests} courriel(s) récapitulatif(s)")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from intake.service import ALL_ROLES, serve, serve_worker

    if args.worker:
        return serve_worker(get_settings())
    return serve(get_settings(), args.only or ALL_ROLES)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"entier positif attendu : « {text} »")
    return int(text)


def _roles(text: str):  # noqa: ANN202
    from intake.service import parse_roles

    try:
        return parse_roles(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _users_session():
    from intake.store.db import session_scope

    return session_scope(get_settings().database_url)


def cmd_user_add(args: argparse.Namespace) -> int:
    from intake.web.accounts import UserError, add_user

    try:
        password = _read_password()
    except ValueError as error:
        return _fail(str(error))
    try:
        with _users_session() as session:
            add_user(session, email=args.email, role=args.role, password=password)
    except UserError as error:
        return _fail(str(error))
    print(f"utilisateur {args.email.strip().lower()} créé ({args.role})")
    return 0


def cmd_user_assign(args: argparse.Namespace) -> int:
    from intake.web.accounts import UserError, assign

    try:
        with _users_session() as session:
            added = assign(session, args.email, args.codes)
    except UserError as error:
        return _fail(str(error))
    print(f"{args.email.strip().lower()} : {len(added)} collectivité(s) ajoutée(s)")
    return 0


def cmd_token_create(args: argparse.Namespace) -> int:
    from intake.web.accounts import UserError, create_token

    try:
        with _users_session() as session:
            token = create_token(session, args.email)
    except UserError as error:
        return _fail(str(error))
    print(token)
    return 0


def _account(change) -> int:
    from intake.web.accounts import UserError

    try:
        with _users_session() as session:
            print(change(session))
    except UserError as error:
        return _fail(str(error))
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from intake.web.access import disable

    email = args.email.strip().lower()
    return _account(lambda s: f"{email} désactivé : sessions et jetons révoqués" if disable(s, email)
                    else f"{email} était déjà désactivé")


def cmd_user_enable(args: argparse.Namespace) -> int:
    from intake.web.access import enable

    email = args.email.strip().lower()
    return _account(lambda s: f"{email} réactivé" if enable(s, email) else f"{email} était déjà actif")


def cmd_user_password(args: argparse.Namespace) -> int:
    from intake.web.access import set_password

    email, password = args.email.strip().lower(), sys.stdin.readline().rstrip("\r\n")
    return _account(lambda s: f"mot de passe de {email} changé ; {set_password(s, email, password)} session(s) fermée(s)")


def cmd_user_list(_args: argparse.Namespace) -> int:
    from intake.web.accounts import list_users

    def listing(session) -> str:
        rows = [f"{u.email}\t{u.role}\t{'désactivé' if u.disabled_at else 'actif'}\t{','.join(codes) or '-'}"
                for u, codes in list_users(session)]
        return "\n".join(rows) or "aucun utilisateur"
    return _account(listing)


def cmd_token_list(args: argparse.Namespace) -> int:
    from intake.web.access import list_tokens

    def day(moment) -> str:
        return moment.strftime("%Y-%m-%d") if moment else "-"

    def listing(session) -> str:
        rows = [f"{t.id}\t{t.email}\t{t.state}\tcréé {day(t.created_at)}\texpire {day(t.expires_at)}"
                f"\tutilisé {day(t.last_used_at)}" for t in list_tokens(session, args.email)]
        return "\n".join(rows) or "aucun jeton"
    return _account(listing)


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from intake.web.access import revoke_token

    return _account(lambda s: f"jeton n° {args.id} révoqué" if revoke_token(s, args.id)
                    else f"jeton n° {args.id} était déjà révoqué")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intake", description="Déclarations de sinistres reçues par courriel",
                                     epilog="codes de sortie : 0 succès, 1 erreur (message sur la sortie d'erreur), "
                                            "2 ligne de commande invalide, 70 intake serve --worker arrêté au-delà du bail")
    parser.add_argument("--version", action="version", version=f"intake {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("init", help="crée ou met à jour le schéma de la base").set_defaults(func=cmd_init)

    imp = commands.add_parser("import", help="importe un fichier du référentiel (CSV)")
    imp.add_argument("kind", choices=("collectivites", "contracts", "agents", "bases"))
    imp.add_argument("file")
    imp.add_argument("--progress-every", type=_positive, default=10_000, metavar="N",
                     help="affiche l'avancement toutes les N lignes sur la sortie d'erreur (défaut : 10 000)")
    imp.set_defaults(func=cmd_import)

    blobs = commands.add_parser("blobs", help="fichiers reçus (messages bruts, pièces jointes)")
    blobs_commands = blobs.add_subparsers(dest="blobs_command", required=True)
    blobs_commands.add_parser("migrate", help="copie dans la base les fichiers reçus conservés sur disque "
                              "(passage à plusieurs machines)").set_defaults(func=cmd_blobs_migrate)

    rules = commands.add_parser("rules", help="règles de gestion")
    rules_commands = rules.add_subparsers(dest="rules_command", required=True)
    check = rules_commands.add_parser("check", help="valide un dossier de règles")
    check.add_argument("directory", nargs="?")
    check.set_defaults(func=cmd_rules_check)

    parse = commands.add_parser("parse", help="analyse des messages et affiche un objet JSON par fichier")
    parse.add_argument("files", nargs="+")
    parse.set_defaults(func=cmd_parse)
    ingest = commands.add_parser("ingest", help="traite des messages comme s'ils arrivaient par SMTP")
    ingest.add_argument("files", nargs="+")
    ingest.set_defaults(func=cmd_ingest)

    demo = commands.add_parser("demo", help="envoie les courriels de démonstration (demo/mails) au service lancé")
    demo.add_argument("--dir", default="demo/mails", help="dossier des fichiers .eml (défaut : demo/mails)")
    demo.add_argument("--if-empty", action="store_true", help="seulement si aucun message n'a encore été reçu")
    demo.add_argument("--wait", type=float, default=0, help="secondes d'attente du récepteur SMTP (défaut : 0)")
    demo.set_defaults(func=cmd_demo)
    replay = commands.add_parser("replay", help="remet un message en traitement (après un échec)")
    replay.add_argument("id", type=int, nargs="?", help="n° du message")
    replay.add_argument("--failed", action="store_true", help="rejoue tous les messages en échec")
    replay.set_defaults(func=cmd_replay)

    remind = commands.add_parser("remind", help="relances : une passe (courriels récapitulatifs par collectivité)")
    remind.add_argument("--now", metavar="AAAA-MM-JJ", help="date de la passe (par défaut : aujourd'hui)")
    remind.add_argument("--dry-run", action="store_true", help="affiche les relances dues en JSON, sans rien écrire")
    remind.add_argument("--force", action="store_true",
                        help="accepte une date --now dans le futur (la passe écrit ses relances pour de bon)")
    remind.set_defaults(func=cmd_remind)

    user = commands.add_parser("user", help="comptes des gestionnaires")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    user_add = user_commands.add_parser("add", help="crée un compte (mot de passe demandé sans écho, ou lu sur l'entrée standard)")
    user_add.add_argument("email")
    user_add.add_argument("--role", choices=tuple(role.value for role in UserRole), required=True)
    user_add.set_defaults(func=cmd_user_add)
    user_assign = user_commands.add_parser("assign", help="confie des collectivités (codes) à un gestionnaire")
    user_assign.add_argument("email")
    user_assign.add_argument("codes", nargs="+")
    user_assign.set_defaults(func=cmd_user_assign)
    for name, func, help_text in (("disable", cmd_user_disable, "désactive le compte et révoque ses sessions et jetons"),
                                  ("enable", cmd_user_enable, "réactive le compte"),
                                  ("password", cmd_user_password,
                                   "nouveau mot de passe (lu sur l'entrée standard) ; ferme les sessions")):
        sub = user_commands.add_parser(name, help=help_text)
        sub.add_argument("email")
        sub.set_defaults(func=func)
    user_list = user_commands.add_parser("list", help="liste les comptes, leur état et leurs collectivités")
    user_list.set_defaults(func=cmd_user_list)
    token = commands.add_parser("token", help="jetons d'accès à l'API")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    token_create = token_commands.add_parser("create", help="affiche un nouveau jeton pour l'utilisateur")
    token_create.add_argument("email")
    token_create.set_defaults(func=cmd_token_create)
    token_list = token_commands.add_parser("list", help="liste les jetons (n°, compte, état, dates)")
    token_list.add_argument("email", nargs="?")
    token_list.set_defaults(func=cmd_token_list)
    token_revoke = token_commands.add_parser("revoke", help="révoque un jeton par son n° (intake token list)")
    token_revoke.add_argument("id", type=int)
    token_revoke.set_defaults(func=cmd_token_revoke)

    serve = commands.add_parser("serve", help="récepteur SMTP, interface web, envoi et traitement des messages")
    serve.add_argument("--worker", action="store_true",
                       help="ne fait que traiter les messages reçus (processus supplémentaire partageant la base)")
    serve.add_argument("--only", type=_roles, metavar="RÔLES",
                       help="rôles de ce processus, séparés par des virgules parmi smtp, web, sender, scheduler, "
                            "worker (par défaut : tous)")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
