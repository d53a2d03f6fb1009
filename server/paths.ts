/**
 * The project's root folder (where package.json is), found from this file's folder upwards. Files that are
 * read at run time (views, translations, Prisma schemas and migrations) are located from here, so the same
 * code works from the TypeScript sources (tsx, Jest) and from the compiled copy in dist/ (`npm start`).
 */
import fs from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const ROOT_DIR = findRoot(__dirname);
