#!/usr/bin/env python3
"""Draws the synthetic specimen face used by the specimen documents and the image tests.

No real person: an illustrated face (head, hair, eyes, nose, mouth, shoulders) on a plain
light background in the proportions of an ICAO 9303 portrait (3:4, face centred).
Deterministic: the same Pillow version gives the same pixels; the committed outputs are
what the tests read, so re-running is only needed to change the picture.

Outputs (next to this script):
  face.jpg  baseline JPEG, 240x320, about 15-20 KB (the passport's DG2)
  face.jp2  JPEG 2000 in the JP2 file format, 240x320 (the ID card's DG2)
  face.j2k  JPEG 2000 raw codestream, 120x160 (a smaller DG5 portrait variant)
  signature.jpg  a drawn signature, 240x80 (DG7)
  document.jpg   a small drawing of a document page, 160x100 (DG11 proof of
                 citizenship, DG12 front and rear images)

Usage: pip install pillow  (a wheel with openjpeg), then  python3 make_faces.py
"""
import os
import random

from PIL import Image, ImageDraw, ImageFilter

W, H = 240, 320
HERE = os.path.dirname(os.path.abspath(__file__))


def draw_face() -> Image.Image:
    rng = random.Random(9303)
    img = Image.new("RGB", (W, H), (226, 230, 234))
    d = ImageDraw.Draw(img)
    # soft background gradient so the JPEG has some texture to encode
    for y in range(H):
        shade = 236 - y // 12
        d.line([(0, y), (W, y)], fill=(shade - 6, shade - 2, shade))
    skin = (224, 182, 150)
    # shoulders and shirt
    d.ellipse([20, 250, 220, 420], fill=(52, 70, 98))
    d.polygon([(104, 252), (136, 252), (120, 292)], fill=(236, 236, 240))
    # neck
    d.rectangle([100, 200, 140, 262], fill=(210, 166, 134))
    # hair behind the head
    d.ellipse([56, 40, 184, 190], fill=(70, 46, 30))
    # ears
    d.ellipse([56, 118, 76, 154], fill=skin)
    d.ellipse([164, 118, 184, 154], fill=skin)
    # head
    d.ellipse([66, 60, 174, 222], fill=skin)
    # fringe
    d.chord([62, 44, 178, 130], 180, 360, fill=(70, 46, 30))
    # eyebrows
    d.line([(88, 116), (108, 112)], fill=(60, 40, 28), width=4)
    d.line([(132, 112), (152, 116)], fill=(60, 40, 28), width=4)
    # eyes
    for cx in (98, 142):
        d.ellipse([cx - 12, 124, cx + 12, 138], fill=(250, 250, 250))
        d.ellipse([cx - 5, 125, cx + 5, 137], fill=(72, 98, 60))
        d.ellipse([cx - 2, 128, cx + 2, 133], fill=(10, 10, 10))
    # nose
    d.line([(120, 136), (114, 168), (124, 170)], fill=(180, 130, 104), width=3)
    # mouth
    d.arc([100, 172, 140, 198], 20, 160, fill=(160, 70, 70), width=4)
    # skin texture: faint deterministic speckle, then a light blur
    px = img.load()
    for _ in range(12000):
        x, y = rng.randrange(W), rng.randrange(H)
        r, g, b = px[x, y]
        j = rng.randrange(-10, 11)
        px[x, y] = (max(0, min(255, r + j)), max(0, min(255, g + j)), max(0, min(255, b + j)))
    return img.filter(ImageFilter.GaussianBlur(0.8))


def draw_signature() -> Image.Image:
    img = Image.new("L", (240, 80), 255)
    d = ImageDraw.Draw(img)
    pts = [(14, 56), (30, 20), (42, 60), (58, 24), (70, 58), (86, 30), (96, 50),
           (120, 40), (138, 22), (150, 58), (170, 34), (196, 44), (226, 30)]
    d.line(pts, fill=20, width=3, joint="curve")
    d.line([(20, 66), (210, 62)], fill=60, width=2)
    return img


def draw_document() -> Image.Image:
    img = Image.new("RGB", (160, 100), (214, 226, 236))
    d = ImageDraw.Draw(img)
    d.rectangle([4, 4, 155, 95], outline=(70, 90, 120), width=2)
    d.rectangle([12, 16, 52, 66], fill=(224, 182, 150))
    for y in range(20, 66, 10):
        d.line([(62, y), (146, y)], fill=(90, 100, 120), width=3)
    for y in (76, 86):
        d.line([(12, y), (146, y)], fill=(40, 40, 40), width=2)
    return img


def main() -> None:
    face = draw_face()
    face.save(os.path.join(HERE, "face.jpg"), "JPEG", quality=95, optimize=False, subsampling=0)
    face.save(os.path.join(HERE, "face.jp2"), "JPEG2000", irreversible=True,
              quality_mode="rates", quality_layers=[24])
    face.resize((W // 2, H // 2), Image.LANCZOS).save(
        os.path.join(HERE, "face.j2k"), "JPEG2000", irreversible=True,
        quality_mode="rates", quality_layers=[20], no_jp2=True)
    draw_signature().save(os.path.join(HERE, "signature.jpg"), "JPEG", quality=85)
    draw_document().save(os.path.join(HERE, "document.jpg"), "JPEG", quality=85)
    for name in ("face.jpg", "face.jp2", "face.j2k", "signature.jpg", "document.jpg"):
        print(name, os.path.getsize(os.path.join(HERE, name)), "bytes")


if __name__ == "__main__":
    main()
