"""Imports every table module (`loa.store.tables` and each `loa.store.*_tables`) once."""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import loa.store
from loa.store.tables import Base

__all__ = ["all_tables"]


def all_tables() -> MetaData:
    """Return the metadata holding every table of every area of Loa."""
    for module in pkgutil.iter_modules(loa.store.__path__):
        if module.name.endswith("_tables"):
            importlib.import_module(f"loa.store.{module.name}")
    return Base.metadata
