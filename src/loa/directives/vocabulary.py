"""Word lists the dispatch parser reads: document type codes and the heads of agency names.

Kept apart from parse.py so that they can be read and extended without reading the parser.
Words are fold()ed (lower case, no diacritics) except the type codes, which are as printed.
"""

from __future__ import annotations

__all__ = [
    "AGENCY_HEADS", "DUTY_VERBS", "NOUN_BEFORE_VERB", "PLURAL_HEADS", "SURNAMES", "TYPE_CODES",
]  # fmt: skip

# Decree 30/2020 annex III and HD 36-HD/VPTW type codes, plus legal-document codes met in citations.
TYPE_CODES = frozenset(
    [
        "NQ",
        "QĐ",
        "CT",
        "QC",
        "QyĐ",
        "QĐi",
        "TC",
        "TB",
        "HD",
        "CTr",
        "KH",
        "PA",
        "ĐA",
        "DA",
        "BC",
        "BB",
        "TTr",
        "HĐ",
        "CĐ",
        "BGN",
        "BTT",
        "GUQ",
        "GM",
        "GGT",
        "GNP",
        "PG",
        "PC",
        "PB",
        "SY",
        "TrS",
        "SL",
        "CV",
        "KL",
        "TT",
        "NĐ",
        "TTLT",
        "NQLT",
        "L",
        "PL",
    ]
)

# First words of an agency name that can open a task ("Sở ...", "Ban ...", "UBND ...").
AGENCY_HEADS = frozenset(
    [
        "cac",
        "so",
        "ban",
        "uy",
        "ubnd",
        "ubmttq",
        "mttq",
        "mat",
        "dai",
        "bao",
        "cong",
        "bo",
        "van",
        "thuong",
        "hoi",
        "doan",
        "tinh",
        "lien",
        "trung",
        "benh",
        "cuc",
        "chi",
        "nguoi",
        "co",
        "dang",
        "huyen",
        "thanh",
        "bcd",
        "to",
        "luc",
        "chanh",
        "giam",
        "chu",
        "thu",
        "truong",
        "phong",
        "vien",
        "hoc",
        "ngan",
        "kho",
        "tong",
        "quan",
        "toa",
        "thue",
        "kiem",
        "vu",
        "bhxh",  # BHXH các tỉnh (Bảo hiểm xã hội)
    ]
)

# Words that make "các X" a group of agencies ("các sở", "các huyện"), not a plain plural.
PLURAL_HEADS = frozenset(
    [
        "co",
        "so",
        "ban",
        "nganh",
        "don",
        "dia",
        "huyen",
        "to",
        "doanh",
        "truong",
        "cap",
        "hoi",
        "doan",
        "bo",
        "thanh",
        "lanh",
        "dong",
        "chi",
        "dang",
        "xa",
        "phuong",
        "tinh",
        "benh",  # các bệnh viện
        "trung",  # các trung tâm
        "cuc",  # các Cục
        "vien",  # các viện
        "tram",  # các trạm y tế
    ]
)

# Verbs that end the subject of a duty ("Sở Y tế chủ trì ..."), fold()ed, as word lists.
DUTY_VERBS = tuple(
    v.split()
    for v in (
        "chi dao", "tang cuong", "thuong xuyen", "kip thoi", "tiep tuc", "chu tri", "phoi hop",
        "khan truong", "trien khai", "to chuc", "thuc hien", "ra soat", "day manh",
        "chiu trach nhiem", "co trach nhiem", "quan triet", "theo doi", "huong dan", "xay dung",
        "tham muu", "nghiem tuc", "chu dong", "bo tri", "dam bao", "bao dam", "huy dong",
        "phe duyet", "ban hanh", "cap nhat", "kiem tra", "xu ly", "lien tuc", "tap trung",
        "nang cao", "tuyen truyen", "duy tri", "phat huy", "quyet liet", "chuan bi", "thanh lap",
        "giam sat", "phai", "can", "khong", "tham gia", "van dong", "bao cao", "dinh ky",
        "cu the hoa", "mo", "dang tai", "dang tin", "phat song", "ho tro", "nghien cuu",
        "cung cap", "pho bien", "hoan thanh", "de xuat", "bo sung", "giai quyet", "tich cuc",
        "phan cong", "tiep nhan", "van hanh", "khai thac", "su dung", "sap xep",
        "gui", "tang", "dieu tra", "xet nghiem", "tiem", "cach ly", "danh gia",
        "tong hop", "lanh dao", "don doc", "tao dieu kien", "se", "tam ngung", "danh",
        "co y kien", "xem xet", "tra loi", "hoan thien", "lam ro", "khac phuc", "dieu chinh",
        "lam chu", "lam dau moi", "doi moi",
        "tiep thu", "uu tien", "truc tiep",
        # More verbs of real dispatches, so that an unlisted one does not run a name on.
        "yeu cau", "kiem soat", "tam dung", "long ghep", "phat dong", "chap hanh",
        "ngan chan", "xac minh", "phat hien", "thong bao", "cong bo", "bien soan", "phan bo",
        "kien toan", "cung co", "thu thap", "chia se", "ket noi", "tich hop", "ban giao",
        "chuyen giao", "xac dinh", "lua chon", "dieu dong", "truy vet", "khoanh vung",
        "phong toa", "nghiem cam", "chu trong", "quan tam", "bam sat", "dinh huong", "dau tranh",
        "tham dinh", "nghiem thu", "kien nghi", "tong ket", "so ket", "thanh toan", "quyet toan",
        "chi tra", "dam nhan", "dam nhiem", "thuc thi", "ap dung", "tien hanh", "cho phep",
        "xac nhan", "phan hoi",
        "quyet dinh", "niem yet", "thong nhat", "trinh", "phan cap", "cau hinh", "thiet lap",
        "day nhanh", "de cao", "thua uy quyen", "nhat tri", "co ban nhat tri", "co ban thong nhat",
        "lam viec", "co quyen han",
        # "căn cứ" ("X căn cứ tình hình thực tế, ..."): its "căn" is keyed apart from the verb
        # "cần" (subject_words._VERB_SPELLINGS).
        "can~ cu",
    )
)  # fmt: skip
# A verb right after these words is a noun ("Ban chỉ đạo", "các tổ chức", "Sở Thông tin").
NOUN_BEFORE_VERB = frozenset(
    ["ban", "cac", "nhung", "so", "bo", "phong", "cuc", "moi", "viec", "cong", "trung", "tam", "vu"]
)

# Vietnamese family names (the first word of a signer's name), fold()ed: they tell a person's
# name from an agency's when OCR sets the name among the "Nơi nhận" lines.
SURNAMES = frozenset(
    [
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
        "ho", "ngo", "duong", "ly", "dao", "doan", "vuong", "trinh", "truong", "lam", "phung", "mai",
        "to", "ha", "ta", "luong", "dinh", "thai", "cao", "chu", "luu", "tong", "quach", "kieu",
        "dam", "lai", "la", "hua", "trieu", "chau", "giang", "khuc", "nong", "lo", "than", "tang",
        "diep", "tu", "mac", "lu", "au", "nghiem", "bach", "kim", "luc", "vi", "hau", "ong", "khong",
        "ninh", "phi", "quan", "dong", "cu", "han", "tieu", "man", "sam", "thach", "chung", "long",
    ]
)  # fmt: skip
