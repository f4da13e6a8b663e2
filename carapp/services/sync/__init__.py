"""The sync services: packages, keys, trust, snapshot, receipts, assignments, the city picture."""
