"""Plane geometry for the level map: projection, schematic cells, clipping, label anchors.

Everything here works on screen coordinates (x right, y down) except `Projection`, which turns
(lon, lat) into them. No drawing happens here; `loa.situation.maps` turns shapes into SVG.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

import numpy as np
from scipy.spatial import Voronoi  # type: ignore[import-untyped]

__all__ = [
    "Point",
    "Projection",
    "Ring",
    "clip_convex",
    "clip_segment",
    "convex_hull",
    "label_anchor",
    "path_data",
    "schematic_cells",
    "spread_duplicates",
]

Point = tuple[float, float]
Ring = list[Point]


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection (longitude scaled by cos of the middle latitude) into a box."""

    west: float
    north: float
    scale: float  # pixels per degree of latitude
    lon_factor: float  # cos(middle latitude)
    x0: float
    y0: float

    @classmethod
    def fit(
        cls, lonlats: Iterable[Point], x: float, y: float, width: float, height: float
    ) -> Projection:
        """Return the projection that fits every (lon, lat) into the box, centred, aspect kept."""
        pts = list(lonlats)
        if not pts:
            return cls(0.0, 0.0, 1.0, 1.0, x, y)
        west = min(p[0] for p in pts)
        east = max(p[0] for p in pts)
        south = min(p[1] for p in pts)
        north = max(p[1] for p in pts)
        factor = math.cos(math.radians((north + south) / 2))
        span_x = max((east - west) * factor, 1e-9)
        span_y = max(north - south, 1e-9)
        scale = min(width / span_x, height / span_y)
        # Centre the drawing in the box: the unused width or height is split on both sides.
        x0 = x + (width - span_x * scale) / 2
        y0 = y + (height - span_y * scale) / 2
        return cls(west, north, scale, factor, x0, y0)

    def xy(self, lon: float, lat: float) -> Point:
        """Return the screen point of a (lon, lat)."""
        return (
            self.x0 + (lon - self.west) * self.lon_factor * self.scale,
            self.y0 + (self.north - lat) * self.scale,
        )


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Iterable[Point]) -> Ring:
    """Return the convex hull, counter-clockwise in a y-up sense (Andrew's monotone chain)."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts
    lower: Ring = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: Ring = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _signed_area(ring: Sequence[Point]) -> float:
    return (
        sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, [*ring[1:], ring[0]], strict=True)) / 2
    )


def _oriented(ring: Ring) -> Ring:
    return ring if _signed_area(ring) >= 0 else ring[::-1]


def clip_convex(subject: Sequence[Point], clipper: Sequence[Point]) -> Ring:
    """Return `subject` cut to the convex polygon `clipper` (Sutherland-Hodgman)."""
    if len(clipper) < 3:
        return []
    output: Ring = list(subject)
    edges = _oriented(list(clipper))
    for a, b in zip(edges, [*edges[1:], edges[0]], strict=True):
        if not output:
            break
        given, output = output, []
        for p, q in zip([given[-1], *given[:-1]], given, strict=True):
            p_in = _cross(a, b, p) >= 0
            q_in = _cross(a, b, q) >= 0
            if q_in:
                if not p_in:
                    output.append(_meet(a, b, p, q))
                output.append(q)
            elif p_in:
                output.append(_meet(a, b, p, q))
    return output


def _meet(a: Point, b: Point, p: Point, q: Point) -> Point:
    # Where segment p-q crosses the line a-b (the caller knows they cross).
    d1, d2 = _cross(a, b, p), _cross(a, b, q)
    t = d1 / (d1 - d2)
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def clip_segment(p: Point, q: Point, clipper: Sequence[Point]) -> tuple[Point, Point] | None:
    """Return the part of segment p-q inside the convex polygon `clipper` (Cyrus-Beck)."""
    t0, t1 = 0.0, 1.0
    edges = _oriented(list(clipper))
    for a, b in zip(edges, [*edges[1:], edges[0]], strict=True):
        dp, dq = _cross(a, b, p), _cross(a, b, q)
        if dp < 0 and dq < 0:
            return None
        if dp < 0 or dq < 0:
            t = dp / (dp - dq)
            if dp < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    if t0 >= t1:
        return None
    return _along(p, q, t0), _along(p, q, t1)


def _along(p: Point, q: Point, t: float) -> Point:
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def _disc(center: Point, radius: float, sides: int = 28) -> Ring:
    return [
        (
            center[0] + radius * math.cos(2 * math.pi * k / sides),
            center[1] + radius * math.sin(2 * math.pi * k / sides),
        )
        for k in range(sides)
    ]


def _neighbour_distances(points: Sequence[Point], k: int) -> list[float]:
    """Return each point's distance to its k-th nearest other point (k=1: the nearest)."""
    arr = np.asarray(points, dtype=float)
    gaps = np.hypot(arr[:, None, 0] - arr[None, :, 0], arr[:, None, 1] - arr[None, :, 1])
    np.fill_diagonal(gaps, np.inf)
    k = min(k, len(points) - 1)
    return [float(v) for v in np.sort(gaps, axis=1)[:, k - 1]]


def spread_duplicates(points: Sequence[Point], spacing: float) -> list[Point]:
    """Return the points with exact duplicates moved apart onto a small circle, in order."""
    groups: dict[Point, list[int]] = defaultdict(list)
    for i, p in enumerate(points):
        groups[(round(p[0], 6), round(p[1], 6))].append(i)
    out = list(points)
    for members in groups.values():
        if len(members) < 2:
            continue
        for k, i in enumerate(members):
            angle = 2 * math.pi * k / len(members) - math.pi / 2
            out[i] = (
                points[i][0] + spacing * math.cos(angle),
                points[i][1] + spacing * math.sin(angle),
            )
    return out


@dataclass(frozen=True)
class Cells:
    """Schematic cells of sites, and the borders to draw between sites of different groups."""

    rings: list[Ring]
    borders: list[tuple[Point, Point]]


def schematic_cells(sites: Sequence[Point], groups: Sequence[str | None]) -> Cells:
    """Return one Voronoi cell per site, cut to a disc around it and to the sites' outline.

    The disc keeps edge cells from sprawling into empty space, so the outline follows the
    sites rather than a rectangle. Its radius is 1.6 times the usual distance between
    neighbours, or more where the sites are sparse (large rural communes), so that sparse
    areas stay filled instead of breaking into islands.
    """
    # The cells depend only on where the units are, not on their levels: every page draws the
    # same province, and computing them took 50-150 ms a request. Copies keep the cache intact.
    key = (tuple((float(x), float(y)) for x, y in sites), tuple(groups))
    cached = _cached_cells(*key)
    return Cells([list(ring) for ring in cached.rings], list(cached.borders))


@functools.lru_cache(maxsize=32)
def _cached_cells(sites: tuple[Point, ...], groups: tuple[str | None, ...]) -> Cells:
    return _compute_cells(sites, groups)


def _compute_cells(sites: Sequence[Point], groups: Sequence[str | None]) -> Cells:
    n = len(sites)
    if n == 0:
        return Cells([], [])
    spacing = median(_neighbour_distances(sites, 1)) if n > 1 else 20.0
    third = _neighbour_distances(sites, 3) if n > 1 else [spacing]
    radii = [max(1.6 * spacing, 0.9 * d) for d in third]
    radius = max(radii)
    hull = convex_hull(sites)
    outline = _grown(hull, 0.9 * spacing) if len(hull) >= 3 else None
    xs = [p[0] for p in sites]
    ys = [p[1] for p in sites]
    far = 10 * (max(max(xs) - min(xs), max(ys) - min(ys)) + radius)
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    # Four far-away sites make every real cell finite, so no ray handling is needed.
    frame = [(cx - far, cy - far), (cx + far, cy - far), (cx + far, cy + far), (cx - far, cy + far)]
    vor = Voronoi(np.asarray([*sites, *frame], dtype=float))
    rings: list[Ring] = []
    clips: list[Ring] = []
    for i, site in enumerate(sites):
        region = vor.regions[vor.point_region[i]]
        cell = [(float(vor.vertices[v][0]), float(vor.vertices[v][1])) for v in region if v >= 0]
        clip = _disc(site, radii[i])
        if outline is not None:
            clip = clip_convex(clip, outline) or clip
        clips.append(clip)
        rings.append(clip_convex(_oriented(cell), clip))
    borders: list[tuple[Point, Point]] = []
    for (a, b), verts in zip(vor.ridge_points.tolist(), vor.ridge_vertices, strict=True):
        if a >= n or b >= n or -1 in verts or groups[a] == groups[b]:
            continue
        p, q = (tuple(float(c) for c in vor.vertices[v]) for v in verts)
        piece = clip_segment((p[0], p[1]), (q[0], q[1]), clips[a])
        if piece is not None:
            piece = clip_segment(piece[0], piece[1], clips[b])
        if piece is not None:
            borders.append(piece)
    return Cells(rings, borders)


def _grown(hull: Ring, margin: float) -> Ring:
    # Push each hull vertex away from the centre: a convex outline a little larger than the sites.
    cx = sum(p[0] for p in hull) / len(hull)
    cy = sum(p[1] for p in hull) / len(hull)
    grown: Ring = []
    for x, y in hull:
        d = math.hypot(x - cx, y - cy) or 1.0
        grown.append((x + (x - cx) / d * margin, y + (y - cy) / d * margin))
    return grown


def label_anchor(rings: Sequence[Sequence[Point]]) -> tuple[Point, float, float]:
    """Return a point inside the shape for its label, with the room there (width, height).

    The point is the middle of the widest inside stretch of the horizontal line through the
    shape's area centre; holes count as outside (even-odd rule).
    """
    biggest = max(rings, key=lambda r: abs(_signed_area(r)))
    area = _signed_area(biggest)
    if abs(area) < 1e-9:
        x = sum(p[0] for p in biggest) / len(biggest)
        y = sum(p[1] for p in biggest) / len(biggest)
        return (x, y), 0.0, 0.0
    cy = sum(
        (a[1] + b[1]) * (a[0] * b[1] - b[0] * a[1])
        for a, b in zip(biggest, [*biggest[1:], biggest[0]], strict=True)
    ) / (6 * area)
    best = _widest_run(rings, cy)
    if best is None:
        return biggest[0], 0.0, 0.0
    (x1, x2) = best
    height = _tallest_run(rings, (x1 + x2) / 2)
    return ((x1 + x2) / 2, cy), x2 - x1, height


def _crossings(rings: Sequence[Sequence[Point]], value: float, axis: int) -> list[float]:
    other = 1 - axis
    hits: list[float] = []
    for ring in rings:
        for a, b in zip(ring, [*ring[1:], ring[0]], strict=True):
            if (a[axis] > value) != (b[axis] > value):
                t = (value - a[axis]) / (b[axis] - a[axis])
                hits.append(a[other] + t * (b[other] - a[other]))
    return sorted(hits)


def _widest_run(rings: Sequence[Sequence[Point]], y: float) -> tuple[float, float] | None:
    hits = _crossings(rings, y, axis=1)
    runs = [(hits[i], hits[i + 1]) for i in range(0, len(hits) - 1, 2)]
    return max(runs, key=lambda r: r[1] - r[0]) if runs else None


def _tallest_run(rings: Sequence[Sequence[Point]], x: float) -> float:
    hits = _crossings(rings, x, axis=0)
    runs = [hits[i + 1] - hits[i] for i in range(0, len(hits) - 1, 2)]
    return max(runs, default=0.0)


def path_data(rings: Iterable[Sequence[Point]]) -> str:
    """Return SVG path data for closed rings, coordinates rounded to 0.1 pixel."""
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        head, *rest = ring
        parts.append(
            f"M{head[0]:.1f},{head[1]:.1f}" + "".join(f"L{x:.1f},{y:.1f}" for x, y in rest) + "Z"
        )
    return "".join(parts)
