# An independent opener for FedHybrid envelopes (suite hpke-x25519-aes256gcm, Ed25519 signatures),
# written from docs/envelope.md alone with the Python "cryptography" package, to check that the spec
# is complete. Usage: open_envelope.py ENVELOPE RECIPIENT_KEY.pem SENDER_PUB.pem RECIPIENT_ID > plaintext
import sys, struct, hmac, hashlib
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

env = open(sys.argv[1], 'rb').read()
sk = serialization.load_pem_private_key(open(sys.argv[2], 'rb').read(), None)
vk = serialization.load_pem_public_key(open(sys.argv[3], 'rb').read())
me = sys.argv[4]

def lp8(b, at):
    n = b[at]; return b[at+1:at+1+n].decode(), at+1+n
assert env[:4] == b'FHEV' and env[4] == 2 and env[7] == 0
suite, sigalg = env[5], env[6]
eid = env[8:24]; rnd, L = struct.unpack('>Qq', env[24:40])
at = 40
run, at = lp8(env, at); sender, at = lp8(env, at)
(alen,) = struct.unpack('>I', env[at:at+4]); aad = env[at+4:at+4+alen]; at += 4 + alen
(n,) = struct.unpack('>H', env[at:at+2]); at += 2
rec = []
for _ in range(n):
    rid, at = lp8(env, at); (sl,) = struct.unpack('>I', env[at:at+4]); at += 4; rec.append((rid, sl))
H_end = at
stanzas = {}
for rid, sl in rec:
    stanzas[rid] = env[at:at+sl]; at += sl
P = env[:at]
bodylen = 56 + L + 16 * (L // 16384 + 1)
body = env[at:at+bodylen]; at += bodylen
(siglen,) = struct.unpack('>H', env[at:at+2]); sig = env[at+2:at+2+siglen]
assert at + 2 + siglen == len(env)
body_start = len(P)
if suite == 0 or n > 1:
    vk.verify(sig, b'fedhybrid/envelope/v2/signature/body\x00' + hashlib.sha256(env[:body_start + bodylen]).digest())
else:
    vk.verify(sig, b'fedhybrid/envelope/v2/signature/key\x00' + hashlib.sha256(env[:body_start + 56]).digest())

def extract(salt, ikm): return hmac.new(salt, ikm, 'sha256').digest()
def expand(prk, info, l, h='sha256'):
    out, t, i = b'', b'', 1
    while len(out) < l:
        t = hmac.new(prk, t + info + bytes([i]), h).digest(); out += t; i += 1
    return out[:l]
def lx(sid, salt, label, ikm): return extract(salt, b'HPKE-v1' + sid + label + ikm)
def le(sid, prk, label, info, l): return expand(prk, struct.pack('>H', l) + b'HPKE-v1' + sid + label + info, l)
lp = lambda s: bytes([len(s.encode())]) + s.encode()
W = b'fedhybrid/envelope/v1/wrap\x00' + bytes([suite]) + lp(run) + lp(sender) + lp(me)
st = stanzas[me]; enc, ct = st[:32], st[32:]
kem = b'KEM' + struct.pack('>H', 0x20)
dh = sk.exchange(X25519PublicKey.from_public_bytes(enc))
pkR = sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
ss = le(kem, lx(kem, b'', b'eae_prk', dh), b'shared_secret', enc + pkR, 32)
hs = b'HPKE' + struct.pack('>HHH', 0x20, 1, 2)
ctx = b'\x00' + lx(hs, b'', b'psk_id_hash', b'') + lx(hs, b'', b'info_hash', W)
secret = lx(hs, ss, b'secret', b'')
K = AESGCM(le(hs, secret, b'key', ctx, 32)).decrypt(le(hs, secret, b'base_nonce', ctx, 12), ct, b'')

salt, commit = body[:24], body[24:56]
okm = expand(K, b'c2sp.org/chunked-encryption@v1+AEAD_AES_256_GCM\x00' + salt + P, 76, 'sha512')
key, nonce, c2 = okm[:32], okm[32:44], okm[44:]
assert hmac.compare_digest(c2, commit)
g = AESGCM(key); out = b''; pos = 56; i = 0
while True:
    chunk = body[pos:pos+16400]
    nn = bytes(a ^ b for a, b in zip(nonce, i.to_bytes(12, 'big')))
    out += g.decrypt(nn, chunk, None); pos += len(chunk); i += 1
    if len(chunk) < 16400: break
assert pos == len(body) and len(out) == L
sys.stdout.buffer.write(out)
print(f'\nrun={run} round={rnd} sender={sender} recipients={[r for r,_ in rec]} aad={aad!r}', file=sys.stderr)
