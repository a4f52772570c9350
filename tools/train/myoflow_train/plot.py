"""A dependency-free loss-curve PNG (grey background grid, one polyline per series)."""
import struct
import zlib

import numpy as np


def _png(rgb: np.ndarray) -> bytes:
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].astype(np.uint8).tobytes() for y in range(h))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def loss_curve(path: str, series: dict, width: int = 640, height: int = 360) -> None:
    """series: name -> (steps, values). Colours cycle; y axis spans all finite values."""
    img = np.full((height, width, 3), 255, np.uint8)
    margin = 20
    img[margin:height - margin:40, margin:width - margin] = 225
    img[margin:height - margin, margin:width - margin:64] = 225
    xs = np.concatenate([np.asarray(s, float) for s, _ in series.values()] or [np.zeros(1)])
    ys = np.concatenate([np.asarray(v, float) for _, v in series.values()] or [np.zeros(1)])
    ys = ys[np.isfinite(ys)]
    if ys.size == 0:
        ys = np.zeros(1)
    x0, x1 = xs.min(), max(xs.max(), xs.min() + 1)
    y0, y1 = ys.min(), max(ys.max(), ys.min() + 1e-9)
    colours = [(200, 30, 30), (30, 90, 200), (30, 150, 60), (150, 80, 180)]
    for k, (steps, values) in enumerate(series.values()):
        c = colours[k % len(colours)]
        px = margin + (np.asarray(steps, float) - x0) / (x1 - x0) * (width - 2 * margin - 1)
        py = height - margin - 1 - (np.asarray(values, float) - y0) / (y1 - y0) * (height - 2 * margin - 1)
        for a, b, c0, d in zip(px[:-1], py[:-1], px[1:], py[1:]):
            if not (np.isfinite(b) and np.isfinite(d)):
                continue
            n = int(max(abs(c0 - a), abs(d - b))) + 1
            for t in np.linspace(0, 1, n):
                img[int(round(b + (d - b) * t)), int(round(a + (c0 - a) * t))] = c
    with open(path + ".partial", "wb") as f:
        f.write(_png(img))
    import os
    os.replace(path + ".partial", path)
