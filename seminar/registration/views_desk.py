"""Routes: filled in by the registration work."""
