/**
 * An in-process fake of the four Secret Manager calls the GCP rotator makes. It keeps secrets,
 * their annotations and versions in memory, enforces which secrets a caller may manage (as IAM
 * would), and records every call, so tests can assert on what the rotator did and did not do.
 */
import type { SecretManagerApi, SecretMetadata, SecretVersionInfo } from '../../../lib/gcp/rotation/secret-manager-api';

interface FakeVersion extends SecretVersionInfo {
  readonly data: string;
  /** Destroyed, waiting for the secret's destroy delay. */
  readonly scheduledDestroy?: boolean;
}

export class FakeSecretManager implements SecretManagerApi {
  readonly calls: string[] = [];
  private readonly secrets = new Map<string, { annotations: Record<string, string>; versions: FakeVersion[] }>();
  private clock = Date.parse('2026-01-01T00:00:00Z');

  /** @param allowed secrets the caller may manage versions of (all when omitted) */
  constructor(private readonly allowed?: ReadonlySet<string>) {}

  addSecret(name: string, annotations: Record<string, string>, values: string[] = []): void {
    this.secrets.set(name, { annotations, versions: [] });
    for (const v of values) this.push(name, v);
  }

  versionsOf(name: string): readonly FakeVersion[] {
    return this.secret(name).versions;
  }

  async getSecret(secret: string): Promise<SecretMetadata> {
    this.calls.push(`get ${secret}`);
    return { name: secret, annotations: { ...this.secret(secret).annotations } };
  }

  async addVersion(secret: string, data: string): Promise<string> {
    this.calls.push(`add ${secret}`);
    this.authorize(secret);
    return this.push(secret, data);
  }

  async listVersions(secret: string): Promise<SecretVersionInfo[]> {
    this.calls.push(`list ${secret}`);
    this.authorize(secret);
    return this.secret(secret).versions.map(({ name, state, createTime }) => ({ name, state, createTime }));
  }

  /** As with a `version_destroy_ttl`: the version is disabled now and destroyed when the delay ends. */
  async destroyVersion(version: string): Promise<void> {
    this.calls.push(`destroy ${version}`);
    this.setState(version, true);
  }

  async disableVersion(version: string): Promise<void> {
    this.calls.push(`disable ${version}`);
    this.setState(version, false);
  }

  private setState(version: string, scheduledDestroy: boolean): void {
    const secret = version.replace(/\/versions\/\d+$/, '');
    this.authorize(secret);
    const s = this.secret(secret);
    const i = s.versions.findIndex((v) => v.name === version);
    if (i < 0) throw new Error(`NOT_FOUND: ${version}`);
    s.versions[i] = { ...s.versions[i], state: 'DISABLED', scheduledDestroy };
  }

  private push(secret: string, data: string): string {
    const s = this.secret(secret);
    const name = `${secret}/versions/${s.versions.length + 1}`;
    this.clock += 60_000;
    s.versions.push({ name, state: 'ENABLED', createTime: new Date(this.clock).toISOString(), data });
    return name;
  }

  private authorize(secret: string): void {
    if (this.allowed && !this.allowed.has(secret)) throw new Error(`PERMISSION_DENIED: the rotator may not manage versions of ${secret}`);
  }

  private secret(name: string) {
    const s = this.secrets.get(name);
    if (!s) throw new Error(`NOT_FOUND: ${name}`);
    return s;
  }
}
