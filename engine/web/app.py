"""The Flask application: its settings, the database, CSRF on every form, sessions, security
headers, Vietnamese error pages, the pages (blueprints) and their template helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from engine.base.text import printable
from engine.db.connect import database_url, open_engine
from engine.decree.dates import VIETNAM, ngay_ngan, ngay_thang_nam
from engine.decree.numbers import so_hieu
from engine.web import (
    admin,
    auth,
    awards,
    batches,
    campaigns,
    documents,
    jobs,
    register,
    register_close,
    template_upload,
    verify_page,
)
from engine.web.security import install_error_pages, secure_headers
from engine.web.settings import MAX_UPLOAD, Settings
from engine.workflow.states import ACTION_LABELS, Role, State


def create_app(settings: Settings) -> Flask:
    """Return the application on `settings` (its database migrated, its folders made)."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key, VANBAN_SETTINGS=settings,
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies, REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=settings.secure_cookies, MAX_CONTENT_LENGTH=MAX_UPLOAD,
        WTF_CSRF_TIME_LIMIT=8 * 3600)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app.extensions["vanban_engine"] = open_engine(database_url(settings.database_url))
    jobs.install(app, settings.broker_url)
    CSRFProtect(app)
    auth.login_manager.init_app(app)
    for module in (auth, documents, campaigns, register, register_close, admin, template_upload,
                   awards, verify_page, batches):
        app.register_blueprint(module.blueprint)
    app.after_request(secure_headers)
    app.teardown_request(_close_uploads)
    install_error_pages(app)
    app.jinja_env.filters.update(vn_time=vn_time, vn_date=vn_date, short_date=ngay_ngan,
                                  printable=printable)
    app.jinja_env.globals.update(State=State, Role=Role, so_hieu=so_hieu,
                                  ACTION_LABELS=ACTION_LABELS)
    return app


def _close_uploads(_error: BaseException | None) -> None:
    """Uploaded files are spooled to temporary files: closed when the request ends."""
    for upload in request.__dict__.get("files", {}).values():  # only if parsed: never parse here
        upload.close()


def vn_time(moment: datetime | None) -> str:
    """A moment in Vietnam time: "05/02/2026 14:30:05 (giờ Việt Nam)"."""
    if moment is None:
        return ""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(VIETNAM)
    return f"{ngay_ngan(local.date())} {local:%H:%M:%S} (giờ Việt Nam)"


def vn_date(day: date | None) -> str:
    """A date as the decree writes it: "ngày 05 tháng 02 năm 2026"."""
    return ngay_thang_nam(day) if day else ""
