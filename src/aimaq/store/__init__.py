"""The embedded database: documents, mentions, facts, tracked items and commitments (SQLite)."""
from aimaq.store.db import DEFAULT_DB, Store, StoreError, content_hash, open_store
from aimaq.store.regions import region_name, resolve as resolve_region

__all__ = ["DEFAULT_DB", "Store", "StoreError", "content_hash", "open_store", "region_name", "resolve_region"]
