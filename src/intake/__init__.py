"""intake: turns the mail of French public employers about an absent agent into an insurance claim."""

__version__ = "0.1.0"
