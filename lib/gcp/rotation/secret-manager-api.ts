/**
 * The few Secret Manager calls the built-in rotator makes, as an interface (tests use an
 * in-process fake of it) and a small REST client for the real service, authenticated with the
 * function's own service account through the metadata server. No Google SDK: the rotator's
 * bundle stays small and has no dependency to patch.
 */

export interface SecretMetadata {
  /** `projects/{number}/secrets/{id}` */
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
}

export type VersionState = 'ENABLED' | 'DISABLED' | 'DESTROYED';

export interface SecretVersionInfo {
  /** `projects/{number}/secrets/{id}/versions/{n}` */
  readonly name: string;
  readonly state: VersionState;
  /** RFC 3339. */
  readonly createTime: string;
}

export interface SecretManagerApi {
  getSecret(secret: string): Promise<SecretMetadata>;
  /** Adds a version holding `data`; returns its name. */
  addVersion(secret: string, data: string): Promise<string>;
  listVersions(secret: string): Promise<SecretVersionInfo[]>;
  /**
   * Destroys a version. With the secret's `version_destroy_ttl` set (the kit sets it), the
   * version is only disabled until the delay ends, and can be restored until then.
   */
  destroyVersion(version: string): Promise<void>;
  disableVersion(version: string): Promise<void>;
}

const API = 'https://secretmanager.googleapis.com/v1';
const TOKEN_URL = 'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token';

export interface RestClientOptions {
  /** @default Secret Manager's global endpoint */
  readonly endpoint?: string;
  /** @default a token of the function's service account from the metadata server */
  readonly token?: () => Promise<string>;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
}

/** Secret Manager's REST API, for the calls above. */
export class SecretManagerRestClient implements SecretManagerApi {
  private readonly endpoint: string;
  private readonly fetch: typeof fetch;
  private readonly token: () => Promise<string>;

  constructor(options: RestClientOptions = {}) {
    this.endpoint = options.endpoint ?? API;
    this.fetch = options.fetch ?? fetch;
    this.token = options.token ?? (() => metadataToken(this.fetch));
  }

  async getSecret(secret: string): Promise<SecretMetadata> {
    const body = (await this.call('GET', secret)) as { name: string; annotations?: Record<string, string> };
    return { name: body.name, annotations: body.annotations ?? {} };
  }

  async addVersion(secret: string, data: string): Promise<string> {
    const body = (await this.call('POST', `${secret}:addVersion`, { payload: { data: Buffer.from(data, 'utf8').toString('base64') } })) as { name: string };
    return body.name;
  }

  async listVersions(secret: string): Promise<SecretVersionInfo[]> {
    const versions: SecretVersionInfo[] = [];
    let pageToken: string | undefined;
    do {
      const query = `pageSize=100${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
      const body = (await this.call('GET', `${secret}/versions?${query}`)) as { versions?: SecretVersionInfo[]; nextPageToken?: string };
      versions.push(...(body.versions ?? []).map((v) => ({ name: v.name, state: v.state, createTime: v.createTime })));
      pageToken = body.nextPageToken;
    } while (pageToken);
    return versions;
  }

  async destroyVersion(version: string): Promise<void> {
    await this.call('POST', `${version}:destroy`, {});
  }

  async disableVersion(version: string): Promise<void> {
    await this.call('POST', `${version}:disable`, {});
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await this.fetch(`${this.endpoint}/${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.token()}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Secret Manager ${method} ${path.split('?')[0]} failed: HTTP ${response.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : {};
  }
}

async function metadataToken(fetcher: typeof fetch): Promise<string> {
  const response = await fetcher(TOKEN_URL, { headers: { 'Metadata-Flavor': 'Google' } });
  if (!response.ok) throw new Error(`metadata server refused a token: HTTP ${response.status}`);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}
