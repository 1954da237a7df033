#!/usr/bin/env python3
"""Known-answer vectors for LuckaCore's libsodium wrapper, computed by an independent
binding (PyNaCl). Regenerate with:  python3 scripts/make-sodium-vectors.py

The inputs are fixed, so the output is stable; commit it as
Tests/LuckaCoreTests/Vectors/sodium.json.
"""
import hashlib, json, struct, sys
import nacl.bindings as b
import nacl.hash, nacl.encoding, nacl.signing, nacl.public, nacl.pwhash

def h(x): return x.hex()
def fixed(tag, n): return hashlib.sha512(tag.encode()).digest()[:n] if n <= 64 else (hashlib.sha512(tag.encode()).digest() * (n // 64 + 1))[:n]

v = {}
v["blake2b"] = []
for msg, length in [(b"", 32), (b"abc", 32), (b"lucka", 40), (bytes(range(200)), 64)]:
    d = nacl.hash.blake2b(msg, digest_size=length, encoder=nacl.encoding.RawEncoder)
    v["blake2b"].append({"message": h(msg), "length": length, "digest": h(d)})

v["box_seed_keypair"] = []
for i in range(3):
    seed = fixed(f"box-seed-{i}", 32)
    pk, sk = b.crypto_box_seed_keypair(seed)
    v["box_seed_keypair"].append({"seed": h(seed), "publicKey": h(pk), "secretKey": h(sk)})

v["box"] = []
for i in range(3):
    pka, ska = b.crypto_box_seed_keypair(fixed(f"alice-{i}", 32))
    pkb, skb = b.crypto_box_seed_keypair(fixed(f"bob-{i}", 32))
    nonce = fixed(f"nonce-{i}", 24)
    msg = fixed(f"message-{i}", 37 * (i + 1))
    ct = b.crypto_box(msg, nonce, pkb, ska)  # MAC ‖ ciphertext, as crypto_box_easy
    v["box"].append({"senderSecretKey": h(ska), "senderPublicKey": h(pka), "recipientSecretKey": h(skb),
                     "recipientPublicKey": h(pkb), "nonce": h(nonce), "message": h(msg), "ciphertext": h(ct)})

v["sign"] = []
for i in range(3):
    seed = fixed(f"sign-seed-{i}", 32)
    key = nacl.signing.SigningKey(seed)
    msg = fixed(f"signed-{i}", 50 + i)
    v["sign"].append({"seed": h(seed), "publicKey": h(bytes(key.verify_key)), "message": h(msg),
                      "signature": h(key.sign(msg).signature)})

# crypto_kdf_derive_from_key is BLAKE2b keyed with the master key, the subkey id as a
# little-endian u64 in the salt and the context in the personalisation.
v["kdf"] = []
for i, ctx in enumerate([b"LkToken1", b"WrBoxSd1", b"Example1"]):
    master = fixed(f"kdf-master-{i}", 32)
    sub_id = [1, 2, 2**40 + 7][i]
    salt = struct.pack("<Q", sub_id) + bytes(8)
    person = ctx + bytes(8)
    out = nacl.hash.blake2b(b"", digest_size=32, key=master, salt=salt, person=person, encoder=nacl.encoding.RawEncoder)
    v["kdf"].append({"master": h(master), "id": sub_id, "context": ctx.decode(), "subkey": h(out)})

v["pwhash"] = []
for i, (ops, mem) in enumerate([(3, 1 << 20), (2, 1 << 21)]):
    pw = f"correct horse battery {i}".encode()
    salt = fixed(f"salt-{i}", 16)
    key = nacl.pwhash.argon2id.kdf(32, pw, salt, opslimit=ops, memlimit=mem)
    v["pwhash"].append({"passphrase": h(pw), "salt": h(salt), "operations": ops, "memory": mem, "key": h(key)})

v["aead"] = []
for i in range(2):
    key = fixed(f"aead-key-{i}", 32)
    nonce = fixed(f"aead-nonce-{i}", 24)
    ad = fixed(f"aead-ad-{i}", 10 * i)
    msg = fixed(f"aead-msg-{i}", 70)
    ct = b.crypto_aead_xchacha20poly1305_ietf_encrypt(msg, ad, nonce, key)
    v["aead"].append({"key": h(key), "nonce": h(nonce), "additionalData": h(ad), "message": h(msg), "ciphertext": h(ct)})

v["pad"] = []
for n, block in [(0, 16), (5, 16), (16, 16), (100, 1024), (1023, 1024)]:
    data = fixed(f"pad-{n}", n)
    v["pad"].append({"data": h(data), "blockSize": block, "padded": h(b.sodium_pad(data, block))})

json.dump(v, sys.stdout, indent=1, sort_keys=True)
print()
