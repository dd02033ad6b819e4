"""Replies: choosing the answers to a message and queueing them in the outbox."""
