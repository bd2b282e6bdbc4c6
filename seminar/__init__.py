"""seminar: run a policy seminar from the first agenda draft to the final recommendations PDF."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Application factory: ``flask --app seminar ...`` and ``wsgi.py`` both call it."""
    app = Flask(
        __name__,
        # Each node of a cluster may have its own (SEMINAR_INSTANCE_PATH); nothing shared lives there.
        instance_path=os.environ.get("SEMINAR_INSTANCE_PATH") or str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from . import (
        cache,
        cli,
        database,
        errors,
        i18n,
        jobs,
        links,
        logging_setup,
        mail,
        models,
        navigation,
        ratelimit,
        security,
        validation,
        web,
    )
    from .areas import area_modules
    from .config import load_config
    from .extensions import babel, csrf, db, login_manager, migrate

    del models  # imported for its side effect: every model is registered
    load_config(app, config)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    logging_setup.configure(app)
    db.init_app(app)
    database.configure(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(__file__).parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        timezone_selector=i18n.select_timezone,
        default_translation_directories=i18n.translation_directories(),
    )
    security.init_app(app)
    links.init_app(app)
    ratelimit.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    validation.init_app(app)
    navigation.init_app(app)
    errors.init_app(app)
    cache.init_app(app)
    jobs.init_app(app)
    mail.init_app(app)
    cli.init_app(app)
    for views in area_modules("views"):
        app.register_blueprint(views.bp)
    return app
