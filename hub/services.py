# SPDX-License-Identifier: GPL-3.0-or-later
"""Background services of a running hub (media relay, health checks, PTZ watchdog…).

Each domain adds one factory to :data:`FACTORIES`; the application's lifespan starts
the services in order after the hub opens and stops them in reverse before it closes.
A factory returns ``None`` when the settings leave its service off. Running services
are reachable by name through ``Hub.services`` (e.g. the stream grants find the relay).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from hub.archive.views import archive_views
from hub.audit.refusals import refusal_audit
from hub.cases.upkeep import case_upkeep
from hub.catalog.health import health_service
from hub.context import Hub
from hub.event_routes import session_watch
from hub.event_services import event_listener, event_retention
from hub.evidence.upkeep import evidence_upkeep
from hub.incidents.pullpoint import camera_event_service
from hub.incidents.upkeep import incident_upkeep
from hub.ptz.service import create_ptz_service
from hub.publishing.upkeep import publishing_upkeep
from hub.streams.service import relay_service
from hub.walls.display_watch import display_grant_watch

log = logging.getLogger(__name__)


class Service(Protocol):
    """A background part of the hub with an async start and stop."""

    name: str

    async def start(self) -> None:
        """Begin work; return once the service can be used."""

    async def stop(self) -> None:
        """End work and release everything (called once, also after a failed start)."""


ServiceFactory = Callable[[Hub], Service | None]

# One line per domain, in start order.
FACTORIES: list[ServiceFactory] = [
    refusal_audit,  # audit: refusal summaries (hub.services["refusals"]); stops last
    event_listener,  # events: this process's share of the PostgreSQL bus (stops late)
    event_retention,  # events: the shared backlog's bounds (hub.services["event_retention"])
    relay_service,  # streams: media relay + stream grants (hub.services["relay"])
    display_grant_watch,  # walls: display grants withdrawn through other hubs (PostgreSQL)
    archive_views,  # archive: closes archive views in the audit trail (needs the relay)
    health_service,  # catalog: camera health checks (hub.services["camera_health"])
    camera_event_service,  # incidents: ONVIF pull points (hub.services["camera_events"])
    incident_upkeep,  # incidents: escalation, event retention (hub.services["incidents"])
    case_upkeep,  # cases: overdue hand-off steps, late dossiers (hub.services["cases"])
    evidence_upkeep,  # evidence: resumes cut-off package builds (hub.services["evidence"])
    publishing_upkeep,  # publishing: resumes cut-off renders (hub.services["publishing"])
    create_ptz_service,  # ptz: control locks + move watchdog (hub.services["ptz"])
    session_watch,  # events: streams end with their session (hub.services["event_sessions"])
]


async def start_services(hub: Hub) -> list[Service]:
    """Start every enabled service; on a failure stop those already started and raise."""
    started: list[Service] = []
    try:
        for factory in FACTORIES:
            service = factory(hub)
            if service is None:
                continue
            await service.start()
            started.append(service)
            hub.services[service.name] = service
    except BaseException:
        await stop_services(hub, started)
        raise
    return started


async def stop_services(hub: Hub, services: list[Service]) -> None:
    """Stop ``services`` in reverse order; one failing stop does not skip the others."""
    for service in reversed(services):
        hub.services.pop(service.name, None)
        try:
            await service.stop()
        except Exception:
            log.exception("stopping %s failed", service.name)
