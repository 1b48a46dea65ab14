"""Small maps for printed documents: frame a box around parcels and draw SVG from PostGIS paths.

Paths come from ST_AsSVG, which writes y negated, so the SVG viewBox of a box is
(xmin, -ymax, width, height) and label points are given with y negated too. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

FONT_FAMILY = "Norasi"  # the documents' font (taxmap.core.pdf.THAI_FONT_FAMILY)

# Fill, stroke and stroke width (in thousandths of the box width) of each layer, drawn in order.
_STYLE: Mapping[str, tuple[str, str, float]] = {
    "road": ("#e6dfcc", "none", 0.0),
    "parcel": ("#ffffff", "#a0a0a0", 1.0),
    "neighbour": ("#ffffff", "#707070", 1.2),
    "held": ("#f6c85f", "#b03a2e", 1.6),
    "subject": ("#f6c85f", "#b03a2e", 3.0),
    "block": ("none", "#404040", 1.2),
    "boundary": ("none", "#6a3d9a", 3.0),
}
_LABEL_COLOUR = {"road": "#7a6f5a", "subject": "#7b1f16", "held": "#7b1f16"}


@dataclass(frozen=True)
class Box:
    """A map's extent in the LAO's projected CRS (metres)."""

    xmin: float
    ymin: float
    xmax: float
    ymax: float

    @property
    def width(self) -> float:
        """Return the box's width in metres."""
        return self.xmax - self.xmin

    @property
    def height(self) -> float:
        """Return the box's height in metres."""
        return self.ymax - self.ymin


def frame(extent: Box, *, margin: float, aspect: float, min_width: float) -> Box:
    """Grow an extent by a margin, then to a width/height ratio and a least width, centred."""
    width = max(extent.width + 2 * margin, min_width, (extent.height + 2 * margin) * aspect)
    height = width / aspect
    cx, cy = (extent.xmin + extent.xmax) / 2, (extent.ymin + extent.ymax) / 2
    return Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def scale_bar_metres(width: float) -> int:
    """Return the longest round length (1, 2 or 5 times a power of ten) up to a fifth of a width."""
    best, step = 1, 1
    while step <= width:
        for factor in (1, 2, 5):
            if step * factor <= width / 5:
                best = step * factor
        step *= 10
    return best


def map_svg(box: Box, shapes: Iterable[Mapping[str, Any]], *, label_size: float = 0.018) -> str:
    """Draw layered shapes (layer, path, label, x, y) in a box with a frame, north and scale."""
    unit = box.width / 1000
    font = box.width * label_size
    items = sorted(shapes, key=lambda s: list(_STYLE).index(s["layer"]))
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{box.xmin:.1f} {-box.ymax:.1f} {box.width:.1f} {box.height:.1f}">',
        f'<rect x="{box.xmin:.1f}" y="{-box.ymax:.1f}" width="{box.width:.1f}" '
        f'height="{box.height:.1f}" fill="#fbfaf6"/>',
    ]
    for shape in items:
        fill, stroke, width = _STYLE[shape["layer"]]
        out.append(
            f'<path d="{shape["path"]}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{width * unit:.2f}" stroke-linejoin="round"/>'
        )
    for shape in items:
        if shape.get("marker"):
            out.append(
                f'<circle cx="{shape["x"]:.1f}" cy="{shape["y"]:.1f}" r="{6 * unit:.1f}" '
                f'fill="#b03a2e" stroke="#ffffff" stroke-width="{unit:.2f}"/>'
            )
    for shape in items:
        if shape.get("label"):
            out.append(_label(shape, font, unit))
    out += _furniture(box, unit, font)
    out.append("</svg>")
    return "\n".join(out)


def _label(shape: Mapping[str, Any], font: float, unit: float) -> str:
    layer = shape["layer"]
    size = font * (1.25 if layer == "subject" else 0.9 if layer == "road" else 1.0)
    weight = ' font-weight="bold"' if layer in ("subject", "held") else ""
    style = ' font-style="italic"' if layer == "road" else ""
    dy = 8 * unit if shape.get("marker") else 0.0
    return (
        f'<text x="{shape["x"]:.1f}" y="{shape["y"] - dy:.1f}" font-family="{FONT_FAMILY}" '
        f'font-size="{size:.2f}"{weight}{style} text-anchor="middle" '
        f'fill="{_LABEL_COLOUR.get(layer, "#303030")}">{escape(str(shape["label"]))}</text>'
    )


def _furniture(box: Box, unit: float, font: float) -> list[str]:
    """Return the frame, a north arrow at the top right and a scale bar at the bottom left."""
    metres = scale_bar_metres(box.width)
    x0, y0 = box.xmin + 20 * unit, -box.ymin - 20 * unit
    nx, ny = box.xmax - 25 * unit, -box.ymax + 20 * unit
    text = f'font-family="{FONT_FAMILY}" font-size="{font:.2f}" text-anchor="middle"'
    label = f"{metres // 1000} กม." if metres >= 1000 else f"{metres} ม."
    return [
        f'<path d="M {x0:.1f} {y0:.1f} h {metres:.1f}" stroke="#202020" '
        f'stroke-width="{3 * unit:.2f}" fill="none"/>',
        f'<text x="{x0 + metres / 2:.1f}" y="{y0 - 6 * unit:.1f}" {text}>{escape(label)}</text>',
        f'<path d="M {nx:.1f} {ny:.1f} l {-8 * unit:.1f} {30 * unit:.1f} h {16 * unit:.1f} z" '
        'fill="#202020"/>',
        f'<text x="{nx:.1f}" y="{ny + 30 * unit + font:.1f}" {text}>N</text>',
        f'<rect x="{box.xmin:.1f}" y="{-box.ymax:.1f}" width="{box.width:.1f}" '
        f'height="{box.height:.1f}" fill="none" stroke="#202020" stroke-width="{2 * unit:.2f}"/>',
    ]
