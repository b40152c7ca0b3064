"""Publishing channels: plugins on one registry; Loa's own register like a third party's.

See `loa.channels.registry` for how a channel is written and registered, and
docs/bulletins.md for the entry-point group `loa.channels`.
"""

from loa.channels.base import Channel, Delivery, Publication, PublishedFile
from loa.channels.registry import ChannelRegistry, RateLimiter, default_registry

__all__ = [
    "Channel",
    "ChannelRegistry",
    "Delivery",
    "Publication",
    "PublishedFile",
    "RateLimiter",
    "default_registry",
]
