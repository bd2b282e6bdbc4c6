"""Agenda: rooms, themes, agenda items, people and their roles, conflicts, publishing, exports."""
