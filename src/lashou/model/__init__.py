"""The pool's rules as a small pure-Python model: the specification the contracts are
tested against."""
