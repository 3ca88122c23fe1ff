/**
 * Reads the workspace's supabase/config.toml and .env* files (trusted workspaces only) and hands
 * their text to the pure `detectProjects`.
 */
import * as vscode from 'vscode';
import { detectProjects, type DetectedProject, type WorkspaceFile } from './detect';

const MAX_FILES = 40;
const MAX_BYTES = 256 * 1024;

export async function detectWorkspaceProjects(): Promise<DetectedProject[]> {
  if (!vscode.workspace.isTrusted) return [];
  const folders = vscode.workspace.workspaceFolders ?? [];
  const files: WorkspaceFile[] = [];
  for (const folder of folders) {
    const uris = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, '{supabase/config.toml,*/supabase/config.toml,.env,.env.*,*/.env,*/.env.*}'),
      '**/node_modules/**',
      MAX_FILES,
    );
    for (const uri of uris) {
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type !== vscode.FileType.File || stat.size > MAX_BYTES) continue;
        const bytes = await vscode.workspace.fs.readFile(uri);
        files.push({
          folder: folder.name,
          relativePath: vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/'),
          text: new TextDecoder().decode(bytes),
        });
      } catch {
        // unreadable file: skip
      }
    }
  }
  return detectProjects(files);
}
