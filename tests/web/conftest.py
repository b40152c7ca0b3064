"""A desk on the test's store (SQLite and PostgreSQL), and a client that can sign in.

The desk and its fixtures are shared with tests/security (tests/support/desk.py).
"""

from __future__ import annotations

from tests.support.desk import PASSWORD, Desk, cheap_hashes, desk, settings

__all__ = ["PASSWORD", "Desk", "cheap_hashes", "desk", "settings"]
