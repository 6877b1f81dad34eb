import type { VendorResponse } from '../http.js'
import { optionalString, parseJsonObject, readOAuth2Token } from '../token-response.js'
import type { IssuedToken, Vendor } from './types.js'
import { jsonRequest } from './request.js'

// JFrog Platform OIDC token exchange: the job's GitHub ID token for a JFrog access token, no stored secret.
// Wire format from JFrog's REST API docs, "OIDC Token Exchange"
// (https://jfrog.com/help/r/jfrog-rest-apis/oidc-token-exchange): POST {platform}/access/api/v1/oidc/token,
// JSON grant_type (the RFC 8693 URN), subject_token_type (id_token), subject_token, provider_name,
// optional project_key; since Artifactory Cloud 7.73.1 / Self-Hosted 7.77.3, Enterprise X or Enterprise+.
// Checked against jfrog/setup-jfrog-cli src/oidc-utils.ts (buildOidcTokenExchangePayload, the same JSON
// and path; errors as {"errors": [{"status", "message"}]}) and jfrog/jfrog-client-go
// access/services/accesstoken.go + auth/authutils.go (the answer: access_token, token_type, expires_in,
// scope, refresh_token, issued_token_type, username; 200 on success).
// Like setup-jfrog-cli, the request carries the run's context (RUN_CONTEXT; the OIDC Token Exchange page does
// not list these fields) and the answer's username is reported as the user the token acts as (its `oidc-user`).
const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange'
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token'

// The run's context, from the runner's variables, as setup-jfrog-cli's buildOidcTokenExchangePayload maps them:
// gh_* for JFrog's usage tracking, repo/revision/branch for AppTrust. A variable that is not set is left out.
// Its application_key comes from the repository's .jfrog/config.yml, not from the runner: not sent.
const RUN_CONTEXT: ReadonlyArray<readonly [field: string, variable: string]> = [
  ['gh_job_id', 'GITHUB_JOB'],
  ['gh_run_id', 'GITHUB_RUN_ID'],
  ['gh_repo', 'GITHUB_REPOSITORY'],
  ['gh_revision', 'GITHUB_SHA'],
  ['gh_branch', 'GITHUB_REF_NAME'],
  ['repo', 'GITHUB_REPOSITORY'],
  ['revision', 'GITHUB_SHA'],
  ['branch', 'GITHUB_REF_NAME']
]

// The console path as JFrog's "Configure an OIDC Integration" page gives it (the classic navigation of
// Self-Hosted 7.90 and earlier says Administration > General > Manage Integrations).
const TRUST_HINT =
  'Check that oidc-provider is the Provider Name of the OpenID Connect integration in JFrog (Administration > ' +
  "General Management > Manage Integrations), that one of its identity mappings matches this workflow's claims " +
  '(repository, ref, ...; an aud there must match oidc-audience), and oidc-project if the mapping belongs to a project.'

export const jfrog: Vendor = {
  id: 'jfrog',
  title: 'JFrog Platform',
  defaultEnvVar: 'JFROG_ACCESS_TOKEN',
  baseUrlExample: 'https://acme.jfrog.io',
  required: ['oidc-provider'],
  optional: ['oidc-audience', 'oidc-project'],

  async tokenRequest(context) {
    const idToken = await context.githubIdToken(context.input('oidc-audience'))
    const body = {
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token_type: ID_TOKEN_TYPE,
      subject_token: idToken,
      provider_name: context.input('oidc-provider'),
      ...(context.input('oidc-project') ? { project_key: context.input('oidc-project') } : {}),
      ...runContext()
    }
    return jsonRequest(`${context.baseUrl}/access/api/v1/oidc/token`, body, {}, [idToken])
  },

  readToken: readJfrogToken,

  refusalHints: {
    400: TRUST_HINT,
    401: TRUST_HINT,
    403: TRUST_HINT,
    404:
      'No OIDC token endpoint there: set base-url to the JFrog Platform URL (e.g. https://acme.jfrog.io), on a version ' +
      'with OIDC integration (Artifactory Cloud 7.73.1, Self-Hosted 7.77.3 or later).'
  }
}

function runContext(): Record<string, string> {
  return Object.fromEntries(
    RUN_CONTEXT.flatMap(([field, variable]) => (process.env[variable] ? [[field, process.env[variable]]] : []))
  )
}

/**
 * The access token and the user it acts as; a refresh_token is masked (readOAuth2Token), never exported.
 * JFrog's Create Token docs show token_type "access_token" (a kind of token, not an HTTP scheme): such a
 * token is sent as Bearer.
 */
function readJfrogToken(response: VendorResponse, title: string): IssuedToken {
  const issued = readOAuth2Token(response, title)
  const user = optionalString(parseJsonObject(response, title).username)
  return { ...issued, user, ...(issued.tokenType === 'access_token' ? { tokenType: 'Bearer' } : {}) }
}
