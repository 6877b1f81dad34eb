import type { TokenRequest, VendorContext } from './types.js'

/** RFC 7617 Basic credentials; RFC 6749 2.3.1 asks for form-encoding id and secret first. */
export function basicAuthorization(clientId: string, clientSecret: string, formEncode = false): string {
  const encode = formEncode ? formEncodeComponent : (value: string) => value
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`, 'utf8').toString('base64')}`
}

/** A POST with an application/x-www-form-urlencoded body. */
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

export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post'

/**
 * An RFC 6749 / RFC 7009 request authenticated with the client id and secret,
 * either as a Basic header or as form fields. Shared by every OAuth2-style vendor.
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
    const encodedSecret = formEncodeComponent(clientSecret)
    return formRequest(url, { ...fields, client_id: clientId, client_secret: clientSecret }, {}, [encodedSecret])
  }
  const authorization = basicAuthorization(clientId, clientSecret, true)
  return formRequest(url, fields, { Authorization: authorization }, [authorization])
}

function formEncodeComponent(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2)
}
