// Replaces a file so that a reader (or a crash) sees either the old or the new content, never a mix:
// write a temp file beside it, fsync, rename over, fsync the folder.
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { syncDir } from './Journal';

export async function writeFileAtomic(path: string, data: Uint8Array, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  const fh = await fsp.open(tmp, 'w', mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await fsp.unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  try {
    await fsp.rename(tmp, path);
  } catch (err) {
    await fsp.unlink(tmp).catch(() => undefined);
    throw err;
  }
  syncDir(dirname(path));
}
