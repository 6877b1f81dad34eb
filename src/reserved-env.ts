/**
 * Environment variable names the token must never be exported as: each changes how the runner
 * or a later program loads code, trusts certificates or connects. Matched case-insensitively;
 * 'X_*' is a prefix family, '*_X' a suffix family, anything else one exact name.
 */
const RESERVED_ENV: ReadonlyArray<readonly [pattern: string, reason: string]> = [
  // The runner and this action's own protocol.
  ['GITHUB_*', 'the runner sets these for every step'],
  ['RUNNER_*', 'the runner sets these for every step'],
  ['ACTIONS_*', 'the runner and actions read their settings from these'],
  ['INPUT_*', 'the runner passes action inputs in these'],
  ['STATE_*', 'the runner passes step state in these'],
  ['CI', 'tools switch to CI behaviour on it'],
  // Shells: what runs, where from, and how commands are parsed.
  ['PATH', 'the shell finds programs through it'],
  ['HOME', 'programs read their configuration from it'],
  ['BASH_ENV', 'bash runs this file before every script'],
  ['ENV', 'sh runs this file at startup'],
  ['IFS', 'the shell splits words on it'],
  ['SHELLOPTS', 'bash turns on the options it lists'],
  ['BASHOPTS', 'bash turns on the options it lists'],
  ['PATHEXT', 'Windows runs files with the extensions it lists as programs'],
  ['COMSPEC', 'Windows programs start their shell commands with the program it names'],
  ['PSMODULEPATH', 'PowerShell loads modules from it'],
  // Native code loading.
  ['LD_*', 'the dynamic linker preloads and finds libraries through these'],
  ['DYLD_*', 'the macOS dynamic linker preloads and finds libraries through these'],
  ['GCONV_PATH', 'glibc loads character-set modules from it'],
  // Language runtimes: options, code and modules they load at startup.
  ['NODE_*', 'Node.js reads options, module paths and CA certificates from these'],
  ['NPM_CONFIG_*', 'npm reads its registry, CA and script settings from these'],
  ['JAVA_TOOL_OPTIONS', 'every JVM adds these options, agents included'],
  ['_JAVA_OPTIONS', 'every JVM adds these options, agents included'],
  ['JDK_JAVA_OPTIONS', 'the java launcher adds these options'],
  ['CLASSPATH', 'the JVM loads classes from it'],
  ['PERL5*', 'perl loads modules and options from these'],
  ['PERLLIB', 'perl loads modules from it'],
  ['PYTHON*', 'Python loads modules, startup files and options from these'],
  ['RUBYOPT', 'ruby adds these options and libraries'],
  ['RUBYLIB', 'ruby loads libraries from it'],
  // Tools that fetch code or run commands.
  ['GIT_*', 'git runs commands (ssh, askpass, hooks) and reads config from these'],
  ['DOCKER_*', 'docker connects to the daemon and reads TLS and config settings from these'],
  // Trust and connections.
  ['SSL_*', 'OpenSSL and other TLS clients trust the certificates these name'],
  ['OPENSSL_*', 'OpenSSL loads its configuration and modules from these'],
  ['CURL_CA_BUNDLE', 'curl trusts the certificates it names'],
  ['REQUESTS_CA_BUNDLE', 'Python requests trusts the certificates it names'],
  ['*_PROXY', 'HTTP clients send their traffic through the proxy these name']
]

/** The family a name falls in and why it is reserved, or undefined when the name is free to use. */
export function reservedEnvRule(name: string): { pattern: string; reason: string } | undefined {
  const upper = name.toUpperCase()
  const match = RESERVED_ENV.find(([pattern]) =>
    pattern.endsWith('*')
      ? upper.startsWith(pattern.slice(0, -1))
      : pattern.startsWith('*')
        ? upper.endsWith(pattern.slice(1))
        : upper === pattern
  )
  return match && { pattern: match[0], reason: match[1] }
}
