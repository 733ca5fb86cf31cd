/**
 * Entry of the built-in rotation function (bundled by `scripts/build-hooks/rotation.js` into
 * `index.js`, handler `index.handler`). Secrets Manager invokes it once per rotation step.
 *
 * `createRotationHandler(hooks)` is the seam for teams whose secret has a copy elsewhere: build
 * a function from it with your own `setSecret`/`testSecret`, deploy it, and name its ARN in the
 * spec's `rotation.function`.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DEFAULT_HOOKS, type RotationHooks } from './hooks';
import { type RotationEvent, rotate } from './steps';

export type { RotationContext, RotationHooks } from './hooks';
export type { RotationEvent } from './steps';

export interface RotationHandlerOptions {
  /** @default a client for the function's own region */
  readonly client?: SecretsManagerClient;
}

export function createRotationHandler(hooks: RotationHooks = DEFAULT_HOOKS, options: RotationHandlerOptions = {}) {
  // Created on the first invocation and kept for the warm ones.
  let client = options.client;
  return async (event: RotationEvent): Promise<void> => {
    client ??= new SecretsManagerClient({});
    await rotate(event, { client, hooks });
  };
}

export const handler = createRotationHandler();
