/**
 * The names and values Polaris takes for credentials (its sensitiveConfigmapContent and
 * sensitiveContainerEnvVar checks share them): a value here is readable by anyone who may read the
 * object, and it lands in git and in every rendered manifest.
 */
const SENSITIVE_NAMES: readonly RegExp[] = [
  /^AWS_SECRET_ACCESS_KEY$/i,
  /^GOOGLE_APPLICATION_CREDENTIALS$/i,
  /^AZURE_.+KEY$/i,
  /^OCI_CLI_KEY_CONTENT$/i,
  /password/i,
  /token/i,
  /bearer/i,
  /secret/i,
];

/** A PEM private key of any kind (`-----BEGIN RSA PRIVATE KEY-----`, `-----BEGIN PRIVATE KEY-----`). */
const PRIVATE_KEY = /-BEGIN\s+.*PRIVATE KEY-/i;

/** Whether a variable or key name reads like a credential. */
export function looksSensitive(name: string): boolean {
  return SENSITIVE_NAMES.some((pattern) => pattern.test(name));
}

/**
 * Words that make a name a credential to a person although the linters' lists above miss them: a key or
 * a pass word as a whole word of the name (`PAYMENT_API_KEY`, `FTP_USER_PASS`, `GITEA__database__PASSWD`),
 * not as part of a longer one (`KEYCLOAK_ADMIN`, `PASSIVE_PORTS`). The policy rules keep the linters'
 * lists, so that they flag what those tools flag; the loader, which decides what is never rendered, takes
 * these too.
 */
const CREDENTIAL_WORDS = /(^|[_.-])(key|pass|passwd)([_.-]|$)/i;

/** Whether a variable name reads like a credential to the linters or to a person (see CREDENTIAL_WORDS). */
export function namedLikeCredential(name: string): boolean {
  return looksSensitive(name) || CREDENTIAL_WORDS.test(name);
}

/** Whether a value holds a private key. */
export function holdsPrivateKey(value: string): boolean {
  return PRIVATE_KEY.test(value);
}
