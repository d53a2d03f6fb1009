/**
 * Loads Prisma's schema engine compiled to WebAssembly, so migrations can be written and applied on
 * machines that cannot download Prisma's native engine (see README, "Database").
 */
import fs from 'node:fs';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

type WasmModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
let wasmModule: Promise<WasmModule> | undefined;

async function loadWasm(): Promise<WasmModule> {
  // The package is ESM-only; its main entry imports the .wasm file, which Node 20 cannot load, so the
  // bindings are imported alone and the bytes instantiated by hand.
  const mod = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as WasmModule;
  const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const bytes = fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': mod as unknown as WebAssembly.ModuleImports });
  mod.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return mod;
}

/**
 * Runs `work` with a schema engine for `schemaText` over a driver adapter, then frees the engine and closes
 * every connection it opened (the engine itself leaves them open, which would keep a SQLite file locked).
 */
export async function withSchemaEngine<T>(
  schemaText: string,
  factory: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  wasmModule ??= loadWasm();
  const mod = await wasmModule;
  const opened: SqlDriverAdapter[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const conn = await factory.connect();
      opened.push(conn);
      return conn;
    },
    connectToShadowDb: async () => {
      const conn = await factory.connectToShadowDb();
      opened.push(conn);
      return conn;
    },
  };
  const engine = await mod.SchemaEngine.new(
    { datamodels: [['schema.prisma', schemaText]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((conn) => conn.dispose()));
  }
}
