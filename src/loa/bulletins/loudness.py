"""Loudness of mono audio as ITU-R BS.1770-4 measures it (LUFS), and a peak limiter.

Measured offline with numpy and scipy, so no ffmpeg is needed: K-weighting (a high shelf and
a high-pass, designed for the file's sample rate), 400 ms blocks every 100 ms, an absolute gate
at -70 LUFS and a relative gate 10 LU below the first estimate. Peaks are sample peaks, not
true (inter-sample) peaks.

`normalise_loudness` filters the audio once: the limiter's gain is smooth next to the
K-weighting, so the loudness after gain and limiting is predicted from the weighted signal and
the limiter's gain curve, which costs far less than filtering the limited audio again.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy import ndimage, signal  # type: ignore[import-untyped]

__all__ = [
    "integrated_loudness",
    "k_weighting",
    "limit_peaks",
    "normalise_loudness",
    "peak_dbfs",
    "rms_dbfs",
]

Samples = npt.NDArray[np.float64]

# Analog prototypes whose bilinear transform gives BS.1770's 48 kHz coefficients; designing
# from them lets 22,050 Hz speech be weighted exactly like 48 kHz programme audio.
_SHELF_HZ, _SHELF_DB, _SHELF_Q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
_HIGHPASS_HZ, _HIGHPASS_Q = 38.13547087602444, 0.5003270373238773
_ABSOLUTE_GATE = -70.0
_RELATIVE_GATE = -10.0
_LIMITER_CHUNK = 16
# Beyond this the limiter is squashing speech, not catching peaks; the target is then missed.
_MAX_MAKEUP_DB = 6.0
# Up to this much loudness taken by the limiter, its predicted effect was checked against a
# fresh measurement on eSpeak speech (0.004 LU at most, bench/bulletins.py re-measures a
# sample); beyond it the result is measured again.
_TRUSTED_LIMITING_LU = 1.0


def k_weighting(sample_rate: int) -> npt.NDArray[np.float64]:
    """Return BS.1770's K-weighting filter for `sample_rate` as second-order sections."""
    k = math.tan(math.pi * _SHELF_HZ / sample_rate)
    vh = 10 ** (_SHELF_DB / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / _SHELF_Q + k * k
    shelf = [
        (vh + vb * k / _SHELF_Q + k * k) / a0,
        2 * (k * k - vh) / a0,
        (vh - vb * k / _SHELF_Q + k * k) / a0,
        1.0,
        2 * (k * k - 1) / a0,
        (1 - k / _SHELF_Q + k * k) / a0,
    ]
    k = math.tan(math.pi * _HIGHPASS_HZ / sample_rate)
    a0 = 1 + k / _HIGHPASS_Q + k * k
    highpass = [1.0, -2.0, 1.0, 1.0, 2 * (k * k - 1) / a0, (1 - k / _HIGHPASS_Q + k * k) / a0]
    return np.array([shelf, highpass], dtype=np.float64)


def _k_weighted(samples: Samples, sample_rate: int) -> Samples:
    # One fourth-order filter runs about twice as fast as two cascaded sections.
    b, a = signal.sos2tf(k_weighting(sample_rate))
    weighted: Samples = signal.lfilter(b, a, samples)
    return weighted


def _power_to_lufs(power: float) -> float:
    return -0.691 + 10 * math.log10(power) if power > 0 else -math.inf


def _block_powers(quarter_energy: Samples, step: int, size: int) -> Samples:
    """Return the mean power of each 400 ms block, given the energy of each 100 ms quarter.

    Audio shorter than one block (fewer than four quarters) is a single block of `size`
    samples, whose energy sits in the first quarter.
    """
    if quarter_energy.size < 4:
        return quarter_energy[:1] / size if size else np.zeros(0)
    # 400 ms blocks overlapping by 75 % are sums of four consecutive 100 ms quarters.
    q = quarter_energy
    blocks: Samples = (q[:-3] + q[1:-2] + q[2:-1] + q[3:]) / (4 * step)
    return blocks


def _quarter_energy(weighted: Samples, step: int) -> Samples:
    quarters = weighted.size // step
    if quarters < 4:
        return np.array([float(np.einsum("i,i->", weighted, weighted))])
    rows = weighted[: quarters * step].reshape(quarters, step)
    energy: Samples = np.einsum("ij,ij->i", rows, rows)
    return energy


def _gated_loudness(powers: Samples) -> float:
    floor = 10 ** ((_ABSOLUTE_GATE + 0.691) / 10)
    kept = powers[powers > floor]
    if kept.size == 0:
        return -math.inf
    relative = 10 ** ((_power_to_lufs(float(kept.mean())) + _RELATIVE_GATE + 0.691) / 10)
    kept = kept[kept > relative]
    return _power_to_lufs(float(kept.mean()))


def integrated_loudness(samples: Samples, sample_rate: int) -> float:
    """Return the gated integrated loudness of mono `samples` (floats, full scale 1.0) in LUFS.

    Audio shorter than one 400 ms block is measured as a single block; silence gives -inf.
    """
    step = round(0.1 * sample_rate)
    weighted = _k_weighted(samples, sample_rate)
    return _gated_loudness(_block_powers(_quarter_energy(weighted, step), step, samples.size))


def peak_dbfs(samples: Samples) -> float:
    """Return the highest absolute sample value in dB relative to full scale."""
    peak = max(float(np.max(samples)), -float(np.min(samples))) if samples.size else 0.0
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def rms_dbfs(samples: Samples) -> float:
    """Return the root-mean-square level of `samples` in dB relative to full scale."""
    # einsum, not np.dot: BLAS would start threads that spin on cores the other workers need.
    power = float(np.einsum("i,i->", samples, samples)) / samples.size if samples.size else 0.0
    return 10 * math.log10(power) if power > 0 else -math.inf


def _chunk_peaks(samples: Samples, chunk: int, floor: float) -> Samples:
    """Return the largest absolute sample in each run of `chunk` samples (the last may be
    short), or 0 for a chunk with no sample above `floor`.

    Speech crosses a limiter's threshold in few places, so only those samples are gathered.
    """
    magnitude = np.abs(samples)
    loud = np.flatnonzero(magnitude > floor)
    peaks = np.zeros(-(-samples.size // chunk))
    if loud.size:
        owner = loud // chunk
        first = np.flatnonzero(np.diff(owner, prepend=-1))
        peaks[owner[first]] = np.maximum.reduceat(magnitude[loud], first)
    return peaks


def _limiter_edges(peaks: Samples, ceiling: float, span: int) -> Samples:
    """Return the limiter's gain at each chunk boundary (one more value than chunks), ≤ 1.

    The gain each chunk needs is spread to its minimum over `span` chunks, then averaged over
    the same span: each average is drawn only from minima that already cover its own chunk,
    so it never exceeds what that chunk needs, and the gain changes without clicks.
    """
    needed = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    gain = ndimage.minimum_filter1d(needed, size=span, mode="nearest")
    gain = ndimage.uniform_filter1d(gain, size=span, mode="nearest")
    # Between chunks the gain ramps linearly from one boundary value to the next; taking the
    # smaller neighbour at each boundary keeps the whole ramp under what the chunk needs.
    gain = np.minimum(gain, needed)
    # The running mean leaves 1 - 1e-16 where nothing is limited; snapping it back to what
    # the chunk needs (exactly 1 there) keeps the chunks the limiter must touch few.
    gain = np.where(gain > 1.0 - 1e-9, needed, gain)
    edges: Samples = np.minimum(np.concatenate(([gain[0]], gain)), np.append(gain, gain[-1]))
    return edges


def _touched(edges: Samples) -> npt.NDArray[np.intp]:
    """Return the chunks whose gain falls below 1 somewhere."""
    return np.flatnonzero((edges[:-1] < 1.0) | (edges[1:] < 1.0))


def _ramps(edges: Samples, chunks: npt.NDArray[np.intp], chunk: int) -> Samples:
    """Return the limiter's per-sample gain in the listed chunks, one row each: a linear ramp
    from the chunk's first edge to its last."""
    start = edges[chunks]
    ramps: Samples = start[:, None] + (edges[chunks + 1] - start)[:, None] * (
        np.arange(chunk) / chunk
    )
    return ramps


def _apply_limiter(scaled: Samples, edges: Samples, ceiling: float, chunk: int) -> None:
    """Apply the limiter's gain (`edges`) to `scaled` in place."""
    whole = scaled.size // chunk
    touched = _touched(edges)
    gains = _ramps(edges, touched, chunk)
    inside = touched < whole
    rows = scaled[: whole * chunk].reshape(whole, chunk)
    limited = rows[touched[inside]] * gains[inside]
    # Rounding in the moving average is the only way past the ceiling; clip that last bit.
    # Untouched chunks needed no gain, so they are under the ceiling already.
    np.clip(limited, -ceiling, ceiling, out=limited)
    rows[touched[inside]] = limited
    if not inside.all():  # the short last chunk
        tail = scaled[whole * chunk :]
        np.clip(tail * gains[-1, : tail.size], -ceiling, ceiling, out=tail)


def limit_peaks(
    samples: Samples, ceiling_dbfs: float, window: int, chunk: int = _LIMITER_CHUNK
) -> Samples:
    """Return `samples` with a smooth gain cut wherever a sample would pass `ceiling_dbfs`.

    The gain is decided per `chunk` of samples and spread over about `window` samples (see
    `_limiter_edges`); only the chunks where it falls below 1 are touched, which keeps this
    cheap on speech, whose peaks are few.
    """
    ceiling = 10 ** (ceiling_dbfs / 20)
    if samples.size == 0 or peak_dbfs(samples) <= ceiling_dbfs:
        return samples
    span = max(1, window // chunk) | 1  # odd, so both filters are centred on the chunk
    edges = _limiter_edges(_chunk_peaks(samples, chunk, ceiling), ceiling, span)
    out = samples.copy()
    _apply_limiter(out, edges, ceiling, chunk)
    return out


def _limited_quarter_energy(
    weighted: Samples, quarter_energy: Samples, edges: Samples, step: int, chunk: int
) -> Samples:
    """Return each quarter's K-weighted energy once the limiter's gain (`edges`) is applied.

    The gain changes over milliseconds and the K-weighting responds within a fraction of one,
    so weighting the limited audio is close to limiting the weighted audio: only the chunks
    the limiter touches lose energy, and that loss is subtracted from their quarter.
    """
    whole = weighted.size // chunk
    touched = _touched(edges)
    # The short last chunk is left out: a few samples of the closing silence.
    touched = touched[touched < whole]
    if touched.size == 0:
        return quarter_energy
    rows = weighted[: whole * chunk].reshape(whole, chunk)[touched]
    gains = _ramps(edges, touched, chunk)
    lost = np.einsum("ij,ij->i", rows * rows, 1.0 - gains * gains)
    if quarter_energy.size < 4:
        whole_block: Samples = quarter_energy - float(lost.sum())
        return whole_block
    quarter = touched * chunk // step
    inside = quarter < quarter_energy.size
    per_quarter = np.bincount(quarter[inside], weights=lost[inside], minlength=quarter_energy.size)
    limited: Samples = quarter_energy - per_quarter
    return limited


def _slope(tried: list[tuple[float, float]]) -> float:
    """Return how many LU the loudness rose per dB of gain over the last two tries (secant)."""
    if len(tried) < 2:
        return 1.0
    (gain_a, loud_a), (gain_b, loud_b) = tried[-2:]
    slope = (loud_b - loud_a) / (gain_b - gain_a) if gain_b != gain_a else 1.0
    # Limiting takes more as the gain rises, so the slope lies between 0 and 1; outside that
    # the two tries were too close to tell, and a plain step is safer.
    return slope if 0.2 <= slope <= 1.0 else 1.0


def normalise_loudness(
    samples: Samples,
    sample_rate: int,
    *,
    target_lufs: float,
    ceiling_dbfs: float,
    tolerance_lu: float = 0.3,
) -> tuple[Samples, float]:
    """Return `samples` gained to `target_lufs` with peaks held under `ceiling_dbfs`, and the
    loudness reached.

    The audio is K-weighted once. Limiting peaks lowers the loudness, so the gain is raised
    by what the limiter is predicted to take until the prediction is within a tenth of
    `tolerance_lu` of the target; gain and limiter are then applied in one pass. The loudness
    returned is the prediction (within a few thousandths of an LU of a fresh measurement on
    speech) unless the limiter takes more than `_TRUSTED_LIMITING_LU` or the target was not
    reached: the result is then measured again.
    """
    step = round(0.1 * sample_rate)
    weighted = _k_weighted(samples, sample_rate)
    quarter_energy = _quarter_energy(weighted, step)
    loudness = _gated_loudness(_block_powers(quarter_energy, step, samples.size))
    if not math.isfinite(loudness):
        return samples, loudness
    chunk, ceiling = _LIMITER_CHUNK, 10 ** (ceiling_dbfs / 20)
    span = max(1, round(0.01 * sample_rate) // chunk) | 1
    unlimited_db = target_lufs - loudness
    # No gain is tried above this, so quieter chunks can never reach the ceiling.
    highest_db = unlimited_db + _MAX_MAKEUP_DB
    peaks = _chunk_peaks(samples, chunk, ceiling / 10 ** (highest_db / 20))
    gain_db, predicted = unlimited_db, loudness
    tried: list[tuple[float, float]] = []
    for attempt in range(6):
        gain = 10 ** (gain_db / 20)
        edges = _limiter_edges(peaks * gain, ceiling, span)
        energy = _limited_quarter_energy(weighted, quarter_energy, edges, step, chunk)
        predicted = _gated_loudness(_block_powers(energy, step, samples.size) * gain * gain)
        if abs(predicted - target_lufs) <= tolerance_lu / 10 or attempt == 5:
            break
        tried.append((gain_db, predicted))
        gain_db = min(gain_db + (target_lufs - predicted) / _slope(tried), highest_db)
    result = samples * 10 ** (gain_db / 20)
    _apply_limiter(result, edges, ceiling, chunk)
    limiting_lu = loudness + gain_db - predicted
    if limiting_lu > _TRUSTED_LIMITING_LU or abs(predicted - target_lufs) > tolerance_lu:
        return result, integrated_loudness(result, sample_rate)
    return result, predicted
