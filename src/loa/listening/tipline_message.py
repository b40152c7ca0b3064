"""A tipline message and its reply address: the types every tipline source and sender share."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ReplyAddress", "ReplyOutcome", "TiplineMessage"]


@dataclass(frozen=True)
class ReplyAddress:
    """Where a reply goes: the tipline channel (zalo, sms, web...) and the address on it."""

    channel: str
    address: str


@dataclass(frozen=True)
class TiplineMessage:
    """A tipline message as an export record (for the privacy door) and its reply address."""

    record: dict[str, object]
    reply: ReplyAddress | None


@dataclass(frozen=True)
class ReplyOutcome:
    """What a reply sender did: sent or failed, with a detail."""

    #: sent; retry (try again later: the reply keeps waiting); gave_up (it can never be
    #: delivered: the address is deleted); failed (an officer looks, `--retry-failed` retries).
    status: str
    detail: str = ""
