"""Routes: filled in by the agenda work."""
