import { existsSync } from 'node:fs';

/**
 * The path of a Debian tool an integration test needs. A missing tool fails
 * the test with what to install, never skips it: scripts/ensure-system-deps.sh
 * installs it (`npm test` and .ci/run call it).
 */
export function requireSystemTool(binary: string, debianPackage: string): string {
  for (const candidate of [`/usr/sbin/${binary}`, `/usr/bin/${binary}`, `/sbin/${binary}`]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${binary} is not installed: run scripts/ensure-system-deps.sh, or apt-get install ${debianPackage}`);
}
