"""Runs production code in a process that SIGKILLs itself at a chosen point: the kill is real, the code is
intake's own (only observed, through stage wrappers, SQLAlchemy events and smtplib).

    python launcher.py worker <point>   `intake serve --worker`, killed at <point> (or `none`)
    python launcher.py sender <point>   the outbox sender loop, killed at <point>

Worker points: after_read, after_understand, after_draft, after_reply (the stage ran, nothing committed),
before_commit (the final update executed, COMMIT about to be sent), after_commit, in_draft_always (every
message dies in drafting: a poison message), hang_in_draft (drafting never returns). Sender point: after_relay_accepted (the relay answered 250 to
DATA, the outbox row is not yet marked sent).
"""

from __future__ import annotations

import os
import signal
import sys
import threading


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def arm_worker(point: str) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

    from intake import service
    from intake.pipeline import runner

    if point != "hang_in_draft":
        # The kill tests use a 1 s lease so that the next worker need not wait; the worker's own time
        # limit (the lease, service.Overrun) would end it before the kill point: it has its own test.
        service.Overrun.run = lambda self: None

    if point.startswith("after_") and point != "after_commit":
        wanted = f"{point.removeprefix('after_')}_stage"

        def wrap(stage):
            def killed_after(work):
                stage(work)
                die()
            return killed_after

        runner.STAGES = tuple(wrap(s) if s.__name__ == wanted else s for s in runner.STAGES)
    elif point == "in_draft_always":
        def dies_in_draft(work):
            die()

        runner.STAGES = tuple(dies_in_draft if s.__name__ == "draft_stage" else s for s in runner.STAGES)
    elif point == "hang_in_draft":  # not a kill: a hang no stage bounds, for the worker's own time limit
        import time

        def hangs_in_draft(work):
            time.sleep(3600)

        runner.STAGES = tuple(hangs_in_draft if s.__name__ == "draft_stage" else s for s in runner.STAGES)
    elif point in ("before_commit", "after_commit"):
        final_update_seen = threading.Event()

        @event.listens_for(Engine, "after_cursor_execute")
        def seen(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
            if statement.lstrip().upper().startswith("UPDATE MESSAGES") and "processed_at" in statement:
                final_update_seen.set()

        if point == "before_commit":
            @event.listens_for(Engine, "commit")
            def before(conn):  # noqa: ANN001
                if final_update_seen.is_set():
                    die()
        else:
            @event.listens_for(Session, "after_commit")
            def after(session):  # noqa: ANN001
                if final_update_seen.is_set():
                    die()
    elif point != "none":
        raise SystemExit(f"point inconnu : {point}")


def run_sender(point: str) -> int:
    import smtplib

    from intake.mail.send import run_sender as sender_loop
    from intake.settings import get_settings

    if point == "after_relay_accepted":
        original = smtplib.SMTP.sendmail

        def sendmail(self, *args, **kwargs):  # noqa: ANN001
            refused = original(self, *args, **kwargs)  # returns only once the relay said 250 to DATA
            die()
            return refused

        smtplib.SMTP.sendmail = sendmail
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    sender_loop(get_settings(), stop)
    return 0


def main(kind: str, point: str) -> int:
    if kind == "sender":
        return run_sender(point)
    arm_worker(point)
    from intake.cli import main as intake

    return intake(["serve", "--worker"])


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
