// Programs of the system that some tests drive (sshd, ssh-keygen, Chromium): checked before
// use, so a machine without them fails at once with the package to install instead of hanging.
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

function runnable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `program` (an absolute path, or a name looked up on PATH), or an error naming `pkg`. */
export function requireProgram(program: string, pkg: string): string {
  const found = isAbsolute(program)
    ? (runnable(program) ? program : undefined)
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, program)).find(runnable);
  if (!found) throw new Error(`${program} is not installed: install the ${pkg} package (sudo apt-get install -y ${pkg}; ./p4i test does it when run as root)`);
  return found;
}
