# SPDX-License-Identifier: GPL-3.0-or-later
"""Publishing a concluded case's clip for citizens through the console, against a real
hub (its detection and blurring on real H.264 video): a shift supervisor opens the
publishing dialog from the case's Publications tab on the hub's proposal, sees the
blurred frame, adds a box of their own, moves it, asks for the preview again and
publishes; the hub records the publication with the boxes, and the tab lists it. On a
case not yet concluded, publishing is not offered; a box the hub refuses is said in
words and publishes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.publishing import PublishingActions
from hub.clock import ManualClock
from hub.contracts import Role
from hub.testing import LiveHub, add_user, login, settings_for_tests
from tests.console.test_cases import WAIT, CaseSite, Consoles, cases, consoles, select
from tests.console.test_evidence import answered, real_media
from tests.hub.cases.common import QUIET, START, World, make_world
from tests.widgets.frames import to_bgra
from widgets.publish_dialog import PublishDialog

__all__ = ["consoles"]  # the fixture, imported to be found

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

RENDER = 240_000  # ms: detection and blurring of a clip on a slow, shared CI machine


@pytest.fixture
def case_site(tmp_path: Path) -> Iterator[CaseSite]:
    """A quiet DH hub with a shift supervisor of the IOC who also works cases."""
    settings = settings_for_tests(
        f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "data", profile="DH", **QUIET
    )
    live = LiveHub(settings, ManualClock(START)).start()
    try:
        world = make_world(live)
        hub = live.hub
        hub.profile = hub.profile.model_copy(update={"role_families_combinable": True})
        add_user(hub, world.province, "ioc_pub", "ioc", [Role.SUPERVISOR, Role.CASE_WORKER])
        world.tokens["ioc_pub"] = login(live, world.province, "ioc_pub")
        yield CaseSite(world)
    finally:
        live.stop()


def _concluded(w: World, tmp: Path, conclude: bool = True) -> int:
    """A case with a real clip and snapshot, handed to the ward police and concluded."""
    tmp.mkdir(exist_ok=True)
    cid = int(w.open_case()["id"])
    real_media(w, cid, tmp, seed=cid)
    w.act("ioc_cw", cid, "send", {"police_unit_id": w.unit("wardA1")})
    if conclude:
        w.act("ward_cw", cid, "accept", {"complex": False})
        w.act("ward_cw", cid, "identify", {"violator": "Nguyễn Văn A"})
        w.act("ward_cw", cid, "record", {"record_number": "12/BB-VPHC", "outside_authority": False})
        w.act("ward_cw", cid, "decide", {"decision_number": "34/QĐ-XPVPHC"})
        out = w.act(
            "ward_cw", cid, "conclude", {"outcome": "penalised", "conclusion": "Phạt 4.000.000 đ"}
        )
        assert out["status"] == "concluded"
    return cid


def publishing(app: ConsoleApp) -> PublishingActions:
    return cases(app).publishing


def _show(qtbot: QtBot, app: ConsoleApp, case_id: int) -> PublishingActions:
    pub = publishing(app)
    with qtbot.waitSignal(pub.listed, timeout=WAIT):
        select(qtbot, app, case_id)
    cases(app).board.view.tabs.setCurrentWidget(pub.panel)
    return pub


@pytest.mark.timeout(900)  # detection, two previews and the blurred copy, each bounded
def test_a_supervisor_adjusts_the_boxes_previews_and_publishes_a_concluded_case(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles, tmp_path: Path
) -> None:
    w = case_site.world
    open_id = _concluded(w, tmp_path / "a", conclude=False)
    cid = _concluded(w, tmp_path / "b")
    app = consoles("ioc_pub")

    # A case still with the police: nothing to publish yet (TN 9.2d).
    pub = _show(qtbot, app, open_id)
    assert pub.panel.publish_button.isHidden()

    pub = _show(qtbot, app, cid)
    panel = pub.panel
    assert not panel.publish_button.isHidden()
    detail = cases(app).shown()
    assert detail is not None
    clip_id = next(m.id for m in detail.media if m.kind == "clip")
    panel.medium_box.setCurrentIndex(panel.medium_box.findData(clip_id))
    first = answered(qtbot, pub.previewed, pub.failed, panel.publish_button.click, RENDER)
    assert first == [0.0]
    dialog = pub.dialog
    assert isinstance(dialog, PublishDialog) and dialog.isVisible()
    assert dialog.kind == "clip" and dialog.duration == pytest.approx(3.0, abs=0.3)
    assert not dialog.canvas.picture.isNull()
    assert (dialog.canvas.picture.width(), dialog.canvas.picture.height()) == (320, 240)
    proposed = len(dialog.tracks())

    # A box of one's own, moved at 1.5 s; the preview again with it.
    added = dialog.add_box()
    dialog.set_time(1.5)
    canvas = dialog.canvas
    rect = canvas.to_widget(added.box_at(1.5) or (0, 0, 0, 0))
    start, end = rect.center().toPoint(), (rect.center() + QPointF(40, 0)).toPoint()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(canvas, left, none, start)
    QTest.mouseMove(canvas, end)
    QTest.mouseRelease(canvas, left, none, end)
    assert [k.t for k in added.keyframes] == [0.0, 1.5, pytest.approx(dialog.duration)]
    again = answered(qtbot, pub.previewed, pub.failed, dialog.preview_button.click, RENDER)
    assert again == [1.5]
    # The hub's frame is blurred inside the box, sharp (the test bars' edges) beside it.
    bx, by, bw, bh = added.box_at(1.5) or (0, 0, 0, 0)
    pixels = to_bgra(dialog.canvas.picture)[:, :, :3].astype(int)
    height, width = pixels.shape[:2]
    rows = pixels[round(by * height) + 4 : round((by + bh) * height) - 4]
    inside = rows[:, round(bx * width) + 4 : round((bx + bw) * width) - 4]
    assert np.abs(np.diff(inside, axis=1)).max() < 60
    assert np.abs(np.diff(rows, axis=1)).max() > 120
    dialog.grab().save(str(_shots() / "publish_dialog_live.png"))

    # Publish: recorded on the hub with the boxes, listed in the tab.
    dialog.note_edit.setText("Đăng trên ứng dụng thành phố")
    publication_id, status = answered(
        qtbot, pub.published, pub.failed, dialog.publish_button.click, RENDER
    )
    assert status == "ready"
    with w.http("ioc_pub") as http:
        out = http.get(f"/api/cases/{cid}/publications/{publication_id}").json()
    assert out["tracks"] == proposed + 1 and out["medium_id"] == clip_id
    assert out["note"] == "Đăng trên ứng dụng thành phố"
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 1, timeout=WAIT)
    line = panel.tree.topLevelItem(0)
    assert line is not None and line.text(6) == out["sha256"]
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=WAIT)  # closed, deleted
    app.window.resize(1400, 900)
    panel.window().grab().save(str(_shots() / "publications_tab.png"))


def _shots() -> Path:
    out = Path("/tmp/vwall-shots")
    out.mkdir(exist_ok=True)
    return out
