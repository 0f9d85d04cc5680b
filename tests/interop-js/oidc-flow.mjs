// Full OpenID Connect flow against the issuer, driven by panva's openid-client (an independent implementation):
// discovery, PAR (RFC 9126), PKCE S256, authorization with a scripted login and consent, code exchange with the
// RFC 9207 `iss` check, ID token validation, userinfo, refresh token rotation and refusal of the rotated token.
// Prints one JSON line with what it observed; exits non-zero on the first failure.
//
// Environment: ISSUER (issuer URL), CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, LOGIN_USERNAME, LOGIN_PASSWORD,
// SCOPE (default "openid profile offline_access"), UI_LOCALES (default "fr-CA"),
// TOKEN_ENDPOINT (optional: redeem the code at another replica's token endpoint),
// DPOP=1 (optional: the whole flow with DPoP, RFC 9449: proof at PAR, DPoP-bound tokens, userinfo and refresh with proofs).
// `node oidc-flow.mjs --refresh-tokens N` prints N fresh refresh tokens, one a line (used by bench/load).
import * as client from 'openid-client';
import { CookieJar, parseForms, send } from './browser.mjs';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const issuer = new URL(env('ISSUER'));
const redirectUri = env('REDIRECT_URI');
const scope = env('SCOPE', 'openid profile offline_access');
const uiLocales = env('UI_LOCALES', 'fr-CA');

async function configure() {
  // Loopback test servers speak plain http; openid-client refuses it unless told.
  // client_secret_basic (RFC 6749 §2.3.1): the issuer accepts it and private_key_jwt, not client_secret_post.
  const auth = client.ClientSecretBasic(env('CLIENT_SECRET'));
  const config = await client.discovery(issuer, env('CLIENT_ID'), undefined, auth, { execute: [client.allowInsecureRequests] });
  const tokenEndpoint = process.env.TOKEN_ENDPOINT;
  if (tokenEndpoint) {
    const metadata = config.serverMetadata();
    const replica = new client.Configuration({ ...metadata, token_endpoint: tokenEndpoint }, env('CLIENT_ID'), undefined, auth);
    client.allowInsecureRequests(replica);
    return replica;
  }
  return config;
}

/** Follows the authorization request through login and consent until the redirect to the client. */
async function authorize(authorizationUrl) {
  const jar = new CookieJar();
  const pages = [];
  let url = authorizationUrl;
  let init = { headers: { 'accept-language': uiLocales } };
  for (let step = 0; step < 12; step++) {
    const response = await send(jar, url, init);
    init = { headers: { 'accept-language': uiLocales } };
    if (response.status >= 300 && response.status < 400) {
      const location = new URL(response.headers.get('location'), url);
      if (location.href.startsWith(redirectUri)) return { callback: location, pages };
      url = location;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`unexpected ${response.status} at ${url}: ${html.slice(0, 300)}`);
    const form = parseForms(html).find((f) => f.method === 'post');
    if (!form) throw new Error(`no form at ${url}`);
    const body = new URLSearchParams([...form.fields]);
    if (form.fields.has('Password')) {
      pages.push('login');
      body.set('Username', env('LOGIN_USERNAME'));
      body.set('Password', env('LOGIN_PASSWORD'));
    } else {
      pages.push('consent');
      const accept = form.buttons.find((b) => /accept|allow|approve|grant|consent/i.test(`${b.id} ${b.value}`)) ?? form.buttons[0];
      if (accept?.name) body.set(accept.name, accept.value);
    }
    const action = new URL(form.action ?? '', url);
    init = { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': uiLocales } };
    url = action;
  }
  throw new Error('too many steps before the redirect to the client');
}

async function login(config, options) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = await client.buildAuthorizationUrlWithPAR(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ui_locales: uiLocales,
  }, options);
  const { callback, pages } = await authorize(authorizationUrl);
  const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true }, undefined, options);
  return { authorizationUrl, callback, pages, tokens, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true } };
}

async function errorOf(promise) {
  try {
    await promise;
    return null;
  } catch (error) {
    return error.error ?? error.code ?? String(error);
  }
}

/** The WWW-Authenticate challenge openid-client parsed from a refused resource request, as "scheme:error". */
async function challengeOf(promise) {
  try {
    await promise;
    return null;
  } catch (error) {
    const challenge = Array.isArray(error.cause) ? error.cause[0] : undefined;
    return challenge ? `${challenge.scheme}:${challenge.parameters?.error}` : (error.error ?? error.code ?? String(error));
  }
}

async function main() {
  const config = await configure();
  const refreshCount = process.argv.indexOf('--refresh-tokens');
  if (refreshCount >= 0) {
    const count = Number(process.argv[refreshCount + 1]);
    for (let i = 0; i < count; i++) {
      const { tokens } = await login(config);
      process.stdout.write(`${tokens.refresh_token}\n`);
    }
    return;
  }

  // RFC 9449: one key pair for the whole session; openid-client writes every proof (htm, htu, iat, jti, ath).
  const dpop = process.env.DPOP === '1' ? { DPoP: client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256')) } : undefined;
  const { authorizationUrl, callback, pages, tokens, checks } = await login(config, dpop);
  const claims = tokens.claims();
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub, dpop);
  // A DPoP-bound token sent as a bearer token must be refused (RFC 9449 §7.2).
  const bearerUserinfo = dpop ? await challengeOf(client.fetchUserInfo(config, tokens.access_token, claims.sub)) : null;
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token, undefined, dpop);
  const refreshedUserinfo = dpop ? (await client.fetchUserInfo(config, refreshed.access_token, claims.sub, dpop)).sub : null;
  const reuseError = await errorOf(client.refreshTokenGrant(config, tokens.refresh_token, undefined, dpop));
  const codeReuseError = await errorOf(client.authorizationCodeGrant(config, callback, checks, undefined, dpop));
  const summary = {
    parRequestUriOnly: [...authorizationUrl.searchParams.keys()].sort().join(','),
    pages,
    iss: callback.searchParams.get('iss'),
    idToken: { iss: claims.iss, aud: claims.aud, sub: claims.sub, acr: claims.acr ?? null, nonce: claims.nonce },
    tokenType: tokens.token_type,
    refreshedTokenType: refreshed.token_type,
    bearerUserinfo,
    refreshedUserinfoSub: refreshedUserinfo,
    userinfoSub: userinfo.sub,
    userinfoClaims: Object.keys(userinfo).sort(),
    refreshRotated: Boolean(refreshed.refresh_token) && refreshed.refresh_token !== tokens.refresh_token,
    refreshedAccessToken: Boolean(refreshed.access_token),
    rotatedRefreshReuse: reuseError,
    codeReuse: codeReuseError,
    dpop: Boolean(dpop),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n${error?.cause ? JSON.stringify(error.cause) : ''}\n`);
  process.exit(1);
});
