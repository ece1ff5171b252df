// The server the browser tests talk to: $MARSAD_URL when set (a server already running),
// else a fresh one: the examples ingested into a temporary archive, then
// `marsad serve --listen 127.0.0.1:0`, whose port is read from its startup line
// "listening on http://127.0.0.1:PORT" (on stdout or stderr).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function startServer() {
  if (process.env.MARSAD_URL) {
    return { base: process.env.MARSAD_URL.replace(/\/+$/, ''), stop: async () => {} };
  }
  const bin = process.env.MARSAD_BIN || path.join(ROOT, 'build/marsad');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-web-'));
  const db = path.join(tmp, 'm.db');
  const env = { ...process.env, MARSAD_NO_PROGRESS: '1' };
  execFileSync(bin, ['ingest', '--db', db, path.join(ROOT, 'data/examples')], { env, stdio: 'ignore' });

  const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`marsad serve printed no "listening on" line in 20 s:\n${log}`)), 20000);
    const look = (chunk) => {
      log += chunk;
      const m = /listening on (http:\/\/[^\s/]+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.setEncoding('utf8').on('data', look);
    child.stderr.setEncoding('utf8').on('data', look);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`marsad serve exited (${code}):\n${log}`)); });
  });
  const stop = async () => {
    if (child.exitCode == null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode == null) child.kill('SIGKILL');
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  return { base, stop };
}
