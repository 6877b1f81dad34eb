// The syntax a vendor's token, token type and scope must have before they become outputs.
// Each is a single line of characters that no shell, workflow command or header can misread.

// RFC 6750 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9._~+/-]+=*$/

// RFC 6749 7.1 / A.7: type-name = 1*name-char, name-char = "-" / "." / "_" / DIGIT / ALPHA.
// Bounded, because it is printed in the log. Absolute-URI types (RFC 6749 8.1) are not accepted:
// the type is used as an HTTP auth-scheme, which a URI cannot be, and URIs may carry shell syntax.
const TYPE_NAME = /^[A-Za-z0-9._-]{1,64}$/

// RFC 6749 3.3: scope = scope-token *( SP scope-token ), scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+(?: [\x21\x23-\x5b\x5d-\x7e]+)*$/

// A user name as a vendor reports it: a login, an e-mail address, or a subject with '/'. Bounded, because it is
// printed, and limited to letters, digits and a few marks: no space, quote, '$', '`', ':' or '<', so that no
// shell, workflow command or HTML can misread it.
const USER_NAME = /^[\p{L}\p{N}._@+/-]{1,255}$/u

// A CSRF token a vendor sends back in a header (Black Duck's is a UUID): a b64token, bounded, since a
// later step puts it in a header of its own.
const CSRF_TOKEN = /^[A-Za-z0-9._~+/-]{1,256}=*$/

export const CSRF_TOKEN_RULE = 'up to 256 letters, digits and -._~+/, then any ='

export function isCsrfToken(value: string): boolean {
  return CSRF_TOKEN.test(value) && value.length <= 512
}

export const B64TOKEN_RULE = 'letters, digits, -._~+/ and trailing ='

export function isB64Token(value: string): boolean {
  return B64TOKEN.test(value)
}

export function isTokenTypeName(value: string): boolean {
  return TYPE_NAME.test(value)
}

export function isScope(value: string): boolean {
  return SCOPE.test(value)
}

export const USER_NAME_RULE = 'up to 255 letters, digits and . _ @ + / -'

export function isUserName(value: string): boolean {
  return USER_NAME.test(value)
}
