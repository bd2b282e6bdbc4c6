"""The rapporteur workspace and the final recommendations report."""
