"""Where `assistant serve` may listen: without API keys, only on this machine unless an open service is meant."""

from __future__ import annotations

import ipaddress

from assistant.config import Settings

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """True for addresses only this machine reaches: 127.0.0.0/8, ::1, localhost."""
    name = host.strip().strip("[]").lower()
    if name in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def open_bind_refusal(host: str, settings: Settings, *, allow_open: bool = False) -> str | None:
    """None if the server may listen on `host`; else a Swedish message saying why not and what to do."""
    if is_loopback(host) or settings.api_key_list() or allow_open or settings.allow_open:
        return None
    return (
        f"Servern skulle lyssna på {host} och nås då från andra datorer, men ingen API-nyckel är satt, "
        "så vem som helst som når den kan läsa dokumenten och ändra i dem. Sätt nycklar med "
        "ASSISTANT_API_KEYS=nyckel1,nyckel2, lyssna bara på 127.0.0.1 (standard), eller starta med "
        "--allow-open (ASSISTANT_ALLOW_OPEN=1) om tjänsten verkligen ska vara öppen för alla."
    )
