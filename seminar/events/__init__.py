"""Events: the event itself, its dates, time zone, venue, hosts, languages and status."""
