"""Word lists the dispatch parser reads: document type codes and the heads of agency names.

Kept apart from parse.py so that they can be read and extended without reading the parser.
Words are fold()ed (lower case, no diacritics) except the type codes, which are as printed.
"""

from __future__ import annotations

__all__ = ["AGENCY_HEADS", "PLURAL_HEADS", "TYPE_CODES"]

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
    ]
)
