# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's ONVIF client of one device, reached at the device-service URL as given.

onvif-zeep-async builds a device's address from a host and a port: its device service
is always ``http://host:port/onvif/device_service``. Real devices differ — an NVR under
``/cgi-bin/onvif/device_service``, a camera that only answers HTTPS — so the device
service is reached at the URL the installer gave (scheme, host, port, path), and every
other service at the address the device itself announces in GetServices (or
GetCapabilities), as the library does. Every ONVIF caller in the hub (probe, health,
PTZ, events, recordings and replay) builds its client here.

HTTPS: onvif-zeep-async does not verify a device's certificate (cameras present
self-signed ones); the link is encrypted, the device is not authenticated by it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from onvif import ONVIFCamera


class DeviceClient(ONVIFCamera):  # type: ignore[misc]  # the library is untyped
    """onvif-zeep-async's ``ONVIFCamera`` whose device service is ``device_url``."""

    def __init__(
        self, device_url: str, user: str | None, passwd: str | None, **options: Any
    ) -> None:
        parts = urlsplit(device_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        super().__init__(parts.hostname or "", port, user, passwd, **options)
        self.device_url = device_url

    def get_definition(self, name: str, port_type: str | None = None) -> tuple[str, str, str]:
        """The library's (address, WSDL, binding) of a service; the device service's
        address is the URL given, not the library's fixed ``/onvif/device_service``."""
        xaddr, wsdl, binding = super().get_definition(name, port_type)
        if name == "devicemgmt":
            return self.device_url, wsdl, binding
        return str(xaddr), str(wsdl), str(binding)


def onvif_client(device_url: str, user: str | None, passwd: str | None) -> ONVIFCamera:
    """An ONVIF client of the device whose device service is at ``device_url`` (no I/O
    yet; credentials are not taken from the URL — pass them)."""
    return DeviceClient(device_url, user, passwd)
