"""Content in every language of the event: translations of the texts visitors and readers see."""
