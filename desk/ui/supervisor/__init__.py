"""The supervisor's screens: reports, shifts and voids, users, the audit log."""
