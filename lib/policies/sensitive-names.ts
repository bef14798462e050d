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
 * The loader's wider net, for what it keeps out of git: Polaris' names, and `KEY`, `PASS`, `PASSWD` or
 * `PWD` as a word of the name (`PAYMENT_API_KEY`, `FTP_USER_PASS`), which name credentials in everyday
 * compose files though Polaris does not take them for one. The policy rules keep Polaris' letter.
 */
const CREDENTIAL_WORDS = /(^|_)(API_?KEY|KEY|PASS|PASSWD|PWD)(_|$)/i;

/** Whether a variable's name reads like a credential to the loader (see CREDENTIAL_WORDS). */
export function looksLikeCredential(name: string): boolean {
  return looksSensitive(name) || CREDENTIAL_WORDS.test(name);
}

/** Whether a value holds a private key. */
export function holdsPrivateKey(value: string): boolean {
  return PRIVATE_KEY.test(value);
}
