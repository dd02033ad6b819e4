"""Identify: the registry per collectivité, the collectivité and the agents a message speaks of, the sender's authentication."""
