# SPDX-License-Identifier: GPL-3.0-or-later
"""The procedure (checklist) of each incident category, as data on the hub.

Each step has a stable ``key`` (what a tick names) and its text in Vietnamese and
English; the console shows the text of its language. Articles: DH 8, YB 8 (the incident
procedure of the operating unit's duty desk), TN 11.5 (security incident, data leak:
contain, record the technical state, notify in writing within 72 h), HCM 10.4 and TN 9.4
(abuse reported at once), TN 15 (faults repaired in time).
"""

from __future__ import annotations

from hub.incidents.contracts import IncidentCategory

Step = tuple[str, str, str]  # key, Vietnamese, English

_EVENT: list[Step] = [
    ("verify", "Xác minh sự kiện trên hình ảnh trực tiếp", "Verify the event on live video"),
    ("record", "Ghi nhận thời điểm và hình ảnh liên quan", "Record the time and the images"),
    ("notify", "Thông báo lực lượng chức năng nếu cần", "Notify the competent force if needed"),
]

PROCEDURES: dict[IncidentCategory, list[Step]] = {
    IncidentCategory.FAULT: [
        ("confirm", "Xác nhận camera/thiết bị mất kết nối hoặc lỗi", "Confirm the fault"),
        (
            "notify_duty",
            "Báo bộ phận trực của đơn vị vận hành (DH 8.1, YB 8.1)",
            "Report to the operating unit's duty desk (DH 8.1, YB 8.1)",
        ),
        ("repair", "Khắc phục sự cố và ghi nhận cách khắc phục", "Repair and record how"),
        ("verify_online", "Kiểm tra camera hoạt động trở lại", "Check the camera works again"),
    ],
    IncidentCategory.SECURITY_INCIDENT: [
        ("contain", "Khoanh vùng, ngăn chặn sự cố", "Contain the incident"),
        (
            "record_state",
            "Ghi nhận hiện trạng kỹ thuật (nhật ký, cấu hình)",
            "Record the technical state (logs, configuration)",
        ),
        (
            "notify_police",
            "Thông báo bằng văn bản cho cơ quan công an trong 72 giờ (TN 11.5)",
            "Notify the police in writing within 72 hours (TN 11.5)",
        ),
        ("remediate", "Khắc phục và đánh giá lại", "Remediate and review"),
    ],
    IncidentCategory.DATA_LEAK: [
        ("contain", "Ngăn chặn việc lộ lọt dữ liệu", "Stop the leak"),
        ("record_state", "Ghi nhận hiện trạng kỹ thuật", "Record the technical state"),
        (
            "notify_police",
            "Thông báo bằng văn bản cho cơ quan công an trong 72 giờ (TN 11.5)",
            "Notify the police in writing within 72 hours (TN 11.5)",
        ),
        (
            "notify_subjects",
            "Thông báo chủ thể dữ liệu bằng văn bản trong 72 giờ (TN 11.5)",
            "Notify the data subjects in writing within 72 hours (TN 11.5)",
        ),
    ],
    IncidentCategory.ABUSE: [
        (
            "report_leader",
            "Báo cáo ngay lãnh đạo đơn vị (HCM 10.4, TN 9.4)",
            "Report to the unit's leader at once (HCM 10.4, TN 9.4)",
        ),
        ("suspend", "Tạm khóa tài khoản liên quan nếu cần", "Suspend the account if needed"),
        ("review_audit", "Rà soát nhật ký hệ thống", "Review the audit trail"),
    ],
    IncidentCategory.VIOLATION: _EVENT,
    IncidentCategory.INTRUSION: _EVENT,
    IncidentCategory.TAMPERING: [
        ("verify", "Kiểm tra hình ảnh camera (che, xoay, phá)", "Check the picture"),
        ("dispatch", "Cử lực lượng kiểm tra hiện trường", "Send someone to the site"),
        ("record", "Ghi nhận kết quả", "Record the outcome"),
    ],
    IncidentCategory.MOTION: _EVENT[:2],
    IncidentCategory.OTHER: _EVENT[:2],
}


def steps_of(category: IncidentCategory) -> list[Step]:
    """The procedure of ``category``."""
    return PROCEDURES.get(category, [])
