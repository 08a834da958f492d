#!/usr/bin/env python3
"""Unwraps a Twofold vault's YubiKey slot (piv-p256) as the vault package
doc describes it, with Python's cryptography and no Twofold code: the
card's part, ECDH, done with the slot's private scalar given in hex.

    unwrap_piv.py VAULT PRIVATE_HEX   prints the identity the slot holds
"""
import base64
import hashlib
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def b64(s):
    return base64.b64decode(s + "=" * (-len(s) % 4), validate=True)


def main(vault, private_hex):
    priv = ec.derive_private_key(int(private_hex, 16), ec.SECP256R1())
    pub = priv.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
    tag = base64.b64encode(hashlib.sha256(pub).digest()[:4]).decode().rstrip("=")
    lines = open(vault).read().split("\n")
    assert lines[0] == "twofold-vault/v1"
    for i, line in enumerate(lines):
        f = line.split(" ")
        if f[:2] == ["->", "piv-p256"] and f[2] == tag:
            eph = b64(f[3])
            peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), eph)
            shared = priv.exchange(ec.ECDH(), peer)
            key = HKDF(algorithm=hashes.SHA256(), length=32, salt=eph + pub, info=b"piv-p256").derive(shared)
            print(ChaCha20Poly1305(key).decrypt(bytes(12), b64(lines[i + 1]), None).decode())
            return
    sys.exit("no piv-p256 slot with tag " + tag)


if __name__ == "__main__":
    main(*sys.argv[1:])
