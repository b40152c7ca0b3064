"""GeoJSON boundaries: read with every problem located, stored in one transaction, used by maps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loa.directory.boundaries import read_geojson
from loa.errors import DocumentError, RowError
from loa.services.events import history
from loa.services.geo import boundaries_for, import_boundaries
from loa.store.geo_tables import UnitGeometryRow


def _square(lon: float, lat: float) -> dict[str, Any]:
    ring = [[lon, lat], [lon + 0.05, lat], [lon + 0.05, lat + 0.05], [lon, lat + 0.05], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _collection(*features: dict[str, Any]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _feature(props: dict[str, Any], geometry: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": geometry or _square(106.2, 21.3)}


@pytest.mark.parametrize("prop", ["ma_xa", "MA_XA", "code", "unit_code", "ma"])
def test_common_code_properties_are_recognised(prop: str) -> None:
    found = read_geojson(_collection(_feature({prop: "07204", "ten": "A"})), "a.geojson")
    assert [(b.code, b.feature_index) for b in found] == [("07204", 0)]
    assert found[0].rings[0][1] == (106.25, 21.3)


def test_named_code_property_is_used_instead_of_the_defaults() -> None:
    data = _collection(_feature({"code": "xx", "MaDV": 7204}))
    assert read_geojson(data, "a.geojson", code_property="MaDV")[0].code == "7204"


def test_every_bad_feature_is_reported_with_its_index() -> None:
    data = _collection(
        _feature({"ma_xa": "07204"}),
        _feature({"ten": "no code"}),
        _feature({"ma_xa": "07207"}, {"type": "Point", "coordinates": [106.2, 21.3]}),
        _feature({"ma_xa": "07210"}, _square(520000.0, 2350000.0)),
    )
    with pytest.raises(RowError) as caught:
        read_geojson(data, "bad.geojson")
    text = str(caught.value)
    assert "features[1]" in text and "features[2]" in text and "features[3]" in text
    assert "features[0]" not in text
    assert "Point" in text and "VN-2000" in text
    assert caught.value.where.file == "bad.geojson"
    assert caught.value.en and caught.value.vi


@pytest.mark.parametrize(
    "data",
    [b"not json", b'{"type": "Feature"}', b'{"type": "FeatureCollection", "features": []}'],
)
def test_what_is_not_a_feature_collection_is_refused(data: bytes) -> None:
    with pytest.raises(DocumentError):
        read_geojson(data, "x.geojson")


def test_multipolygon_keeps_every_ring() -> None:
    multi = {
        "type": "MultiPolygon",
        "coordinates": [_square(106.2, 21.3)["coordinates"], _square(106.4, 21.3)["coordinates"]],
    }
    found = read_geojson(_collection(_feature({"ma_xa": "07204"}, multi)), "m.geojson")
    assert len(found[0].rings) == 2


def test_known_codes_are_stored_and_unknown_ones_reported(session: Session) -> None:
    data = _collection(
        _feature({"ma_xa": "07204"}),
        _feature({"ma_xa": "99999"}),
        _feature({"ma_xa": 7207}),  # a spreadsheet dropped the leading zero
    )
    done = import_boundaries(
        session, read_geojson(data, "bg.geojson"), raw=data, filename="bg.geojson", actor="test"
    )
    assert done.stored == 2
    assert [(u.feature_index, u.code) for u in done.unknown] == [(1, "99999")]
    stored = boundaries_for(session, ["07204", "07207", "07210"])
    assert set(stored) == {"07204", "07207"}
    assert stored["07204"][0][0] == (106.2, 21.3)
    events = history(session, "import", f"geometry-{done.import_id}")
    assert [e.kind for e in events] == ["geometry.imported"]


def test_strict_import_with_an_unknown_code_writes_nothing(session: Session) -> None:
    data = _collection(_feature({"ma_xa": "07204"}), _feature({"ma_xa": "99999"}))
    with pytest.raises(RowError, match=r"features\[1\] 99999"):
        import_boundaries(
            session,
            read_geojson(data, "bg.geojson"),
            raw=data,
            filename="bg.geojson",
            actor="test",
            strict=True,
        )
    assert session.scalar(select(func.count()).select_from(UnitGeometryRow)) == 0


def test_a_new_import_replaces_a_units_boundary(session: Session) -> None:
    for lon in (106.2, 106.5):
        data = _collection(_feature({"ma_xa": "07204"}, _square(lon, 21.3)))
        import_boundaries(
            session, read_geojson(data, "a.geojson"), raw=data, filename="a.geojson", actor="t"
        )
    assert boundaries_for(session, ["07204"])["07204"][0][0] == (106.5, 21.3)


def test_cli_imports_and_lists_skipped_features(loa: Any, tmp_path: Path) -> None:
    path = tmp_path / "bg.geojson"
    path.write_bytes(_collection(_feature({"MA_XA": "07204"}), _feature({"MA_XA": "ABC"})))
    out = loa("units", "geometry", str(path)).output
    assert "1 đơn vị" in out and "features[1]" in out and "ABC" in out


def test_cli_reports_a_bad_file_without_traceback(loa: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    path.write_bytes(_collection(_feature({"ten": "x"})))
    result = loa("units", "geometry", str(path), "--code-property", "ma", ok=False)
    assert result.exit_code == 2
    assert "features[0]" in result.output and "Traceback" not in result.output
