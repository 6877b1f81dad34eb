// Vendor answers are hostile input: their text reaches the log or the job summary only through these helpers.

// Everything that can end a log line, start a workflow command on a new line, or hide text:
// C0, DEL and C1 controls (Cc), format characters such as bidi overrides (Cf),
// the line and paragraph separators U+2028/2029 (Zl, Zp) and lone surrogates (Cs).
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]+/gu

/** Vendor text as one printable line of at most `max` characters (code points). */
export function printableVendorText(text: string, max: number): string {
  const line = text.replace(UNPRINTABLE, ' ').replace(/ {2,}/g, ' ').trim()
  const characters = Array.from(line)
  return characters.length > max ? `${characters.slice(0, max).join('')}...` : line
}

/**
 * Replaces every occurrence of every secret with ***. Longest first, so a secret that
 * contains another (a Basic header and its base64 part) leaves no remainder behind.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  const longestFirst = secrets.filter(Boolean).sort((a, b) => b.length - a.length)
  return longestFirst.reduce((scrubbed, secret) => scrubbed.split(secret).join('***'), text)
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}

/** For the job summary, whose table cells core.summary writes as raw HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character])
}
