"""The service's settings, from environment variables with the LASHOU_ prefix.

- LASHOU_DATA_DIR: the data folder (default `.lashou`): deployment record, database, documents
  and their audit log.
- LASHOU_RPC_URL: the chain's JSON-RPC endpoint (default: the local node of `lashou node`).
- LASHOU_DATABASE_URL: SQLAlchemy URL (default: SQLite `service.db` in the data folder).
- LASHOU_DOCUMENT_KEY_FILE: the documents' master key (default `document.key` in the data folder).
- LASHOU_MAX_DOCUMENT_BYTES: the largest document one upload may store (default 20 MB), and
  LASHOU_MAX_ACCOUNT_DOCUMENTS / LASHOU_MAX_ACCOUNT_BYTES what one account may keep in all.
- LASHOU_SIWE_DOMAIN / LASHOU_SIWE_URI: what a sign-in message must name (the site's host and
  address), LASHOU_SESSION_TTL / LASHOU_NONCE_TTL in seconds, LASHOU_COOKIE_SECURE, and
  LASHOU_MAX_NONCES, the most sign-in nonces kept at once (the oldest go first).
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# a patient keeps a diagnosis a claim, a witness a report a claim it is drawn for, a supervisor
# the evidence of its cases: a hundred copies is years of a busy witness
MAX_ACCOUNT_DOCUMENTS = 100
MAX_ACCOUNT_BYTES = 10 * MAX_DOCUMENT_BYTES


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LASHOU_", extra="ignore")

    data_dir: Path = Path(".lashou")
    rpc_url: str | None = None
    deployment_file: Path | None = None
    database_url: str | None = None
    document_key_file: Path | None = None
    siwe_domain: str = "localhost:8000"
    siwe_uri: str = "http://localhost:8000"
    session_ttl: int = 8 * 3600
    nonce_ttl: int = 600
    max_nonces: int = 10_000  # far more sign-ins than one service sees in a nonce's ten minutes
    clock_skew: int = 60
    cookie_secure: bool = False
    max_document_bytes: int = MAX_DOCUMENT_BYTES
    max_account_documents: int = MAX_ACCOUNT_DOCUMENTS
    max_account_bytes: int = MAX_ACCOUNT_BYTES

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir.resolve() / 'service.db'}"

    @property
    def key_file(self) -> Path:
        return self.document_key_file or self.data_dir / "document.key"

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def audit_file(self) -> Path:
        """Refused document reads and uploads, one line each (never any content)."""
        return self.data_dir / "documents-audit.log"

    @property
    def deployment(self) -> Path:
        return self.deployment_file or self.data_dir / "deployment.json"
