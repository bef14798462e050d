import type { PodSecurityLevel, PodSecurityModel, SecurityException } from '../model';
import type { FileReporter } from './report';

/**
 * Where a service's compose settings leave the restricted Pod Security profile (`user: root`,
 * `privileged: true`, a `cap_add` beyond NET_BIND_SERVICE), which policy rules each breaks, and the
 * lowest profile that still admits it. Restricted is the default; leaving it takes a declared
 * exception per rule, and the namespace then enforces the level those exceptions need: never less
 * strict than that, never silently.
 */

/** The capabilities the baseline profile lets a container add; restricted allows only NET_BIND_SERVICE. */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];
/** The capabilities the restricted profile lets a container add. */
export const RESTRICTED_CAPABILITIES: readonly string[] = ['NET_BIND_SERVICE'];

const LEVELS: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/** One compose setting that the restricted profile refuses. */
export interface PodSecurityDeparture {
  /** The compose key, `user`, `privileged` or `cap_add`. */
  readonly field: string;
  /** What it does, for the error: `runs as root (user 0)`. */
  readonly what: string;
  /** The rules of the policy suite it breaks, each needing its own exception. */
  readonly rules: readonly string[];
  /** The least strict profile it needs. */
  readonly level: PodSecurityLevel;
}

/** The departures from restricted of one service's security, in compose key order. */
function podSecurityDepartures(security: PodSecurityModel): PodSecurityDeparture[] {
  const departures: PodSecurityDeparture[] = [];
  if (security.user === 0) {
    departures.push({ field: 'user', what: 'runs as root (user 0)', rules: ['run-as-non-root'], level: 'baseline' });
  }
  if (security.privileged) {
    // The API server refuses privileged with allowPrivilegeEscalation: false, so both rules give way.
    departures.push({ field: 'privileged', what: 'is privileged (every device and capability of the node)', rules: ['no-host-access', 'no-privilege-escalation'], level: 'privileged' });
  }
  const added = security.addCapabilities.filter((capability) => !RESTRICTED_CAPABILITIES.includes(capability));
  if (added.length > 0) {
    const level = added.every((capability) => BASELINE_CAPABILITIES.includes(capability)) ? 'baseline' : 'privileged';
    departures.push({ field: 'cap_add', what: `adds ${added.join(', ')}`, rules: ['drop-all-capabilities'], level });
  }
  return departures;
}

/** Whether `exception` lets `service` of `environment` break `rule`: it must name the service. */
function exceptionAdmits(exception: SecurityException, rule: string, service: string, environment: string): boolean {
  return (
    exception.rule === rule &&
    exception.services?.includes(service) === true &&
    (exception.environments === undefined || exception.environments.includes(environment))
  );
}

/**
 * Checks each departure of a service against the declared exceptions: a rule without one is an error
 * at the compose key, naming the fix. Returns the level the admitted departures need, and the indexes
 * of the exceptions that admitted them (an exception admitting nothing is refused elsewhere).
 */
export function admitDepartures(
  service: string,
  security: PodSecurityModel,
  context: { readonly environment: string; readonly exceptions: readonly SecurityException[]; readonly settingsFile: string },
  report: FileReporter,
): { readonly level: PodSecurityLevel; readonly used: readonly number[] } {
  let level: PodSecurityLevel = 'restricted';
  const used: number[] = [];
  for (const departure of podSecurityDepartures(security)) {
    const missing = departure.rules.filter((rule) => {
      const index = context.exceptions.findIndex((exception) => exceptionAdmits(exception, rule, service, context.environment));
      if (index >= 0) used.push(index);
      return index < 0;
    });
    if (missing.length > 0) {
      const entries = missing.map((rule) => `{ rule: ${rule}, service: ${service}, reason: <why the image needs it> }`).join(' and ');
      report.error([departure.field], `${departure.what}, which the restricted Pod Security profile refuses: change the image or the setting, or declare it in ${context.settingsFile} securityExceptions: ${entries}`);
    } else {
      level = lessStrict(level, departure.level);
    }
  }
  return { level, used };
}

/** The less strict of two levels. */
export function lessStrict(first: PodSecurityLevel, second: PodSecurityLevel): PodSecurityLevel {
  return LEVELS.indexOf(first) >= LEVELS.indexOf(second) ? first : second;
}

/** Rules whose exceptions lower a namespace's Pod Security level, and so must name the services that need them. */
export const POD_SECURITY_EXCEPTION_RULES: readonly string[] = ['run-as-non-root', 'no-host-access', 'no-privilege-escalation', 'drop-all-capabilities'];
