// Interoperability driver for the independent @sd-jwt/sd-jwt-vc implementation (OpenWallet Foundation).
// Reads one JSON command on stdin, writes one JSON result on stdout. Used by SdJwtVcInteropTests.
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';

const input = JSON.parse(await new Promise((resolve) => {
  let data = '';
  process.stdin.on('data', (chunk) => { data += chunk; });
  process.stdin.on('end', () => resolve(data));
}));

const instance = async (issuerJwk, holderPrivateJwk) => new SDJwtVcInstance({
  hasher: digest,
  hashAlg: 'sha-256',
  saltGenerator: generateSalt,
  signAlg: ES256.alg,
  signer: input.issuerPrivateJwk ? await ES256.getSigner(input.issuerPrivateJwk) : undefined,
  verifier: issuerJwk ? await ES256.getVerifier(issuerJwk) : undefined,
  kbSignAlg: ES256.alg,
  kbSigner: holderPrivateJwk ? await ES256.getSigner(holderPrivateJwk) : undefined,
  kbVerifier: async (data, signature, payload) => (await ES256.getVerifier(payload.cnf.jwk))(data, signature),
  // The status list token is handed in by the test instead of being fetched over the network.
  statusListFetcher: input.statusListJwt ? async () => input.statusListJwt : undefined,
});

try {
  if (input.command === 'verify') {
    const sdjwt = await instance(input.issuerJwk, undefined);
    const result = await sdjwt.verify(input.presentation, {
      keyBindingNonce: input.nonce,
      currentDate: input.now,
      requiredClaimKeys: ['iss', 'vct'],
    });
    process.stdout.write(JSON.stringify({ ok: true, payload: result.payload, typ: result.header?.typ, kb: result.kb?.payload }));
  } else if (input.command === 'issue') {
    const sdjwt = await instance(undefined, input.holderPrivateJwk);
    const issued = await sdjwt.issue(input.claims, input.disclosureFrame);
    const presentation = await sdjwt.present(issued, input.presentationFrame, {
      kb: { payload: { iat: input.now, aud: input.aud, nonce: input.nonce } },
    });
    process.stdout.write(JSON.stringify({ ok: true, issued, presentation }));
  } else {
    throw new Error(`unknown command ${input.command}`);
  }
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, error: String(error?.message ?? error) }));
}
