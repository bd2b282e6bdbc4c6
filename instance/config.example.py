# Copy to instance/config.py and adjust. Environment variables SEMINAR_<NAME> override these.
# DATABASE_URL = "postgresql+psycopg://seminar@127.0.0.1/seminar"
# ENV_NAME = "production"
# PREFERRED_URL_SCHEME = "https"   # secure cookies and HSTS
# MAIL_SERVER = "smtp.example.org"
# MAIL_PORT = 587
# MAIL_USE_TLS = True
# MAIL_USERNAME = "seminar"
# MAIL_PASSWORD = "..."
# MAIL_DEFAULT_SENDER = "Seminario <seminario@example.org>"
