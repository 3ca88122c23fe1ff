// Writes a workspace folder that Supabase Explorer connects to without asking: a `.env` with the
// project URL and secret key (detected by the extension) and the autoConnectDetected setting.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface WorkspaceProject {
  url: string;
  /** The key written as SUPABASE_SECRET_KEY (an `sb_secret_…` or service_role key). */
  secretKey: string;
  /** Optional SUPABASE_PUBLISHABLE_KEY. */
  publishableKey?: string;
}

export async function writeConnectedWorkspace(dir: string, project: WorkspaceProject): Promise<string> {
  await mkdir(join(dir, '.vscode'), { recursive: true });
  const env = [
    '# Written by Supabase Explorer (e2e / demo): the local stack this workspace connects to.',
    `SUPABASE_URL=${project.url}`,
    `SUPABASE_SECRET_KEY=${project.secretKey}`,
    ...(project.publishableKey ? [`SUPABASE_PUBLISHABLE_KEY=${project.publishableKey}`] : []),
    '',
  ].join('\n');
  await writeFile(join(dir, '.env'), env, { mode: 0o600 });
  await writeFile(
    join(dir, '.vscode', 'settings.json'),
    JSON.stringify({ 'supabaseExplorer.connections.autoConnectDetected': true }, null, 2) + '\n',
  );
  await writeFile(
    join(dir, 'README.md'),
    '# Supabase Explorer workspace\n\nOpen the **Supabase** view in the activity bar: this folder\'s `.env` points at the local stack.\n',
  );
  return dir;
}
