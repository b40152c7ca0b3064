"""Loudness of mono audio as ITU-R BS.1770-4 measures it (LUFS), and a peak limiter.

Measured offline with numpy and scipy, so no ffmpeg is needed: K-weighting (a high shelf and
a high-pass, designed for the file's sample rate), 400 ms blocks every 100 ms, an absolute gate
at -70 LUFS and a relative gate 10 LU below the first estimate. Peaks are sample peaks, not
true (inter-sample) peaks.
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


def _power_to_lufs(power: float) -> float:
    return -0.691 + 10 * math.log10(power) if power > 0 else -math.inf


def integrated_loudness(samples: Samples, sample_rate: int) -> float:
    """Return the gated integrated loudness of mono `samples` (floats, full scale 1.0) in LUFS.

    Audio shorter than one 400 ms block is measured as a single block; silence gives -inf.
    """
    # One fourth-order filter runs about twice as fast as two cascaded sections.
    b, a = signal.sos2tf(k_weighting(sample_rate))
    weighted = signal.lfilter(b, a, samples)
    step = round(0.1 * sample_rate)
    quarters = len(weighted) // step
    if quarters < 4:
        powers = np.array([np.mean(weighted * weighted)]) if len(weighted) else np.zeros(0)
    else:
        # 400 ms blocks overlapping by 75 % are sums of four consecutive 100 ms quarters.
        rows = weighted[: quarters * step].reshape(quarters, step)
        quarter = np.einsum("ij,ij->i", rows, rows)
        powers = (quarter[:-3] + quarter[1:-2] + quarter[2:-1] + quarter[3:]) / (4 * step)
    floor = 10 ** ((_ABSOLUTE_GATE + 0.691) / 10)
    kept = powers[powers > floor]
    if kept.size == 0:
        return -math.inf
    relative = 10 ** ((_power_to_lufs(float(kept.mean())) + _RELATIVE_GATE + 0.691) / 10)
    kept = kept[kept > relative]
    return _power_to_lufs(float(kept.mean()))


def peak_dbfs(samples: Samples) -> float:
    """Return the highest absolute sample value in dB relative to full scale."""
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def rms_dbfs(samples: Samples) -> float:
    """Return the root-mean-square level of `samples` in dB relative to full scale."""
    power = float(np.mean(samples * samples)) if samples.size else 0.0
    return 10 * math.log10(power) if power > 0 else -math.inf


def limit_peaks(samples: Samples, ceiling_dbfs: float, window: int, chunk: int = 16) -> Samples:
    """Return `samples` with a smooth gain cut wherever a sample would pass `ceiling_dbfs`.

    The gain each `chunk` of samples needs is spread to its minimum over about `window`
    samples, then averaged over the same span: each average is drawn only from minima that
    already cover its own chunk, so it never exceeds what that chunk needs, and the gain
    changes without clicks. Working per chunk rather than per sample keeps this cheap.
    """
    ceiling = 10 ** (ceiling_dbfs / 20)
    if samples.size == 0 or float(np.max(np.abs(samples))) <= ceiling:
        return samples
    chunks = -(-samples.size // chunk)
    padded = np.zeros(chunks * chunk)
    padded[: samples.size] = np.abs(samples)
    loudest = padded.reshape(chunks, chunk).max(axis=1)
    needed = np.minimum(1.0, ceiling / np.maximum(loudest, 1e-12))
    span = max(1, window // chunk) | 1  # odd, so both filters are centred on the chunk
    gain = ndimage.minimum_filter1d(needed, size=span, mode="nearest")
    gain = ndimage.uniform_filter1d(gain, size=span, mode="nearest")
    # Between chunks the gain ramps linearly from one boundary value to the next; taking the
    # smaller neighbour at each boundary keeps the whole ramp under what the chunk needs.
    gain = np.minimum(gain, needed)
    edges = np.minimum(np.concatenate(([gain[0]], gain)), np.concatenate((gain, [gain[-1]])))
    ramp = np.arange(chunk) / chunk
    per_sample = (edges[:-1, None] + np.diff(edges)[:, None] * ramp).ravel()[: samples.size]
    limited: Samples = samples * per_sample
    # Rounding in the moving average is the only way past the ceiling; clip that last bit.
    np.clip(limited, -ceiling, ceiling, out=limited)
    return limited


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

    Limiting peaks lowers the loudness a little, so the gain is raised by what the limiter
    took and the original is limited again (three rounds at most), until the loudness is
    within `tolerance_lu` of the target.
    """
    loudness = integrated_loudness(samples, sample_rate)
    if not math.isfinite(loudness):
        return samples, loudness
    window = round(0.01 * sample_rate)
    gain_db = 0.0
    result = samples
    for _ in range(3):
        if abs(loudness - target_lufs) <= tolerance_lu:
            break
        gain_db += target_lufs - loudness
        result = limit_peaks(samples * 10 ** (gain_db / 20), ceiling_dbfs, window)
        loudness = integrated_loudness(result, sample_rate)
    return result, loudness
