"""LAOs, their areas, users and roles, edit cases and the audit log."""
