// A real OpenID Connect provider (the certified `oidc-provider` package) configured like ProConnect, for the tests.
//
// Like ProConnect: authorization code flow with state and nonce, client_secret_post, RS256 ID tokens, userinfo
// answered as a signed JWT (application/jwt), the claims email given_name usual_name siret uid, no consent screen,
// and RP-initiated logout through the end-session endpoint with id_token_hint.
//
// Started by tests/oidc_provider/__init__.py with its configuration as JSON in OIDC_TEST_CONFIG:
//   {"client_id", "client_secret", "redirect_uris": [...], "post_logout_redirect_uris": [...]}
// It listens on a free port of 127.0.0.1 and writes {"issuer": "http://127.0.0.1:PORT"} as its first line.
//
// The tests drive it through /__test__/ endpoints: declare accounts, and make the next answer faulty the way an
// attacker or a broken network would (a userinfo JWT whose payload was altered, an ID token signed with a key that is
// not the provider's, a userinfo JWT about someone else), so that the client's checks meet real tokens.

import http from "node:http";
import { randomBytes } from "node:crypto";

import Provider from "oidc-provider";
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from "jose";

const config = JSON.parse(process.env.OIDC_TEST_CONFIG || "{}");
const KEY_ID = "boussole-test-key";
const ALG = "RS256";

const signingKey = await generateKeyPair(ALG, { extractable: true });
// Same key id, another key: what a forger would sign with.
const foreignKey = await generateKeyPair(ALG, { extractable: true });
const signingJwk = { ...(await exportJWK(signingKey.privateKey)), kid: KEY_ID, alg: ALG, use: "sig" };

const accounts = new Map();
let fault = null;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

const server = http.createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.client_id,
      client_secret: config.client_secret,
      redirect_uris: config.redirect_uris,
      post_logout_redirect_uris: config.post_logout_redirect_uris,
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: ALG,
      userinfo_signed_response_alg: ALG,
    },
  ],
  jwks: { keys: [signingJwk] },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  claims: {
    openid: ["sub"],
    email: ["email"],
    given_name: ["given_name"],
    usual_name: ["usual_name"],
    siret: ["siret"],
    uid: ["uid"],
  },
  acrValues: ["eidas1"],
  // ProConnect takes no PKCE parameter.
  pkce: { required: () => false },
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page(
          "Déconnexion de ProConnect",
          `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Se déconnecter</button>`,
        );
      },
    },
  },
  async findAccount(ctx, id) {
    const claims = accounts.get(id);
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  async renderError(ctx, out) {
    ctx.type = "html";
    ctx.body = page("Erreur du fournisseur d’identité", `<pre>${escapeHtml(JSON.stringify(out))}</pre>`);
  },
});

// Faults, applied once to the next answer they concern.
provider.use(async (ctx, next) => {
  await next();
  if (!fault) return;
  if (ctx.path === "/me" && ctx.status === 200 && typeof ctx.body === "string") {
    const [header, payload, signature] = ctx.body.split(".");
    const claims = decodeJwt(ctx.body);
    if (fault === "userinfo_payload_tampered") {
      fault = null;
      const altered = Buffer.from(JSON.stringify({ ...claims, email: "intrus@example.fr" })).toString("base64url");
      ctx.body = [header, altered, signature].join(".");
    } else if (fault === "userinfo_other_sub") {
      fault = null;
      ctx.body = await new SignJWT({ ...claims, sub: "quelqu-un-d-autre" })
        .setProtectedHeader({ alg: ALG, kid: KEY_ID, typ: "JWT" })
        .sign(signingKey.privateKey);
    }
  } else if (ctx.path === "/token" && ctx.status === 200 && fault === "id_token_foreign_key") {
    fault = null;
    const claims = decodeJwt(ctx.body.id_token);
    ctx.body = {
      ...ctx.body,
      id_token: await new SignJWT(claims)
        .setProtectedHeader({ alg: ALG, kid: KEY_ID, typ: "JWT" })
        .sign(foreignKey.privateKey),
    };
  }
});

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

function send(res, status, body, type = "text/html; charset=utf-8") {
  res.writeHead(status, { "Content-Type": type });
  res.end(body);
}

// The sign-in page, as ProConnect's: an email address, then straight back to the service (no consent screen).
async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page("Interaction inconnue", ""));
  if (details.prompt.name === "consent") {
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(" "));
    if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
  }
  if (action === "abort") {
    return provider.interactionFinished(req, res, {
      error: "access_denied",
      error_description: "End-User aborted interaction",
    });
  }
  if (action === "login" && req.method === "POST") {
    const form = await readForm(req);
    const accountId = [...accounts].find(([, claims]) => claims.email === form.get("email"))?.[0];
    if (accountId) {
      return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    }
  }
  return send(
    res,
    200,
    page(
      "Connexion à ProConnect",
      `<form method="post" action="/interaction/${uid}/login">
<label for="email">Adresse e-mail professionnelle</label>
<input id="email" name="email" type="email" autocomplete="email" required>
<button type="submit">Se connecter</button></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Annuler</button></form>`,
    ),
  );
}

async function control(req, res, action) {
  if (req.method !== "POST") return send(res, 405, "");
  const form = await readForm(req);
  if (action === "account") {
    const { sub, ...claims } = JSON.parse(form.get("account"));
    accounts.set(sub, claims);
  } else if (action === "fault") {
    fault = form.get("fault") || null;
  } else if (action === "reset") {
    accounts.clear();
    fault = null;
  } else {
    return send(res, 404, "");
  }
  return send(res, 204, "");
}

const handleProvider = provider.callback();
server.on("request", async (req, res) => {
  const path = new URL(req.url, issuer).pathname;
  try {
    let match = path.match(/^\/interaction\/([^/]+)(?:\/(login|abort))?$/);
    if (match) return await interaction(req, res, match[1], match[2]);
    match = path.match(/^\/__test__\/(\w+)$/);
    if (match) return await control(req, res, match[1]);
    return handleProvider(req, res);
  } catch (error) {
    console.error(error);
    return send(res, 500, page("Erreur", escapeHtml(error.message)));
  }
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
