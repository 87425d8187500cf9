"""The base of every event published on Kafka."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class DomainEvent(BaseModel):
    """An immutable fact that one service publishes and others consume.

    Guarantees:
    - instances are frozen: an event cannot change after it was recorded;
    - parsing ignores fields it does not know, so a consumer built on an older model keeps
      reading events from a newer producer that added optional fields (tolerant reader);
      producers build events from the model, so they cannot emit undeclared fields;
    - ``ce_type()`` is the CloudEvents ``type`` and names the schema exactly: a change that
      would break a consumer needs a new class with a higher ``schema_version``.

    Subclasses set the class variables below; ``aggregate_id_field`` names the field that
    holds the aggregate id (a UUID), which becomes the Kafka key and ``ce_subject``.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    service: ClassVar[str]
    name: ClassVar[str]
    schema_version: ClassVar[int] = 1
    aggregate_type: ClassVar[str]
    aggregate_id_field: ClassVar[str]

    @classmethod
    def ce_type(cls) -> str:
        """The CloudEvents type, ``co.eps.<service>.<name>.v<schema_version>``."""
        return f"co.eps.{cls.service}.{cls.name}.v{cls.schema_version}"

    def aggregate_id(self) -> str:
        """The aggregate id as a canonical UUID string (the Kafka key and ``ce_subject``)."""
        return str(getattr(self, self.aggregate_id_field))
