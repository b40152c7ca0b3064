"""A seeded stream of posts for the listening benches, with the mix a province's desk sees.

    stream(2000, seed=11) -> list[Post]  (Post.kind tells what each post was made as)

Originals are of four kinds; a share of the stream (`repost_share`, 30 % by default) are
reposts of earlier posts, as shares and copies on social media are:

- "library": a post of tests/data/listening (it repeats, denies or relates to a fact-check
  of the library), either as written or inside a frame ("Nghe nói ...", "... ở Việt Yên");
- "rumour": a claim about the epidemic that no fact-check covers (it starts narratives);
- "feedback": a question or a complaint (public concerns);
- "chatter": everyday posts and local news that share words with no fact-check.

Reposts copy an earlier post (60 % of them a "library" one): half exactly, half with a
tail such as " chia sẻ ngay" (which, on a short post, may fall under the near-duplicate
threshold: the pipeline then treats it as a new post). Texts other than "library" are composed from the word lists below, so
every figure can be reproduced; the bench prints what share the pipeline actually grouped
as near-duplicates and how many posts had a lexical candidate.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "listening"

PLACES = [
    "Việt Yên", "Hiệp Hòa", "Lạng Giang", "Tân Yên", "Yên Dũng", "Lục Nam", "Lục Ngạn",
    "Sơn Động", "Yên Thế", "thành phố Bắc Giang", "xã Hồng Thái", "xã Vân Trung",
    "xã Quang Châu", "thị trấn Nếnh", "xã Tăng Tiến", "xã Đình Trám", "phường Trần Phú",
]  # fmt: skip
TIMES = [
    "sáng nay", "chiều qua", "tối hôm qua", "hôm thứ hai", "từ tuần trước", "cuối tuần này",
    "ngày {d} tháng {m}", "từ ngày {d}/{m}", "đêm qua", "trưa nay",
]  # fmt: skip
WHO = ["Nhà tôi", "Bà con thôn Đông", "Mẹ tôi", "Công nhân khu trọ", "Cả xóm", "Chị hàng xóm",
       "Anh em công ty", "Gia đình em", "Hội phụ nữ thôn", "Các cháu học sinh"]  # fmt: skip
QUESTIONS = [
    "bao giờ thì được tiêm mũi hai", "lịch xét nghiệm đợt {n} ở đâu", "khi nào chợ mở lại",
    "giấy đi đường xin ở đâu", "F0 điều trị tại nhà cần chuẩn bị những gì",
    "tiền hỗ trợ lao động tự do bao giờ được nhận", "có phải khai báo y tế lại không",
    "người từ {p} về có phải cách ly không", "xe khách đi Hà Nội chạy lại chưa",
    "trẻ {n} tuổi đã được tiêm chưa", "đăng ký tiêm ở trạm y tế hay ở trường",
]  # fmt: skip
COMPLAINTS = [
    "Bức xúc vì {w} xếp hàng {n} tiếng ở điểm tiêm {p}",
    "Phản ánh: khu cách ly {p} thiếu nước sạch {t}",
    "{w} chưa nhận được tiền hỗ trợ dù đã nộp hồ sơ {t}",
    "Phản ánh chốt kiểm soát ở {p} làm việc chậm, ùn tắc {n} xe {t}",
    "Bức xúc vì giá rau ở chợ {p} tăng gấp {n} lần {t}",
]  # fmt: skip
RUMOURS = [
    "Nghe nói {p} sắp phong tỏa toàn bộ {t}, ai cần gì mua ngay",
    "Có người bảo khu công nghiệp ở {p} có thêm {n} ca mà chưa công bố",
    "Thấy bảo {t} sẽ cấm chợ ở {p} ba tuần liền",
    "Nghe tin {p} phát hiện chùm ca bệnh mới ở khu trọ công nhân {t}",
    "Người ta đồn {w} đi tiêm về bị sốt cao phải nhập viện ở {p}",
    "Có tin {p} sắp cho {n} nghìn công nhân nghỉ việc {t}",
]  # fmt: skip
CHATTER = [
    "{t} trời mưa to, đường về {p} ngập {n} phân",
    "{w} vừa thu hoạch vải thiều ở {p}, năm nay được mùa",
    "Đội bóng thôn {p} thắng giải giao hữu {t}",
    "{t} đường qua {p} đang sửa, đi vòng đường đê cho nhanh",
    "Quán phở đầu ngõ ở {p} làm nước dùng ngon, {n} nghìn một bát",
    "{w} đi đám cưới ở {p} {t}, cỗ có {n} mâm",
    "Trường ở {p} khai giảng muộn {n} ngày, các cháu ở nhà ôn bài",
    "Điện lực báo cắt điện ở {p} {t} để bảo dưỡng đường dây",
    "{w} trồng thêm {n} gốc bưởi ở vườn {p}",
    "Cầu mới bắc qua sông ở {p} sắp thông xe {t}",
]  # fmt: skip
FRAMES = ["Nghe nói {x}", "{x}, ở {p} ai cũng bàn tán", "Hàng xóm bảo {x}", "{x} ({p}, {t})"]
TAILS = ["", " !!!", " chia sẻ ngay", " mọi người ơi", " #covid", " share cho mọi người biết"]


@dataclass(frozen=True)
class Post:
    """One post of the stream: its id, text, and what it was made as."""

    id: str
    text: str
    kind: str  # library | rumour | feedback | chatter | repost


def _time(rng: random.Random) -> str:
    return rng.choice(TIMES).format(d=rng.randint(1, 28), m=rng.randint(5, 9))


def _fill(template: str, rng: random.Random) -> str:
    who = rng.choice(WHO)
    if not template.startswith("{w}"):
        who = who[0].lower() + who[1:]
    text = template.format(p=rng.choice(PLACES), t=_time(rng), w=who, n=rng.randint(2, 90))
    return text[0].upper() + text[1:]


def _library_texts() -> list[str]:
    lines = (DATA / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines]


def _original(kind: str, rng: random.Random, library: list[str]) -> str:
    if kind == "library":
        text = rng.choice(library)
        if rng.random() < 0.5:
            frame = rng.choice(FRAMES)
            text = frame.format(x=text, p=rng.choice(PLACES), t=_time(rng))
        return text
    if kind == "rumour":
        return _fill(rng.choice(RUMOURS), rng)
    if kind == "feedback":
        if rng.random() < 0.6:
            who = rng.choice(WHO)
            return f"{who} ở {rng.choice(PLACES)} muốn hỏi {_fill(rng.choice(QUESTIONS), rng)}?"
        return _fill(rng.choice(COMPLAINTS), rng)
    return _fill(rng.choice(CHATTER), rng)


MIX = {"library": 0.30, "rumour": 0.15, "feedback": 0.30, "chatter": 0.25}


def stream(count: int, *, seed: int = 11, repost_share: float = 0.30) -> list[Post]:
    """Return `count` posts: originals of the four kinds, and reposts of earlier ones."""
    rng = random.Random(seed)
    library = _library_texts()
    kinds, weights = list(MIX), list(MIX.values())
    out: list[Post] = []
    originals: dict[str, list[str]] = {k: [] for k in kinds}
    for n in range(count):
        if out and rng.random() < repost_share:
            pool = originals["library"] if rng.random() < 0.6 else [p.text for p in out]
            # Half are the same text shared again, half a copy with a few words added.
            tail = rng.choice(TAILS[1:]) if rng.random() < 0.5 else ""
            text = rng.choice(pool or [p.text for p in out]) + tail
            out.append(Post(f"s{n}", text, "repost"))
            continue
        kind = rng.choices(kinds, weights)[0]
        text = _original(kind, rng, library)
        originals[kind].append(text)
        out.append(Post(f"s{n}", text, kind))
    return out


def fresh_messages(count: int, *, seed: int = 99) -> list[str]:
    """Return tipline-like messages not in `stream` (a new seed): questions and claims."""
    rng = random.Random(seed)
    library = _library_texts()
    out = []
    for n in range(count):
        kind = ("library", "feedback", "rumour")[n % 3]
        out.append(f"{_original(kind, rng, library)} (tin nhắn {n})")
    return out
