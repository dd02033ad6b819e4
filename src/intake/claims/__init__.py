"""Claims: the domain service (drafting, periods, threads, corrections, status changes)."""
