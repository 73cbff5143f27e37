"""Resident-ID validation, identity commitments, attestation signing."""
