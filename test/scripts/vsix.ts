// Builds the VSIX (`npm run package`) and reads a zip's central directory (file list and sizes)
// without unzip.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export const VSIX_FILE = 'supabase-explorer.vsix';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
  /** 0 = stored, 8 = deflate. */
  method: number;
  /** Offset of the entry's local header. */
  localHeaderOffset: number;
}

/** Lists the entries of a zip file from its central directory. */
export async function readZipEntries(file: string): Promise<ZipEntry[]> {
  const buf = await readFile(file);
  // The end-of-central-directory record sits in the last 22 + up to 65535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file (no end-of-central-directory record)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: corrupt central directory at ${p}`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), compressedSize, size, method, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Reads one entry's content (stored or deflated). */
export async function readZipFile(file: string, name: string): Promise<Buffer> {
  const entry = (await readZipEntries(file)).find((e) => e.name === name);
  if (!entry) throw new Error(`${file} has no entry ${name}`);
  const buf = await readFile(file);
  const h = entry.localHeaderOffset;
  if (buf.readUInt32LE(h) !== 0x04034b50) throw new Error(`${file}: bad local header for ${name}`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${file}: unsupported compression method ${entry.method} for ${name}`);
}

let pending: Promise<string> | undefined;

/**
 * Runs `npm run package` (release build + vsce) once per process and returns the VSIX path.
 * Set SBX_E2E_VSIX to reuse an already built VSIX.
 */
export function packageVsix(root: string = process.cwd(), log: (line: string) => void = () => {}): Promise<string> {
  if (process.env.SBX_E2E_VSIX) return Promise.resolve(resolve(process.env.SBX_E2E_VSIX));
  pending ??= new Promise<string>((resolvePromise, reject) => {
    const child = spawn('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString('utf8');
      for (const l of b.toString('utf8').split('\n')) if (l.trim()) log(l);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(resolve(root, VSIX_FILE));
      else reject(new Error(`npm run package failed (${code}):\n${out.slice(-4000)}`));
    });
  });
  return pending;
}
