// RFC 7523 client assertions (private_key_jwt), signed on the runner with node:crypto:
// the private key never leaves it, only a short-lived signed JWT does.
// Algorithms are RFC 7518 3.3 (RS256: RSASSA-PKCS1-v1_5 with SHA-256), 3.5 (PS256: RSASSA-PSS
// with SHA-256, MGF1 SHA-256 and a 32-byte salt) and 3.4 (ES256: ECDSA P-256 with SHA-256, the
// signature as the 64-byte R || S, which is what dsaEncoding 'ieee-p1363' gives).
// A certificate credential (x5t#S256) is RFC 7515 4.1.8: base64url of the SHA-256 of the certificate's DER.
import {
  type AsymmetricKeyDetails,
  type KeyObject,
  X509Certificate,
  constants,
  createHash,
  createPrivateKey,
  randomUUID,
  sign
} from 'node:crypto'
import { certificateBlocks, holdsPrivateKey } from './pem.js'

export const SIGNING_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number]

/** RFC 7523 2.2: the client_assertion_type for a JWT client assertion. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

// Each assertion is signed for one attempt (a retry signs a new one), so it needs to live only
// as long as one request takes to arrive; servers cap the lifetime (Auth0 at 5 minutes).
const ASSERTION_LIFETIME_SECONDS = 120
// RFC 7518 3.3: RSA keys for RS256 (and PS256) must be at least 2048 bits.
const MIN_RSA_BITS = 2048
// RFC 7518 3.5: PS256 is RSASSA-PSS with SHA-256, MGF1 with SHA-256, and a salt as long as the hash.
const PS256_HASH = 'sha256'
const PS256_SALT_BYTES = 32

/**
 * What is wrong with `pem` as a key for `algorithm`, naming the inputs, or undefined.
 * Never quotes the key.
 */
export function signingKeyProblem(
  pem: string,
  algorithm: SigningAlgorithm,
  { algorithmIsInput = true }: { algorithmIsInput?: boolean } = {}
): string | undefined {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    return "Input 'private-key': is encrypted; pass the key unencrypted (from a secret), e.g. `openssl pkcs8 -topk8 -nocrypt`."
  }
  let key: KeyObject
  try {
    key = createPrivateKey({ key: pem, format: 'pem' })
  } catch {
    return (
      "Input 'private-key': is not a PEM private key. Pass the whole key, from '-----BEGIN PRIVATE KEY-----' " +
      "(PKCS#8), '-----BEGIN RSA PRIVATE KEY-----' (PKCS#1) or '-----BEGIN EC PRIVATE KEY-----' to its END line, " +
      'with its line breaks; a public key or a certificate cannot sign.'
    )
  }
  const details = key.asymmetricKeyDetails ?? {}
  const type = key.asymmetricKeyType ?? 'unknown'
  const kind =
    type === 'ec' ? `an EC ${details.namedCurve} key` : type === 'rsa' ? 'an RSA key' : `a key of type ${type}`
  // Where the vendor fixes the algorithm (Entra ID's PS256), only the key can change.
  const [inputs, advice] = algorithmIsInput
    ? [
        "Inputs 'private-key' and 'signing-algorithm'",
        'Set signing-algorithm to match the key (RS256 or PS256 for RSA, ES256 for EC P-256), or pass a key that fits.'
      ]
    : ["Input 'private-key'", 'Pass the key of the certificate registered with the client.']
  if (algorithm === 'ES256') {
    if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return undefined
    return `${inputs}: ES256 needs an EC P-256 key, and this is ${kind}. ${advice}`
  }
  // An RSA-PSS-only key (OID id-RSASSA-PSS) can sign PS256 but not RS256.
  const rsaKinds = algorithm === 'PS256' ? ['rsa', 'rsa-pss'] : ['rsa']
  if (!rsaKinds.includes(type)) {
    return `${inputs}: ${algorithm} needs an RSA key, and this is ${kind}. ${advice}`
  }
  if ((details.modulusLength ?? 0) < MIN_RSA_BITS) {
    return `Input 'private-key': is a ${details.modulusLength}-bit RSA key; ${algorithm} needs at least ${MIN_RSA_BITS} bits.`
  }
  const restrictions = type === 'rsa-pss' ? pssRestrictionsAgainstPs256(details) : []
  if (restrictions.length > 0) {
    return (
      `Input 'private-key': is an RSA-PSS key restricted to ${restrictions.join(', ')}, and PS256 signs with ` +
      'SHA-256, MGF1 with SHA-256 and a 32-byte salt. Pass an RSA key, or an RSA-PSS key without these restrictions.'
    )
  }
  return undefined
}

/**
 * The parameters an RSA-PSS key is restricted to (RFC 4055 RSASSA-PSS-params) that PS256 cannot sign with.
 * OpenSSL refuses another hash or a longer minimum salt, and would sign with the key's own MGF1 hash,
 * which no PS256 verifier accepts.
 */
function pssRestrictionsAgainstPs256(details: AsymmetricKeyDetails): string[] {
  const { hashAlgorithm, mgf1HashAlgorithm, saltLength } = details
  return [
    hashAlgorithm !== undefined && hashAlgorithm !== PS256_HASH ? `hash ${hashAlgorithm}` : '',
    mgf1HashAlgorithm !== undefined && mgf1HashAlgorithm !== PS256_HASH ? `MGF1 with ${mgf1HashAlgorithm}` : '',
    saltLength !== undefined && saltLength > PS256_SALT_BYTES ? `a salt of at least ${saltLength} bytes` : ''
  ].filter(Boolean)
}

/**
 * What is wrong with the certificate input on its own, or undefined: it must be one X.509 certificate,
 * valid now. An expired (or not yet valid) certificate is an error, not a warning: Entra ID refuses a
 * certificate credential outside its validity (AADSTS700027), and a server that would not look has been
 * given a credential its owner must renew anyway; the dates say which. Never quotes the value.
 */
export function certificateProblem(pem: string, now: Date = new Date()): string | undefined {
  // masking.ts masked it first thing when it holds a private key.
  if (holdsPrivateKey(pem)) {
    return (
      'holds a private key: pass the private key in private-key (from a secret), and here only the certificate, from ' +
      '-----BEGIN CERTIFICATE----- to its END line. The key was masked in this log; if it was stored in a variable ' +
      'rather than a secret, treat it as exposed.'
    )
  }
  const blocks = certificateBlocks(pem)
  if (blocks.length !== 1) {
    return blocks.length === 0
      ? 'holds no PEM certificate: pass the certificate registered with the client, from -----BEGIN CERTIFICATE----- to its END line.'
      : `holds ${blocks.length} certificates: pass only the one registered with the client (its thumbprint identifies the key), not its chain.`
  }
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(blocks[0])
  } catch {
    return 'is not a valid X.509 certificate; copy it again, from its BEGIN line to its END line.'
  }
  const validFrom = new Date(certificate.validFrom)
  const validTo = new Date(certificate.validTo)
  if (now < validFrom || now > validTo) {
    return (
      `${now > validTo ? 'has expired' : 'is not valid yet'}: it is valid from ${isoDay(validFrom)} to ${isoDay(validTo)}. ` +
      'Register a current certificate with the client and pass it here.'
    )
  }
  return undefined
}

/** Whether the certificate carries the public key of the private key; both already checked alone. */
export function certificateMatchesKey(certificatePem: string, keyPem: string): boolean {
  return new X509Certificate(certificatePem).checkPrivateKey(createPrivateKey({ key: keyPem, format: 'pem' }))
}

/** RFC 7515 4.1.8 x5t#S256: base64url of the SHA-256 of the certificate's DER. */
export function certificateThumbprint(certificatePem: string): string {
  return createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('base64url')
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export interface ClientAssertionClaims {
  /** iss and sub: the client id. */
  clientId: string
  /** aud: the authorization server (its token URL, or its issuer). */
  audience: string
  /** The JWT header's kid, when the server needs it to pick the key. */
  keyId: string
  /** The certificate whose thumbprint the header names as x5t#S256 (Entra ID's certificate credentials), or ''. */
  certificate?: string
}

/** A fresh signed client assertion: a random jti, iat = nbf = now, exp two minutes ahead. */
export function signClientAssertion(
  pem: string,
  algorithm: SigningAlgorithm,
  { clientId, audience, keyId, certificate }: ClientAssertionClaims
): string {
  const now = Math.floor(Date.now() / 1000)
  const header = {
    alg: algorithm,
    typ: 'JWT',
    ...(keyId ? { kid: keyId } : {}),
    ...(certificate ? { 'x5t#S256': certificateThumbprint(certificate) } : {})
  }
  const claims = {
    iss: clientId,
    sub: clientId,
    aud: audience,
    jti: randomUUID(),
    iat: now,
    nbf: now,
    exp: now + ASSERTION_LIFETIME_SECONDS
  }
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  const key = createPrivateKey({ key: pem, format: 'pem' })
  const signature = sign('sha256', Buffer.from(signingInput), signatureOptions(key, algorithm))
  return `${signingInput}.${signature.toString('base64url')}`
}

function signatureOptions(key: KeyObject, algorithm: SigningAlgorithm) {
  if (algorithm === 'ES256') return { key, dsaEncoding: 'ieee-p1363' as const }
  if (algorithm === 'PS256') {
    return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: PS256_SALT_BYTES }
  }
  return { key, padding: constants.RSA_PKCS1_PADDING }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url')
}
