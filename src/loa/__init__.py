"""Loa: the desk from which a province runs its epidemic communication."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
