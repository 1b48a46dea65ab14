"""The domain error hierarchy; web/errors.py maps each class to an HTTP status once."""

from __future__ import annotations

from typing import Any


class TaxmapError(Exception):
    """Base of every error taxmap raises on purpose, with a stable code and Thai/English text."""

    code = "taxmap_error"

    def __init__(
        self,
        message_en: str,
        message_th: str | None = None,
        *,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_th = message_th or message_en
        self.details: dict[str, Any] = details or {}

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON body every interface shows for this error."""
        return {
            "code": self.code,
            "message": self.message_en,
            "message_th": self.message_th,
            "details": self.details,
        }


class InvalidInput(TaxmapError):
    """A value given by a person or a file is malformed; `field` names it."""

    code = "invalid_input"

    def __init__(
        self,
        field: str,
        message_en: str,
        message_th: str | None = None,
        *,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message_en, message_th, details={"field": field, **(details or {})})
        self.field = field


class UploadTooLarge(InvalidInput):
    """An upload passes a size limit (bytes, zip entries, unzipped size, features)."""

    code = "upload_too_large"


class NotFound(TaxmapError):
    """A record that was asked for does not exist (in this LAO)."""

    code = "not_found"


class LaoNotFound(NotFound):
    """No LAO has the given code."""

    code = "lao_not_found"


class ParcelNotFound(NotFound):
    """No parcel has the given id or code in this LAO."""

    code = "parcel_not_found"


class AlreadyExists(TaxmapError):
    """A record with the same key already exists."""

    code = "already_exists"


class InvalidGeometry(TaxmapError):
    """A geometry is invalid, empty or of the wrong type."""

    code = "invalid_geometry"


class TopologyConflict(TaxmapError):
    """An edit would overlap a neighbour or open a gap."""

    code = "topology_conflict"


class StaleVersion(TaxmapError):
    """Somebody saved a newer version of the record first."""

    code = "stale_version"


class NoticeAlreadyIssued(TaxmapError):
    """An issued notice is never edited: cancel it and issue a new one."""

    code = "notice_already_issued"


class RollFrozen(TaxmapError):
    """A frozen roll is the record notices come from: correct it by re-assessment (s.53)."""

    code = "roll_frozen"


class NotSignedIn(TaxmapError):
    """The caller has no valid session or token."""

    code = "not_signed_in"


class AccessDenied(TaxmapError):
    """The caller is signed in but their roles in this LAO do not allow this."""

    code = "access_denied"


class CsrfFailed(AccessDenied):
    """A state-changing request from a browser session lacks the session's CSRF token."""

    code = "csrf_failed"


class TooManyAttempts(TaxmapError):
    """Sign-in is paused after repeated failures (login throttling)."""

    code = "too_many_attempts"


class ConfigurationError(TaxmapError):
    """A setting is missing or malformed."""

    code = "configuration_error"


class DatabaseUnavailable(TaxmapError):
    """The database cannot be reached, or lacks something taxmap needs (PostGIS, the schema)."""

    code = "database_unavailable"


class ProvisioningError(TaxmapError):
    """The project-local PostgreSQL cluster could not be installed, created or started."""

    code = "provisioning_error"
