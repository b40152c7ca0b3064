"""Words for the codes Loa stores: a label for every value a person sees, and local times.

The store keeps short codes ("todo", "imported", "match", "portal-feed"); a page shows their
Vietnamese label (a msgid, so English comes from the catalog). Times are stored in UTC and
shown in Asia/Ho_Chi_Minh, to the minute. Templates call `label(kind, code)` and
`value | vtime(lang)`; `tests/browser/test_plain_words.py` crawls the desk for leaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from loa.formatting import format_date, format_number
from loa.situation.level_reasons import rules_title
from loa.situation.reconcile import SOURCE_LABELS, source_label
from loa.web.i18n import N_

__all__ = [
    "FIELDS",
    "LABELS",
    "LOCAL_ZONE",
    "audit_values",
    "humanise",
    "item_label",
    "label",
    "local_time",
    "plain",
    "rules_title",
]

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


_ARTICLE = N_("Điều")
_ITEM = N_("Mục")


def item_label(item_no: str, gettext: Callable[[str], str]) -> str:
    """Return how a task's place in its document reads: "Mục 2", or "Điều 3" (not "Mục Điều 3")."""
    article = re.match(r"Điều\s+(\S+)$", item_no or "")
    if article:
        return f"{gettext(_ARTICLE)} {article.group(1)}"
    return f"{gettext(_ITEM)} {item_no}"


LABELS: dict[str, dict[str, str]] = {
    "task_status": {
        "todo": N_("chưa làm"),
        "doing": N_("đang làm"),
        "done": N_("đã xong"),
        "blocked": N_("vướng mắc"),
    },
    "import_status": {
        "imported": N_("đã nhập"),
        "partial": N_("nhập một phần"),
        "rejected": N_("bị từ chối"),
    },
    "import_kind": {
        "announced": N_("ca bệnh theo xã"),
        "daily": N_("ca bệnh hằng ngày"),
        "portal_series": N_("chuỗi ca bệnh toàn tỉnh"),
        "vaccination": N_("tiêm chủng"),
        "capacity": N_("năng lực điều trị"),
    },
    "bulletin_state": {
        "draft": N_("bản nháp"),
        "approved": N_("đã duyệt"),
        "published": N_("đã phát hành"),
        "corrected": N_("đã đính chính"),
    },
    "bulletin_kind": {
        "press": N_("thông cáo báo chí"),
        "portal": N_("bài cổng thông tin"),
        "radio": N_("bài phát thanh"),
    },
    "card_state": {
        "open": N_("mới mở"),
        "assigned": N_("đã giao"),
        "drafted": N_("đã soạn"),
        "approved": N_("đã duyệt"),
        "published": N_("đã phát hành"),
    },
    "text_kind": {
        "claim": N_("Tin cần kiểm chứng"),
        "opinion": N_("Ý kiến, nhận xét"),
        "complaint": N_("Phản ánh"),
        "question": N_("Câu hỏi"),
        "other": N_("Khác"),
    },
    "card_step": {
        "relabel": N_("đổi loại tin"),
        "assign": N_("giao cho"),
        "evidence": N_("thêm bằng chứng"),
        "draft": N_("soạn đính chính"),
        "approve": N_("duyệt đính chính"),
        "reject": N_("trả lại đính chính"),
        "publish": N_("phát hành đính chính"),
    },
    "verdict": {
        "match": N_("khớp"),
        "related": N_("liên quan"),
        "none": N_("không khớp"),
    },
    "audience": {
        "general": N_("người dân nói chung"),
        "elderly": N_("người cao tuổi"),
        "schools": N_("trường học"),
        "workers": N_("công nhân"),
        "hospitals": N_("bệnh viện"),
        "markets": N_("chợ"),
    },
    "topic": {
        "5k": N_("5K"),
        "help": N_("số điện thoại hỗ trợ"),
        "home_isolation": N_("cách ly tại nhà"),
        "level": N_("cấp độ dịch"),
        "on_the_spot": N_("bốn tại chỗ"),
        "testing": N_("xét nghiệm"),
        "vaccination": N_("tiêm chủng"),
    },
    "channel": {
        "portal-feed": N_("cổng thông tin điện tử"),
        "press-folder": N_("thư mục gửi báo chí"),
        "radio-drop": N_("thư mục đài truyền thanh xã"),
        "webhook": N_("địa chỉ nhận tin (webhook)"),
    },
    "delivery": {
        "sent": N_("đã gửi"),
        "published": N_("đã đăng"),
        "skipped": N_("bỏ qua (không dành cho kênh này)"),
        "rate_limited": N_("tạm dừng (gửi quá nhiều)"),
        "failed": N_("lỗi"),
    },
    "role": {
        "admin": N_("quản trị tỉnh"),
        "comms": N_("cán bộ truyền thông"),
        "data": N_("cán bộ số liệu"),
        "rapid": N_("tổ phản ứng nhanh"),
        "reporter": N_("báo cáo viên cơ quan"),
        "viewer": N_("người xem"),
    },
    "event": {
        "task.created": N_("tạo nhiệm vụ"),
        "task.status": N_("đổi trạng thái nhiệm vụ"),
        "task.updated": N_("cập nhật nhiệm vụ"),
        "task.reassigned": N_("giao lại nhiệm vụ"),
        "task.deadline": N_("đặt hạn nhiệm vụ"),
        "task.merged": N_("gộp nhiệm vụ"),
        "task.split": N_("tách nhiệm vụ"),
        "task.reminder": N_("nhắc hạn nhiệm vụ"),
        "directive.imported": N_("nhập văn bản"),
        "situation.imported": N_("nhập số liệu"),
        "population.imported": N_("nhập số dân"),
        "directory.loaded": N_("nạp danh mục hành chính"),
        "geometry.imported": N_("nhập ranh giới"),
        "factchecks.imported": N_("nhập tin đã kiểm chứng"),
        "organisation.created": N_("thêm tổ chức"),
        "organisation.updated": N_("sửa tổ chức"),
        "user.created": N_("thêm người dùng"),
        "user.role": N_("đổi vai trò"),
        "user.password": N_("đổi mật khẩu"),
        "token.created": N_("cấp mã truy cập"),
        "token.revoked": N_("thu hồi mã truy cập"),
        "bulletin.drafted": N_("soạn bản tin"),
        "bulletin.approved": N_("duyệt bản tin"),
        "bulletin.published": N_("phát hành bản tin"),
        "bulletin.corrected": N_("đính chính bản tin"),
        "bulletin.audio_made": N_("làm âm thanh cho xã"),
        "situation.conflict_resolved": N_("chọn nguồn khi số liệu vênh nhau"),
        "listen.item.reclassified": N_("phân loại lại tin dư luận"),
        "card.published": N_("phát hành đính chính"),
        "card.opened": N_("mở thẻ phản ứng nhanh"),
        "card.assigned": N_("giao thẻ"),
        "card.evidence": N_("thêm bằng chứng"),
        "card.drafted": N_("soạn đính chính"),
        "card.approved": N_("duyệt đính chính"),
        "card.rejected": N_("trả lại đính chính"),
        "card.closed": N_("đóng thẻ: không phải tin cần kiểm chứng"),
        "session.ended": N_("kết thúc phiên đăng nhập"),
        "listening.ingested": N_("nhận tin dư luận"),
        "listening.purged": N_("xóa tin dư luận hết hạn"),
        "narrative.alert": N_("cảnh báo câu chuyện tăng"),
        "job.submitted": N_("gửi việc chạy nền"),
        "job.succeeded": N_("việc chạy nền xong"),
        "job.failed": N_("việc chạy nền lỗi"),
        "job.retried": N_("chạy lại việc nền"),
    },
    "subject": {
        "task": N_("nhiệm vụ"),
        "listening": N_("dư luận"),
        "directive": N_("văn bản"),
        "import": N_("lần nhập"),
        "situation_import": N_("lần nhập số liệu"),
        "population": N_("số dân"),
        "directory": N_("danh mục hành chính"),
        "figure": N_("số liệu"),
        "listen_item": N_("tin dư luận"),
        "organisation": N_("tổ chức"),
        "user": N_("người dùng"),
        "token": N_("mã truy cập"),
        "bulletin": N_("bản tin"),
        "card": N_("thẻ phản ứng nhanh"),
        "narrative": N_("câu chuyện"),
        "job": N_("việc chạy nền"),
        "session": N_("phiên đăng nhập"),
        "geometry": N_("ranh giới"),
        "factchecks": N_("tin đã kiểm chứng"),
    },
}

# Field names that events keep in their before/after states, as the audit log shows them.
FIELDS: dict[str, str] = {
    "status": N_("trạng thái"),
    "deadline": N_("hạn"),
    "org_id": N_("tổ chức"),
    "assignee": N_("đơn vị"),
    "metrics": N_("chỉ số kết quả"),
    "note": N_("ghi chú"),
    "filename": N_("tệp"),
    "kind": N_("loại"),
    "rows": N_("số dòng"),
    "number_symbol": N_("số, ký hiệu"),
    "tasks": N_("số nhiệm vụ"),
    "role": N_("vai trò"),
    "name": N_("tên"),
    "login": N_("tên đăng nhập"),
    "version": N_("phiên bản"),
    "stored": N_("số bản ghi"),
    "estimated": N_("số ước tính"),
    "added": N_("số mục mới"),
    "item_no": N_("mục"),
    "directive_id": N_("văn bản"),
    "text": N_("nội dung"),
    "state": N_("trạng thái"),
    "day": N_("ngày"),
    "observed": N_("số tin"),
    "expected": N_("dự kiến"),
    "upper": N_("ngưỡng"),
    "baseline": N_("các ngày trước"),
    "weights": N_("trọng số"),
    "duplicates": N_("trùng lặp"),
    "matched": N_("khớp tin đã kiểm chứng"),
    "feedback": N_("câu hỏi, phản ánh"),
    "narratives_new": N_("câu chuyện mới"),
    "errors": N_("lỗi"),
    "factcheck_id": N_("tin đính chính"),
    "deliveries": N_("kênh"),
    "channel": N_("kênh"),
    "replies_sent": N_("trả lời đã gửi"),
    "replies_failed": N_("trả lời lỗi"),
    "replaced": N_("số mục thay thế"),
    "source": N_("nguồn số liệu"),
    "split_from": N_("tách từ nhiệm vụ"),
    "parts": N_("các phần (số nhiệm vụ)"),
    "merged": N_("đã gộp các nhiệm vụ"),
    "merged_into": N_("gộp vào nhiệm vụ"),
    "active": N_("đang dùng"),
    "aliases": N_("tên gọi khác"),
    "changed": N_("số dòng thay đổi"),
    "level": N_("cấp"),
    "members": N_("thành viên"),
    "parent_id": N_("tổ chức cấp trên"),
    "previous_version_id": N_("thay cho văn bản"),
    "short_name": N_("tên viết tắt"),
    "unit_code": N_("mã đơn vị hành chính"),
    "units": N_("số đơn vị hành chính"),
    "series": N_("chuỗi phiên bản"),
    "duration_s": N_("thời lượng (giây)"),
    "all": N_("số phiên đã kết thúc"),
    "session": N_("phiên đăng nhập"),
    "asked": N_("là câu hỏi"),
    "chosen": N_("nguồn đã chọn"),
    "values": N_("số liệu các nguồn"),
    "label": N_("tên nguồn"),
    "cutoff": N_("xóa tin trước"),
    "items": N_("số tin"),
    "replies": N_("số trả lời"),
    "due": N_("sắp đến hạn"),
    "overdue": N_("quá hạn"),
    "run": N_("lượt chạy"),
    "error": N_("lỗi"),
    "prefix": N_("đầu mã truy cập"),
    "revoked": N_("đã thu hồi"),
    "unknown": N_("số ranh giới không khớp mã"),
    "warnings": N_("số cảnh báo"),
    "user": N_("người dùng"),
}

# Which label kind a field's value takes, where the value is a code.
_FIELD_KINDS = {
    "status": ("task_status", "import_status", "bulletin_state", "delivery"),
    "state": ("card_state", "bulletin_state"),
    "channel": ("channel",),
    "role": ("role",),
    "kind": ("import_kind", "bulletin_kind"),
}

_WORD_JOINS = re.compile(r"[_.]+")


def humanise(code: str) -> str:
    """Return a code with its joins as spaces: the last resort for a code without a label."""
    return _WORD_JOINS.sub(" ", code).strip()


def label(kind: str, code: object, gettext: Callable[[str], str] | None = None) -> str:
    """Return the label of `code` among the values of `kind`, translated by `gettext`."""
    text = str(code) if code is not None else ""
    found = LABELS.get(kind, {}).get(text)
    if found is None:
        return humanise(text)
    return gettext(found) if gettext else found


def local_time(moment: datetime | str | None, lang: str = "vi") -> str:
    """Return a stored time in Vietnam's time to the minute: '22:08, ngày 04 tháng 12 năm 2026'."""
    if moment is None or moment == "":
        return "–"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    local = aware.astimezone(LOCAL_ZONE)
    return f"{local:%H:%M}, {format_date(local.date(), lang)}"


def _value(
    field: str,
    value: Any,
    lang: str,
    gettext: Callable[[str], str],
    names: Mapping[str, str] | None = None,
) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return gettext(N_("có")) if value else gettext(N_("không"))
    if isinstance(value, int | float):
        return format_number(value, 0 if float(value).is_integer() else 1, lang)
    if isinstance(value, Mapping) and field == "deliveries":
        return "; ".join(
            f"{label('channel', k, gettext)}: {label('delivery', v, gettext)}"
            for k, v in value.items()
        )
    if isinstance(value, Mapping):
        inner = [
            f"{humanise(str(k))}: {_value(str(k), v, lang, gettext)}" for k, v in value.items()
        ]
        return "; ".join(inner) if inner else "–"
    if isinstance(value, list | tuple):
        return ", ".join(_value(field, v, lang, gettext, names) for v in value) or "–"
    text = str(value)
    channel, _, status = text.partition(": ")
    if field == "deliveries" and status:
        return f"{label('channel', channel, gettext)}: {label('delivery', status, gettext)}"
    if names and text in names:
        return names[text]
    if field == "source" and text in SOURCE_LABELS:
        return source_label(text, lang)
    for kind in _FIELD_KINDS.get(field, ()):
        if text in LABELS[kind]:
            return label(kind, text, gettext)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return format_date(date.fromisoformat(text), lang)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+(?:[+-]\d{2}:\d{2}|Z)?", text):
        return local_time(datetime.fromisoformat(text.replace("Z", "+00:00")), lang)
    return text


def plain(value: object, lang: str = "vi") -> str:
    """Return a stored value for a person: a figure in the language's number format ('58,8'),
    a day as dates are written ('ngày 25 tháng 5 năm 2021'), counts per level as 'cấp 1: 205'.

    Text is shown as it is: what Loa writes (a figure's provenance) is written for a person
    where it is made, never rewritten here.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, 0 if float(value).is_integer() else 1, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, Mapping):
        level = "cấp" if lang == "vi" else "level"
        parts = [
            f"{level + ' ' if str(k).isdigit() else ''}{k}: {plain(v, lang)}"
            for k, v in value.items()
        ]
        return "; ".join(parts)
    text = str(value)
    try:  # a stored day, '2021-05-25', as a whole value
        return format_date(date.fromisoformat(text), lang) if len(text) == 10 else text
    except ValueError:
        return text


# Values a person copies as they are (an API token's random prefix, "loa_u0yz_8"): shown as
# code, apart from the words to read.
_VERBATIM_FIELDS = frozenset(["prefix"])


def audit_values(
    state: Mapping[str, Any] | None,
    lang: str,
    gettext: Callable[[str], str],
    names: Mapping[str, str] | None = None,
) -> list[tuple[str, str, bool]]:
    """Return an event's before or after state as (field label, readable value, verbatim).

    `names` gives the name of an organisation or unit code found among the values; a verbatim
    value is an identifier to show as code.
    """
    if not state:
        return []
    out = []
    for key, value in state.items():
        name = FIELDS.get(key)
        shown = gettext(name) if name else humanise(key)
        out.append((shown, _value(key, value, lang, gettext, names), key in _VERBATIM_FIELDS))
    return out
