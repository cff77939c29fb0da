// End-to-end test runner: builds the app, serves it with `vite preview` on a free local port, runs the
// vitest `e2e` project against it (PARALLAX_URL), and always stops the server afterwards.
//
//   npm run test:e2e                              all specs in test/e2e/**/*.e2e.ts
//   npm run test:e2e -- test/e2e/smoke.e2e.ts     extra arguments go to vitest unchanged
//
// Needs Chromium at /usr/bin/chromium (Debian package `chromium`); no browser is ever downloaded.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'node_modules', '.bin');
const SERVER_TIMEOUT_MS = 30_000;

/** @type {import('node:child_process').ChildProcess | undefined} */
let server;
/** @type {import('node:child_process').ChildProcess | undefined} */
let vitest;
let serverLog = '';

function log(message) {
  console.log(`[e2e] ${message}`);
}

/**
 * Stops the whole `vite preview` process group (killing only its PID leaves vite running):
 * SIGTERM, then SIGKILL to whatever is left after the leader exits or 3 s pass.
 */
async function stopServer() {
  const child = server;
  if (child?.pid === undefined) return;
  const pid = child.pid;
  const running = child.exitCode === null && child.signalCode === null;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
  if (running) {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 3_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
  server = undefined;
}

function killGroupNow() {
  if (server?.pid === undefined) return;
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

process.on('exit', killGroupNow);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    log(`received ${signal}, stopping`);
    if (vitest && vitest.exitCode === null) vitest.kill(signal);
    killGroupNow();
    process.exit(code);
  });
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(
      `[e2e] ${CHROMIUM} not found: install Chromium with \`sudo apt-get install -y chromium\` and run again.`,
    );
    process.exit(1);
  }
  log(`${CHROMIUM} not found: running \`apt-get update && apt-get install -y chromium\``);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) {
      console.error(`[e2e] \`apt-get ${args.join(' ')}\` failed (exit ${result.status}).`);
      process.exit(1);
    }
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`[e2e] apt-get finished but ${CHROMIUM} is still missing.`);
    process.exit(1);
  }
}

/** A TCP port that is free right now on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function build() {
  log('vite build');
  const result = spawnSync(path.join(BIN, 'vite'), ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
}

async function startServer(port) {
  const url = `http://127.0.0.1:${port}/`;
  log(`vite preview on ${url}`);
  server = spawn(
    path.join(BIN, 'vite'),
    ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const collect = (chunk) => {
    serverLog += chunk.toString();
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  const started = server;
  let spawnError;
  started.on('error', (error) => {
    spawnError = error;
  });

  const deadline = Date.now() + SERVER_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (spawnError) throw spawnError;
    if (started.exitCode !== null || started.signalCode !== null) {
      throw new Error(`vite preview exited early (${started.exitCode ?? started.signalCode}):\n${serverLog}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return url;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `vite preview did not answer HTTP 200 on ${url} within ${SERVER_TIMEOUT_MS / 1000} s:\n${serverLog}`,
  );
}

function runVitest(url) {
  const args = ['run', '--project', 'e2e', ...process.argv.slice(2)];
  log(`vitest ${args.join(' ')}  (PARALLAX_URL=${url})`);
  return new Promise((resolve, reject) => {
    vitest = spawn(path.join(BIN, 'vitest'), args, {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, PARALLAX_URL: url },
    });
    vitest.on('error', reject);
    vitest.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let exitCode;
try {
  ensureChromium();
  build();
  const url = await startServer(await freePort());
  exitCode = await runVitest(url);
} catch (error) {
  console.error(`[e2e] ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await stopServer();
}
process.exit(exitCode);
