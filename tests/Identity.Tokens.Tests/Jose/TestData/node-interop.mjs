// Independent implementation for interop tests: Node's built-in crypto (OpenSSL) and zlib, no npm packages.
// "verify": reads lines "<jwt>\n<public jwk>" from stdin; prints "<alg> <typ> <signature ok> <status at 0,1,12345,999999 for bits=2>".
// "sign": prints "<jwt>\n<public jwk>" for an Ed25519 and an ES256 statuslist+jwt over a 2-bit list of 1,000,000 entries.
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

if (process.argv[2] === 'verify') {
  const lines = readFileSync(0, 'utf8').trim().split('\n');
  for (let i = 0; i < lines.length; i += 2) {
    const [h, p, s] = lines[i].split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url'));
    const key = createPublicKey({ key: JSON.parse(lines[i + 1]), format: 'jwk' });
    const es256 = header.alg === 'ES256';
    const ok = verify(es256 ? 'sha256' : null, Buffer.from(`${h}.${p}`), es256 ? { key, dsaEncoding: 'ieee-p1363' } : key, Buffer.from(s, 'base64url'));
    const claims = JSON.parse(Buffer.from(p, 'base64url'));
    const bytes = inflateSync(Buffer.from(claims.status_list.lst, 'base64url'));
    const get = (idx) => (bytes[idx >> 2] >> ((idx & 3) * 2)) & 3;
    console.log([header.alg, header.typ, ok, get(0), get(1), get(12345), get(999999)].join(' '));
  }
} else {
  const bytes = Buffer.alloc(250000);
  const set = (idx, value) => { bytes[idx >> 2] |= value << ((idx & 3) * 2); };
  set(0, 1); set(12345, 2); set(999999, 3);
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'https://example.com/s/1', iat: now, exp: now + 3600, ttl: 300, status_list: { bits: 2, lst: deflateSync(bytes, { level: 9 }).toString('base64url') } };
  for (const [type, alg] of [['ed25519', 'EdDSA'], ['ec', 'ES256']]) {
    const { privateKey, publicKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
    const input = `${b64({ alg, typ: 'statuslist+jwt', kid: 'node' })}.${b64(claims)}`;
    const signature = sign(type === 'ec' ? 'sha256' : null, Buffer.from(input), type === 'ec' ? { key: privateKey, dsaEncoding: 'ieee-p1363' } : privateKey);
    console.log(`${input}.${signature.toString('base64url')}`);
    console.log(JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid: 'node' }));
  }
}
