"""Reads QR codes with zxing-cpp (Debian's python3-zxing-cpp), the second
reference reader the decoder is measured against.

    python3 token/qr/testdata/zxingcpp_read.py IMAGE...

Prints one JSON line per image: {"file", "texts"}. Each image is turned
into 8-bit grey by ImageMagick's convert and handed over as a numpy array,
with zxing-cpp's defaults (rotations and downscaling tried).
"""
import json, subprocess, sys

import numpy
import zxingcpp


def grey(path):
    pgm = subprocess.run(["convert", path, "-colorspace", "Gray", "-depth", "8", "pgm:-"],
                         check=True, capture_output=True).stdout
    # P5 header: magic, width, height, maxval, each followed by whitespace.
    fields, i = [], 0
    while len(fields) < 4:
        while pgm[i:i + 1].isspace():
            i += 1
        j = i
        while not pgm[j:j + 1].isspace():
            j += 1
        fields.append(pgm[i:j])
        i = j
    w, h = int(fields[1]), int(fields[2])
    return numpy.frombuffer(pgm[i + 1:i + 1 + w * h], dtype=numpy.uint8).reshape(h, w)


for path in sys.argv[1:]:
    found = zxingcpp.read_barcodes(grey(path), formats=zxingcpp.BarcodeFormat.QRCode)
    print(json.dumps({"file": path, "texts": [r.text for r in found if r.valid]}))
