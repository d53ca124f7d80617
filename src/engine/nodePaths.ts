/** Where the repository's `public/` folder is, for Node code (CLI, scripts, tests). */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function publicDir(): string {
  return (
    process.env.EDEN_PUBLIC_DIR ??
    join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public')
  );
}
