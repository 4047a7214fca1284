# An independent opener for FedHybrid envelopes, written from docs/envelope.md alone with the Python
# "cryptography" package, to check that the spec is complete. It parses and checks the header of every
# suite (section 1.1, section 3 step 1), verifies Ed25519 and ECDSA P-256 (low s) signatures, and opens
# suites hpke-x25519-aes256gcm and none.
# Usage: open_envelope.py ENVELOPE RECIPIENT_KEY.pem|- SENDER_PUB.pem RECIPIENT_ID [--run R] [--round N] [--sender-id S] > plaintext
# Exit 0 with the plaintext on stdout; otherwise exit 1 and "error: step K: reason" on stderr.
import sys, struct, hmac, hashlib
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization, hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class Refused(Exception):
    def __init__(self, step, reason):
        super().__init__(f'step {step}: {reason}')


def refuse(step, reason):
    raise Refused(step, reason)


# Section 2: the stanza size of each suite, for every recipient (RSA-OAEP: the modulus size).
STANZA_SIZES = {0: {0}, 1: {80}, 2: {113}, 3: {256, 384, 512}, 4: {1168}}
SIG_ALGS = {1: 'Ed25519', 2: 'ECDSA-P256', 3: 'RSA-PSS', 4: 'ML-DSA-65'}
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def parse(env):
    """Section 1.1 and section 3 step 1. Returns the fields and the offsets of the parts."""
    def need(n):
        if len(env) < n:
            refuse(1, f'truncated inside the header ({len(env)} bytes)')

    def lp8(at, what):
        need(at + 1)
        n = env[at]
        if n == 0:
            refuse(1, f'empty {what}')
        need(at + 1 + n)
        try:
            return env[at + 1:at + 1 + n].decode('utf-8', 'strict'), at + 1 + n
        except UnicodeDecodeError:
            refuse(1, f'{what} is not UTF-8')

    need(40)
    if env[:4] != b'FHEV': refuse(1, 'bad magic')
    if env[4] != 2: refuse(1, f'version {env[4]}')
    suite, sigalg = env[5], env[6]
    if suite not in STANZA_SIZES: refuse(1, f'unknown suite {suite}')
    if sigalg not in SIG_ALGS: refuse(1, f'unknown signature algorithm {sigalg}')
    if env[7] != 0: refuse(1, 'flags not 0')
    eid = env[8:24]
    rnd, L = struct.unpack('>Qq', env[24:40])
    if not 0 <= L <= 2 ** 52: refuse(1, f'plaintext length {L} out of range')
    at = 40
    run, at = lp8(at, 'run id')
    sender, at = lp8(at, 'sender id')
    need(at + 4)
    (alen,) = struct.unpack('>I', env[at:at + 4])
    if alen > 2 ** 20: refuse(1, f'associated data of {alen} bytes')
    need(at + 4 + alen + 2)
    aad = env[at + 4:at + 4 + alen]; at += 4 + alen
    (n,) = struct.unpack('>H', env[at:at + 2]); at += 2
    if n == 0: refuse(1, 'no recipient')
    rec = []
    for i in range(n):
        rid, at = lp8(at, 'recipient id')
        need(at + 4)
        (sl,) = struct.unpack('>I', env[at:at + 4]); at += 4
        if sl not in STANZA_SIZES[suite]:
            refuse(1, f'stanza of recipient {i + 1} is {sl} bytes; suite {suite} stanzas are {sorted(STANZA_SIZES[suite])}')
        rec.append((rid, sl))
    if len({r for r, _ in rec}) != n: refuse(1, 'duplicate recipient id')
    stanzas = {}
    for rid, sl in rec:
        stanzas[rid] = env[at:at + sl]; at += sl
    prefix_len = at
    # Section 1.3: B, the body length.
    B = L if suite == 0 else 56 + L + 16 * (L // 16384 + 1)
    sig_at = prefix_len + B
    if len(env) < sig_at + 2: refuse(1, 'truncated before the signature')
    (siglen,) = struct.unpack('>H', env[sig_at:sig_at + 2])
    if len(env) != sig_at + 2 + siglen: refuse(1, f'{len(env)} bytes, the header declares {sig_at + 2 + siglen}')
    return dict(suite=suite, sigalg=sigalg, eid=eid, round=rnd, L=L, run=run, sender=sender, aad=aad,
                rec=rec, stanzas=stanzas, prefix_len=prefix_len, B=B, sig=env[sig_at + 2:])


def verify(env, h, vk):
    """Section 1.4 and section 3 step 2."""
    whole = h['suite'] == 0 or len(h['rec']) > 1
    signed = h['prefix_len'] + (h['B'] if whole else 56)
    label = b'fedhybrid/envelope/v2/signature/body\x00' if whole else b'fedhybrid/envelope/v2/signature/key\x00'
    message = label + hashlib.sha256(env[:signed]).digest()
    sig = h['sig']
    try:
        if h['sigalg'] == 1:
            if not isinstance(vk, Ed25519PublicKey): refuse(2, 'the sender key is not Ed25519')
            vk.verify(sig, message)
        elif h['sigalg'] == 2:
            if not isinstance(vk, ec.EllipticCurvePublicKey) or vk.curve.name != 'secp256r1': refuse(2, 'the sender key is not P-256')
            if len(sig) != 64: refuse(2, 'bad signature')
            r, s = int.from_bytes(sig[:32], 'big'), int.from_bytes(sig[32:], 'big')
            if s > (P256_N - 1) // 2: refuse(2, 'bad signature: ECDSA s is not low')
            vk.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
        else:
            refuse(2, f'signature algorithm {SIG_ALGS[h["sigalg"]]} is not implemented here')
    except InvalidSignature:
        refuse(2, 'bad signature')


def unwrap_x25519(sk, stanza, W):
    """Section 2: RFC 9180 base mode OpenBase with DHKEM(X25519), HKDF-SHA256, AES-256-GCM."""
    def extract(salt, ikm): return hmac.new(salt, ikm, 'sha256').digest()
    def expand(prk, info, l):
        out, t, i = b'', b'', 1
        while len(out) < l:
            t = hmac.new(prk, t + info + bytes([i]), 'sha256').digest(); out += t; i += 1
        return out[:l]
    def lx(sid, salt, label, ikm): return extract(salt, b'HPKE-v1' + sid + label + ikm)
    def le(sid, prk, label, info, l): return expand(prk, struct.pack('>H', l) + b'HPKE-v1' + sid + label + info, l)
    enc, ct = stanza[:32], stanza[32:]
    kem = b'KEM' + struct.pack('>H', 0x20)
    dh = sk.exchange(X25519PublicKey.from_public_bytes(enc))
    pkR = sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ss = le(kem, lx(kem, b'', b'eae_prk', dh), b'shared_secret', enc + pkR, 32)
    hs = b'HPKE' + struct.pack('>HHH', 0x20, 1, 2)
    ctx = b'\x00' + lx(hs, b'', b'psk_id_hash', b'') + lx(hs, b'', b'info_hash', W)
    secret = lx(hs, ss, b'secret', b'')
    return AESGCM(le(hs, secret, b'key', ctx, 32)).decrypt(le(hs, secret, b'base_nonce', ctx, 12), ct, b'')


def decrypt_body(K, P, body, L):
    """Section 1.3: Cobblestone-256, commitment first, then every chunk."""
    salt, commit = body[:24], body[24:56]
    info = b'c2sp.org/chunked-encryption@v1+AEAD_AES_256_GCM\x00' + salt + P
    okm, t, i = b'', b'', 1
    while len(okm) < 76:
        t = hmac.new(K, t + info + bytes([i]), 'sha512').digest(); okm += t; i += 1
    key, nonce, c2 = okm[:32], okm[32:44], okm[44:76]
    if not hmac.compare_digest(c2, commit): refuse(6, 'key commitment does not match')
    g = AESGCM(key); out = []; pos = 56; i = 0
    while True:
        chunk = body[pos:pos + 16400]
        nn = bytes(a ^ b for a, b in zip(nonce, i.to_bytes(12, 'big')))
        out.append(g.decrypt(nn, chunk, None)); pos += len(chunk); i += 1
        if len(chunk) < 16400: break
    out = b''.join(out)
    if pos != len(body) or len(out) != L: refuse(6, 'body length mismatch')
    return out


def main(argv):
    env = open(argv[1], 'rb').read()
    sk = None if argv[2] == '-' else serialization.load_pem_private_key(open(argv[2], 'rb').read(), None)
    vk = serialization.load_pem_public_key(open(argv[3], 'rb').read())
    me = argv[4]
    opts = dict(zip(argv[5::2], argv[6::2]))

    h = parse(env)                                   # step 1
    verify(env, h, vk)                               # step 2
    if '--run' in opts and h['run'] != opts['--run']: refuse(3, f'run {h["run"]!r}')
    if '--round' in opts and h['round'] != int(opts['--round']): refuse(3, f'round {h["round"]}')
    if '--sender-id' in opts and h['sender'] != opts['--sender-id']: refuse(3, f'sender {h["sender"]!r}')
    if me not in h['stanzas']: refuse(4, f'not mine: {me!r} is not a recipient')
    # Step 5 (replay) needs state across envelopes; a one-shot opener has none.
    P = env[:h['prefix_len']]
    body = env[h['prefix_len']:h['prefix_len'] + h['B']]
    if h['suite'] == 0:
        if sk is not None: refuse(4, 'suite none, but a recipient key was given')
        out = body
    elif h['suite'] == 1:
        if not isinstance(sk, X25519PrivateKey): refuse(4, 'not mine: suite 1 needs an X25519 recipient key')
        lp = lambda s: bytes([len(s.encode())]) + s.encode()
        W = b'fedhybrid/envelope/v1/wrap\x00' + bytes([h['suite']]) + lp(h['run']) + lp(h['sender']) + lp(me)
        out = decrypt_body(unwrap_x25519(sk, h['stanzas'][me], W), P, body, h['L'])   # step 6
    else:
        refuse(4, f'suite {h["suite"]} is not implemented here')
    sys.stdout.buffer.write(out)
    print(f'\nrun={h["run"]} round={h["round"]} sender={h["sender"]} recipients={[r for r, _ in h["rec"]]} aad={h["aad"]!r}', file=sys.stderr)


if __name__ == '__main__':
    try:
        main(sys.argv)
    except Refused as e:
        print(f'error: {e}', file=sys.stderr)
        sys.exit(1)
