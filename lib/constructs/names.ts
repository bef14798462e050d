/**
 * Names of objects that more than one construct refers to. Every name derives from the compose
 * project or service name, never from a hash, so it is stable across syntheses and readable in kubectl.
 */

/** ConfigMap holding the reverse proxy's generated nginx.conf. */
export function reverseProxyConfigName(service: string): string {
  return `${service}-config`;
}

/** Governing (headless) Service of a StatefulSet; the plain service name is the client Service. */
export function headlessServiceName(service: string): string {
  return `${service}-headless`;
}

/** A pod volume name for a mount path: `/app/node_modules` → `app-node-modules`. */
export function volumeNameForPath(path: string): string {
  const name = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return (name || 'root').slice(0, 63).replace(/-+$/, '');
}

/**
 * The backup tooling of a database service (`db-backup`): its ServiceAccount, and the name its backup
 * and restore pods carry, which the network path to the database selects.
 */
export function databaseBackupName(service: string): string {
  return `${service}-backup`;
}

/** ConfigMap holding the backup and restore scripts of a database service. */
export function databaseBackupScriptsName(service: string): string {
  return `${databaseBackupName(service)}-scripts`;
}
