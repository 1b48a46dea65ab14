"""Map every domain error to an HTTP status and one JSON shape, once (architecture rule 4)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from taxmap.core import errors as e
from taxmap.core.db import CONNECTION_ERRORS, describe_connection_error

STATUS: list[tuple[type[e.TaxmapError], int]] = [
    (e.NotSignedIn, 401),
    (e.AccessDenied, 403),
    (e.TooManyAttempts, 429),
    (e.NotFound, 404),
    (e.AlreadyExists, 409),
    (e.StaleVersion, 409),
    (e.NoticeAlreadyIssued, 409),
    (e.RollFrozen, 409),
    (e.UploadTooLarge, 413),
    (e.InvalidInput, 422),
    (e.InvalidGeometry, 422),
    (e.TopologyConflict, 422),
    (e.DatabaseUnavailable, 503),
    (e.ProvisioningError, 503),
    (e.ConfigurationError, 500),
]


def status_for(exc: e.TaxmapError) -> int:
    """Return the HTTP status of a domain error (most specific class first)."""
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 400


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, e.TaxmapError)
    # A person opening a page without a session goes to the sign-in form, then comes back.
    if (
        isinstance(exc, e.NotSignedIn)
        and request.method == "GET"
        and "text/html" in request.headers.get("accept", "")
    ):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    return JSONResponse(exc.to_dict(), status_code=status_for(exc))


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = [
        {"path": ".".join(str(p) for p in err["loc"]), "message": err["msg"]}
        for err in exc.errors()
    ]
    return JSONResponse(
        {
            "code": "invalid_input",
            "message": "Some fields are invalid: "
            + "; ".join(f"{f['path']}: {f['message']}" for f in fields),
            "message_th": "ข้อมูลบางช่องไม่ถูกต้อง",
            "details": {"fields": fields},
        },
        status_code=422,
    )


async def _database_down(request: Request, exc: Exception) -> Response:
    # The server went away (restart, network): say so with 503; the pool reconnects after.
    error = describe_connection_error(request.app.state.engine.url, exc)
    return JSONResponse(error.to_dict(), status_code=503, headers={"Retry-After": "5"})


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(e.TaxmapError, _domain_error)
    for error in CONNECTION_ERRORS:
        app.add_exception_handler(error, _database_down)
    app.add_exception_handler(RequestValidationError, _validation_error)
