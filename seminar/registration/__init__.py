"""Registration: registrations and their states, capacity and waiting list, e-mails, self-service,
import/export, badges, check-in, certificates."""
