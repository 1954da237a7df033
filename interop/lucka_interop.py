#!/usr/bin/env python3
"""An independent implementation of the Lucka formats, written from docs/PROTOCOL.md
with PyNaCl only, to check that LuckaCore (Swift) follows its own documentation.

    python3 interop/lucka_interop.py run IN.json OUT.json   # driven by InteropTests.swift
    python3 interop/lucka_interop.py example                # the worked example values

Exit codes: 0 success, 1 a check failed (reason on stderr), 3 PyNaCl is missing, 64 usage.
"""
import base64
import json
import sys
import time

try:
    import nacl.bindings as sodium
    import nacl.encoding
    import nacl.exceptions
    import nacl.hash
    import nacl.pwhash
    import nacl.signing
    import nacl.utils
except ImportError:
    print("PyNaCl is not installed: pip install pynacl", file=sys.stderr)
    sys.exit(3)


class ProtocolError(Exception):
    """A format rule was broken; `kind` names which (e.g. "checksum")."""

    def __init__(self, kind, reason):
        super().__init__(f"{kind}: {reason}")
        self.kind = kind


# --- Primitives (PROTOCOL.md section 2) -------------------------------------------

def blake2b(data, size=32, key=b"", salt=b"", person=b""):
    return nacl.hash.blake2b(data, digest_size=size, key=key, salt=salt, person=person,
                             encoder=nacl.encoding.RawEncoder)


def kdf(master, subkey_id, context, size=32):
    """crypto_kdf_derive_from_key, written as the plain BLAKE2b call it is."""
    assert len(master) == 32 and len(context) == 8
    return blake2b(b"", size, key=master,
                   salt=subkey_id.to_bytes(8, "little") + bytes(8),
                   person=context + bytes(8))


def b64(data):
    return base64.b64encode(data).decode("ascii")


def unb64(text):
    return base64.b64decode(text, validate=True)


# --- Conversation code (section 3) ------------------------------------------------

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SEPARATORS = " -\t\n\r_."
ALIASES = {"O": "0", "I": "1", "L": "1"}


def luhn_sum(values, factor):
    total = 0
    for value in reversed(values):
        addend = factor * value
        total += addend // 32 + addend % 32
        factor = 3 - factor  # 2, 1, 2, 1, ...
    return total


def check_value(payload):
    return (32 - luhn_sum(payload, 2) % 32) % 32


def parse_code(text):
    """What a person typed -> the 20 normalised symbols (str)."""
    values = []
    for ch in text:
        if ch in SEPARATORS:
            continue
        c = ch.upper() if "a" <= ch <= "z" else ch
        c = ALIASES.get(c, c)
        if len(c) != 1 or c not in ALPHABET:
            raise ProtocolError("character", "not a code symbol")
        if len(values) == 20:
            raise ProtocolError("length", "too long")
        values.append(ALPHABET.index(c))
    if len(values) != 20:
        raise ProtocolError("length", "too short")
    if luhn_sum(values, 1) % 32 != 0:
        raise ProtocolError("checksum", "check symbol does not match")
    return "".join(ALPHABET[v] for v in values)


def new_code():
    payload = [byte % 32 for byte in nacl.utils.random(19)]  # 256 % 32 == 0: unbiased
    return "".join(ALPHABET[v] for v in payload + [check_value(payload)])


def grouped(code):
    return "-".join(code[i:i + 4] for i in range(0, 20, 4))


# --- From code to keys (section 4) ------------------------------------------------

def derive(code):
    master = blake2b(b"lucka/code/v1\x00" + code.encode("ascii"))
    token = kdf(master, 1, b"LkToken1")
    seed = kdf(master, 1, b"WrBoxSd1")
    pk, sk = sodium.crypto_box_seed_keypair(seed)
    return {"lookupToken": token, "lookupHash": blake2b(token), "publicKey": pk, "secretKey": sk}


# --- Clinic keys (sections 5-7) ----------------------------------------------------

def fingerprint(public_key):
    digest = blake2b(b"lucka/fingerprint/v1\x00" + public_key, 40)
    groups = [int.from_bytes(digest[i:i + 5], "big") % 100000 for i in range(0, 40, 5)]
    return " ".join(f"{g:05d}" for g in groups)


def certificate_bytes(slug, epoch, public_key):
    s = slug.encode("utf-8")
    return b"lucka/inbox-cert/v1\x00" + bytes([len(s)]) + s + epoch.to_bytes(4, "big") + public_key


def verify_certificate(cert, signing_public_key, slug):
    """Returns the certified inbox public key; raises on any failure."""
    pk, sig = unb64(cert["publicKey"]), unb64(cert["signature"])
    if cert["clinic"] != slug or len(pk) != 32 or len(sig) != 64:
        raise ProtocolError("certificate", "wrong clinic or sizes")
    nacl.signing.VerifyKey(signing_public_key).verify(certificate_bytes(slug, cert["epoch"], pk), sig)
    return pk


def verify_profile(signed, signing_public_key, slug):
    document, sig = unb64(signed["document"]), unb64(signed["signature"])
    if len(document) > 16 * 1024:
        raise ProtocolError("profile", "document too long")
    nacl.signing.VerifyKey(signing_public_key).verify(b"lucka/profile/v1\x00" + document, sig)
    profile = json.loads(document.decode("utf-8"))
    if profile["version"] != 1 or profile["slug"] != slug:
        raise ProtocolError("profile", "wrong version or slug")
    return profile


# --- Envelope and sealed messages (sections 8-9) -----------------------------------

WRITER, CLINIC = 1, 2
BUCKETS = [1024, 4096, 16384, 32768]
SEALED_LENGTHS = [b + 24 + 16 for b in BUCKETS]


def envelope_bytes(author, sent_ms, text, name="", previous=None):
    n, t = name.encode("utf-8"), text.encode("utf-8")
    return (bytes([1, author]) + sent_ms.to_bytes(8, "big", signed=True) + (previous or bytes(32))
            + bytes([len(n)]) + n + len(t).to_bytes(4, "big") + t)


def parse_envelope(data):
    def take(count):
        nonlocal offset
        if len(data) - offset < count:
            raise ProtocolError("envelope", "cut short")
        offset += count
        return data[offset - count:offset]

    offset = 0
    version, author = take(1)[0], take(1)[0]
    if version != 1:
        raise ProtocolError("version", f"envelope version {version}")
    if author not in (WRITER, CLINIC):
        raise ProtocolError("envelope", "unknown author")
    sent_ms = int.from_bytes(take(8), "big", signed=True)
    previous = take(32)
    name = take(take(1)[0])
    text_length = int.from_bytes(take(4), "big")
    if author == WRITER and len(name) != 0 or author == CLINIC and not 1 <= len(name) <= 64:
        raise ProtocolError("envelope", "name length")
    if not 1 <= text_length <= 32000:
        raise ProtocolError("envelope", "text length")
    text = take(text_length)
    if offset != len(data):
        raise ProtocolError("envelope", "trailing bytes")
    name, text = name.decode("utf-8"), text.decode("utf-8")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in name):
        raise ProtocolError("envelope", "control character in name")
    return {"author": author, "sentAtMs": sent_ms, "name": name if author == CLINIC else None,
            "text": text, "previous": None if previous == bytes(32) else previous}


def pad(data):
    bucket = next((b for b in BUCKETS if len(data) < b), None)
    if bucket is None:
        raise ProtocolError("length", "envelope too long")
    return data + b"\x80" + bytes(bucket - len(data) - 1)


def unpad(padded):
    stripped = padded.rstrip(b"\x00")
    if not stripped.endswith(b"\x80"):
        raise ProtocolError("padding", "invalid padding")
    return stripped[:-1]


def seal(envelope, my_secret_key, their_public_key, nonce=None):
    nonce = nonce or nacl.utils.random(24)
    return nonce + sodium.crypto_box_easy(pad(envelope), nonce, their_public_key, my_secret_key)


def open_sealed(sealed, my_secret_key, their_public_key):
    if len(sealed) not in SEALED_LENGTHS:
        raise ProtocolError("size", f"{len(sealed)} is not a sealed length")
    padded = sodium.crypto_box_open_easy(sealed[24:], sealed[:24], their_public_key, my_secret_key)
    return parse_envelope(unpad(padded))


def message_hash(sealed):
    return blake2b(sealed)


# --- Staff keystore and signed requests (sections 11-12) ---------------------------

def open_keystore(data, passphrase):
    header = data[:65]
    if len(data) < 65 + 16 + 64 or header[:8] != b"LUCKA-KS" or header[8] != 1:
        raise ProtocolError("keystore", "not a version 1 keystore")
    ops, mem = int.from_bytes(header[9:17], "big"), int.from_bytes(header[17:25], "big")
    salt, nonce = header[25:41], header[41:65]
    if not (3 <= ops <= 64 and 268435456 <= mem <= 4 << 30):
        raise ProtocolError("keystore", "limits out of range")
    key = nacl.pwhash.argon2id.kdf(32, passphrase, salt, opslimit=ops, memlimit=mem)
    plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(data[65:], header, nonce, key)
    return {"signingSeed": plain[:32], "boxSecretKey": plain[32:64], "settings": json.loads(plain[64:])}


def request_canonical(method, path, timestamp, nonce, body):
    lines = ["lucka/request/v1", method.upper(), path, str(timestamp), nonce, blake2b(body).hex()]
    return "\n".join(lines).encode("utf-8")


def sign_request(seed, method, path, body, timestamp=None, nonce=None):
    key = nacl.signing.SigningKey(seed)
    timestamp = int(time.time()) if timestamp is None else timestamp
    nonce = nonce or nacl.utils.random(16).hex()
    signature = key.sign(request_canonical(method, path, timestamp, nonce, body)).signature
    return {"Lucka-Key": b64(bytes(key.verify_key)), "Lucka-Timestamp": str(timestamp),
            "Lucka-Nonce": nonce, "Lucka-Signature": b64(signature)}


# --- The interop run ---------------------------------------------------------------

def run(inp):
    """Checks everything Swift wrote to IN.json, then produces Python's own messages."""
    done = []

    def check(ok, what):
        if not ok:
            raise ProtocolError("mismatch", what)
        done.append(what)

    code = parse_code(inp["code"])
    check(grouped(code) == inp["code"], "the code is shown in groups of four")
    for variant in inp["codeVariants"]:
        check(parse_code(variant) == code, f"the typed variant {variant!r} normalises to the code")
    for typo in inp["codeMistyped"]:
        try:
            parse_code(typo)
            check(False, f"the mistyped code {typo!r} is rejected")
        except ProtocolError as error:
            check(error.kind == "checksum", f"the mistyped code {typo!r} fails its check symbol")
    symbols = [ALPHABET.index(c) for c in code]
    check(check_value(symbols[:19]) == symbols[19], "the check symbol is Luhn mod 32 of the other 19")

    writer = derive(code)
    check(writer["lookupHash"].hex() == inp["lookupHash"], "the lookup hash matches")
    check(writer["publicKey"].hex() == inp["writerPublicKey"], "the writer public key matches")

    clinic = inp["clinic"]
    slug, signing_pk = clinic["slug"], bytes.fromhex(clinic["signingPublicKey"])
    check(fingerprint(signing_pk) == clinic["fingerprint"], "the clinic fingerprint matches")
    inbox_pk = verify_certificate(clinic["certificate"], signing_pk, slug)
    inbox_sk = bytes.fromhex(clinic["inboxSecretKey"])
    check(inbox_pk == sodium.crypto_scalarmult_base(inbox_sk), "the certificate names the inbox key")
    profile = verify_profile(clinic["profile"], signing_pk, slug)
    check(profile["name"] == clinic["name"], "the signed profile verifies and parses")

    previous = {}
    for message in inp["messages"]:
        sealed = unb64(message["sealed"])
        as_clinic = open_sealed(sealed, inbox_sk, writer["publicKey"])
        as_writer = open_sealed(sealed, writer["secretKey"], inbox_pk)
        expected = {"author": message["author"], "sentAtMs": message["sentAtMs"], "name": message["name"],
                    "text": message["text"],
                    "previous": bytes.fromhex(message["previous"]) if message["previous"] else None}
        check(as_clinic == expected == as_writer, f"Swift's message by author {message['author']} opens on both ends")
        previous[message["author"]] = message_hash(sealed)

    keystore = inp["keystore"]
    opened = open_keystore(unb64(keystore["file"]), keystore["passphrase"].encode("utf-8"))
    check(bytes(nacl.signing.SigningKey(opened["signingSeed"]).verify_key).hex() == keystore["signingPublicKey"]
          and sodium.crypto_scalarmult_base(opened["boxSecretKey"]).hex() == keystore["boxPublicKey"]
          and opened["settings"].get("displayName") == keystore["displayName"], "the staff keystore opens")

    reply = inp["reply"]
    ours = [
        (WRITER, seal(envelope_bytes(WRITER, reply["sentAtMs"], reply["writerText"], previous=previous[WRITER]),
                      writer["secretKey"], inbox_pk)),
        (CLINIC, seal(envelope_bytes(CLINIC, reply["sentAtMs"], reply["clinicText"], reply["counsellorName"],
                                     previous[CLINIC]), inbox_sk, writer["publicKey"])),
    ]
    fresh = new_code()
    fresh_keys = derive(fresh)
    request = inp["request"]
    headers = sign_request(bytes.fromhex(request["seed"]), request["method"], request["path"], unb64(request["body"]))
    return {
        "checks": done,
        "messages": [{"author": author, "sealed": b64(sealed)} for author, sealed in ours],
        "code": {"code": grouped(fresh), "lookupHash": fresh_keys["lookupHash"].hex(),
                 "writerPublicKey": fresh_keys["publicKey"].hex()},
        "requestHeaders": headers,
    }


def example():
    """Prints the values of the worked example in docs/PROTOCOL.md."""
    payload = "K7QM0XR9WD1HTN5BPF4"
    code = payload + ALPHABET[check_value([ALPHABET.index(c) for c in payload])]
    keys = derive(parse_code(grouped(code).lower().replace("0", "o").replace("1", "l")))
    signing = nacl.signing.SigningKey(bytes(range(32)))
    inbox_pk, inbox_sk = sodium.crypto_box_seed_keypair(bytes(range(32, 64)))
    cert = certificate_bytes("kast-jonkoping", 1, inbox_pk)
    envelope = envelope_bytes(WRITER, 1767225600000, "Hej! Får jag fråga något? 🙂")
    sealed = seal(envelope, keys["secretKey"], inbox_pk, nonce=bytes(range(24)))
    reply = envelope_bytes(CLINIC, 1767312000000, "Hej, välkommen hit.", "Anna", message_hash(sealed))
    staff = nacl.signing.SigningKey(bytes(range(64, 96)))
    canonical = request_canonical("post", "/v1/staff/threads/abc/reply?x=1", 1767225600,
                                  "000102030405060708090a0b0c0d0e0f", b'{"a":1}')
    values = [
        ("code", grouped(code)),
        ("lookup token", keys["lookupToken"].hex()),
        ("lookup hash", keys["lookupHash"].hex()),
        ("writer public key", keys["publicKey"].hex()),
        ("clinic signing public key", bytes(signing.verify_key).hex()),
        ("clinic fingerprint", fingerprint(bytes(signing.verify_key))),
        ("inbox public key", inbox_pk.hex()),
        ("certificate signed bytes", cert.hex()),
        ("certificate signature", signing.sign(cert).signature.hex()),
        ("writer envelope", envelope.hex()),
        ("sealed length", str(len(sealed))),
        ("sealed first 48 bytes", sealed[:48].hex()),
        ("sealed message hash", message_hash(sealed).hex()),
        ("clinic envelope", reply.hex()),
        ("staff public key", bytes(staff.verify_key).hex()),
        ("request canonical", canonical.decode()),
        ("request signature", b64(staff.sign(canonical).signature)),
    ]
    for name, value in values:
        print(f"{name}: {value}")


def main(argv):
    try:
        if len(argv) == 4 and argv[1] == "run":
            with open(argv[2], encoding="utf-8") as f:
                result = run(json.load(f))
            with open(argv[3], "w", encoding="utf-8") as f:
                json.dump(result, f, ensure_ascii=False, indent=1)
            print(f"python: {len(result['checks'])} checks passed")
        elif len(argv) == 2 and argv[1] == "example":
            example()
        else:
            print(__doc__, file=sys.stderr)
            return 64
    except (ProtocolError, KeyError, ValueError, nacl.exceptions.CryptoError) as error:
        print(f"python: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
