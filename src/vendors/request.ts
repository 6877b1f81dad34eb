import { JWT_BEARER_ASSERTION_TYPE } from '../client-assertion.js'
import { formEncodeComponent } from '../masking.js'
import type { TokenRequest } from '../http.js'
import type { VendorContext } from './types.js'

/**
 * How id and secret go into a Basic header: `raw` is RFC 7617 Base64(id:secret), what
 * Palo Alto and SecuriThings document; `form` is RFC 6749 2.3.1, which form-encodes
 * both first so that a compliant OAuth2 server can decode a secret with ':' or '%'.
 */
export type BasicEncoding = 'raw' | 'form'

/** A Basic Authorization header and the values derived from the secret to mask: the header and its base64 part. */
export function basicAuthorization(
  clientId: string,
  clientSecret: string,
  encoding: BasicEncoding
): { authorization: string; derivedSecrets: string[] } {
  const encode = encoding === 'form' ? formEncodeComponent : (value: string) => value
  const credentials = Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`, 'utf8').toString('base64')
  return { authorization: `Basic ${credentials}`, derivedSecrets: [`Basic ${credentials}`, credentials] }
}

/** A POST with an application/x-www-form-urlencoded body; empty fields are left out. */
export function formRequest(
  url: string,
  fields: Record<string, string | undefined>,
  headers: Record<string, string> = {},
  derivedSecrets: string[] = []
): TokenRequest {
  const form = new URLSearchParams()
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== '') form.append(name, value)
  }
  return {
    url,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers },
    body: form.toString(),
    derivedSecrets
  }
}

/**
 * A POST with a JSON body. A secret in it is masked as its input, JSON-escaped form included (masking.ts);
 * derivedSecrets add what the request derived (an ID token sent in the body).
 */
export function jsonRequest(
  url: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  derivedSecrets: string[] = []
): TokenRequest {
  return {
    url,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: JSON.stringify(body),
    derivedSecrets
  }
}

/**
 * client_secret_basic and client_secret_post are RFC 6749 2.3.1; raw_basic is a Basic
 * header of the unencoded id:secret (RFC 7617), for vendors that document exactly that.
 */
export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post' | 'raw_basic'

/**
 * An RFC 6749 / RFC 7009 request authenticated with the client id and secret,
 * either as a Basic header or as form fields. Shared by every OAuth2-style vendor.
 * The secret's own forms are masked from the input (masking.ts); derivedSecrets add the Basic header's.
 */
export function clientAuthenticatedForm(
  url: string,
  context: VendorContext,
  authentication: ClientAuthentication,
  fields: Record<string, string | undefined>
): TokenRequest {
  const clientId = context.input('client-id')
  const clientSecret = context.input('client-secret')
  if (authentication === 'client_secret_post') {
    return formRequest(url, { ...fields, client_id: clientId, client_secret: clientSecret })
  }
  const basic = basicAuthorization(clientId, clientSecret, authentication === 'raw_basic' ? 'raw' : 'form')
  return formRequest(url, fields, { Authorization: basic.authorization }, basic.derivedSecrets)
}

/**
 * An RFC 6749 request authenticated with a JWT (RFC 7521 4.2, RFC 7523 2.2): the client's own
 * signed assertion (private_key_jwt) or a token another issuer signed for it (a GitHub ID token,
 * as Entra ID federated credentials take it). The assertion is a secret to mask.
 */
export function clientAssertionForm(
  url: string,
  clientId: string,
  assertion: string,
  fields: Record<string, string | undefined>
): TokenRequest {
  const authentication = {
    client_id: clientId,
    client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
    client_assertion: assertion
  }
  return formRequest(url, { ...fields, ...authentication }, {}, [assertion])
}

/** A public client (RFC 6749 2.1) does not authenticate; it sends its client_id when it has one. */
export function publicClientForm(
  url: string,
  clientId: string,
  fields: Record<string, string | undefined>
): TokenRequest {
  return formRequest(url, { ...fields, client_id: clientId })
}

/**
 * A client assertion form (private_key_jwt) signed anew for every attempt: a new jti and expiry each
 * time, so that a retry does not look like a replay.
 */
export function freshClientAssertionForm(
  url: string,
  clientId: string,
  signAssertion: () => string,
  fields: Record<string, string | undefined>
): TokenRequest {
  const signed = (): TokenRequest => ({
    ...clientAssertionForm(url, clientId, signAssertion(), fields),
    forRetry: signed
  })
  return signed()
}
