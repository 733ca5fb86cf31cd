/**
 * A moto server (local AWS API emulator) on 127.0.0.1 at a free port, started and stopped by
 * the tests themselves. Requires `.venv` from `scripts/setup-python.sh`. The server logic is
 * shared with `npm run demo` in `scripts/lib/moto.js`: moto's Lambda runs without Docker, and
 * each account gets its own credentials (`server.envFor(account)`, `server.clientConfig(account)`).
 */
export { ROOT, MOTO_SERVER, emulatorEnv, freePort, motoAvailable, startMoto } from '../../scripts/lib/moto';
export type { EmulatorClientConfig, EmulatorCredentials, MotoServer, StartMotoOptions } from '../../scripts/lib/moto';
