# SPDX-License-Identifier: GPL-3.0-or-later
"""The summary PDF of an evidence package, in Vietnamese (fpdf2 with DejaVu Sans, which
has every Vietnamese letter): the case, the package, its files with their SHA-256, the
chain of custody in short, the hub's key fingerprint, how it is time-stamped, and a QR
code of the package's content digest (what ``vwall-verify`` recomputes)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import segno
from fpdf import FPDF

from hub.evidence.render import FONT, FONT_BOLD, FONT_MONO
from hub.profiles.working_days import VN_TZ

# The words of the console's case labels (i18n/vwall_vi.ts, widgets/case_labels.py).
VIOLATION_VI = {
    "red_light": "Vượt đèn đỏ",
    "wrong_lane": "Đi sai làn đường",
    "illegal_stopping_parking": "Dừng, đỗ xe trái phép",
    "speeding": "Chạy quá tốc độ",
    "littering_dumping": "Xả rác, đổ chất thải trái phép",
    "urban_order": "Trật tự đô thị",
    "other": "Khác",
}
KIND_VI = {"clip": "Đoạn video", "snapshot": "Ảnh chụp"}
TITLE = "GÓI CHỨNG CỨ VỤ VIỆC VI PHẠM"


def local_time(moment: datetime) -> str:
    """``dd/MM/yyyy HH:mm:ss`` in Asia/Ho_Chi_Minh (the glossary's date form)."""
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M:%S")


@dataclass(frozen=True)
class SummaryFacts:
    """What the summary says."""

    package_number: str
    case: dict[str, Any]  # case.json's "case"
    unit_name: str
    created_at: datetime
    requested_by: str
    approved_by: str | None
    raw: bool
    purpose: str
    files: Sequence[dict[str, Any]]  # manifest entries (path, sha256, size), no summary
    content_sha256: str
    fingerprint: str
    timestamp_kind: str  # "hub-signed" or "rfc3161"
    tsa_url: str | None
    custody: Sequence[dict[str, Any]]


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 6, f"Trang {self.page_no()}/{{nb}}", align="C")


def _row(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(55, 6, label)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, value or "—", new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")


def _qr_png(data: str) -> io.BytesIO:
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="png", scale=4, border=2)
    out.seek(0)
    return out


def summary_pdf(facts: SummaryFacts) -> bytes:
    """The PDF's bytes."""
    pdf = _Pdf(format="A4")
    pdf.set_creation_date(facts.created_at)
    pdf.set_title(f"{TITLE} {facts.case.get('number', '')}")
    pdf.set_author("vwall hub")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.add_font("DejaVuMono", "", str(FONT_MONO))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 10, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, f"Mã gói: {facts.package_number}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.image(
        _qr_png(f"vwall-evidence:{facts.package_number}:{facts.content_sha256}"),
        x=pdf.w - pdf.r_margin - 32,
        y=10,
        w=32,
    )

    case = facts.case
    _heading(pdf, "1. Vụ việc")
    _row(pdf, "Số vụ việc:", str(case.get("number", "")))
    violation = str(case.get("violation_type", ""))
    _row(pdf, "Loại vi phạm:", VIOLATION_VI.get(violation, violation))
    _row(pdf, "Địa điểm:", str(case.get("place", "")))
    _row(pdf, "Biển số:", str(case.get("plate") or ""))
    _row(pdf, "Phương tiện:", str(case.get("vehicle_type") or ""))
    detected = case.get("detected_at")
    _row(pdf, "Phát hiện lúc:", local_time(datetime.fromisoformat(detected)) if detected else "")
    _row(pdf, "Đơn vị vận hành:", facts.unit_name)
    _row(pdf, "Mô tả:", str(case.get("description") or ""))

    _heading(pdf, "2. Gói chứng cứ")
    _row(pdf, "Lập lúc:", local_time(facts.created_at))
    _row(pdf, "Người yêu cầu:", facts.requested_by)
    _row(pdf, "Người phê duyệt:", facts.approved_by or "Không cần phê duyệt thứ hai")
    _row(pdf, "Mục đích:", facts.purpose)
    _row(
        pdf,
        "Dữ liệu gốc:",
        "Có — tệp gốc nguyên vẹn trong thư mục original/"
        if facts.raw
        else "Không — chỉ bản sao có dấu nhận diện (watermark)",
    )
    _row(pdf, "Khóa công khai của hub:", facts.fingerprint)
    if facts.timestamp_kind == "rfc3161":
        stamp = f"Dấu thời gian RFC 3161 của đơn vị cấp dấu thời gian ({facts.tsa_url or ''})"
    else:
        stamp = "Thời gian do hub tự ký (chưa cấu hình đơn vị cung cấp dịch vụ cấp dấu thời gian)"
    _row(pdf, "Dấu thời gian:", stamp)
    _row(pdf, "Mã băm nội dung:", facts.content_sha256)

    _heading(pdf, "3. Danh sách tệp (SHA-256)")
    for entry in facts.files:
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(
            0,
            5,
            f"{entry['path']} — {entry['size']:,} byte".replace(",", "."),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("DejaVuMono", "", 8)
        pdf.cell(0, 4, str(entry["sha256"]), new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, "4. Chuỗi lưu giữ chứng cứ")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(
        0,
        5,
        f"{len(facts.custody)} lượt truy cập, chuyển giao dữ liệu của vụ việc theo nhật ký "
        "hệ thống (chi tiết trong custody.json):",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for item in facts.custody:
        when = local_time(datetime.fromisoformat(str(item["time"])))
        pdf.multi_cell(
            0,
            5,
            f"{when}  {item.get('actor') or '—'}  {item['action']} ({item['outcome']})",
            new_x="LMARGIN",
            new_y="NEXT",
        )

    _heading(pdf, "5. Kiểm tra")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(
        0,
        5,
        "Kiểm tra gói không cần kết nối tới hệ thống: vwall-verify <gói> "
        f"--trusted-key {facts.fingerprint}. Lệnh kiểm tra mã băm của từng tệp, chữ ký số "
        "của hub trên manifest.json và dấu thời gian.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
