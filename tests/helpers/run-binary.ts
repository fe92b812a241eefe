import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface BinaryResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = resolve('bin/verdicts.js');

/**
 * Runs the real `verdicts` binary in its own process, with only these environment variables (plus PATH
 * and HOME). For the few tests where the process boundary is the feature; everything else runs the CLI
 * in-process (run-cli.ts).
 */
export function runBinary(args: string[], env: Record<string, string> = {}): Promise<BinaryResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
