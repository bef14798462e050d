import { ConfigError, ProblemCollector, type Problem } from '../../lib/errors';
import { mergeContainerOptions } from '../../lib/loader/compose-container';
import { readComposeFile } from '../../lib/loader/compose-file';
import { FileReporter } from '../../lib/loader/report';
import { YamlFile } from '../../lib/loader/yaml-file';

const FILE = 'compose/docker-compose.yml';

/** One service `app` with the given body lines; its container options, errors and warnings. */
function app(...body: string[]) {
  const collector = new ProblemCollector();
  const file = YamlFile.parse(FILE, ['services:', '  app:', ...body.map((line) => `    ${line}`)].join('\n'), collector);
  const content = readComposeFile(file.data, new FileReporter(file, collector));
  let errors: Problem[] = [];
  try {
    collector.throwIfAny();
  } catch (error) {
    errors = [...(error as ConfigError).problems];
  }
  return { container: content!.services.get('app')!.container, errors, warnings: collector.warnings };
}

/** The one problem at line 3 (the first body line) of service app. */
const problem = (field: string, message: string) => [{ file: FILE, line: 3, service: 'app', field, message }];

describe('compose user', () => {
  it('reads uid, uid:gid, numbers and root', () => {
    expect(app('user: "1000"').container.user).toEqual({ uid: 1000, gid: undefined });
    expect(app('user: "999:998"').container.user).toEqual({ uid: 999, gid: 998 });
    expect(app('user: 10001').container.user).toEqual({ uid: 10001, gid: undefined });
    expect(app('user: root').container.user).toEqual({ uid: 0, gid: 0 });
    expect(app('user: "0"').container.user).toEqual({ uid: 0, gid: undefined });
  });

  it('refuses a user name, saying how to find its id', () => {
    const { container, errors } = app('user: postgres');
    expect(container.user).toBeUndefined();
    expect(errors).toEqual(problem('user', '"postgres" is a user name: write its numeric id, e.g. user: "999:999" (`docker run --rm --entrypoint id <image>` shows it)'));
  });

  it('refuses something that is no user at all', () => {
    expect(app('user: [1000]').errors).toEqual(problem('user', 'a list is not a user: write "uid" or "uid:gid" as numbers'));
  });
});

describe('compose working_dir, hostname, privileged', () => {
  it('reads each', () => {
    const { container, errors } = app('working_dir: /srv/app', 'hostname: web-1', 'privileged: true');
    expect(errors).toEqual([]);
    expect(container).toMatchObject({ workingDir: '/srv/app', hostname: 'web-1', privileged: true });
  });

  it('refuses a relative working_dir, a host name that is not one DNS label, and a privileged that is not a boolean', () => {
    expect(app('working_dir: app').errors).toEqual(problem('working_dir', '"app" is not an absolute path'));
    expect(app('hostname: web.example.com').errors).toEqual(
      problem('hostname', '"web.example.com" is not a valid pod host name: one DNS label (lower-case letters, digits and "-", at most 63)'),
    );
    expect(app('privileged: "yes"').errors).toEqual(problem('privileged', 'must be true or false'));
  });
});

describe('compose cap_add and cap_drop', () => {
  it('reads capabilities upper case and without the CAP_ prefix, each once', () => {
    const { container, errors } = app('cap_add: [net_bind_service, CAP_SYS_ADMIN, NET_BIND_SERVICE]', 'cap_drop: [ALL]');
    expect(errors).toEqual([]);
    expect(container.capAdd).toEqual(['NET_BIND_SERVICE', 'SYS_ADMIN']);
    expect(container.capDrop).toEqual(['ALL']);
  });

  it('refuses a capability list that is not one, and a name that is no capability', () => {
    expect(app('cap_add: NET_ADMIN').errors).toEqual(problem('cap_add', 'must be a list of capabilities, e.g. [NET_BIND_SERVICE]'));
    expect(app('cap_drop: ["net raw"]').errors).toEqual(problem('cap_drop.0', '"net raw" is not a capability name (e.g. NET_BIND_SERVICE)'));
  });
});

describe('compose tmpfs', () => {
  it('reads one path, or a list of paths with sizes', () => {
    expect(app('tmpfs: /run').container.tmpfs).toEqual([{ path: '/run', sizeBytes: undefined }]);
    expect(app('tmpfs: ["/tmp:size=64m", "/cache:rw,size=1g"]').container.tmpfs).toEqual([
      { path: '/tmp', sizeBytes: 64 * 1024 ** 2 },
      { path: '/cache', sizeBytes: 1024 ** 3 },
    ]);
  });

  it('warns about each mount option an emptyDir cannot apply, naming it', () => {
    const { container, errors, warnings } = app('tmpfs: ["/tmp:noexec,mode=1777"]');
    expect(errors).toEqual([]);
    expect(container.tmpfs).toEqual([{ path: '/tmp', sizeBytes: undefined }]);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'tmpfs option "noexec" is not applied: a memory emptyDir has no mount options (only size is kept)',
      'tmpfs option "mode=1777" is not applied: a memory emptyDir has no mount options (only size is kept)',
    ]);
  });

  it('refuses a relative path, a bad size and a path mounted twice', () => {
    expect(app('tmpfs: tmp').errors).toEqual(problem('tmpfs', '"tmp" is not a tmpfs mount: write an absolute path, optionally with ":size=64m"'));
    expect(app('tmpfs: ["/tmp:size=lots"]').errors.map((error) => error.field)).toEqual(['tmpfs.0']);
    expect(app('tmpfs: [/tmp, /tmp]').errors).toEqual(problem('tmpfs.1', '/tmp is mounted twice'));
  });
});

describe('compose stop_grace_period and stop_signal', () => {
  it('reads the grace period as whole seconds', () => {
    expect(app('stop_grace_period: 1m30s').container.stopGracePeriodSeconds).toBe(90);
    expect(app('stop_grace_period: 0s').container.stopGracePeriodSeconds).toBe(0);
  });

  it('refuses a grace period that is not a duration', () => {
    expect(app('stop_grace_period: soon').errors).toEqual(problem('stop_grace_period', '"soon" is not a duration: use e.g. 10s, 1m30s or 500ms'));
  });

  it('accepts SIGTERM silently, warns about any other signal, naming it and the fix, and refuses a non-signal', () => {
    expect(app('stop_signal: SIGTERM').warnings).toEqual([]);
    expect(app('stop_signal: SIGQUIT').warnings).toEqual(problem(
      'stop_signal',
      "ignored: Kubernetes sends the image's STOPSIGNAL (else SIGTERM) and has no stable per-container stop signal (1.34: alpha only); set STOPSIGNAL SIGQUIT in the image",
    ));
    expect(app('stop_signal: "SIG QUIT"').errors.map((error) => error.field)).toEqual(['stop_signal']);
  });
});

describe('compose extra_hosts', () => {
  it('reads host:ip and host=ip list entries, IPv6 with or without brackets, and the mapping form', () => {
    const { container, errors } = app('extra_hosts: ["db.local:10.0.0.5", "cache=10.0.0.6", "v6host:::1", "v6b=[fe80::1]"]');
    expect(errors).toEqual([]);
    expect(container.extraHosts).toEqual([
      { host: 'db.local', ip: '10.0.0.5' },
      { host: 'cache', ip: '10.0.0.6' },
      { host: 'v6host', ip: '::1' },
      { host: 'v6b', ip: 'fe80::1' },
    ]);
    expect(app('extra_hosts:', '  db.local: 10.0.0.5', '  both: ["10.0.0.7", "10.0.0.8"]').container.extraHosts).toEqual([
      { host: 'db.local', ip: '10.0.0.5' },
      { host: 'both', ip: '10.0.0.7' },
      { host: 'both', ip: '10.0.0.8' },
    ]);
  });

  it('refuses host-gateway, which a pod has no equivalent of, an entry without an address and an address that is none', () => {
    expect(app('extra_hosts: ["docker:host-gateway"]').errors).toEqual(
      problem('extra_hosts.0', 'host-gateway is the Docker host, which a pod does not have: give the address (or reach it through a Service)'),
    );
    expect(app('extra_hosts: [nohost]').errors).toEqual(problem('extra_hosts.0', '"nohost" is not a host entry: write "host:ip" or "host=ip"'));
    expect(app('extra_hosts: ["db:somewhere"]').errors).toEqual(problem('extra_hosts.0', '"somewhere" is not an IP address: hostAliases take addresses only'));
  });
});

describe('compose labels', () => {
  it('reads the mapping and the list form, a list entry without = being an empty label', () => {
    expect([...app('labels:', '  com.example.team: shop', '  traefik.enable: true').container.labels]).toEqual([
      ['com.example.team', 'shop'],
      ['traefik.enable', 'true'],
    ]);
    expect([...app('labels: ["com.example.team=shop", "example.com/flag"]').container.labels]).toEqual([
      ['com.example.team', 'shop'],
      ['example.com/flag', ''],
    ]);
  });

  it('refuses a key that is no annotation key, and the prefixes Kubernetes and this project write themselves', () => {
    expect(app('labels: ["bad key=1"]').errors).toEqual(problem(
      'labels.0',
      '"bad key" is not a valid annotation key: an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit',
    ));
    expect(app('labels: ["node.kubernetes.io/role=x"]').errors).toEqual(problem(
      'labels.0',
      '"node.kubernetes.io/role" uses the reserved prefix kubernetes.io/: Kubernetes and this project write those annotations themselves; choose another prefix',
    ));
    expect(app('labels: ["checksum/config=x"]').errors.map((error) => error.field)).toEqual(['labels.0']);
    expect(app('labels: ["example.com/ok=1"]').errors).toEqual([]);
  });

  it('refuses a label value that is a mapping', () => {
    expect(app('labels:', '  a.b: { c: 1 }').errors).toEqual([{ file: FILE, line: 4, service: 'app', field: 'labels.a.b', message: 'must be a string, not a mapping' }]);
  });
});

describe('mergeContainerOptions', () => {
  it('replaces scalars, adds capabilities and host entries, merges labels by key and tmpfs by path', () => {
    const base = app('user: "1000"', 'cap_add: [CHOWN]', 'labels: { a: "1", b: "2" }', 'tmpfs: ["/tmp:size=1m", /run]', 'extra_hosts: ["x:10.0.0.1"]', 'hostname: one').container;
    const overlay = app('user: "2000:2000"', 'cap_add: [CHOWN, NET_BIND_SERVICE]', 'labels: { b: "3" }', 'tmpfs: ["/tmp:size=2m"]', 'extra_hosts: ["x:10.0.0.1", "y:10.0.0.2"]').container;
    const merged = mergeContainerOptions(base, overlay);
    expect(merged.user).toEqual({ uid: 2000, gid: 2000 });
    expect(merged.hostname).toBe('one');
    expect(merged.capAdd).toEqual(['CHOWN', 'NET_BIND_SERVICE']);
    expect([...merged.labels]).toEqual([['a', '1'], ['b', '3']]);
    expect(merged.tmpfs).toEqual([{ path: '/run', sizeBytes: undefined }, { path: '/tmp', sizeBytes: 2 * 1024 ** 2 }]);
    expect(merged.extraHosts).toEqual([{ host: 'x', ip: '10.0.0.1' }, { host: 'y', ip: '10.0.0.2' }]);
  });
});
