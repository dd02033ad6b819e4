"""A blind corpus for `intake parse`: a second generator of labelled mails written from the
specification only (docs/domain.md, docs/contract.md, tests/cases/README.md), never from the parser
or its own generator. See generate.py for the command line and the dev/final splits."""
