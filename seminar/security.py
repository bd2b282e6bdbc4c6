"""HTTP security headers and cookie policy for every response."""

from __future__ import annotations

from flask import Flask, Response

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_app(app: Flask) -> None:
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(self), geolocation=(), microphone=()",
    }
    if app.config.get("SESSION_COOKIE_SECURE"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    every_response = tuple(headers.items())

    @app.after_request
    def _headers(response: Response) -> Response:
        # A view may set its own policy (stored files do); the rest is added in one pass.
        present = {key.lower() for key, _value in response.headers.items()}
        response.headers.extend(item for item in every_response if item[0].lower() not in present)
        return response
