"""The incapacities service's settings: ``INCAPACITIES_*`` variables, plus the shared ones.

- ``INCAPACITIES_CLAVE_CUENTAS``: Fernet key(s), comma-separated (the first encrypts, any
  decrypts), that encrypt the reimbursement bank account numbers at rest
  (``eps_runtime.cifrado``). Its default is for development only; migration 0003 encrypts
  the numbers stored in clear before it with this key.
"""

from pathlib import Path

from pydantic import field_validator
from pydantic_settings import SettingsConfigDict

from eps_runtime.cifrado import claves_fernet
from eps_runtime.settings import ServiceSettings, database_url_for

CLAVE_CUENTAS_DESARROLLO = "x1N4ElT3bb4Uw0O2c2kK1f1pE9Yq3nH8mZ5vR7tQy6A="


class IncapacitiesSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INCAPACITIES_", extra="ignore")

    service_name: str = "incapacities"
    database_url: str = database_url_for("incapacities")
    http_port: int = 8005
    archivos_dir: Path = Path(".cache/incapacities/archivos")
    """Private storage of the medical certificates: never under a served folder."""
    vigilancia_intervalo_s: float = 300.0
    """How often the vigilante looks for late decisions and payments."""
    clave_cuentas: str = CLAVE_CUENTAS_DESARROLLO

    @field_validator("clave_cuentas")
    @classmethod
    def _clave_cuentas_valida(cls, valor: str) -> str:
        try:
            claves_fernet(valor)
        except ValueError:
            raise ValueError(
                "INCAPACITIES_CLAVE_CUENTAS debe ser una o más claves Fernet (32 bytes en "
                "base64 URL-safe) separadas por comas"
            ) from None
        return valor
