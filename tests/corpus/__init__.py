"""Generators of realistic test material (documents, mails) shared by the test suites and benchmarks."""
