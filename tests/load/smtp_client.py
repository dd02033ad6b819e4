"""One load client, run as its own process: sends the .eml files it is given over one SMTP session.

    python smtp_client.py [--pace=INTERVAL:OFFSET] HOST PORT RCPT START_AT FILE...   → one JSON object on stdout

Waits until the wall-clock START_AT so that all clients begin together; with --pace, its j-th mail leaves
no sooner than START_AT + OFFSET + j × INTERVAL (the clients together offer a steady rate); a 4xx answer is retried like
an MTA would (after a short pause, a few times), a 5xx is recorded as refused.
"""

from __future__ import annotations

import json
import smtplib
import sys
import time
from email.parser import BytesHeaderParser
from email.utils import parseaddr


def vm_hwm_kib(pid: str = "self") -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _sender(raw: bytes) -> str:
    headers = BytesHeaderParser().parsebytes(raw, headersonly=True)
    return parseaddr(str(headers.get("From", "")))[1] or "inconnu@corpus.test"


def main(argv: list[str]) -> int:
    interval = offset = 0.0
    if argv and argv[0].startswith("--pace="):
        interval, offset = (float(x) for x in argv.pop(0).removeprefix("--pace=").split(":"))
    host, port, rcpt, start_at, files = argv[0], int(argv[1]), argv[2], float(argv[3]), argv[4:]
    mails = [(name, open(name, "rb").read()) for name in files]
    results = []
    time.sleep(max(0.0, start_at - time.time()))
    client = smtplib.SMTP(host, port, timeout=120)
    for j, (name, raw) in enumerate(mails):
        if interval:
            time.sleep(max(0.0, start_at + offset + j * interval - time.time()))
        began, code, retries = time.time(), 0, 0
        while True:
            try:
                client.sendmail(_sender(raw), [rcpt], raw)
                code = 250
            except smtplib.SMTPResponseException as error:
                code = error.smtp_code
            except smtplib.SMTPRecipientsRefused as error:
                code = next(iter(error.recipients.values()))[0]
            except smtplib.SMTPServerDisconnected:
                client = smtplib.SMTP(host, port, timeout=120)
                code = 421
            if 400 <= code < 500 and retries < 5:
                retries += 1
                time.sleep(1.0)
                try:
                    client.rset()
                except smtplib.SMTPException:
                    client = smtplib.SMTP(host, port, timeout=120)
                continue
            break
        results.append({"file": name, "began": began, "ended": time.time(), "code": code, "retries": retries})
    try:
        client.quit()
    except smtplib.SMTPException:
        pass
    json.dump({"results": results, "vm_hwm_kib": vm_hwm_kib()}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
