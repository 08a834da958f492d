"""Writes the exports shaped as the Aegis and 2FAS Android apps write them,
with Python's hashlib and the cryptography package only (no Twofold code),
so the Go readers are checked against an independent writer.

    python3 token/transfer/testdata/python/make.py

Secrets are RFC 4226/6238 test vectors; the passphrase is the one of the
other encrypted files here ("testdata passphrase"). Each run draws new
salts, nonces and keys; the seeds are the same.
"""
import base64, hashlib, json, os
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PASS = b"testdata passphrase"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
SHA1 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # "12345678901234567890"
SHA256 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
SHA512 = "GEZDGNBVGY3TQOJQ" * 8


def android_json(obj):
    # Android's JSONObject writes "/" as "\/".
    return json.dumps(obj, separators=(",", ":")).replace("/", "\\/")


def gcm(key, plain):
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plain, None)
    return nonce, sealed[:-16], sealed[-16:]


def aegis():
    entries = [
        {"type": "totp", "uuid": "00000000-0000-4000-8000-000000000001", "name": "james", "issuer": "Seven",
         "note": "", "favorite": False, "icon": None, "groups": [],
         "info": {"secret": SHA256, "algo": "SHA256", "digits": 7, "period": 20}},
        {"type": "totp", "uuid": "00000000-0000-4000-8000-000000000002", "name": "elijah", "issuer": "Fifty",
         "icon": None, "info": {"secret": SHA512, "algo": "SHA512", "digits": 8, "period": 50}},
        {"type": "hotp", "uuid": "00000000-0000-4000-8000-000000000003", "name": "mason", "issuer": "Counter",
         "icon": None, "info": {"secret": SHA1, "algo": "SHA1", "digits": 6, "counter": 10300}},
        {"type": "hotp", "uuid": "00000000-0000-4000-8000-000000000004", "name": "", "issuer": "Nameless",
         "icon": None, "info": {"secret": SHA512, "algo": "SHA512", "digits": 8, "counter": 50}},
        {"type": "steam", "uuid": "00000000-0000-4000-8000-000000000005", "name": "sophia", "issuer": "Steam",
         "icon": None, "info": {"secret": SHA1, "algo": "SHA1", "digits": 5, "period": 30}},
    ]
    db = json.dumps({"version": 3, "entries": entries, "groups": []}).encode()
    master = os.urandom(32)
    nonce, ct, tag = gcm(master, db)
    slots = []
    # A raw-key slot and a biometric slot come first, as on a phone that
    # has both unlocked the vault before.
    for typ in (0, 2):
        n, k, t = gcm(os.urandom(32), master)
        slots.append({"type": typ, "uuid": os.urandom(16).hex(), "key": k.hex(),
                      "key_params": {"nonce": n.hex(), "tag": t.hex()}})
    salt = os.urandom(32)
    kek = hashlib.scrypt(PASS, salt=salt, n=1 << 15, r=8, p=1, maxmem=1 << 26, dklen=32)
    n, k, t = gcm(kek, master)
    slots.append({"type": 1, "uuid": os.urandom(16).hex(), "key": k.hex(),
                  "key_params": {"nonce": n.hex(), "tag": t.hex()},
                  "n": 1 << 15, "r": 8, "p": 1, "salt": salt.hex(), "repaired": True, "is_backup": False})
    f = {"version": 1, "header": {"slots": slots, "params": {"nonce": nonce.hex(), "tag": tag.hex()}},
         "db": base64.b64encode(ct).decode()}
    with open(os.path.join(OUT, "aegis-android.json"), "w") as out:
        out.write(android_json(f))


def twofas_v2():
    # Schema 2 (2FAS 3.x): no tokenType, and no period where it is 30.
    services = [
        {"name": "Old", "secret": SHA1, "updatedAt": 1644513743278, "type": "Unknown",
         "otp": {"label": "Old:mason", "account": "mason", "issuer": "Old", "digits": 6, "algorithm": "SHA1"},
         "order": {"position": 0}},
        {"name": "Fifty", "secret": SHA512, "updatedAt": 1644513778354, "type": "Unknown",
         "otp": {"label": "Fifty:elijah", "account": "elijah", "issuer": "Fifty", "digits": 8, "period": 50,
                 "algorithm": "SHA512"},
         "order": {"position": 1}},
    ]

    def seal(text):
        salt, iv = os.urandom(256), os.urandom(12)
        key = hashlib.pbkdf2_hmac("sha256", PASS, salt, 10000, 32)
        sealed = AESGCM(key).encrypt(iv, text, None)
        return ":".join(base64.b64encode(x).decode() for x in (sealed, salt, iv))

    f = {"services": [], "updatedAt": 1644513883359, "schemaVersion": 2, "appVersionCode": 3080200,
         "appVersionName": "3.8.2", "appOrigin": "android", "groups": [],
         "servicesEncrypted": seal(json.dumps(services).encode()), "reference": seal(os.urandom(64))}
    with open(os.path.join(OUT, "twofas-v2-encrypted.2fas"), "w") as out:
        out.write(android_json(f))


aegis()
twofas_v2()
