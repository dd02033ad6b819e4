"""Fuzzing: generated hostile input through every reader."""
