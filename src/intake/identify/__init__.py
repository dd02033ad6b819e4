"""Identify: the registry snapshot, the collectivité and the agents a message speaks of, the sender's authentication."""
