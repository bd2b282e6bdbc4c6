"""WSGI entry point: ``gunicorn wsgi:app``."""

from seminar import create_app

app = create_app()
