/**
 * The GCP built-in rotator against an in-process fake of Secret Manager: it rotates on
 * SECRET_ROTATE only, draws the value with the secret's own options, keeps the previous version
 * enabled for in-flight readers and retires older ones, and refuses options that would weaken
 * the secret.
 */
import fc from 'fast-check';
import { characterSets, encodeGenerateOptions, GcpGenerateOptions, generateValue } from '../../../lib/gcp/rotation/generate';
import { handleRotationEvent, RotationCloudEvent } from '../../../lib/gcp/rotation/handler';
import { FakeSecretManager } from './fake-secret-manager';

const SECRET = 'projects/123/secrets/shop_dev_db__password';
const OPTIONS: GcpGenerateOptions = { length: 40, excludeCharacters: '"@/', excludeNumbers: false, excludePunctuation: false, excludeUppercase: false, excludeLowercase: false };
const rotateEvent = (secretId = SECRET, eventType = 'SECRET_ROTATE'): RotationCloudEvent => ({ data: { message: { attributes: { eventType, secretId } } } });

function fakeWith(annotations: Record<string, string> = { generate: encodeGenerateOptions(OPTIONS) }, values = ['first']) {
  const api = new FakeSecretManager();
  api.addSecret(SECRET, annotations, values);
  return api;
}

describe('GCP rotator', () => {
  it('adds a new version drawn with the secret\'s options', async () => {
    const api = fakeWith();
    const outcome = await handleRotationEvent(rotateEvent(), { api });
    expect(outcome).toEqual({ status: 'rotated', secret: SECRET, version: `${SECRET}/versions/2`, destroyed: [], disabled: [] });
    const value = api.versionsOf(SECRET)[1].data;
    expect(value).toHaveLength(40);
    expect(value).not.toMatch(/["@/]/);
    for (const cls of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(value).toMatch(cls);
  });

  it('keeps the previous version enabled, destroys (after the secret\'s delay) older ones, and only disables the one Terraform tracks', async () => {
    const api = fakeWith(undefined, ['v1', 'v2', 'v3']);
    const outcome = await handleRotationEvent(rotateEvent(), { api });
    expect(outcome).toMatchObject({ destroyed: [`${SECRET}/versions/2`], disabled: [`${SECRET}/versions/1`] });
    expect(api.versionsOf(SECRET).map((v) => [v.state, v.scheduledDestroy ?? false])).toEqual([
      ['DISABLED', false],
      ['DISABLED', true],
      ['ENABLED', false],
      ['ENABLED', false],
    ]);
  });

  it('ignores any other event, calling nothing', async () => {
    const api = fakeWith();
    expect(await handleRotationEvent(rotateEvent(SECRET, 'SECRET_VERSION_ADD'), { api })).toEqual({ status: 'ignored', reason: 'event type "SECRET_VERSION_ADD" is not SECRET_ROTATE' });
    expect(api.calls).toEqual([]);
  });

  it('refuses a message without a valid secret id', async () => {
    await expect(handleRotationEvent(rotateEvent('projects/123/secrets/../x'), { api: fakeWith() })).rejects.toThrow(/without a valid secretId/);
  });

  it('refuses a secret without generator options, adding nothing', async () => {
    const api = fakeWith({ 'logical-name': 'shop/dev/db/password' });
    await expect(handleRotationEvent(rotateEvent(), { api })).rejects.toThrow(/no `generate` annotation/);
    expect(api.versionsOf(SECRET)).toHaveLength(1);
  });

  it('refuses an annotation asking for less than the floor, whatever it says', async () => {
    const api = fakeWith({ generate: encodeGenerateOptions({ ...OPTIONS, length: 1 }) });
    await expect(handleRotationEvent(rotateEvent(), { api, minLength: 24 })).rejects.toThrow(/length 1, below the floor of 24/);
    expect(api.calls.filter((c) => c.startsWith('add'))).toEqual([]);
  });

  it('refuses a tampered annotation loudly', async () => {
    for (const bad of ['{"length":"40"}', 'not json', '[]', JSON.stringify({ ...JSON.parse(encodeGenerateOptions(OPTIONS)), excludeNumbers: 'no' })]) {
      await expect(handleRotationEvent(rotateEvent(), { api: fakeWith({ generate: bad }) })).rejects.toThrow(/`generate` annotation/);
    }
  });

  it('fails, changing nothing, when its identity may not manage the secret', async () => {
    const api = new FakeSecretManager(new Set(['projects/123/secrets/other']));
    api.addSecret(SECRET, { generate: encodeGenerateOptions(OPTIONS) }, ['first']);
    await expect(handleRotationEvent(rotateEvent(), { api })).rejects.toThrow(/PERMISSION_DENIED/);
    expect(api.versionsOf(SECRET)).toHaveLength(1);
  });

  it('draws every value within the options (property)', () => {
    const options = fc.record({
      length: fc.integer({ min: 4, max: 200 }),
      excludeCharacters: fc.constantFrom('', '"@/', '!#$%'),
      excludeNumbers: fc.boolean(),
      excludePunctuation: fc.boolean(),
      excludeUppercase: fc.boolean(),
      excludeLowercase: fc.constant(false),
      includeSpace: fc.boolean(),
    });
    fc.assert(
      fc.property(options, (o) => {
        const value = generateValue(o);
        const sets = characterSets(o);
        const allowed = new Set(Object.values(sets).join(''));
        expect(value).toHaveLength(o.length);
        for (const c of value) expect(allowed.has(c)).toBe(true);
        for (const set of Object.values(sets).filter((s) => s.length > 0)) expect([...value].some((c) => set.includes(c))).toBe(true);
      }),
    );
  });
});
