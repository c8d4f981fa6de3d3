"""The claims domain: aggregates, events, rules. Imports nothing of the outside world."""
