// @sd-jwt/sd-jwt-vc on both sides of a presentation, independent of this repository's SD-JWT code.
//
// MODE=present: CREDENTIAL (an issued SD-JWT VC), HOLDER_JWK (the holder's private JWK, JSON), AUD, NONCE, DISCLOSE (claim names,
//   comma-separated). Prints the presentation (SD-JWT with the chosen disclosures and a KB-JWT over AUD and NONCE).
// MODE=verify: PRESENTATION, AUD, NONCE, ISSUER_BASE. Verifies the issuer signature with the key of the issuer's JWT VC Issuer
//   Metadata, the disclosures, the KB-JWT (signature by the cnf key, nonce, aud) and the status list entry (fetched from the
//   credential's status_list.uri, signature checked with the same metadata). Prints {"valid":true,"claims":{...}} and exits 0, or
//   {"valid":false,"error":"..."} and exits 1.
import crypto from 'node:crypto';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { digest, generateSalt } from '@sd-jwt/crypto-nodejs';

const env = process.env;
const b64url = (buffer) => Buffer.from(buffer).toString('base64url');
const verifyEs256 = (jwk, data, signature) =>
  crypto.verify('sha256', Buffer.from(data), { key: crypto.createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'));

if (env.MODE === 'present') {
  const holder = crypto.createPrivateKey({ key: JSON.parse(env.HOLDER_JWK), format: 'jwk' });
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    saltGenerator: generateSalt,
    kbSignAlg: 'ES256',
    kbSigner: (data) => b64url(crypto.sign('sha256', Buffer.from(data), { key: holder, dsaEncoding: 'ieee-p1363' })),
  });
  const frame = Object.fromEntries((env.DISCLOSE ?? '').split(',').filter(Boolean).map((name) => [name, true]));
  const presentation = await sdjwt.present(env.CREDENTIAL, frame, {
    kb: { payload: { aud: env.AUD, nonce: env.NONCE, iat: Math.floor(Date.now() / 1000) } },
  });
  process.stdout.write(presentation + '\n');
} else if (env.MODE === 'verify') {
  const metadata = await (await fetch(`${env.ISSUER_BASE}/.well-known/jwt-vc-issuer`)).json();
  const issuerKey = (data) => {
    const { kid } = JSON.parse(Buffer.from(data.split('.')[0], 'base64url').toString());
    return metadata.jwks.keys.find((k) => k.kid === kid);
  };
  const verifier = (data, signature) => {
    const jwk = issuerKey(data);
    return jwk !== undefined && verifyEs256(jwk, data, signature);
  };
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    verifier,
    kbVerifier: (data, signature, payload) => {
      const kb = JSON.parse(Buffer.from(data.split('.')[1], 'base64url').toString());
      if (kb.aud !== env.AUD) return false;
      return verifyEs256(payload.cnf.jwk, data, signature);
    },
    statusListFetcher: async (uri) => {
      const response = await fetch(uri, { headers: { accept: 'application/statuslist+jwt' } });
      if (!response.ok) throw new Error(`status list ${uri} answered ${response.status}`);
      return response.text();
    },
  });
  try {
    const result = await sdjwt.verify(env.PRESENTATION, { keyBindingNonce: env.NONCE });
    if (result.kb === undefined) throw new Error('no key binding');
    if (result.payload.iss !== metadata.issuer) throw new Error('iss is not the metadata issuer');
    process.stdout.write(JSON.stringify({ valid: true, claims: result.payload }) + '\n');
  } catch (error) {
    process.stdout.write(JSON.stringify({ valid: false, error: String(error?.message ?? error) }) + '\n');
    process.exit(1);
  }
} else {
  process.stderr.write('MODE must be present or verify\n');
  process.exit(2);
}
