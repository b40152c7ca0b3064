"""Near-duplicates, topics and kinds, narratives, spikes, response cards, feeds and tipline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from loa.errors import DocumentError, InputError
from loa.listening import response as flow
from loa.listening.alerts import AlertRule, detect_spike, upper_limit
from loa.listening.claimreview import Verdict
from loa.listening.dedupe import NearDuplicates
from loa.listening.feeds import FakeHttp, FeedState, HttpResponse, items_from_records, poll_feed
from loa.listening.kinds import Kind, classify
from loa.listening.narratives import NarrativeIndex
from loa.listening.places import Place, PlaceFinder
from loa.listening.tipline import ReplyAddress, parse_tipline, seal, unseal
from loa.listening.topics import Topic, topic_of

AT = datetime(2021, 5, 20, 8, tzinfo=UTC)


def test_a_shared_copy_without_diacritics_joins_the_original_group() -> None:
    index = NearDuplicates()
    first = index.add(
        "1", "Khẩn cấp! Tiêm vắc xin Astra gây vô sinh ở phụ nữ, chia sẻ ngay cho mọi người"
    )
    copy = index.add(
        "2", "khan cap tiem vac xin astra gay vo sinh o phu nu, chia se ngay cho moi nguoi nhe"
    )
    other = index.add("3", "Giá rau ở chợ Lục Ngạn tăng gấp ba lần trong tuần này")
    assert (first.is_new, copy.group, copy.is_new, other.group) == (True, "1", False, "3")


def test_topics_and_kinds_survive_missing_diacritics() -> None:
    assert (
        topic_of("tiem vac xin gay vo sinh")
        is topic_of("Tiêm vắc xin gây vô sinh")
        is Topic.VACCINES
    )
    assert topic_of("Phong tỏa toàn huyện từ mai") is Topic.LOCKDOWN
    assert classify("Cho hỏi bao giờ được tiêm mũi 2").kind is Kind.QUESTION
    assert classify("sao mai chua nhan duoc tien ho tro, buc xuc qua").kind is Kind.COMPLAINT
    assert classify("Uống nước muối chữa khỏi covid").kind is Kind.CLAIM


def test_a_post_close_to_a_narrative_joins_it_and_a_distant_one_starts_another() -> None:
    index = NarrativeIndex(threshold=0.9)
    a = index.place("a", np.array([1.0, 0.0, 0.0]))
    b = index.place("b", np.array([0.99, 0.1, 0.0]))
    c = index.place("c", np.array([0.0, 1.0, 0.0]))
    assert (a.is_new, b.narrative_id == a.narrative_id, c.is_new) == (True, True, True)


def test_districts_and_communes_are_found_in_text_without_diacritics() -> None:
    finder = PlaceFinder(
        [Place("222", "Việt Yên", "district", "24"), Place("07783", "Hồng Thái", "commune", "222")]
    )
    district, commune = finder.find("cho hoi xa hong thai bao gio tiem")
    assert (district and district.code, commune and commune.code) == ("222", "07783")
    assert finder.find("dân viet yen đi chợ")[0] == Place("222", "Việt Yên", "district", "24")


def test_a_rise_above_the_prediction_interval_alerts_once() -> None:
    day = date(2021, 5, 20)
    counts = {day - timedelta(days=i): 3 + i % 2 for i in range(1, 8)} | {day: 30}
    spike = detect_spike(counts, day)
    assert spike is not None and spike.observed == 30 and spike.upper < 30
    counts[day + timedelta(days=1)] = 40
    assert detect_spike(counts, day + timedelta(days=1), past_alerts=[day]) is None


def test_a_past_spike_in_the_baseline_is_down_weighted() -> None:
    history = [10, 11, 9, 10, 80, 10, 11]
    _, upper, weights = upper_limit(history, AlertRule())
    _, upper_plain, _ = upper_limit([10, 11, 9, 10, 10, 10, 11], AlertRule())
    assert weights[4] < 0.5 and upper < 80
    assert upper > upper_plain  # still some memory of the spike, not none


def test_few_posts_never_alert() -> None:
    day = date(2021, 5, 20)
    assert detect_spike({day: 3}, day, rule=AlertRule(min_count=5)) is None


def _drafted() -> flow.Card:
    card = flow.Card(1, 7, "Tiêm vắc xin gây vô sinh", first_seen=AT)
    card = flow.assign(card, team="Tổ PƯN", actor="an", at=AT)
    card = flow.attach_evidence(
        card, source="Bộ Y tế, CV 123/BYT-DP", note="không có bằng chứng", actor="an", at=AT
    )
    return flow.draft(
        card, truth="vắc xin không ảnh hưởng khả năng sinh sản", actor="an", at=AT,
        verdict=Verdict.FALSE,
    )  # fmt: skip


def test_the_correction_follows_the_province_form() -> None:
    assert _drafted().correction == (
        "Thông tin “Tiêm vắc xin gây vô sinh” là sai sự thật. Sự thật là vắc xin không ảnh "
        "hưởng khả năng sinh sản. Nguồn: Bộ Y tế, CV 123/BYT-DP."
    )


def test_the_drafter_cannot_approve_and_a_second_person_can() -> None:
    with pytest.raises(InputError):
        flow.approve(_drafted(), actor="an", at=AT)
    approved = flow.approve(_drafted(), actor="binh", at=AT)
    published = flow.publish(approved, actor="binh", at=AT + timedelta(hours=5))
    assert flow.time_to_correction(published) == timedelta(hours=5)
    with pytest.raises(InputError):
        flow.attach_evidence(published, source="x", note="", actor="an", at=AT)


def test_no_draft_without_evidence() -> None:
    card = flow.assign(flow.Card(1, None, "x"), team="t", actor="an", at=AT)
    with pytest.raises(InputError):
        flow.draft(card, truth="y", actor="an", at=AT, verdict=Verdict.UNPROVEN)


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid>g1</guid><link>https://bao.example.vn/a</link><title>Tin đồn tiêm vắc xin gây vô sinh</title>
<description>&lt;p&gt;Người dân hoang mang vì tin đồn.&lt;/p&gt;</description>
<pubDate>Thu, 20 May 2021 08:00:00 +0700</pubDate></item></channel></rss>""".encode()


def test_a_feed_is_read_once_then_answered_304_with_its_etag() -> None:
    http = FakeHttp({"https://f/rss": HttpResponse(200, {"etag": '"v1"'}, RSS)})
    first = poll_feed(http, FeedState("https://f/rss"))
    second = poll_feed(http, first.state)
    assert first.changed and first.records[0]["id"] == "g1"
    assert (second.changed, second.records) == (False, [])
    assert http.requests[1][1] == {"If-None-Match": '"v1"'}
    items = items_from_records(first.records, salt="s").items
    assert items[0].text.startswith("Tin đồn tiêm vắc xin gây vô sinh Người dân hoang mang")


def test_a_broken_feed_is_a_clear_error() -> None:
    http = FakeHttp({"https://f/rss": HttpResponse(200, {}, b"<html><body>")})
    with pytest.raises(DocumentError):
        poll_feed(http, FeedState("https://f/rss"))


def test_zalo_text_events_become_messages_and_other_events_are_ignored() -> None:
    message = parse_tipline(
        {"event_name": "user_send_text", "sender": {"id": "u1"}, "recipient": {"id": "oa"},
         "message": {"msg_id": "m1", "text": "tiem vac xin gay vo sinh"}, "timestamp": "1621470000000"}
    )  # fmt: skip
    assert message is not None and message.reply == ReplyAddress("zalo", "u1")
    assert message.record["text"] == "tiem vac xin gay vo sinh"
    assert parse_tipline({"event_name": "follow", "follower": {"id": "u1"}}) is None
    with pytest.raises(InputError):
        parse_tipline({"channel": "sms"})


def test_a_sealed_address_opens_only_with_the_same_salt() -> None:
    token = seal(ReplyAddress("sms", "0912345678"), "pepper")
    assert "0912345678" not in token
    assert unseal(token, "pepper") == ReplyAddress("sms", "0912345678")
    assert unseal(token, "salt") is None
