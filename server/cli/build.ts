/**
 * `npm run build` (run by `npm start` before the server): compiles the server's TypeScript (server/, jobs/ and
 * the generated Prisma clients) to plain CommonJS in dist/, file by file with esbuild (types stripped, nothing
 * bundled, about half a second), so the running server needs no TypeScript loader: no tsx, no esbuild, no
 * loader thread in its memory. Views, translations and migrations stay where they are (see server/paths.ts).
 * The new tree is written beside dist/ and swapped in whole, so a half-written build is never run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT_DIR } from '../paths';

const SOURCES = ['server', 'jobs', 'prisma/generated'];
export const DIST_DIR = path.join(ROOT_DIR, 'dist');

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(file);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [file] : [];
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const entryPoints = SOURCES.flatMap((dir) => tsFiles(path.join(ROOT_DIR, dir)));
  const next = `${DIST_DIR}.${process.pid}.tmp`;
  const old = `${DIST_DIR}.${process.pid}.old`;
  fs.rmSync(next, { recursive: true, force: true });
  try {
    await build({ entryPoints, outdir: next, outbase: ROOT_DIR, format: 'cjs', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' });
    // Another build running at the same moment may swap its tree in between these two renames: try again.
    for (let attempt = 1; ; attempt++) {
      try {
        fs.renameSync(DIST_DIR, old);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      try {
        fs.renameSync(next, DIST_DIR);
        break;
      } catch (err) {
        if (!['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '') || attempt === 5) throw err;
        fs.rmSync(old, { recursive: true, force: true });
      }
    }
  } finally {
    fs.rmSync(next, { recursive: true, force: true });
    fs.rmSync(old, { recursive: true, force: true });
  }
  if (!process.argv.includes('--quiet')) console.log(`compiled ${entryPoints.length} files to dist/ in ${Date.now() - started} ms`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
