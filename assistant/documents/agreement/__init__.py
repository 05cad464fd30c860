"""Reading an agreement (överenskommelse, riktlinje, rutin, vägledning) into numbered sections."""

from assistant.documents.agreement.metadata import AgreementMeta, agreement_metadata
from assistant.documents.agreement.sections import parse_sections

__all__ = ["AgreementMeta", "agreement_metadata", "parse_sections"]
