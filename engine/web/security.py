"""Headers every response carries, and the error pages: no stack trace ever reaches a page."""

from __future__ import annotations

import logging
import secrets

from flask import Flask, Response, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

_LOG = logging.getLogger("vanban.web")
# No inline script or style anywhere: htmx and the stylesheet are files of the package.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def secure_headers(response: Response) -> Response:
    """Add the security headers to a response."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


_MESSAGES = {400: "Yêu cầu không hợp lệ.", 403: "Bạn không có quyền thực hiện thao tác này.",
             404: "Không tìm thấy trang hoặc văn bản.", 405: "Thao tác không được phép.",
             409: "Thao tác không thực hiện được ở trạng thái hiện tại.",
             413: "Tệp tải lên quá lớn.", 429: "Thử lại sau ít phút."}


def install_error_pages(app: Flask) -> None:
    """Vietnamese error pages; an unexpected fault shows a reference number, details go to the
    log."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("error.html", code=400, message="Phiên làm việc đã hết hạn hoặc "
                               "biểu mẫu không hợp lệ; tải lại trang rồi thử lại."), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        message = error.description if getattr(error, "vanban", False) else \
            _MESSAGES.get(code, "Có lỗi xảy ra.")
        return render_template("error.html", code=code, message=message), code

    @app.errorhandler(Exception)
    def fault(error: Exception) -> tuple[str, int]:
        reference = secrets.token_hex(4).upper()
        _LOG.error("lỗi nội bộ, mã tham chiếu %s", reference, exc_info=error)
        return render_template("error.html", code=500, reference=reference,
                               message="Lỗi nội bộ của vanban."), 500
