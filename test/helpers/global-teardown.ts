import fs from 'node:fs';
import { TMP_DIR } from './test-db';

export default async function globalTeardown(): Promise<void> {
  fs.rmSync(TMP_DIR, { recursive: true, force: true });
}
