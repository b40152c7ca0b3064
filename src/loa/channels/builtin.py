"""Loa's own channels, registered exactly as a third-party plugin registers its own.

Entry point (pyproject.toml):
    [project.entry-points."loa.channels"]
    builtin = "loa.channels.builtin:register"
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from loa.channels.folders import (
    PortalFeedChannel,
    PressFolderChannel,
    RadioDropChannel,
    folder_option,
)
from loa.channels.registry import ChannelRegistry
from loa.channels.webhook import WebhookChannel
from loa.errors import ConfigError
from loa.http import HttpxTransport

__all__ = ["register"]


def _portal(options: Mapping[str, Any]) -> PortalFeedChannel:
    folder = folder_option(options, "portal-feed")
    return PortalFeedChannel(
        Path(folder) / "portal", str(options.get("home_url") or "https://example.invalid/")
    )


def _press(options: Mapping[str, Any]) -> PressFolderChannel:
    return PressFolderChannel(Path(folder_option(options, "press-folder")) / "press")


def _radio(options: Mapping[str, Any]) -> RadioDropChannel:
    return RadioDropChannel(Path(folder_option(options, "radio-drop")) / "radio")


def _webhook(options: Mapping[str, Any]) -> WebhookChannel:
    url = options.get("webhook_url")
    if not url:
        raise ConfigError(
            "Kênh webhook cần địa chỉ (LOA_WEBHOOK_URL).",
            "The webhook channel needs a URL (LOA_WEBHOOK_URL).",
        )
    return WebhookChannel(str(url), options.get("transport") or HttpxTransport())


def register(registry: ChannelRegistry) -> None:
    """Add Loa's four channels to `registry`; returns nothing."""
    registry.add(
        "portal-feed",
        _portal,
        "Bài trên cổng thông tin, Atom và JSON Feed / portal article and feeds",
    )
    registry.add(
        "press-folder", _press, "Thư mục cho báo chí (DOCX, PDF) / the press desk's folder"
    )
    registry.add(
        "radio-drop",
        _radio,
        "Âm thanh cho đài truyền thanh từng huyện / each district's audio drop",
    )
    registry.add("webhook", _webhook, "Thông báo HTTP POST có nhãn / a labelled HTTP POST notice")
