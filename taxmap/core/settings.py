"""Settings read once at the edge (CLI, create_app) from TAXMAP_* variables and handed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from taxmap.core.errors import ConfigurationError

DEFAULT_SECRET = "change-me-development-only"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Everything configurable about one taxmap installation."""

    model_config = SettingsConfigDict(env_prefix="TAXMAP_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    # Unset: use the project-local cluster that `taxmap db up` provisions under var/pg.
    database_url: str | None = None
    database_connect_timeout_s: int = Field(default=5, ge=1, le=60)
    # Connections each process keeps open. A new PostgreSQL backend costs ~50 ms of CPU (it
    # loads PostGIS), so a map's bursts should find one idle rather than open and close more.
    database_pool_size: int = Field(default=10, ge=1, le=100)
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # The project-local PostgreSQL cluster (used only when database_url is unset).
    var_dir: Path = PROJECT_ROOT / "var"
    local_pg_port: int = Field(default=55432, ge=1024, le=65535)
    local_pg_database: str = "taxmap"
    shared_data_dir: Path = PROJECT_ROOT.parent / "shared" / "data"
    # Upload limits (taxmap/core/uploads.py): raise them here when a real file needs more.
    max_upload_mb: int = Field(default=512, ge=1)
    max_features: int = Field(default=2_000_000, ge=1)
    max_zip_entries: int = Field(default=1000, ge=1)
    max_zip_ratio: int = Field(default=100, ge=1)
    max_unzipped_mb: int = Field(default=4096, ge=1)
    # Optional XYZ imagery under the offline base map, e.g. https://host/{z}/{x}/{y}.jpg.
    imagery_url: str | None = None
    # Finished vector tiles kept on disk by ETag (taxmap/maptiles/cache.py); the folder
    # defaults to <var_dir>/tiles. `taxmap tiles seed` fills it ahead of the first visitors.
    tile_cache: bool = True
    tile_cache_dir: Path | None = None
    # Web server processes for `taxmap serve` (each with its own database pool).
    workers: int = Field(default=1, ge=1, le=32)
    # Sign-in (taxmap/admin/users.py, web/sessions.py).
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    # Secure cookies need HTTPS; unset means "yes in production, no elsewhere".
    cookie_secure: bool | None = None
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_minutes: int = Field(default=15, ge=1)

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        # Architecture rule 5: production must never run on the published development secret.
        if self.environment == "production" and self.secret_key.get_secret_value() in (
            DEFAULT_SECRET,
            "",
        ):
            raise ConfigurationError(
                "TAXMAP_SECRET_KEY is unset or the development default: set a long random value "
                "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`).",
                "ยังไม่ได้ตั้งค่า TAXMAP_SECRET_KEY หรือยังเป็นค่าเริ่มต้นสำหรับการพัฒนา",
                details={"field": "TAXMAP_SECRET_KEY"},
            )
        return self

    @property
    def tile_cache_path(self) -> Path:
        """Return the folder of the tile cache."""
        return self.tile_cache_dir or self.var_dir / "tiles"

    @property
    def pg_dir(self) -> Path:
        """Return the directory of the project-local PostgreSQL cluster."""
        return self.var_dir / "pg"


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, turning validation errors into one clear message."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = "TAXMAP_" + "_".join(str(p) for p in first["loc"]).upper()
        raise ConfigurationError(
            f"{field}: {first['msg']}",
            f"ค่าตั้ง {field} ไม่ถูกต้อง: {first['msg']}",
            details={"field": field},
        ) from None
