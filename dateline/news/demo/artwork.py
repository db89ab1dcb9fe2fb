"""Paint the demo newsroom's pictures: layered ridges under a sky, different for every seed.

The demo ships no photographs; these are made on the machine, so every image is original and no
byte is downloaded.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    # sky top, sky bottom, far ridge, near ridge, ground
    ((36, 59, 85), (236, 170, 120), (94, 84, 110), (58, 52, 74), (30, 28, 40)),
    ((120, 170, 210), (225, 235, 240), (120, 140, 130), (74, 98, 80), (44, 60, 46)),
    ((20, 24, 46), (84, 70, 120), (52, 50, 84), (34, 32, 58), (18, 16, 30)),
    ((190, 200, 210), (240, 236, 226), (150, 150, 150), (104, 104, 108), (70, 70, 72)),
    ((250, 190, 120), (255, 236, 200), (190, 120, 90), (130, 80, 70), (80, 50, 50)),
]
# The demo's pictures are large enough for every rendition a hero is served in. Where many
# pictures are made (the generated archive, the tests' factory), they are this size instead:
# painting and encoding a rendition in AVIF, WebP and JPEG at each width costs about half as much.
SMALL_PICTURE = {"width": 960, "height": 600}


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def paint_landscape(seed: int, width: int = 1600, height: int = 1000) -> bytes:
    """Return a JPEG of a landscape drawn from `seed`: the same seed always gives the same picture."""
    rng = random.Random(seed)
    sky_top, sky_bottom, far, near, ground = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(sky_top, sky_bottom, y / height))
    sun_x, sun_y = rng.randint(200, width - 200), rng.randint(120, height // 2 - 60)
    sun_r = rng.randint(40, 90)
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=(255, 244, 214))
    for layer, colour in enumerate((far, _mix(far, near, 0.5), near)):
        base = height * (0.45 + 0.13 * layer)
        points, y = [(0, height)], base
        for x in range(0, width + 40, 40):
            y = min(max(y + rng.uniform(-38, 38), base - 160), base + 80)
            points.append((x, y))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    # A row of low roofs in the foreground, as in a border town seen from a hill.
    x = rng.randint(-40, 40)
    while x < width:
        w, h = rng.randint(50, 120), rng.randint(30, 80)
        top = height - 120 - h
        draw.rectangle([x, top, x + w, height - 100], fill=ground)
        draw.polygon([(x - 8, top), (x + w / 2, top - h / 3), (x + w + 8, top)], fill=ground)
        x += w + rng.randint(4, 30)
    draw.rectangle([0, height - 110, width, height], fill=ground)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()
