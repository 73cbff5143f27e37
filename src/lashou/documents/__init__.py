"""The private document store: encrypted at rest, addressed by the hash the chain commits to."""
