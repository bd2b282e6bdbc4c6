"""Accounts: users, sign-in, password reset, per-event memberships and roles, permission predicates."""
