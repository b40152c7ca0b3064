"""Helpers shared by tests in several folders (fixtures stay in the conftest files that use them)."""
