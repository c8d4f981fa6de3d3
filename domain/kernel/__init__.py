"""The claim kernel: what every product shares — actors and roles, time, errors, input checks,
the payout rule, the payment book, coverage decisions and the lifecycle of a claim. It imports no
product (tests/unit/test_architecture.py)."""
