"""Outreach: invitations and nominations, letters, messages to participants."""
