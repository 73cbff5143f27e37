"""Scenario runner: a whole plan lived through on a development node."""
