"""Writes a set of mangled QR images, as phones and screens make them, with
qrencode and ImageMagick's convert only (no Twofold code), so the Go
decoder is checked against codes it did not draw.

    python3 token/qr/testdata/photos.py OUTDIR

OUTDIR receives the images and manifest.json: a list of {"file",
"payload", "kind", "inverted"}, where payload is the exact text given to
qrencode and inverted says the code is light on dark. Each link is drawn
turned, in perspective, blurred, noisy, as a JPEG of quality 20, in low
contrast, small, under stripes and uneven light, without a quiet zone,
photographed off a screen, and light on dark (see variants). The set is the
same on every run: the noise has fixed seeds and nothing else is drawn at
random.
"""
import base64, json, os, subprocess, sys, urllib.parse


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(num, value):
    # Protocol buffers, written by hand: an int is wire type 0, bytes and
    # strings wire type 2 with their length.
    if isinstance(value, int):
        return varint(num << 3) + varint(value)
    if isinstance(value, str):
        value = value.encode()
    return varint(num << 3 | 2) + varint(len(value)) + value


def migration(entries, batch_size=1, batch_index=0, batch_id=1234567):
    # Google Authenticator's MigrationPayload: OtpParameters (secret, name,
    # issuer, algorithm 1 = SHA1, digits 1 = six, type 2 = TOTP) repeated
    # in field 1, then version, batch size, index and id.
    body = b""
    for secret, name, issuer in entries:
        otp = field(1, secret) + field(2, name) + field(3, issuer) + field(4, 1) + field(5, 1) + field(6, 2)
        body += field(1, otp)
    body += field(2, 1) + field(3, batch_size) + field(4, batch_index) + field(5, batch_id)
    data = urllib.parse.quote(base64.b64encode(body).decode(), safe="")
    return "otpauth-migration://offline?data=" + data


PAYLOADS = [
    "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
    "otpauth://totp/ACME%20Co:bob.smith@acme.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    "&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=30",
    migration([(b"12345678901234567890", "carol@example.com", "Mail"),
               (bytes(range(1, 21)), "carol", "Forge")], batch_size=2, batch_index=1),
    # A whole phone's export in one code, as Google Authenticator shows it
    # for ten accounts: a dense code of small modules.
    migration([(bytes((7 * i + j) % 256 for j in range(20)), "dave%d@example.com" % i, "Service %d" % i)
               for i in range(10)], batch_id=987654),
]

# The dense export is made in every kind but the small ones, which no
# reader can resolve for its hundred modules a side.
DENSE_LEAVES = ("small", "inverted-small")


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def size(path):
    out = subprocess.run(["identify", "-format", "%w %h", path], check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), int(out[1])


def perspective(w, h, k):
    # A phone held off-axis: the corners pulled in by k of the size.
    dx, dy = int(w * k), int(h * k)
    pts = [(0, 0, dx, dy // 2), (w, 0, w - dx // 3, dy), (0, h, dx // 2, h - dy // 3), (w, h, w - dx, h - dy)]
    return " ".join("%d,%d %d,%d" % p for p in pts)


def on_screen(code, w, h, bg):
    # The code (convert arguments) shown in a window in the middle of a
    # screen of w×h.
    return ["-size", "%dx%d" % (w, h), "xc:" + bg, "("] + code + [")", "-gravity", "center", "-composite"]


def photographed(w, h, seed, large=False):
    # A phone photo of that screen: held off-axis, a little out of focus,
    # sensor noise, then the phone's JPEG; large, at a camera's 4000
    # pixels a side.
    args = ["-virtual-pixel", "edge", "-distort", "Perspective", perspective(w, h, 0.12), "-blur", "0x1.2"]
    if large:
        args += ["-filter", "Triangle", "-resize", "4000x", "-blur", "0x3"]
    return args + ["-seed", str(seed), "-attenuate", "0.5", "+noise", "Gaussian", "-quality", "35"]


def variants(base, bare, w, h, seed):
    """(kind, inverted, extension, convert arguments) for one code."""
    big = "%dx%d" % (w, h)
    stripes = ["(", "-size", big, "xc:", "-fx", "0.8+0.2*sin(2*pi*(i*0.37+j*0.13))", ")",
               "-compose", "Multiply", "-composite"]
    shade = ["(", "-size", big, "gradient:white-gray22", "-rotate", "90", ")",
             "-compose", "Multiply", "-composite"]
    sw, sh = w + 300, h + 200
    return [
        ("plain", False, "png", [base]),
        ("rotate5", False, "png", [base, "-background", "white", "-rotate", "5"]),
        ("rotate30", False, "png", [base, "-background", "white", "-rotate", "30"]),
        ("rotate45", False, "png", [base, "-background", "white", "-rotate", "45"]),
        ("rotate125", False, "png", [base, "-background", "white", "-rotate", "125"]),
        ("rotate90", False, "png", [base, "-rotate", "90"]),
        ("rotate180", False, "png", [base, "-rotate", "180"]),
        ("perspective", False, "png", [base, "-virtual-pixel", "white", "-distort", "Perspective", perspective(w, h, 0.15)]),
        ("perspective-steep", False, "png", [base, "-virtual-pixel", "white", "-distort", "Perspective", perspective(w, h, 0.3)]),
        ("blur", False, "png", [base, "-blur", "0x1.5"]),
        ("blur3", False, "png", [base, "-blur", "0x3"]),
        ("noise", False, "png", [base, "-seed", str(seed), "-attenuate", "0.8", "+noise", "Gaussian"]),
        ("jpeg20", False, "jpg", [base, "-quality", "20"]),
        ("lowcontrast", False, "png", [base, "+level", "38%,62%"]),
        ("small60", False, "png", [base, "-filter", "Triangle", "-resize", "60x60"]),
        ("small90", False, "png", [base, "-filter", "Triangle", "-resize", "90x90"]),
        ("small120-blur", False, "png", [base, "-filter", "Triangle", "-resize", "120x120", "-blur", "0x0.7"]),
        ("lowcontrast-noise", False, "png", [base, "+level", "40%,60%", "-seed", str(seed), "-attenuate", "0.4", "+noise", "Gaussian"]),
        ("stripes", False, "png", [base] + stripes),
        ("shade", False, "png", [base] + shade),
        ("noquiet", False, "png", [bare]),
        ("photo", False, "jpg", on_screen([base], sw, sh, "#3c3f41") + photographed(sw, sh, seed)),
        ("inverted", True, "png", [base, "-negate"]),
        ("inverted-rotate30", True, "png", [base, "-background", "white", "-rotate", "30", "-negate"]),
        ("inverted-jpeg20", True, "jpg", [base, "-negate", "-quality", "20"]),
        ("darkmode", True, "png", on_screen([base, "-negate", "+level", "12%,90%"], w + 500, h + 300, "#1e1f22")),
        ("inverted-small90", True, "png", [base, "-filter", "Triangle", "-resize", "90x90", "-negate"]),
        ("inverted-noquiet", True, "png", [bare, "-negate"]),
        ("inverted-photo", True, "jpg", on_screen([base, "-negate"], sw, sh, "#17181a") + photographed(sw, sh, seed)),
    ]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    manifest = []
    for n, payload in enumerate(PAYLOADS):
        base = os.path.join(out, "base%d.png" % n)
        bare = os.path.join(out, "bare%d.png" % n)
        run("qrencode", "-s", "6", "-m", "4", "-o", base, payload)
        run("qrencode", "-s", "6", "-m", "0", "-o", bare, payload)
        w, h = size(base)
        todo = variants(base, bare, w, h, seed=100 + n)
        if n != 2:  # one camera photo of each but the short batch
            sw, sh = w + 300, h + 200
            todo.append(("photo4000", False, "jpg", on_screen([base], sw, sh, "#3c3f41") + photographed(sw, sh, seed=200 + n, large=True)))
        if n == 3:
            todo = [v for v in todo if not v[0].startswith(DENSE_LEAVES)]
        for kind, inverted, ext, args in todo:
            name = "%d-%s.%s" % (n, kind, ext)
            # Photos keep colour, under a lamp's warm cast; the rest is grey.
            look = ["-fill", "#ffb070", "-colorize", "18"] if "photo" in kind else ["-colorspace", "Gray"]
            run("convert", *args, *look, "-strip", os.path.join(out, name))
            manifest.append({"file": name, "payload": payload, "kind": kind, "inverted": inverted})
        os.remove(base)
        os.remove(bare)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
