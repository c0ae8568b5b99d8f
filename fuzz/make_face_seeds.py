#!/usr/bin/env python3
"""Writes the seed corpus of the `face` fuzz target (fuzz/corpus/face/) from the project's
own specimen images (testdata/faces) and a few hand-built headers. Each seed is one selector
byte (even: an image; odd: a DG2 whose first face is the image) and the bytes.

Usage: python3 fuzz/make_face_seeds.py   (deterministic; re-run only to change the seeds)
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FACES = os.path.join(HERE, "..", "testdata", "faces")
OUT = os.path.join(HERE, "corpus", "face")


def face(name):
    with open(os.path.join(FACES, name), "rb") as f:
        return f.read()


def tlv(tag, value):
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82]) + struct.pack(">H", n)
    return tag + length + value


def dg2(image):
    """DG2 with one ISO/IEC 19794-5 face record holding `image` (JPEG 2000 type)."""
    block = struct.pack(">IH", 20 + 12 + len(image), 0) + bytes(14)
    block += bytes([1, 1]) + struct.pack(">HH", 240, 320) + bytes([1, 2, 0, 0, 0, 0])
    block += image
    record = b"FAC\x00010\x00" + struct.pack(">IH", 14 + len(block), 1) + block
    header = tlv(b"\xa1", tlv(b"\x80", b"\x01\x01") + tlv(b"\x81", b"\x02")
                 + tlv(b"\x87", b"\x01\x01") + tlv(b"\x88", b"\x00\x08"))
    template = tlv(b"\x7f\x60", header + tlv(b"\x5f\x2e", record))
    return tlv(b"\x75", tlv(b"\x7f\x61", tlv(b"\x02", b"\x01") + template))


def png(width, height, colour_type, channels, extra=b""):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes((x * 37 + y * 11 + c) & 0xFF
                                    for x in range(width) for c in range(channels))
                    for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def siz_patched(codestream, width, height, tile):
    """The codestream with Xsiz/Ysiz (bytes 8-15) and XTsiz/YTsiz (bytes 24-31) replaced."""
    cs = bytearray(codestream)
    cs[8:16] = struct.pack(">II", width, height)
    cs[24:32] = struct.pack(">II", tile, tile)
    return bytes(cs)


def jpeg_header(width, height):
    """SOI, SOF0 for width x height with three components, EOI: no tables, no data."""
    return (b"\xff\xd8\xff\xc0\x00\x11\x08" + struct.pack(">HH", height, width) + b"\x03"
            + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00\xff\xd9")


def main():
    os.makedirs(OUT, exist_ok=True)
    j2k = face("face.j2k")
    seeds = {
        "image-face.j2k": b"\x00" + j2k,
        "image-face.jp2": b"\x00" + face("face.jp2"),
        "image-signature.jpg": b"\x00" + face("signature.jpg"),
        "image-png-rgb-4x3": b"\x00" + png(4, 3, 2, 3),
        "image-png-grey-alpha-2x2": b"\x00" + png(2, 2, 4, 2),
        "image-png-palette-2x2": b"\x00" + png(
            2, 2, 3, 1, struct.pack(">I", 6) + b"PLTE" + bytes(range(6)) + b"\0\0\0\0"),
        "image-j2k-8192x8192-tiles1x1": b"\x00" + siz_patched(j2k, 8192, 8192, 1),
        "image-j2k-2048x2048-tiles16x16": b"\x00" + siz_patched(j2k, 2048, 2048, 16),
        "image-jpeg-header-60000x60000": b"\x00" + jpeg_header(60000, 60000),
        "image-png-header-60000x60000": b"\x00" + png(1, 1, 2, 3)[:16]
        + struct.pack(">II", 60000, 60000) + b"\x08\x02\x00\x00\x00",
        "dg2-face.j2k": b"\x01" + dg2(j2k),
        "dg2-j2k-8192x8192-tiles1x1": b"\x01" + dg2(siz_patched(j2k, 8192, 8192, 1)),
    }
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
