# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's media relay: camera streams pulled once, re-served to players as MPEG-TS over HTTP(S).

Only the worker process (:mod:`hub.media.relay_worker`) imports GStreamer; importing this
package does not.
"""

from hub.media.relay import MediaRelay, RelayOutput
from hub.media.worker_process import RelayError, WorkerDied

__all__ = ["MediaRelay", "RelayError", "RelayOutput", "WorkerDied"]
