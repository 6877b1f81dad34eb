import { ActionError } from '../errors.js'
import { headerValue } from '../http.js'
import { isObject, optionalSeconds, optionalString, parseJson } from '../token-response.js'
import { basicAuthorization } from './request.js'
import type { VendorResponse } from '../http.js'
import type { IssuedToken, Vendor } from './types.js'

// SecuriThings, source: its Authentication guide (https://feat-update-docs.securithings-api-docs.pages.dev/guides/authentication,
// a build of https://developer.securithings.com): POST /token/<organization>, Basic base64(client_id:client_secret),
// a JWT valid 1 hour by default; credentials are issued by SecuriThings support.
// The answer's body is not documented. access_token is expected because the guide sets the endpoint up
// as the Access Token URL of Postman's and Insomnia's OAuth 2.0 client-credentials helpers, which read
// RFC 6749 5.1 JSON. The other names, a JSON string and a bare JWT are accepted only as fallbacks:
// no documentation or public client shows them.
const TOKEN_FIELDS = ['access_token', 'token', 'accessToken', 'jwt'] as const

const CREDENTIALS_HINT =
  'Check client-id, client-secret and organization; SecuriThings support issues and rotates these credentials.'

export const securithings: Vendor = {
  id: 'securithings',
  title: 'SecuriThings',
  defaultEnvVar: 'SECURITHINGS_ACCESS_TOKEN',
  defaultBaseUrl: 'https://api.securithings.com',
  required: ['client-id', 'client-secret', 'organization'],
  optional: [],
  checks: { organization: checkOrganization },

  tokenRequest(context) {
    const { authorization, derivedSecrets } = basicAuthorization(
      context.input('client-id'),
      context.input('client-secret'),
      'raw'
    )
    return {
      url: `${context.baseUrl}/token/${encodeURIComponent(context.input('organization'))}`,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/plain',
        Authorization: authorization
      },
      body: '',
      derivedSecrets
    }
  },

  readToken: readSecurithingsToken,

  refusalHints: {
    401: CREDENTIALS_HINT,
    403: CREDENTIALS_HINT,
    404: "No such organization: check 'organization' (the tenant name SecuriThings gave you) and base-url."
  }
}

/**
 * The organization is one path segment. encodeURIComponent leaves '.' and '..' as they are
 * (and encodes '%', so '%2e' cannot become one), and a URL resolves those two against the path.
 */
function checkOrganization(value: string): string | undefined {
  const segment = encodeURIComponent(value)
  if (segment === '.' || segment === '..') {
    return `'${segment}' is not an organization name: it would change the request path. Use the tenant name SecuriThings gave you, e.g. acme.`
  }
  return undefined
}

function readSecurithingsToken(response: VendorResponse, title: string): IssuedToken {
  const body = response.body.trim()
  const looksLikeJson = /^[{"]/.test(body) || /json/i.test(headerValue(response, 'content-type'))
  if (!looksLikeJson) return { token: body, tokenType: 'Bearer' }

  const json = parseJson(response, title)
  // A JSON string body is the bare token, quoted.
  if (typeof json === 'string') return { token: json, tokenType: 'Bearer' }
  if (!isObject(json)) throw new ActionError(`${title} answered with JSON that is neither an object nor a string.`)
  const field = TOKEN_FIELDS.find((name) => typeof json[name] === 'string' && json[name] !== '')
  if (!field) {
    throw new ActionError(`${title} answered without a token: none of ${TOKEN_FIELDS.join(', ')} is a string.`)
  }
  return {
    token: json[field] as string,
    tokenType: optionalString(json.token_type) ?? 'Bearer',
    expiresInSeconds: optionalSeconds(json.expires_in),
    scope: optionalString(json.scope)
  }
}
