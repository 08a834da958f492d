"""Writes exports shaped as andOTP, Bitwarden, Proton Authenticator, Proton
Pass, Authenticator Pro, FreeOTP+, LastPass Authenticator and Steam Desktop
Authenticator write them (from each app's published sources), with Python's
stdlib and the cryptography package only (no Twofold code), and the codes
each seed shows at one instant, computed here with an HOTP and Steam Guard
implementation of this script's own, into testdata/apps/expected.json.

    python3 token/transfer/testdata/python/apps.py

The passphrase of every encrypted file is "testdata passphrase". Each run
draws new salts and nonces; the seeds are the same.
"""
import base64, csv, hashlib, hmac, io, json, os, struct, zipfile
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

PASS = b"testdata passphrase"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "apps")
AT = 1700000000  # the instant of expected.json's codes
SHA1 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # RFC 4226's "12345678901234567890"
SHA256 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
SHA512 = "GEZDGNBVGY3TQOJQ" * 8
SHORT = "MFRGGZDFMZTWQ2LK"  # "abcdefghij" is 80 bits; this is 10 bytes
WEAK = "MFRGGZDF"  # 40 bits, as some old services issued
STEAM = "JRZCL47CMXVOQMNPZR2F7J4RGI"  # Aegis's published Steam vector
expected = {}


def b32(s):
    return base64.b32decode(s + "=" * (-len(s) % 8))


def hotp(key, counter, digits, algo="sha1", steam=False):
    mac = hmac.new(key, struct.pack(">Q", counter), algo).digest()
    off = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF
    if steam:
        alphabet, out = "23456789BCDFGHJKMNPQRTVWXY", ""
        for _ in range(5):
            out += alphabet[value % len(alphabet)]
            value //= len(alphabet)
        return out
    return str(value % 10 ** digits).zfill(digits)


def expect(name, label, secret, kind="totp", algo="sha1", digits=6, period=30, counter=0):
    c = counter if kind == "hotp" else AT // period
    expected.setdefault(name, []).append(
        {"label": label, "kind": "totp" if kind == "steam" else kind, "steam": kind == "steam",
         "code": hotp(b32(secret), c, digits, algo, kind == "steam")})


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def gcm(key, plain, aad=None):
    nonce = os.urandom(12)
    return nonce, AESGCM(key).encrypt(nonce, plain, aad)


def cbc(key, iv, plain):
    p = padding.PKCS7(128).padder()
    e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return e.update(p.update(plain) + p.finalize()) + e.finalize()


def argon2id(salt, t, m_kib, p):
    return Argon2id(salt=salt, length=32, iterations=t, lanes=p, memory_cost=m_kib).derive(PASS)


# andOTP: Backup/DatabaseHelper and EncryptionHelper.
def andotp():
    entries = [
        {"secret": SHA1, "issuer": "ACME Co", "label": "alice@example.com", "digits": 6, "type": "TOTP",
         "algorithm": "SHA1", "thumbnail": "Default", "last_used": 1700000000000, "used_frequency": 0,
         "period": 30, "tags": ["work"]},
        {"secret": SHA512, "issuer": "Fifty", "label": "elijah", "digits": 8, "type": "TOTP",
         "algorithm": "SHA512", "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "period": 60, "tags": []},
        {"secret": SHA1, "issuer": "Counter", "label": "mason", "digits": 6, "type": "HOTP", "algorithm": "SHA1",
         "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "counter": 10300, "tags": []},
        {"secret": STEAM, "issuer": "Boeing", "label": "Sophia", "digits": 5, "type": "STEAM", "algorithm": "SHA1",
         "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "period": 30, "tags": []},
        {"secret": WEAK, "issuer": "Old", "label": "kim", "digits": 6, "type": "TOTP", "algorithm": "SHA1",
         "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "period": 30, "tags": []},
    ]
    plain = json.dumps(entries).encode()
    for name in ("andotp-plain.json", "andotp-encrypted.json.aes", "andotp-old.json.aes"):
        expect(name, "ACME Co (alice@example.com)", SHA1)
        expect(name, "Fifty (elijah)", SHA512, algo="sha512", digits=8, period=60)
        expect(name, "Counter (mason)", SHA1, kind="hotp", counter=10300)
        expect(name, "Boeing (Sophia)", STEAM, kind="steam")
        expect(name, "Old (kim)", WEAK)
    write("andotp-plain.json", plain)
    iterations, salt = 140000, os.urandom(12)
    key = hashlib.pbkdf2_hmac("sha1", PASS, salt, iterations, 32)
    nonce, sealed = gcm(key, plain)
    write("andotp-encrypted.json.aes", struct.pack(">I", iterations) + salt + nonce + sealed)
    nonce, sealed = gcm(hashlib.sha256(PASS).digest(), plain)
    write("andotp-old.json.aes", nonce + sealed)


# Bitwarden: the clients' export service, EncString and the KDFs.
def bitwarden():
    items = [
        {"id": "1", "type": 1, "name": "ACME Co", "favorite": False, "notes": None,
         "login": {"username": "alice@example.com", "password": "pw",
                   "totp": "otpauth://totp/ACME%20Co:alice%40example.com?secret=" + SHA1 + "&issuer=ACME%20Co",
                   "uris": [{"match": None, "uri": "https://acme.example"}]}},
        {"id": "2", "type": 1, "name": "Bare", "login": {"username": "bob", "password": "pw", "totp": "gezd gnbv gy3t qojq gezd gnbv gy3t qojq"}},
        {"id": "3", "type": 1, "name": "Steam", "login": {"username": "gaben", "password": "pw", "totp": "steam://" + STEAM}},
        {"id": "4", "type": 1, "name": "No TOTP", "login": {"username": "carol", "password": "pw", "totp": None}},
        {"id": "5", "type": 2, "name": "A note", "secureNote": {"type": 0}},
        {"id": "6", "type": 1, "name": "Fifty", "login": {"username": "elijah", "totp":
         "otpauth://totp/Fifty:elijah?secret=" + SHA512 + "&algorithm=SHA512&digits=8&period=60"}},
    ]
    plain = {"encrypted": False, "folders": [], "items": items}
    for name in ("bitwarden.json", "bitwarden-pbkdf2.json", "bitwarden-argon2id.json", "bitwarden.csv"):
        expect(name, "ACME Co (alice@example.com)", SHA1)
        expect(name, "Bare (bob)", SHA1)
        expect(name, "Steam (gaben)", STEAM, kind="steam")
        expect(name, "Fifty (elijah)", SHA512, algo="sha512", digits=8, period=60)
    write("bitwarden.json", json.dumps(plain, indent=2))

    def enc_string(enc_key, mac_key, data):
        iv = os.urandom(16)
        ct = cbc(enc_key, iv, data)
        mac = hmac.new(mac_key, iv + ct, "sha256").digest()
        return "2." + "|".join(base64.b64encode(x).decode() for x in (iv, ct, mac))

    def hkdf_expand(prk, info):
        return hmac.new(prk, info + b"\x01", "sha256").digest()  # one block: 32 bytes

    for name, kdf_type, iterations, memory, parallelism in (
            ("bitwarden-pbkdf2.json", 0, 600000, None, None), ("bitwarden-argon2id.json", 1, 3, 64, 4)):
        salt = base64.b64encode(os.urandom(16)).decode()
        if kdf_type == 0:
            key = hashlib.pbkdf2_hmac("sha256", PASS, salt.encode(), iterations, 32)
        else:
            key = argon2id(hashlib.sha256(salt.encode()).digest(), iterations, memory * 1024, parallelism)
        ek, mk = hkdf_expand(key, b"enc"), hkdf_expand(key, b"mac")
        f = {"encrypted": True, "passwordProtected": True, "salt": salt, "kdfType": kdf_type,
             "kdfIterations": iterations, "kdfMemory": memory, "kdfParallelism": parallelism,
             "encKeyValidation_DO_NOT_EDIT": enc_string(ek, mk, os.urandom(16).hex().encode()),
             "data": enc_string(ek, mk, json.dumps(plain).encode())}
        write(name, json.dumps(f, indent=2))

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["folder", "favorite", "type", "name", "notes", "fields", "reprompt", "login_uri",
                "login_username", "login_password", "login_totp"])
    for it in items:
        login = it.get("login") or {}
        w.writerow(["", "", "login" if it["type"] == 1 else "note", it["name"], "multi\nline note", "", 0,
                    "", login.get("username") or "", login.get("password") or "", login.get("totp") or ""])
    write("bitwarden.csv", out.getvalue())


# Proton Authenticator (its export module) and Proton Pass (export zip).
def proton():
    entries = [
        {"id": "a", "content": {"uri": "otpauth://totp/alice%40example.com?secret=" + SHA1 + "&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
                                "entry_type": "Totp", "name": "ACME Co"}, "note": "work"},
        {"id": "b", "content": {"uri": "otpauth://totp/Seven:james?secret=" + SHA256 + "&issuer=Seven&algorithm=SHA256&digits=7&period=20",
                                "entry_type": "Totp", "name": "Seven"}, "note": None},
        {"id": "c", "content": {"uri": "steam://" + STEAM, "entry_type": "Steam", "name": "Steam gaben"}, "note": None},
    ]
    plain = json.dumps({"version": 1, "entries": entries}).encode()
    for name in ("proton-authenticator.json", "proton-authenticator-encrypted.json"):
        expect(name, "ACME Co (alice@example.com)", SHA1)
        expect(name, "Seven (james)", SHA256, algo="sha256", digits=7, period=20)
        expect(name, "Steam gaben", STEAM, kind="steam")
    write("proton-authenticator.json", plain)
    salt = os.urandom(16)
    key = argon2id(salt, 2, 19 * 1024, 1)
    nonce, sealed = gcm(key, plain, b"proton.authenticator.export.v1")
    write("proton-authenticator-encrypted.json", json.dumps(
        {"version": 1, "salt": base64.b64encode(salt).decode(), "content": base64.b64encode(nonce + sealed).decode()}))

    def item(name, email, totp):
        return {"itemId": name, "shareId": "s", "data": {"metadata": {"name": name, "note": "", "itemUuid": "u"},
                "extraFields": [], "type": "login", "content": {"itemEmail": email, "password": "pw", "urls": [],
                "totpUri": totp, "passkeys": [], "itemUsername": ""}}, "state": 1, "aliasEmail": None,
                "contentFormatVersion": 1, "createTime": 1, "modifyTime": 1, "pinned": False}
    extra = item("Custom", "carol", "")
    extra["data"]["extraFields"] = [{"fieldName": "2FA", "type": "totp", "data": {"totpUri": SHA256}}]
    data = {"version": "1.21.2", "userId": "x", "encrypted": False, "vaults": {
        "v1": {"name": "Personal", "description": "", "display": {"color": 0, "icon": 0}, "items": [
            item("ACME Co", "alice@example.com", "otpauth://totp/ACME%20Co:alice%40example.com?secret=" + SHA1 + "&issuer=ACME%20Co"),
            item("No TOTP", "x@example.com", "")]},
        "v2": {"name": "Work", "items": [item("Fifty", "elijah", "otpauth://totp/Fifty:elijah?secret=" + SHA512 + "&algorithm=SHA512&digits=8&period=60"),
                                          item("Bare", "bob", SHA1), extra]}}}
    expect("proton-pass.zip", "ACME Co (alice@example.com)", SHA1)
    expect("proton-pass.zip", "Fifty (elijah)", SHA512, algo="sha512", digits=8, period=60)
    expect("proton-pass.zip", "Bare (bob)", SHA1)
    expect("proton-pass.zip", "Custom (carol)", SHA256)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Proton Pass/data.json", json.dumps(data))
    write("proton-pass.zip", buf.getvalue())


# Authenticator Pro: Backup, BackupEncryption (current and legacy).
def authpro():
    auths = [
        {"Type": 2, "Icon": "acme", "Issuer": "ACME Co", "Username": "alice@example.com", "Secret": SHA1, "Pin": None,
         "Algorithm": 0, "Digits": 6, "Period": 30, "Counter": 0, "Ranking": 0, "CopyCount": 0},
        {"Type": 2, "Icon": None, "Issuer": "Seven", "Username": "james", "Secret": SHA256, "Pin": None,
         "Algorithm": 1, "Digits": 7, "Period": 20, "Counter": 0, "Ranking": 1, "CopyCount": 0},
        {"Type": 1, "Icon": None, "Issuer": "Counter", "Username": "mason", "Secret": SHA1, "Pin": None,
         "Algorithm": 0, "Digits": 6, "Period": 30, "Counter": 10300, "Ranking": 2, "CopyCount": 0},
        {"Type": 4, "Icon": "steam", "Issuer": "Steam", "Username": "gaben", "Secret": STEAM, "Pin": None,
         "Algorithm": 0, "Digits": 5, "Period": 30, "Counter": 0, "Ranking": 3, "CopyCount": 0},
        {"Type": 3, "Icon": None, "Issuer": "Mobile", "Username": "m", "Secret": "0123456789abcdef", "Pin": "1234",
         "Algorithm": 2, "Digits": 6, "Period": 10, "Counter": 0, "Ranking": 4, "CopyCount": 0},
    ]
    plain = json.dumps({"Authenticators": auths, "Categories": [], "AuthenticatorCategories": [],
                        "CustomIcons": [], "IconPacks": []}).encode()
    for name in ("authpro.json", "authpro-encrypted.authpro", "authpro-legacy.authpro"):
        expect(name, "ACME Co (alice@example.com)", SHA1)
        expect(name, "Seven (james)", SHA256, algo="sha256", digits=7, period=20)
        expect(name, "Counter (mason)", SHA1, kind="hotp", counter=10300)
        expect(name, "Steam (gaben)", STEAM, kind="steam")
    write("authpro.json", plain)
    salt = os.urandom(16)
    key = argon2id(salt, 3, 64 * 1024, 4)
    nonce, sealed = gcm(key, plain)
    write("authpro-encrypted.authpro", b"AUTHENTICATORPRO" + salt + nonce + sealed)
    salt, iv = os.urandom(20), os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha1", PASS, salt, 64000, 32)
    write("authpro-legacy.authpro", b"AuthenticatorPro" + salt + iv + cbc(key, iv, plain))


# FreeOTP+ (Token.java's JSON export) and LastPass Authenticator.
def freeotp_lastpass():
    def signed(secret):
        return [b - 256 if b > 127 else b for b in b32(secret)]
    tokens = [
        {"algo": "SHA1", "counter": 0, "digits": 6, "issuerExt": "ACME Co", "issuerInt": "ACME Co",
         "label": "alice@example.com", "period": 30, "secret": signed(SHA1), "type": "TOTP"},
        {"algo": "SHA512", "counter": 0, "digits": 8, "issuerExt": "Fifty", "label": "elijah", "period": 60,
         "secret": signed(SHA512), "type": "TOTP"},
        {"algo": "SHA1", "counter": 10300, "digits": 6, "issuerExt": "Counter", "label": "mason", "period": 30,
         "secret": signed(SHA1), "type": "HOTP"},
        {"algo": "SHA256", "counter": 0, "digits": 6, "issuerExt": "", "label": "Plain:dana", "period": 30,
         "secret": signed(SHA256), "type": "TOTP"},
    ]
    write("freeotp-plus.json", json.dumps({"tokenOrder": ["ACME Co:alice@example.com"], "tokens": tokens}))
    expect("freeotp-plus.json", "ACME Co (alice@example.com)", SHA1)
    expect("freeotp-plus.json", "Fifty (elijah)", SHA512, algo="sha512", digits=8, period=60)
    # FreeOTP counts up before it makes an HOTP code: the next code's
    # counter is one above the stored one.
    expect("freeotp-plus.json", "Counter (mason)", SHA1, kind="hotp", counter=10301)
    expect("freeotp-plus.json", "Plain (dana)", SHA256, algo="sha256")
    # FreeOTP's own tokens.xml (SharedPreferences): the same token JSON, one string each.
    from xml.sax.saxutils import escape, quoteattr
    prefs = "".join("<string name=%s>%s</string>" % (quoteattr(t["issuerExt"] + ":" + t["label"]), escape(json.dumps(t)))
                    for t in tokens)
    write("freeotp-tokens.xml", "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
          "<string name=\"tokenOrder\">%s</string>\n%s\n</map>\n" % (escape(json.dumps([t["label"] for t in tokens])), prefs))
    for e in expected["freeotp-plus.json"]:
        expected.setdefault("freeotp-tokens.xml", []).append(e)
    accounts = [
        {"accountID": "a1", "issuerName": "ACME Co", "originalIssuerName": "ACME", "userName": "alice@example.com",
         "originalUserName": "alice", "pushNotification": False, "secret": SHA1, "timeStep": 30, "digits": 6,
         "creationTimestamp": 1700000000000, "isFavorite": False, "algorithm": "SHA1", "folderData": None},
        {"accountID": "a2", "issuerName": "", "originalIssuerName": "Seven", "userName": "", "originalUserName": "james",
         "pushNotification": False, "secret": SHA256, "timeStep": 20, "digits": 7, "creationTimestamp": 1,
         "isFavorite": True, "algorithm": "SHA256", "folderData": {"folderId": 0, "position": 1}},
    ]
    write("lastpass.json", json.dumps({"deviceId": "d", "deviceSecret": "s", "localDeviceId": "l",
                                        "deviceName": "phone", "version": 3, "accounts": accounts,
                                        "folders": [{"id": 0, "name": "Favorites", "isOpened": True}]}))
    expect("lastpass.json", "ACME Co (alice@example.com)", SHA1)
    expect("lastpass.json", "Seven (james)", SHA256, algo="sha256", digits=7, period=20)


# Authy's tokens file (SharedPreferences), plain and with secrets encrypted
# under the backup password, as Aegis's Authy importer reads them.
def authy():
    from xml.sax.saxutils import escape
    toks = [{"name": "ACME Co: alice@example.com", "originalName": "ACME Co:alice@example.com", "digits": 6, "secret": SHA1},
            {"name": "Seven", "originalName": "Seven:james", "digits": 7, "secret": SHA256}]
    for name, encrypted in (("authy-tokens.xml", False), ("authy-tokens-encrypted.xml", True)):
        out = []
        for t in toks:
            o = {"accountType": "authenticator", "digits": t["digits"], "name": t["name"], "originalName": t["originalName"],
                 "timestamp": 1700000000, "upload_state": "uploaded"}
            if encrypted:
                salt = base64.b32encode(os.urandom(10)).decode()
                key = hashlib.pbkdf2_hmac("sha1", PASS, salt.encode(), 1000, 32)
                o["salt"], o["encryptedSecret"] = salt, base64.b64encode(cbc(key, bytes(16), t["secret"].encode())).decode()
            else:
                o["decryptedSecret"] = t["secret"]
            out.append(o)
        write(name, "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
              "<string name=\"com.authy.storage.tokens.authenticator.key\">%s</string>\n</map>\n" % escape(json.dumps(out)))
        expect(name, "ACME Co (alice@example.com)", SHA1)
        expect(name, "Seven (james)", SHA256, algo="sha1", digits=7)


# Steam Desktop Authenticator's maFile.
def steam():
    write("steam.maFile", json.dumps({
        "shared_secret": base64.b64encode(b32(STEAM)).decode(), "serial_number": "1", "revocation_code": "R12345",
        "uri": "otpauth://totp/Steam:gaben?secret=" + STEAM + "&issuer=Steam", "server_time": 1700000000,
        "account_name": "gaben", "token_gid": "g", "identity_secret": base64.b64encode(os.urandom(20)).decode(),
        "secret_1": "x", "status": 1, "device_id": "android:x", "fully_enrolled": True,
        "Session": {"SteamID": 76561197960287930}}))
    expect("steam.maFile", "Steam (gaben)", STEAM, kind="steam")


# libsodium's crypto_secretstream_xchacha20poly1305 push, from its
# secretstream.c, on the cryptography package's ChaCha20 and Poly1305 and an
# HChaCha20 of this script's own (checked against the XChaCha draft's vector).
def hchacha20(key, nonce16):
    def rotl(v, n):
        return ((v << n) & 0xFFFFFFFF) | (v >> (32 - n))

    def qr(x, a, b, c, d):
        x[a] = (x[a] + x[b]) & 0xFFFFFFFF; x[d] = rotl(x[d] ^ x[a], 16)
        x[c] = (x[c] + x[d]) & 0xFFFFFFFF; x[b] = rotl(x[b] ^ x[c], 12)
        x[a] = (x[a] + x[b]) & 0xFFFFFFFF; x[d] = rotl(x[d] ^ x[a], 8)
        x[c] = (x[c] + x[d]) & 0xFFFFFFFF; x[b] = rotl(x[b] ^ x[c], 7)
    x = list(struct.unpack("<4I", b"expand 32-byte k") + struct.unpack("<8I", key) + struct.unpack("<4I", nonce16))
    for _ in range(10):
        qr(x, 0, 4, 8, 12); qr(x, 1, 5, 9, 13); qr(x, 2, 6, 10, 14); qr(x, 3, 7, 11, 15)
        qr(x, 0, 5, 10, 15); qr(x, 1, 6, 11, 12); qr(x, 2, 7, 8, 13); qr(x, 3, 4, 9, 14)
    return struct.pack("<8I", *(x[0:4] + x[12:16]))


assert hchacha20(bytes(range(32)), bytes.fromhex("000000090000004a0000000031415927")).hex() == \
    "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc"


def chacha20_ietf(key, nonce12, counter, data):
    from cryptography.hazmat.primitives.ciphers import Cipher as C, algorithms as A
    e = C(A.ChaCha20(key, struct.pack("<I", counter) + nonce12), mode=None).encryptor()
    return e.update(data)


class SecretstreamPush:
    def __init__(self, key):
        from cryptography.hazmat.primitives.poly1305 import Poly1305
        self.poly = Poly1305
        self.header = os.urandom(24)
        self.k = hchacha20(key, self.header[:16])
        self.counter, self.inonce = 1, self.header[16:]

    def nonce(self):
        return struct.pack("<I", self.counter) + self.inonce

    def push(self, m, tag, ad=b""):
        block = chacha20_ietf(self.k, self.nonce(), 0, bytes(64))
        mac = self.poly(block[:32])
        mac.update(ad + bytes((16 - len(ad) % 16) % 16))
        block = chacha20_ietf(self.k, self.nonce(), 1, bytes([tag]) + bytes(63))
        mac.update(block)
        c = chacha20_ietf(self.k, self.nonce(), 2, m)
        mac.update(c + bytes((16 - (64 + len(m)) % 16) % 16))
        mac.update(struct.pack("<QQ", len(ad), 64 + len(m)))
        tagmac = mac.finalize()
        self.inonce = bytes(a ^ b for a, b in zip(self.inonce, tagmac[:8]))
        self.counter = (self.counter + 1) & 0xFFFFFFFF
        if tag & 2 or self.counter == 0:
            new = chacha20_ietf(self.k, self.nonce(), 0, self.k + self.inonce)
            self.k, self.inonce, self.counter = new[:32], new[32:], 1
        return block[:1] + c + tagmac


def secretstream_vector():
    # Three messages, the second with the REKEY tag, the last FINAL.
    key = os.urandom(32)
    s = SecretstreamPush(key)
    parts = [b"first message, ", b"after it the key is renewed; ", b"and the last one."]
    stream = s.push(parts[0], 0) + s.push(parts[1], 2) + s.push(parts[2], 3)
    os.makedirs(os.path.join(os.path.dirname(HERE), "secretstream"), exist_ok=True)
    with open(os.path.join(os.path.dirname(HERE), "secretstream", "rekey.json"), "w") as f:
        json.dump({"key": key.hex(), "header": s.header.hex(), "sizes": [len(p) for p in parts],
                   "stream": stream.hex(), "plain": b"".join(parts).decode()}, f, indent=1)
        f.write("\n")


# Ente Auth: its plain export's links with codeDisplay, encrypted as its
# export code does (crypto_pwhash Argon2id, one secretstream message).
def ente():
    from urllib.parse import quote
    def display(note, tags):
        return quote(json.dumps({"pinned": False, "trashed": False, "lastUsedAt": 0, "tapCount": 0, "tags": tags,
                                 "note": note, "position": 0, "iconSrc": "", "iconID": ""}, separators=(",", ":")), safe="")
    lines = [
        "otpauth://totp/ACME%20Co:alice%40example.com?secret=" + SHA1 + "&issuer=ACME%20Co&algorithm=sha1&digits=6&period=30&codeDisplay=" + display("the desk token", ["work", "vpn"]),
        "otpauth://hotp/Counter:mason?secret=" + SHA1 + "&issuer=Counter&algorithm=sha1&digits=6&counter=10300&codeDisplay=" + display("", []),
        "otpauth://steam/Steam:gaben?secret=" + STEAM + "&issuer=Steam&algorithm=sha1&digits=5&period=30",
    ]
    plain = ("\n".join(lines) + "\n").encode()
    expect("ente-encrypted.txt", "ACME Co (alice@example.com)", SHA1)
    expect("ente-encrypted.txt", "Counter (mason)", SHA1, kind="hotp", counter=10300)
    expect("ente-encrypted.txt", "Steam (gaben)", STEAM, kind="steam")
    salt, mem, ops = os.urandom(16), 64 << 20, 2
    key = Argon2id(salt=salt, length=32, iterations=ops, lanes=1, memory_cost=mem >> 10).derive(PASS)
    s = SecretstreamPush(key)
    data = s.push(plain, 3)
    write("ente-encrypted.txt", json.dumps({"version": 1, "kdfParams": {"memLimit": mem, "opsLimit": ops,
          "salt": base64.b64encode(salt).decode()}, "encryptedData": base64.b64encode(data).decode(),
          "encryptionNonce": base64.b64encode(s.header).decode()}))


# KeePassXC: a KDBX 4 database (keepass.info's KDBX 4 specification),
# Argon2id, AES-256-CBC, gzip, protected values under the inner ChaCha20
# stream; TOTPs in the otp attribute, one in the older TOTP Seed/Settings,
# one in the recycle bin and one in an entry's history (both left alone).
def keepass():
    import gzip, uuid
    from xml.sax.saxutils import escape
    stream_key = os.urandom(64)
    sk = hashlib.sha512(stream_key).digest()
    ks = chacha20_ietf(sk[:32], sk[32:44], 0, bytes(4096))
    used = [0]

    def protect(value):
        # Marked here, encrypted below in document order.
        return "@@" + base64.b64encode(value.encode()).decode() + "@@"

    def protect_in_order(text):
        import re

        def one(m):
            raw = base64.b64decode(m.group(1))
            out = bytes(a ^ b for a, b in zip(raw, ks[used[0]:used[0] + len(raw)]))
            used[0] += len(raw)
            return base64.b64encode(out).decode()
        return re.sub("@@([A-Za-z0-9+/=]*)@@", one, text)

    def b64uuid():
        return base64.b64encode(uuid.uuid4().bytes).decode()

    def entry(title, user, fields, history=""):
        xs = "".join("<String><Key>%s</Key><Value Protected=\"True\">%s</Value></String>" % (escape(k), protect(v))
                     if k in ("Password", "otp", "TOTP Seed") else
                     "<String><Key>%s</Key><Value>%s</Value></String>" % (escape(k), escape(v))
                     for k, v in [("Title", title), ("UserName", user), ("Password", "pw")] + fields)
        return "<Entry><UUID>%s</UUID>%s%s</Entry>" % (b64uuid(), xs, history)

    bin_uuid = b64uuid()
    e1 = entry("ACME Co", "alice@example.com", [("otp", "otpauth://totp/ACME%20Co:alice%40example.com?secret=" + SHA1 + "&period=30&digits=6&issuer=ACME%20Co")])
    old = entry("Fifty", "elijah", [("otp", "otpauth://totp/Fifty:elijah?secret=" + SHA1 + "&issuer=Fifty")])
    e2 = entry("Fifty", "elijah", [("otp", "otpauth://totp/Fifty:elijah?secret=" + SHA512 + "&period=60&digits=8&issuer=Fifty&algorithm=SHA512")],
               "<History>" + old + "</History>")
    e3 = entry("Valve", "gaben", [("otp", "otpauth://totp/Valve:gaben?secret=" + STEAM + "&period=30&digits=5&issuer=Valve&encoder=steam")])
    e4 = entry("Legacy", "dana", [("TOTP Seed", SHA1), ("TOTP Settings", "30;8")])
    e5 = entry("No OTP", "carl", [])
    e6 = entry("KeePass", "erin", [("TimeOtp-Secret-Base32", SHA256), ("TimeOtp-Length", "8"), ("TimeOtp-Period", "60"),
                                   ("TimeOtp-Algorithm", "HMAC-SHA-256")])
    binned = entry("Deleted", "old", [("otp", "otpauth://totp/Deleted:old?secret=" + SHA1)])
    xml_text = ('<?xml version="1.0" encoding="utf-8" standalone="yes"?><KeePassFile><Meta><Generator>KeePassXC</Generator>'
                '<RecycleBinEnabled>True</RecycleBinEnabled><RecycleBinUUID>%s</RecycleBinUUID></Meta><Root>'
                '<Group><UUID>%s</UUID><Name>Root</Name>%s%s<Group><UUID>%s</UUID><Name>Work</Name>%s%s</Group>'
                '<Group><UUID>%s</UUID><Name>Recycle Bin</Name>%s</Group>%s</Group><DeletedObjects/></Root></KeePassFile>') % (
        bin_uuid, b64uuid(), e1, e2, b64uuid(), e3, e4, bin_uuid, binned, e5 + e6)
    xml_text = protect_in_order(xml_text)  # the stream runs through the XML as it is read
    expect("keepassxc.kdbx", "ACME Co (alice@example.com)", SHA1)
    expect("keepassxc.kdbx", "Fifty (elijah)", SHA512, algo="sha512", digits=8, period=60)
    expect("keepassxc.kdbx", "Valve (gaben)", STEAM, kind="steam")
    expect("keepassxc.kdbx", "Legacy (dana)", SHA1, digits=8)
    expect("keepassxc.kdbx", "KeePass (erin)", SHA256, algo="sha256", digits=8, period=60)

    inner = struct.pack("<BI", 1, 4) + struct.pack("<I", 3) + struct.pack("<BI", 2, 64) + stream_key + struct.pack("<BI", 0, 0)
    payload = gzip.compress(inner + xml_text.encode())

    def vd(items):
        out = struct.pack("<H", 0x0100)
        for typ, name, value in items:
            out += struct.pack("<BI", typ, len(name)) + name + struct.pack("<I", len(value)) + value
        return out + b"\x00"
    salt, seed, iv = os.urandom(32), os.urandom(32), os.urandom(16)
    kdf = vd([(0x42, b"$UUID", bytes.fromhex("9e298b1956db4773b23dfc3ec6f0a1e6")), (0x42, b"S", salt),
              (0x05, b"I", struct.pack("<Q", 2)), (0x05, b"M", struct.pack("<Q", 16 << 20)),
              (0x04, b"P", struct.pack("<I", 2)), (0x04, b"V", struct.pack("<I", 0x13))])

    def field(i, data):
        return struct.pack("<BI", i, len(data)) + data
    header = (bytes.fromhex("03d9a29a67fb4bb5") + struct.pack("<HH", 0, 4) +
              field(2, bytes.fromhex("31c1f2e6bf714350be5805216afc5aff")) + field(3, struct.pack("<I", 1)) +
              field(4, seed) + field(7, iv) + field(11, kdf) + field(0, b"\r\n\r\n"))
    composite = hashlib.sha256(hashlib.sha256(PASS).digest()).digest()
    transformed = Argon2id(salt=salt, length=32, iterations=2, lanes=2, memory_cost=16 << 10).derive(composite)
    key = hashlib.sha256(seed + transformed).digest()
    hmac_base = hashlib.sha512(seed + transformed + b"\x01").digest()

    def block_key(i):
        return hashlib.sha512(struct.pack("<Q", i) + hmac_base).digest()
    out = header + hashlib.sha256(header).digest() + hmac.new(block_key(2 ** 64 - 1), header, "sha256").digest()
    data = cbc(key, iv, payload)
    for i, chunk in enumerate([data[:1024], data[1024:], b""] if len(data) > 1024 else [data, b""]):
        size = struct.pack("<I", len(chunk))
        out += hmac.new(block_key(i), struct.pack("<Q", i) + size + chunk, "sha256").digest() + size + chunk
    write("keepassxc.kdbx", out)


# Google and Microsoft Authenticator's own databases, written by Python's
# sqlite3 (SQLite itself), small pages so that the accounts table has
# interior pages and one row overflows.
def phone_databases():
    import sqlite3
    for name in ("google-authenticator.db", "microsoft-authenticator.db"):
        path = os.path.join(OUT, name)
        if os.path.exists(path):
            os.remove(path)
    db = sqlite3.connect(os.path.join(OUT, "google-authenticator.db"))
    db.execute("PRAGMA page_size = 512")
    db.execute("CREATE TABLE android_metadata (locale TEXT)")
    db.execute("INSERT INTO android_metadata VALUES ('en_US')")
    db.execute("CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, "
               "counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, "
               "original_name TEXT DEFAULT NULL, UNIQUE(email))")
    rows = [("ACME Co:alice@example.com", SHA1, 0, 0, "ACME Co", "x" * 2000),
            ("Counter:mason", SHA1, 10300, 1, "Counter", None),
            ("bob@example.com", SHA256, 0, 0, None, None)]
    for i in range(30):
        rows.append(("Filler %02d:user%02d" % (i, i), base64.b32encode(hashlib.sha1(b"%d" % i).digest()).decode(), 0, 0, "Filler %02d" % i, None))
    db.executemany("INSERT INTO accounts (email, secret, counter, type, issuer, original_name) VALUES (?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    db.close()
    g = "google-authenticator.db"
    expect(g, "ACME Co (alice@example.com)", SHA1)
    expect(g, "Counter (mason)", SHA1, kind="hotp", counter=10300)
    expect(g, "bob@example.com", SHA256)
    for i in range(30):
        expect(g, "Filler %02d (user%02d)" % (i, i), base64.b32encode(hashlib.sha1(b"%d" % i).digest()).decode())

    db = sqlite3.connect(os.path.join(OUT, "microsoft-authenticator.db"))
    db.execute("CREATE TABLE accounts (_id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, username TEXT, "
               "oath_secret_key TEXT, account_type INTEGER, cid TEXT, is_totp_code_shown INTEGER)")
    db.executemany("INSERT INTO accounts (name, username, oath_secret_key, account_type, cid, is_totp_code_shown) VALUES (?, ?, ?, ?, ?, ?)", [
        ("ACME Co", "alice@example.com", SHA1.lower(), 0, None, 1),
        ("Microsoft", "kim@outlook.com", base64.b64encode(b32(SHA1)).decode(), 1, "cid", 1),
        ("Contoso", "kim@contoso.com", "", 2, None, 0),
    ])
    db.commit()
    db.close()
    m = "microsoft-authenticator.db"
    expect(m, "ACME Co (alice@example.com)", SHA1)
    expect(m, "Microsoft (kim@outlook.com)", SHA1, digits=8)


secretstream_vector()
ente()
phone_databases()
keepass()
andotp()
bitwarden()
proton()
authpro()
freeotp_lastpass()
steam()
authy()
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump({"at": AT, "files": expected}, f, indent=1, sort_keys=True)
    f.write("\n")
