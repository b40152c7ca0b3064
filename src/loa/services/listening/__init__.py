"""Listening use cases, one module each; the names here are the ones the desk, CLI and workers use.

    ingest      posts from a file, feed, text or the tipline ─► items, narratives, counts
    library     fact-checks: import, export, match a text, search, warm up
    narratives  narratives as listed, one with its volume, the communes it came from
    alerts      spikes of a narrative's claims: raise the day's, list the raised
    concerns    the week's questions, complaints and opinions (public feedback)
    retention   clear raw text and reply addresses past the kept days
    response    response cards: open (one per narrative in progress), draft, approve, publish
    replies     answer tipline senders owed a verdict or a correction

Response cards are used as `loa.services.listening.response`; everything else is re-exported
here.
"""

from __future__ import annotations

from loa.services.listening.alerts import AlertView, StoredAlert, detect_alerts, stored_alerts
from loa.services.listening.common import Clock, make_embedder
from loa.services.listening.concerns import (
    ConcernRow,
    concern_district,
    concern_week,
    public_concerns,
)
from loa.services.listening.ingest import (
    IngestReport,
    Receipt,
    handle_tipline,
    ingest_feed,
    ingest_file,
    ingest_items,
    ingest_text,
    prepare_vectors,
)
from loa.services.listening.library import (
    FactCheckEntry,
    FactCheckImport,
    WarmStart,
    export_factchecks,
    import_factchecks,
    load_factchecks,
    match_text,
    search_library,
    warm_up,
)
from loa.services.listening.narratives import (
    NarrativeView,
    get_narrative,
    list_narratives,
    narrative_communes,
)
from loa.services.listening.retention import PurgeReport, purge_raw_text
from loa.settings import listen_salt

__all__ = [
    "AlertView",
    "Clock",
    "ConcernRow",
    "FactCheckEntry",
    "FactCheckImport",
    "IngestReport",
    "NarrativeView",
    "PurgeReport",
    "Receipt",
    "StoredAlert",
    "WarmStart",
    "concern_district",
    "concern_week",
    "detect_alerts",
    "export_factchecks",
    "get_narrative",
    "handle_tipline",
    "import_factchecks",
    "ingest_feed",
    "ingest_file",
    "ingest_items",
    "ingest_text",
    "list_narratives",
    "listen_salt",
    "load_factchecks",
    "make_embedder",
    "match_text",
    "narrative_communes",
    "prepare_vectors",
    "public_concerns",
    "purge_raw_text",
    "search_library",
    "stored_alerts",
    "warm_up",
]
