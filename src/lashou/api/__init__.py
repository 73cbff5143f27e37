"""The platform's HTTP API: documents, Sign-In with Ethereum, unsigned transactions."""
