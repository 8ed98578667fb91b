# SPDX-License-Identifier: GPL-3.0-or-later
"""Pure parts of probing and discovery: profile claims, names, ProbeMatch parsing."""

from __future__ import annotations

from hub.catalog.discovery import parse_matches, probe_message
from hub.catalog.onvif_probe import (
    NS_ANALYTICS,
    NS_MEDIA,
    NS_MEDIA2,
    NS_RECORDING,
    NS_REPLAY,
    NS_SEARCH,
    name_from,
    profiles_from,
)

SCOPE = "onvif://www.onvif.org/"


def test_profiles_are_claimed_by_scopes_or_implied_by_services() -> None:
    claimed = [f"{SCOPE}Profile/Streaming", f"{SCOPE}Profile/T", f"{SCOPE}profile/m"]
    assert profiles_from(claimed, [NS_MEDIA]) == ["S", "T", "M"]
    every = [NS_MEDIA, NS_MEDIA2, NS_RECORDING, NS_SEARCH, NS_REPLAY, NS_ANALYTICS]
    assert profiles_from([f"{SCOPE}name/x"], every) == ["S", "G", "T", "M"]
    assert profiles_from([], [NS_MEDIA, NS_RECORDING]) == ["S"]  # G needs search + replay
    assert profiles_from([], []) == []


def test_name_scope_is_decoded() -> None:
    assert name_from([f"{SCOPE}type/ptz", f"{SCOPE}name/Cau_Gia%20Bay"]) == "Cau Gia Bay"
    assert name_from([f"{SCOPE}name/"]) is None


def test_probe_matches_are_related_to_our_probe() -> None:
    ours = "urn:uuid:11111111-2222-3333-4444-555555555555"
    assert b"NetworkVideoTransmitter" in probe_message(ours)

    def reply(relates: str) -> bytes:
        return (
            '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
            'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery">'
            f"<s:Header><a:RelatesTo>{relates}</a:RelatesTo></s:Header><s:Body>"
            "<d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:dev"
            "</a:Address></a:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types>"
            f"<d:Scopes>{SCOPE}type/ptz {SCOPE}Profile/Streaming</d:Scopes>"
            "<d:XAddrs>http://10.0.0.5/onvif/device_service http://[fe80::1]/onvif</d:XAddrs>"
            "</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
        ).encode()

    (found,) = parse_matches(reply(ours), ours)
    assert found.endpoint == "urn:uuid:dev"
    assert found.xaddrs == ["http://10.0.0.5/onvif/device_service", "http://[fe80::1]/onvif"]
    assert found.scopes == [f"{SCOPE}type/ptz", f"{SCOPE}Profile/Streaming"]
    assert parse_matches(reply("urn:uuid:someone-else"), ours) == []
    assert parse_matches(b"<not xml", ours) == []
    entity = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'
    assert parse_matches(entity, ours) == []
