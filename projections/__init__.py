"""Read models kept from the event log by eventsourcing projections; one module per read model."""
