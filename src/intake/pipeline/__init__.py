"""The pipeline: the stages in order, the queue and its leases, the runner, the `intake parse` contract."""
