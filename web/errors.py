"""Map every domain error to an HTTP status and one JSON shape, once (architecture rule 4)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from taxmap.core import errors as e

STATUS: list[tuple[type[e.TaxmapError], int]] = [
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


async def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, e.TaxmapError)
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


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(e.TaxmapError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
