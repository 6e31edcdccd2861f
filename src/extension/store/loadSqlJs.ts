// Loads sql.js on first use only: its glue code and 600 KB of wasm would otherwise slow every extension
// activation, even when the store is not needed yet. The wasm sits next to the running bundle (esbuild
// copies it into dist/); from sources (tests under tsx) it is found in node_modules instead.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

function wasmPath(file: string): string {
  const beside = join(__dirname, file);
  if (existsSync(beside)) return beside;
  try {
    return require.resolve(`sql.js/dist/${file}`);
  } catch {
    return beside;
  }
}

export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= import('sql.js')
    .then((mod) => {
      const init = (mod as unknown as { default: typeof import('sql.js') }).default ?? mod;
      return init({ locateFile: wasmPath });
    })
    .catch((err: unknown) => {
      loading = undefined;
      throw new Error(`could not load SQLite (sql.js): ${err instanceof Error ? err.message : String(err)}`);
    });
  return loading;
}
