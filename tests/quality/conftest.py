"""Fixtures of the whole-app quality checks: the demo loaded into the test database."""

from __future__ import annotations

from typing import Any

import pytest
from flask import current_app

from tests.quality.crawl import page_urls


@pytest.fixture
def demo(db: Any) -> list[str]:
    """Load the La Paz demo (every area's part) and return the app's HTML page URLs for it."""
    result = current_app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    return page_urls(current_app)
