// PEM text from inputs: the ways a copy into a secret or variable breaks it, and the
// ca-certificate bundle. Messages never quote the value.
import { X509Certificate } from 'node:crypto'
import { InputError } from './errors.js'

const PEM_LABEL = /-----(?:BEGIN|END) [A-Z0-9 ]+-----/g
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g

/** Whether PEM text meant for a certificate input holds a private key (masked first thing, never echoed). */
export function holdsPrivateKey(value: string): boolean {
  return /PRIVATE KEY/.test(value)
}

/** The -----BEGIN CERTIFICATE----- blocks of PEM text, in order. */
export function certificateBlocks(value: string): string[] {
  return value.match(CERTIFICATE_BLOCK) ?? []
}

/**
 * What a bad copy did to a PEM value, and how to store it instead; undefined when its lines look
 * intact (whether it parses is checked after). `store` says how to store the file, e.g.
 * "`gh secret set NAME < key.pem`".
 */
export function pemLayoutProblem(value: string, store: string): string | undefined {
  if (!value.includes('-----BEGIN ')) return undefined
  const advice = `Store the PEM file as it is, line breaks included: ${store}.`
  if (value.includes('\\n')) {
    return `holds literal \\n sequences where the PEM's line breaks should be (an escaped copy). ${advice}`
  }
  // Base64 lines, without the BEGIN/END labels and the "Name: value" headers of an old encrypted key.
  const lines = value
    .replace(PEM_LABEL, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.includes(':'))
  if (lines.some((line) => /\s/.test(line))) {
    return `has spaces where the PEM's line breaks should be (a copy that joined its lines). ${advice}`
  }
  if (!value.includes('\n')) return `is on one line: the PEM's line breaks were lost in the copy. ${advice}`
  return undefined
}

/** The certificates of the ca-certificate input, each checked as an X.509 certificate. */
export function readCaCertificates(value: string): string[] {
  const fail = (problem: string) => new InputError('ca-certificate', problem)
  const layout = pemLayoutProblem(value, '`gh secret set NAME < ca.pem` or `gh variable set NAME < ca.pem`')
  if (layout) throw fail(layout)
  // Masked first thing (masking.ts) when it holds one; never echoed.
  if (holdsPrivateKey(value)) {
    throw fail(
      'holds a private key: pass only the CA certificate(s), from -----BEGIN CERTIFICATE----- to the END line. ' +
        'The key was masked in this log; if it was stored in a variable rather than a secret, treat it as exposed.'
    )
  }
  const blocks = certificateBlocks(value)
  if (blocks.length === 0) {
    throw fail(
      'holds no PEM certificate: pass the CA certificate(s), each from -----BEGIN CERTIFICATE----- to its END line.'
    )
  }
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block)
    } catch {
      throw fail(
        `certificate ${index + 1} of ${blocks.length} is not a valid X.509 certificate; copy it again, from its BEGIN line to its END line.`
      )
    }
  })
  return blocks
}
