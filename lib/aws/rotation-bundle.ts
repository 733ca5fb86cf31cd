/** Where the built-in rotation function's zip is (built by `scripts/build-hooks/rotation.js`). */
import { builtBundlePath } from '../bundles';

/** The zip's path, `dist/assets/rotation.zip` under the project root, rebuilt when stale. */
export function rotationBundlePath(): string {
  return builtBundlePath('rotation.js');
}
