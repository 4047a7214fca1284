#!/usr/bin/env python3
"""Convert RFC 9180 Appendix A (the markdown source draft-irtf-cfrg-hpke.md of
cfrg/draft-irtf-cfrg-hpke) into rfc9180-appendix-a.json, in the field names of the
CFRG test-vectors.json. Usage: extract_rfc9180_appendix.py draft-irtf-cfrg-hpke.md out.json"""
import json, re, sys

def blocks(lines):
    """Yield (heading, [lines]) for every ~~~ fenced block, with the nearest heading above it."""
    heading, inside, buf = None, False, []
    for line in lines:
        if line.startswith('~~~'):
            if inside:
                yield heading, buf
                buf = []
            inside = not inside
            continue
        if inside:
            buf.append(line.rstrip('\n'))
        elif line.startswith('#'):
            heading = line.strip('# \n')

def records(buf):
    """Split a block into records (separated by blank lines) of key -> hex (wrapped lines joined)."""
    recs, cur, key = [], {}, None
    for line in buf + ['']:
        if not line.strip():
            if cur:
                recs.append(cur)
            cur, key = {}, None
            continue
        m = re.match(r'^([a-zA-Z_ ]+):\s*(.*)$', line)
        if m:
            key = m.group(1).strip().replace(' ', '_')
            cur[key] = m.group(2).strip()
        else:
            cur[key] += line.strip()
    return recs

def main(src, dst):
    text = open(src, encoding='utf-8').read()
    start = text.index('# Test Vectors')
    lines = text[start:].splitlines(True)
    vectors, suite = [], None
    for heading, buf in blocks(lines):
        if heading.endswith('Setup Information'):
            rec = records(buf)[0]
            v = {k: (int(x) if k in ('mode', 'kem_id', 'kdf_id', 'aead_id') else x) for k, x in rec.items()}
            v['encryptions'], v['exports'] = [], []
            vectors.append(v)
        elif heading == 'Encryptions':
            for r in records(buf):
                vectors[-1]['encryptions'].append({'seq': int(r['sequence_number']), 'pt': r['pt'], 'aad': r['aad'], 'nonce': r['nonce'], 'ct': r['ct']})
        elif heading == 'Exported Values':
            for r in records(buf):
                vectors[-1]['exports'].append({'exporter_context': r['exporter_context'], 'L': int(r['L']), 'exported_value': r['exported_value']})
    assert len(vectors) == 28, len(vectors)
    for v in vectors:
        assert len(v['exports']) == 3
        assert len(v['encryptions']) == (0 if v['aead_id'] == 65535 else 6)
    json.dump(vectors, open(dst, 'w'), indent=1)
    print(f'{len(vectors)} vectors')

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
