#!/usr/bin/env python3
"""Writes the fuzz seed corpora (core/fuzz/seeds/<target>/) and fixtures/jwks.json from tests/vectors.

Run from anywhere: python3 core/fuzz/make_seeds.py. Deterministic (file names are content hashes);
the seeds are committed, small, and only rewritten when the vectors change. Input formats per target
are described in src/lib.rs.
"""
import base64
import hashlib
import json
import os
import shutil
import sys
from urllib.parse import parse_qs

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, '..', '..', 'tests', 'vectors')
SEEDS = os.path.join(HERE, 'seeds')

# Keep in step with src/lib.rs.
OPS = ['version', 'provider_preset', 'discovery_request', 'parse_discovery', 'parse_jwks', 'start',
       'callback', 'finish', 'userinfo', 'decide_account', 'sanitize_return_path', 'logout_url',
       'frobnicate']
STATUSES = [200, 200, 200, 201, 400, 401, 500, 302, 503, 0, 204, 299]
SEP = b'\xff'  # never inside UTF-8 text


def load(name):
    with open(os.path.join(VECTORS, name + '.json'), encoding='utf-8') as f:
        return json.load(f)['vectors']


def b64d(text):
    return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))


seeds = {}


MAX_SEED = 8192  # libFuzzer's -max_len follows the largest seed; big inputs are the vectors' job


def add(target, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    if len(data) > MAX_SEED:
        return
    seeds.setdefault(target, set()).add(bytes(data))


def compact(value):
    return json.dumps(value, separators=(',', ':'), ensure_ascii=False)


every = []
for f in sorted(os.listdir(VECTORS)):
    if f.endswith('.json') and f != 'keys.json':
        every += load(f[:-5])

# dispatch (and ffi, which reads the same format): every vector's operation and input.
finish_seen = 0
for v in every:
    if v['op'] == 'finish':
        # The finish inputs are large and alike; id_token and token_response take them all.
        finish_seen += 1
        if finish_seen % 6:
            continue
    text = v['input_raw'] if 'input_raw' in v else compact(v['input'])
    op = v['op']
    idx = OPS.index(op) if op in OPS else OPS.index('frobnicate')
    add('dispatch', bytes([idx]) + text.encode('utf-8'))

# finish: token responses and ID tokens; JWKS keys for the fixed fixture.
jwks_keys = {}
for v in load('finish'):
    i = v['input']
    if not isinstance(i, dict):
        continue
    tr = i.get('token_response') or {}
    body = tr.get('body')
    status = tr.get('status', 200)
    if isinstance(body, str):
        idx = STATUSES.index(status) if status in STATUSES else 0
        add('token_response', bytes([idx]) + body.encode('utf-8'))
        try:
            token = json.loads(body).get('id_token')
        except Exception:
            token = None
        if isinstance(token, str):
            add('id_token', b'\x00' + token.encode('utf-8'))
            parts = token.split('.')
            if len(parts) == 3:
                try:
                    header = json.loads(b64d(parts[0]))
                    payload = b64d(parts[1])
                    header['alg'] = 'HS256'
                    header.pop('kid', None)
                    add('id_token', b'\x01' + compact(header).encode() + b'\n' + payload)
                except Exception:
                    pass
    try:
        doc = json.loads(i.get('jwks') or '')
        for k in doc.get('keys', []):
            if isinstance(k, dict) and isinstance(k.get('kid'), str) and k['kid'] != 'dup':
                jwks_keys.setdefault(k['kid'], k)
    except Exception:
        pass
    if isinstance(i.get('jwks'), str):
        add('jwks', i['jwks'])

for v in load('jwks'):
    if isinstance(v['input'], dict) and isinstance(v['input'].get('jwks'), str):
        add('jwks', v['input']['jwks'])

for v in load('discovery'):
    if v['op'] != 'parse_discovery' or not isinstance(v['input'], dict):
        continue
    r = v['input'].get('response') or {}
    if isinstance(r.get('body'), str):
        status = r.get('status', 200)
        idx = STATUSES.index(status) if status in STATUSES else 0
        add('discovery', bytes([idx]) + r['body'].encode('utf-8'))

for v in load('callback'):
    i = v['input']
    if not isinstance(i, dict) or not isinstance(i.get('query'), str):
        continue
    query = i['query']
    state = (parse_qs(query.lstrip('?')).get('state') or [''])[0]
    name = 'ikc_login_' + state[:8]
    cookies = i.get('cookies') if isinstance(i.get('cookies'), dict) else {}
    value = cookies.get(name, '')
    if not isinstance(value, str):
        continue
    add('callback', b'\x00' + query.encode() + SEP + value.encode())
    add('login_cookie', b'\x00' + value.encode())
    payload = value.split('.')[0]
    try:
        decoded = b64d(payload)
        add('callback', b'\x01' + query.encode() + SEP + decoded)
        add('login_cookie', b'\x01' + decoded)
    except Exception:
        pass

for v in load('return_path'):
    i = v['input']
    if isinstance(i, dict) and isinstance(i.get('return_path'), str):
        add('return_path', i['return_path'].encode() + SEP + str(i.get('default') or '/').encode())
for v in load('start'):
    i = v['input']
    if isinstance(i, dict) and isinstance(i.get('return_path'), str):
        add('return_path', i['return_path'].encode() + SEP + b'/')

os.makedirs(os.path.join(HERE, 'fixtures'), exist_ok=True)

# Fixture: the happy path's ID token (the jwks target checks it against fuzzed key sets).
happy = [v for v in load('finish') if v['name'] == 'finish/oidcc-client-test'][0]
with open(os.path.join(HERE, 'fixtures', 'id_token.txt'), 'w', encoding='utf-8') as f:
    f.write(json.loads(happy['input']['token_response']['body'])['id_token'] + '\n')

# Fixture: every public key of the finish vectors (one per kid), so their tokens verify.
with open(os.path.join(HERE, 'fixtures', 'jwks.json'), 'w', encoding='utf-8') as f:
    f.write(compact({'keys': [jwks_keys[k] for k in sorted(jwks_keys)]}) + '\n')

shutil.rmtree(SEEDS, ignore_errors=True)
total = 0
for target, items in sorted(seeds.items()):
    d = os.path.join(SEEDS, target)
    os.makedirs(d)
    for data in sorted(items):
        with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), 'wb') as f:
            f.write(data)
        total += len(data)
    print(f'{target}: {len(items)} seeds', file=sys.stderr)
print(f'seeds: {total} bytes in {sum(len(s) for s in seeds.values())} files', file=sys.stderr)
