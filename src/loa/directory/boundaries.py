"""Unit boundaries read from a GeoJSON FeatureCollection (pure: no store, no network).

Each feature names its unit by a code property (`ma_xa`, `code`, ... or one the user names)
and carries a Polygon or MultiPolygon in (lon, lat). Every wrong feature is reported with its
index, and nothing is returned unless the whole file is right.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from loa.errors import DocumentError, RowError, Where

__all__ = ["CODE_PROPERTIES", "Boundary", "Ring", "read_geojson"]

#: Property names tried, in this order, when the user does not name one.
CODE_PROPERTIES = ("ma_xa", "MA_XA", "unit_code", "code", "ma", "MA", "ma_dvhc", "ADM3_PCODE")

Ring = list[tuple[float, float]]
_MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Boundary:
    """The rings (lon, lat) of one unit's boundary, and which feature (0-based) gave them."""

    code: str
    rings: list[Ring]
    feature_index: int


def _rings_of(geometry: Any) -> list[Ring]:
    """Return the rings of a Polygon or MultiPolygon, or raise ValueError saying what is wrong."""
    if not isinstance(geometry, dict):
        raise ValueError("không có hình (geometry) / has no geometry")
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = coords if isinstance(coords, list) else [None]
    else:
        raise ValueError(
            f"hình loại {kind!r}, cần Polygon hoặc MultiPolygon / "
            f"geometry type {kind!r}, expected Polygon or MultiPolygon"
        )
    rings: list[Ring] = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValueError("toạ độ không hợp lệ / invalid coordinates")
        for ring in polygon:
            rings.append(_ring(ring))
    return rings


def _ring(raw: Any) -> Ring:
    if not isinstance(raw, list) or len(raw) < 4:
        raise ValueError("vòng cần ít nhất 4 điểm / a ring needs at least 4 positions")
    ring: Ring = []
    for pos in raw:
        if (
            not isinstance(pos, list)
            or len(pos) < 2
            or not all(isinstance(v, int | float) and math.isfinite(v) for v in pos[:2])
        ):
            raise ValueError(f"điểm {pos!r} không phải [kinh độ, vĩ độ] / not [lon, lat]")
        lon, lat = float(pos[0]), float(pos[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(
                f"điểm [{lon}, {lat}] ngoài phạm vi kinh/vĩ độ (có phải hệ VN-2000?) / "
                f"position [{lon}, {lat}] is not lon/lat (VN-2000 projected?)"
            )
        ring.append((lon, lat))
    return ring


def _code_of(properties: dict[str, Any], names: Sequence[str]) -> str | None:
    for name in names:
        value = properties.get(name)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def read_geojson(data: bytes, filename: str, *, code_property: str | None = None) -> list[Boundary]:
    """Return the boundary of every feature, or raise an InputError naming each bad feature."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DocumentError(
            f"Không đọc được GeoJSON: {exc}. Hãy lưu tệp dạng GeoJSON, mã hoá UTF-8.",
            f"Could not read the GeoJSON: {exc}. Save the file as UTF-8 GeoJSON.",
            where=Where(file=filename),
        ) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise DocumentError(
            "Tệp không phải GeoJSON FeatureCollection.",
            "The file is not a GeoJSON FeatureCollection.",
            where=Where(file=filename),
        )
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        raise DocumentError(
            "FeatureCollection không có đối tượng (features) nào.",
            "The FeatureCollection has no features.",
            where=Where(file=filename),
        )
    names = (code_property,) if code_property else CODE_PROPERTIES
    wanted = code_property or ", ".join(CODE_PROPERTIES)
    found: list[Boundary] = []
    problems: list[tuple[int, str]] = []
    for index, feature in enumerate(features):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        code = _code_of(properties, names) if isinstance(properties, dict) else None
        if code is None:
            problems.append((index, f"không có mã đơn vị ({wanted}) / no unit code ({wanted})"))
            continue
        try:
            rings = _rings_of(feature.get("geometry"))
        except ValueError as exc:
            problems.append((index, f"mã {code}: {exc}"))
            continue
        found.append(Boundary(code, rings, index))
    if problems:
        shown = problems[:_MAX_PROBLEMS]
        lines = "\n".join(f"  features[{i}]: {text}" for i, text in shown)
        more = len(problems) - len(shown)
        tail_vi = f"\n  ... và {more} đối tượng khác" if more else ""
        tail_en = f"\n  ... and {more} more features" if more else ""
        raise RowError(
            f"{len(problems)} đối tượng không dùng được; không nhập gì. Sửa rồi nhập lại "
            f"(dùng --code-property nếu mã nằm ở thuộc tính khác):\n{lines}{tail_vi}",
            f"{len(problems)} features cannot be used; nothing was imported. Fix them and "
            f"import again (use --code-property if the code is in another property):\n"
            f"{lines}{tail_en}",
            where=Where(file=filename, column=f"features[{shown[0][0]}]"),
        )
    return found
