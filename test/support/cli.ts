// Runs the built CLI (dist/, via the bin launcher) as a user would, capturing its output.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './tools.ts';

export const binPath = join(repoRoot, 'bin', 'wallaroo-install.js');

export interface CliRun { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; pid?: number }

export function runCli(args: string[], o: { env?: Record<string, string | undefined>; cwd?: string; onStdout?: (chunk: string, child: ReturnType<typeof spawn>) => void; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, CI: 'true', ...o.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [binPath, ...args], { cwd: o.cwd ?? repoRoot, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; o.onStdout?.(String(d), child); });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`CLI timed out: ${args.join(' ')}\n${stdout}\n${stderr}`)); }, o.timeoutMs ?? 240_000);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr, pid: child.pid }); });
  });
}

export function jsonEvents(stdout: string): any[] {
  return stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}
