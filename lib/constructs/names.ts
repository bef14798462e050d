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

/** The Service of a blue/green service's idle colour, where a release is tried before the switch. */
export function previewServiceName(service: string): string {
  return `${service}-preview`;
}

/** The LoadBalancer Service of a service's published ports. */
export function publicServiceName(service: string): string {
  return `${service}-public`;
}

/** A pod volume name for a mount path: `/app/node_modules` → `app-node-modules`. */
export function volumeNameForPath(path: string): string {
  const name = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return (name || 'root').slice(0, 63).replace(/-+$/, '');
}

/** ConfigMap holding the backup and restore scripts of a database's backup tooling (`BackupModel.name`). */
export function databaseBackupScriptsName(backupName: string): string {
  return `${backupName}-scripts`;
}
