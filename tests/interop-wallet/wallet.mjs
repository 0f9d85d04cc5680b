// An independent wallet for the issuer's interoperability tests: animo's @openid4vc/openid4vci drives OpenID4VCI 1.0 (offer by
// reference, pre-authorized code with tx_code, nonce endpoint, jwt proofs, batch), and @sd-jwt/sd-jwt-vc verifies the credentials
// (issuer signature from the JWT VC Issuer Metadata, disclosures, and the status list entry).
//
// Input (environment): ISSUER_BASE (http base the issuer listens on), OFFER (openid-credential-offer:// link), TX_CODE,
// BATCH (number of credentials, default 1), STATUS_BASE (the https base written in status URIs, rewritten to ISSUER_BASE),
// CLIENT_ID (optional: the wallet redeems the code with this client_id and puts it in each proof's iss, OpenID4VCI Appendix F.1;
// without it the wallet is anonymous and its proofs carry no iss).
// Output: one JSON line on stdout, {"credentials": [...], "claims": [...], "status": [...], "holderPrivateKeys": [...]}; errors on
// stderr and exit code 1.
import crypto from 'node:crypto';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { setGlobalConfig, clientAuthenticationAnonymous, clientAuthenticationNone } from '@openid4vc/oauth2';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { digest, generateSalt } from '@sd-jwt/crypto-nodejs';

const base = process.env.ISSUER_BASE;
const offerLink = process.env.OFFER;
const txCode = process.env.TX_CODE;
const batch = Number(process.env.BATCH ?? '1');
const statusBase = process.env.STATUS_BASE;
const clientId = process.env.CLIENT_ID || undefined;

// The test issuer listens on plain http over loopback.
setGlobalConfig({ allowInsecureUrls: true });

const b64url = (buffer) => Buffer.from(buffer).toString('base64url');

function holderKey() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  return { privateKey, publicJwk: { kty, crv, x, y } };
}

const keys = Array.from({ length: batch }, holderKey);

const callbacks = {
  fetch,
  generateRandom: (length) => crypto.randomBytes(length),
  hash: (data, alg) => crypto.createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  clientAuthentication: clientId ? clientAuthenticationNone({ clientId }) : clientAuthenticationAnonymous(),
  signJwt: async (signer, { header, payload }) => {
    const key = keys.find((k) => k.publicJwk.x === signer.publicJwk.x);
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const signature = crypto.sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
    return { jwt: `${input}.${b64url(signature)}`, signerJwk: signer.publicJwk };
  },
};

const client = new Openid4vciClient({ callbacks });
const credentialOffer = await client.resolveCredentialOffer(offerLink);
const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
const configurationId = credentialOffer.credential_configuration_ids[0];

const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer, issuerMetadata, txCode });
const { c_nonce: nonce } = await client.requestNonce({ issuerMetadata });
const proofs = [];
for (const key of keys) {
  const { jwt } = await client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId: configurationId,
    signer: { method: 'jwk', alg: 'ES256', publicJwk: key.publicJwk },
    nonce,
    clientId,
  });
  proofs.push(jwt);
}

const response = await client.retrieveCredentials({
  issuerMetadata,
  accessToken: accessTokenResponse.access_token,
  credentialConfigurationId: configurationId,
  proofs: { jwt: proofs },
});
const credentials = response.credentialResponse.credentials.map((c) => c.credential);

// Verify with @sd-jwt/sd-jwt-vc, the issuer key taken from the JWT VC Issuer Metadata.
const jwtVcIssuer = await (await fetch(`${base}/.well-known/jwt-vc-issuer`)).json();
if (jwtVcIssuer.issuer !== credentialOffer.credential_issuer) throw new Error('jwt-vc-issuer issuer mismatch');
const verifier = async (data, signature) => {
  const [headerPart] = data.split('.');
  const { kid } = JSON.parse(Buffer.from(headerPart, 'base64url').toString());
  const jwk = jwtVcIssuer.jwks.keys.find((k) => k.kid === kid);
  if (!jwk) return false;
  const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  return crypto.verify('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
};
const sdjwt = new SDJwtVcInstance({
  hasher: digest,
  saltGenerator: generateSalt,
  verifier,
  statusListFetcher: async (uri) => {
    const url = statusBase && uri.startsWith(statusBase) ? base + uri.slice(statusBase.length) : uri;
    const res = await fetch(url, { headers: { accept: 'application/statuslist+jwt' } });
    if (!res.ok) throw new Error(`status list ${res.status}`);
    return res.text();
  },
});

const claims = [];
const status = [];
for (const credential of credentials) {
  const result = await sdjwt.verify(credential);
  claims.push(result.payload);
  status.push(result.payload.status.status_list.idx);
}

const proofIss = proofs.map((p) => JSON.parse(Buffer.from(p.split('.')[1], 'base64url').toString()).iss ?? null);
// The holder's private keys go to the test (and only there), which presents with them through presentation.mjs.
const holderPrivateKeys = keys.map((k) => k.privateKey.export({ format: 'jwk' }));
process.stdout.write(JSON.stringify({ credentials, claims, status, holderKeys: keys.map((k) => k.publicJwk), holderPrivateKeys, proofIss }) + '\n');
