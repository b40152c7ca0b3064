"""The names of Vietnam's public bodies, so that a duty's subject ends where the name does.

A duty's subject is read up to its verb (vocabulary.DUTY_VERBS), but the verbs of real
dispatches are many ("Sở Văn hóa, Thể thao và Du lịch tạm dừng ...", "Sở Giao thông vận tải
kiểm soát ...") and some names hold a verb of their own ("Bộ Kế hoạch và Đầu tư", "Trung tâm
Kiểm soát bệnh tật"). The bodies themselves are few and fixed by law: the ministries and
agencies of the Government, the departments of a province and the offices of a district, the
Party's committees and boards, the Fatherland Front and its organisations, the courts, the
procuracies and the branches of central agencies in a province. Their names, as the structure
of 2021-2026 gives them (old and new names both: a 2021 dispatch names "Sở Thông tin và Truyền
thông", a 2025 one "Sở Khoa học và Công nghệ" for the same duties), are listed here.

`known_name(keys, k)` returns how many words of a name start at word `k` (with the title of
the body's head before it: "Giám đốc Sở Y tế", "Thủ trưởng" alone is no name); `qualifier(keys, k)`
how many words of the place or level after it ("tỉnh", "các huyện, thị xã, thành phố", "cấp
xã", "trực thuộc Trung ương"). Words are fold()ed and stripped of punctuation, as agencies.py
reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from loa.text import fold

__all__ = ["known_name", "qualifier", "title_of_head"]

_NAMES = """
# The Government, its ministries and ministry-level agencies (2021 and 2025 structures).
Chính phủ
Thủ tướng Chính phủ
Văn phòng Chính phủ
Thanh tra Chính phủ
Bộ Công an
Bộ Quốc phòng
Bộ Ngoại giao
Bộ Nội vụ
Bộ Tư pháp
Bộ Kế hoạch và Đầu tư
Bộ Tài chính
Bộ Công Thương
Bộ Công thương
Bộ Nông nghiệp và Phát triển nông thôn
Bộ Nông nghiệp và Môi trường
Bộ Giao thông vận tải
Bộ Xây dựng
Bộ Tài nguyên và Môi trường
Bộ Thông tin và Truyền thông
Bộ Lao động - Thương binh và Xã hội
Bộ Lao động, Thương binh và Xã hội
Bộ Văn hóa, Thể thao và Du lịch
Bộ Khoa học và Công nghệ
Bộ Giáo dục và Đào tạo
Bộ Y tế
Bộ Dân tộc và Tôn giáo
Ủy ban Dân tộc
Ngân hàng Nhà nước Việt Nam
Ngân hàng Nhà nước
Bảo hiểm xã hội Việt Nam
Bảo hiểm xã hội
Thông tấn xã Việt Nam
Đài Tiếng nói Việt Nam
Đài Truyền hình Việt Nam
Kiểm toán Nhà nước
Tòa án nhân dân tối cao
Viện kiểm sát nhân dân tối cao
Tòa án nhân dân
Viện kiểm sát nhân dân
Viện Kiểm sát nhân dân
Tòa án Nhân dân
Ủy ban Quản lý vốn nhà nước tại doanh nghiệp
Ban Cơ yếu Chính phủ
Ban Cơ yếu
Tổng cục Hải quan
Tổng cục Thuế
Tổng cục Thống kê
Cục Thuế doanh nghiệp lớn
Cục Thuế
Cục Hải quan
Chi cục Hải quan
Chi cục Thuế
Cục Thống kê
Cục Quản lý thị trường
Chi cục Quản lý thị trường
Cục Thi hành án dân sự
Chi cục Thi hành án dân sự
Kho bạc Nhà nước
Cục Y tế dự phòng
Cục Trồng trọt và Bảo vệ thực vật
Cục Quản lý Khám, chữa bệnh
Cục Quản lý Dược
Cục Quản lý dược
Cục An toàn thực phẩm
Cục Báo chí
Cục Phát thanh, truyền hình và thông tin điện tử
Cục Thông tin cơ sở
Cục Cảnh sát giao thông
Cục Quản lý xuất nhập cảnh
Cục Công nghệ thông tin
Cục Đường bộ Việt Nam
Cục Đường sắt Việt Nam
Cục Hàng hải và Đường thủy Việt Nam
Cục Hàng không Việt Nam
Cục Đăng kiểm Việt Nam
Cục Kết cấu hạ tầng xây dựng
Cục Kinh tế - Quản lý đầu tư xây dựng
Cục Quản lý hoạt động xây dựng
Cục Giám định nhà nước về chất lượng công trình xây dựng
Cục Phát triển đô thị
Cục Quản lý nhà và thị trường bất động sản
Cục Quản lý đê điều và Phòng, chống thiên tai
Cục Khí tượng Thủy văn
Vụ Tổ chức cán bộ
Vụ Kế hoạch - Tài chính
Vụ Kế hoạch – Tài chính
Vụ Pháp chế
Vụ Bảo hiểm y tế
Vụ Truyền thông và Thi đua, khen thưởng
Viện Vệ sinh dịch tễ Trung ương
Viện Pasteur
# The Party: central boards and their provincial and district counterparts.
Bộ Chính trị
Ban Bí thư
Ban Chấp hành Trung ương
Văn phòng Trung ương Đảng
Ban Tổ chức Trung ương
Ban Tuyên giáo Trung ương
Ban Dân vận Trung ương
Ban Tuyên giáo và Dân vận Trung ương
Ban Kinh tế Trung ương
Ban Nội chính Trung ương
Ban Đối ngoại Trung ương
Ban Chính sách, chiến lược Trung ương
Ủy ban Kiểm tra Trung ương
Đảng ủy Chính phủ
Đảng ủy Quốc hội
Đảng ủy các cơ quan Đảng Trung ương
Ban Tổ chức
Ban Tuyên giáo
Ban Dân vận
Ban Tuyên giáo và Dân vận
Ban Nội chính
Ban Kinh tế
Ủy ban Kiểm tra
Ban Thường vụ
Thường trực
Văn phòng Tỉnh ủy
Văn phòng Thành ủy
Văn phòng Huyện ủy
Văn phòng Thị ủy
Tỉnh ủy
Thành ủy
Huyện ủy
Thị ủy
Quận ủy
Đảng ủy
Đảng ủy Khối các cơ quan
Đảng ủy Khối Doanh nghiệp
Đảng ủy Quân sự
Đảng ủy Công an
Đảng ủy Biên phòng
Trường Chính trị
Trung tâm Chính trị
Trung tâm Bồi dưỡng chính trị
Tạp chí Cộng sản
Báo Nhân Dân
Báo Nhân dân
# The Fatherland Front and the mass organisations.
Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam
Ủy ban Mặt trận Tổ quốc Việt Nam
Ủy ban Mặt trận Tổ quốc
Mặt trận Tổ quốc Việt Nam
Mặt trận Tổ quốc
Tổng Liên đoàn Lao động Việt Nam
Liên đoàn Lao động
Công đoàn
Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh
Đoàn Thanh niên Cộng sản Hồ Chí Minh
Đoàn Thanh niên
Tỉnh đoàn
Thành đoàn
Huyện đoàn
Hội Liên hiệp Phụ nữ Việt Nam
Hội Liên hiệp Phụ nữ
Hội Phụ nữ
Hội Nông dân Việt Nam
Hội Nông dân
Hội Cựu chiến binh Việt Nam
Hội Cựu chiến binh
Hội Chữ thập đỏ
Hội Người cao tuổi
Hội Khuyến học
Hội Nhà báo
Liên minh Hợp tác xã
Liên hiệp các Hội Khoa học và Kỹ thuật
Liên hiệp các tổ chức hữu nghị
Hội Doanh nghiệp
Hiệp hội Doanh nghiệp
Phòng Thương mại và Công nghiệp Việt Nam
# A province's People's Council and Committee, their offices and departments.
Hội đồng nhân dân
HĐND
Ủy ban nhân dân
UBND
Thường trực HĐND
Thường trực Hội đồng nhân dân
Đoàn đại biểu Quốc hội
Văn phòng Ủy ban nhân dân
Văn phòng UBND
Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân
Văn phòng Đoàn ĐBQH và HĐND
Văn phòng HĐND và UBND
Văn phòng Hội đồng nhân dân và Ủy ban nhân dân
Sở Nội vụ
Sở Tư pháp
Sở Kế hoạch và Đầu tư
Sở Tài chính
Sở Công Thương
Sở Công thương
Sở Nông nghiệp và Phát triển nông thôn
Sở Nông nghiệp và Môi trường
Sở Giao thông vận tải
Sở Giao thông Vận tải
Sở Xây dựng
Sở Tài nguyên và Môi trường
Sở Thông tin và Truyền thông
Sở Lao động - Thương binh và Xã hội
Sở Lao động, Thương binh và Xã hội
Sở Văn hóa, Thể thao và Du lịch
Sở Văn hóa và Thể thao
Sở Văn hóa - Thể thao
Sở Du lịch
Sở Khoa học và Công nghệ
Sở Giáo dục và Đào tạo
Sở Y tế
Sở Ngoại vụ
Sở Dân tộc và Tôn giáo
Sở Quy hoạch - Kiến trúc
Ban Dân tộc
Ban Tôn giáo
Thanh tra tỉnh
Thanh tra thành phố
Thanh tra huyện
Sở TT&TT
Sở TTTT
Sở GD&ĐT
Sở GDĐT
Sở LĐ-TB&XH
Sở LĐTBXH
Sở VHTT&DL
Sở VH-TT&DL
Sở VHTTDL
Sở KH&ĐT
Sở KHĐT
Sở TN&MT
Sở TNMT
Sở NN&PTNT
Sở NNPTNT
Sở GTVT
Sở KH&CN
Sở KHCN
Sở NN&MT
Công an
Bộ Chỉ huy Quân sự
Bộ CHQS
Bộ Chỉ huy Bộ đội Biên phòng
Bộ đội Biên phòng
Bộ Tư lệnh
Ban Chỉ huy Quân sự
Ban CHQS
Quân khu
Bảo hiểm xã hội
BHXH
Ngân hàng Chính sách xã hội
Ngân hàng Nhà nước Việt Nam Chi nhánh
Ngân hàng Nhà nước chi nhánh
Ngân hàng Nhà nước Chi nhánh
Ban Quản lý các khu công nghiệp
Ban Quản lý các Khu công nghiệp
Ban Quản lý Khu kinh tế
Ban Quản lý khu kinh tế
Ban Chỉ đạo phòng, chống dịch COVID-19
Ban Chỉ đạo phòng, chống dịch Covid-19
Ban Chỉ đạo phòng, chống dịch
Ban Chỉ đạo 35
Trung tâm Kiểm soát bệnh tật
Trung tâm Y tế
Trung tâm Y tế dự phòng
Trung tâm Truyền thông giáo dục sức khỏe
Trung tâm Văn hóa, Thông tin và Thể thao
Trung tâm Văn hóa - Thông tin - Thể thao
Trung tâm Văn hóa - Thể thao
Trung tâm Phục vụ hành chính công
Trung tâm Hành chính công
Trung tâm Xúc tiến Đầu tư
Trung tâm Công nghệ thông tin
Trung tâm Điều hành thông minh
Bệnh viện Đa khoa
Bệnh viện Phổi
Bệnh viện Nhi
Bệnh viện Sản - Nhi
Bệnh viện Y học cổ truyền
Bệnh viện Bệnh Nhiệt đới
Trạm Y tế
Phòng khám đa khoa
Đài Phát thanh và Truyền hình
Đài Phát thanh - Truyền hình
Đài PT-TH
Đài PTTH
Đài Truyền thanh
Đài Truyền thanh - Truyền hình
Đài truyền thanh
Cổng Thông tin điện tử
Cổng thông tin điện tử
Cổng TTĐT
Trang Thông tin điện tử
Công an tỉnh
Công an huyện
Công an xã
Công an cấp xã
# A district's offices.
Phòng Y tế
Phòng Văn hóa và Thông tin
Phòng Văn hóa - Thông tin
Phòng Văn hóa, Khoa học và Thông tin
Phòng Giáo dục và Đào tạo
Phòng Tài chính - Kế hoạch
Phòng Tài chính – Kế hoạch
Phòng Nội vụ
Phòng Tư pháp
Phòng Tài nguyên và Môi trường
Phòng Kinh tế
Phòng Kinh tế và Hạ tầng
Phòng Kinh tế, Hạ tầng và Đô thị
Phòng Quản lý đô thị
Phòng Nông nghiệp và Phát triển nông thôn
Phòng Lao động - Thương binh và Xã hội
Phòng Dân tộc
Văn phòng HĐND - UBND
Văn phòng HĐND và UBND
Văn phòng Huyện ủy
# fmt: skip
"""

# Titles before a body's name: "Giám đốc Sở Y tế", "Chủ tịch UBND các huyện", "Thủ trưởng các sở".
_TITLES = (
    "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Tổng Giám đốc", "Chánh",
    "Chánh Thanh tra", "Thủ trưởng", "Người đứng đầu", "Cục trưởng", "Vụ trưởng",
    "Tổng cục trưởng", "Viện trưởng", "Chánh án", "Trưởng", "Trưởng Ban", "Trưởng ban",
    "Bí thư", "Chỉ huy trưởng", "Tư lệnh", "Hiệu trưởng", "Bộ trưởng", "Thứ trưởng",
    "Chủ nhiệm", "Trưởng Công an", "Lãnh đạo",
)  # fmt: skip

_QUALIFIERS = (
    "tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn",
    "các tỉnh, thành phố", "các tỉnh, thành phố trực thuộc Trung ương",
    "tỉnh, thành phố trực thuộc Trung ương", "các tỉnh, thành", "tỉnh, thành phố",
    "các huyện, thị xã, thành phố", "các huyện, thành phố", "các huyện, thị xã",
    "các huyện, thành phố, thị xã", "các huyện, thị, thành phố", "các huyện", "các quận, huyện",
    "các quận, huyện, thị xã", "các thị xã", "các xã, phường, thị trấn", "các xã, phường",
    "các xã, thị trấn", "các xã", "các phường", "các quận", "các địa phương", "cấp tỉnh",
    "cấp huyện", "cấp xã", "các cấp", "trực thuộc Trung ương", "Trung ương", "Việt Nam",
    "các tỉnh", "các thành phố", "tuyến tỉnh", "tuyến huyện", "khu vực", "trên địa bàn tỉnh",
    "trên địa bàn", "khóa", "khoá", "nhiệm kỳ",
)  # fmt: skip


# A word tree of phrases: each word leads to the words that may follow it; "" marks an end.
_Trie = dict[str, "_Trie"]


def _words(name: str) -> tuple[str, ...]:
    return tuple(w.strip(',;:.()“”"') for w in fold(name).split())


def _trie(phrases: Iterable[str]) -> _Trie:
    root: _Trie = {}
    for phrase in phrases:
        node = root
        for word in _words(phrase):
            node = node.setdefault(word, {})
        node[""] = {}
    return root


_NAME_TRIE = _trie(
    line.strip() for line in _NAMES.splitlines() if line.strip() and not line.startswith("#")
)
_TITLE_TRIE = _trie(_TITLES)
_QUALIFIER_TRIE = _trie(_QUALIFIERS)


def _longest(trie: _Trie, keys: Sequence[str], k: int) -> int:
    node: _Trie | None = trie
    best = 0
    for i in range(k, len(keys)):
        # A key marked apart from a verb ("cán" in "cán bộ" is "can~", not "cần") is its letters.
        node = node.get(keys[i].rstrip("~")) if node is not None else None
        if node is None:
            break
        if "" in node:
            best = i - k + 1
    return best


def known_name(keys: Sequence[str], k: int) -> int:
    """Return how many words of a public body's name start at word `k` (0 when none does),
    with the title of its head before it ("Giám đốc Sở Y tế")."""
    title = _longest(_TITLE_TRIE, keys, k)
    name = _longest(_NAME_TRIE, keys, k + title)
    if title and not name:
        return _longest(_NAME_TRIE, keys, k)  # "Chánh Thanh tra" is a name, not a title
    return title + name if name else 0


def title_of_head(keys: Sequence[str], k: int) -> int:
    """Return how many words of a head's title ("Giám đốc", "Thủ trưởng") start at word `k`."""
    return _longest(_TITLE_TRIE, keys, k)


def qualifier(keys: Sequence[str], k: int) -> int:
    """Return how many words of a place or level ("tỉnh", "các huyện, thành phố") start at `k`."""
    return _longest(_QUALIFIER_TRIE, keys, k)
