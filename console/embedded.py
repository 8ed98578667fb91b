# SPDX-License-Identifier: GPL-3.0-or-later
"""The embedded stack a console starts for itself when no hub is configured.

A local hub (SQLite in the user data dir) runs as a supervised child on 127.0.0.1;
``--demo`` adds the simulated camera fleet. Every child is stopped with the console.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from platformdirs import user_data_dir

from camsim.process import ChildProcess, FleetProcess

log = logging.getLogger(__name__)

# The embedded hub runs the default profile (TN, Thái Nguyên) and the simulator's cameras
# look at places of Thái Nguyên city: province, profile and places agree.
DEMO_PROVINCE = "Thái Nguyên"
HUB_DB = "hub.sqlite3"
DEMO_OPERATOR = "vanhanh"  # "vận hành": the demo's shift supervisor
DEMO_BASE_PORT = 18600  # demo cameras: control API here, ONVIF/RTSP on the next ports
DEMO_CAMERA_PASSWORD = "demo-camera-password"
DEMO_INVENTORY = "demo-inventory.json"


def default_data_dir() -> Path:
    """Where the embedded hub keeps its database and keys."""
    return Path(user_data_dir("vwall"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class HubProcess(ChildProcess):
    """``python -m hub.cli serve`` as a child on a free loopback port.

    ``start`` returns once ``/api/health`` answers; ``stop`` sends SIGTERM, then kills.
    """

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        super().__init__()
        self.env = {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
        self.url = ""

    def _hub_args(self, *command: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "hub.cli",
            "--db",
            str(self.data_dir / HUB_DB),
            "--data-dir",
            str(self.data_dir),
            *command,
        ]

    def initialised(self) -> bool:
        """Whether ``init`` already ran for this data dir."""
        return (self.data_dir / HUB_DB).exists()

    def init(self, province: str, admin: str = "admin", operator: str | None = None) -> str:
        """Create the province, its IOC and the first admin (and, for a demo, a shift
        supervisor who may watch and steer cameras); returns what ``init`` printed (with
        the one-time passwords, which are shown once and never stored)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            self._hub_args(
                "init",
                "--province",
                province,
                "--leader",
                "Lãnh đạo IOC",
                "--it-focal-point",
                "Đầu mối CNTT IOC",
                "--admin",
                admin,
                *(["--operator", operator] if operator else []),
            ),
            env=self.env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
            timeout=120,
        )
        if done.returncode != 0:
            (self.data_dir / HUB_DB).unlink(missing_ok=True)  # so the next start tries again
            raise RuntimeError(f"hub init failed:\n{done.stderr}")
        return done.stdout

    def onboard_fleet(self, fleet: FleetProcess) -> str:
        """Put the simulated cameras in the catalogue (``cameras onboard-inventory``), at
        the province and its IOC that ``init`` created first (ids 1 and 1); codes already
        there are skipped. Returns what the command printed.

        Raises:
            RuntimeError: the command failed.
        """
        inventory = self.data_dir / DEMO_INVENTORY
        # The simulated cameras' (loopback, demo-only) credentials: readable by us only.
        inventory.touch(mode=0o600, exist_ok=True)
        inventory.write_text(json.dumps(fleet.inventory), encoding="utf-8")
        done = subprocess.run(
            self._hub_args(
                "cameras",
                "onboard-inventory",
                str(inventory),
                "--territory-id",
                "1",
                "--unit-id",
                "1",
                "--no-probe",
            ),
            env=self.env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"demo cameras not catalogued:\n{done.stdout}{done.stderr}")
        return done.stdout

    def start(self, timeout: float = 60.0) -> HubProcess:
        """Start serving and wait (with a deadline) until the health check answers."""
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self._spawn(
            self._hub_args("serve", "--host", "127.0.0.1", "--port", str(port)),
            stdout=subprocess.DEVNULL,
            env=self.env,
        )
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)  # poll interval, bounded by the deadline above
        self.stop()
        raise RuntimeError(f"embedded hub did not start:\n{self.stderr_text()}")


@dataclass
class EmbeddedStack:
    """Children started by the console in embedded mode."""

    demo: bool = False
    demo_cameras: int = 8
    data_dir: Path | None = None
    province: str = DEMO_PROVINCE
    hub_env: dict[str, str] = field(default_factory=dict)
    fleet: FleetProcess | None = field(default=None, init=False)
    hub: HubProcess | None = field(default=None, init=False)
    init_report: str = field(default="", init=False)
    onboard_report: str = field(default="", init=False)

    @property
    def hub_dir(self) -> Path:
        """The hub's data dir (the demo keeps its own, apart from real data)."""
        base = self.data_dir or default_data_dir()
        return base / ("demo-hub" if self.demo else "hub")

    @property
    def hub_url(self) -> str:
        return self.hub.url if self.hub is not None else ""

    def start(self) -> None:
        """Start the hub (``init`` on first run) and, with ``--demo``, the fleet, whose
        cameras are put in the hub's catalogue before the hub serves."""
        try:
            hub = HubProcess(self.hub_dir, self.hub_env)
            if not hub.initialised():
                self.init_report = hub.init(
                    self.province, operator=DEMO_OPERATOR if self.demo else None
                )
            if self.demo:
                self.fleet = self._start_fleet()
                log.info("demo fleet: %d cameras", len(self.fleet.cameras))
                self.onboard_report = hub.onboard_fleet(self.fleet)
            self.hub = hub.start()
            log.info("embedded hub at %s (data in %s)", hub.url, self.hub_dir)
        except BaseException:
            self.stop()
            raise

    def _start_fleet(self) -> FleetProcess:
        """The demo cameras on fixed ports with a password kept in the demo dir, so the
        catalogue's addresses stay right from one demo run to the next."""
        self.hub_dir.mkdir(parents=True, exist_ok=True)
        secret = self.hub_dir / DEMO_CAMERA_PASSWORD
        if not secret.exists():
            secret.write_text(secrets.token_urlsafe(12), encoding="ascii")
            secret.chmod(0o600)
        password = secret.read_text(encoding="ascii").strip()
        try:
            return FleetProcess(
                self.demo_cameras, "--base-port", str(DEMO_BASE_PORT), "--password", password
            ).start()
        except RuntimeError:
            log.warning(
                "demo camera ports %d+ are busy: cameras on free ports; cameras catalogued "
                "by an earlier demo keep their old addresses",
                DEMO_BASE_PORT,
            )
            return FleetProcess(self.demo_cameras, "--password", password).start()

    def summary(self) -> list[dict[str, Any]]:
        """Name, kind and ONVIF address of each simulated camera (no credentials)."""
        if self.fleet is None:
            return []
        return [
            {"id": c["id"], "name": c["name"], "kind": c["kind"], "onvif": c["onvif"]["url"]}
            for c in self.fleet.cameras
        ]

    def children(self) -> list[int]:
        """Process ids of the running children."""
        procs = [self.hub.proc if self.hub else None, self.fleet.proc if self.fleet else None]
        return [p.pid for p in procs if p is not None and p.poll() is None]

    def stop(self) -> None:
        if self.fleet is not None:
            self.fleet.stop()
            self.fleet = None
        if self.hub is not None:
            self.hub.stop()
            self.hub = None


class StackRunner:
    """Starts an :class:`EmbeddedStack` on a thread of its own, so the login window can
    show at once, and keeps that thread alive until :meth:`stop`.

    The thread must outlive the children: their parent-death signal fires when the
    thread that started them ends (see ``camsim.process.ChildProcess``).
    """

    def __init__(self, stack: EmbeddedStack) -> None:
        self.stack = stack
        self.error: BaseException | None = None
        self.ready = threading.Event()
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="embedded-stack", daemon=True)

    def start(self) -> StackRunner:
        """Begin starting the stack; :attr:`ready` is set when it runs (or failed)."""
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.stack.start()
        except BaseException as exc:  # reported to the UI thread through self.error
            self.error = exc
            self.ready.set()
            self._stopped.set()
            return
        self.ready.set()
        self._stop.wait()
        try:
            self.stack.stop()
        finally:
            self._stopped.set()

    def stop(self, timeout: float = 90.0) -> None:
        """Stop the children (after a start still under way has finished) and wait."""
        self._stop.set()
        if self._thread.is_alive():
            self._stopped.wait(timeout)
