/**
 * Saved projects. Metadata (name, URL, which key kinds exist, flags) lives in globalState; the
 * keys themselves only in SecretStorage. Depends on two small interfaces (satisfied by
 * `context.globalState` and `context.secrets`), so it is unit-tested without VS Code.
 */
import { randomUUID } from 'node:crypto';
import { l10n } from '../l10n';
import { detectKey, type KeyFormat, type KeyRole } from './keys';

export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export interface ConnectionMeta {
  id: string;
  name: string;
  /** Project URL without trailing slash (`https://<ref>.supabase.co`, `http://127.0.0.1:54321`). */
  url: string;
  /** Which keys are stored (the key text is in SecretStorage only). */
  keys: Partial<Record<KeyRole, { format: KeyFormat }>>;
  /** Writes (insert, update, upsert, delete, POST rpc) are refused. */
  readOnly: boolean;
  /** The role queries run as unless asked otherwise. */
  runAs: KeyRole;
  /** Exposed schemas to list; empty/absent → the settings' default. */
  schemas?: string[];
  /** Where the connection came from, e.g. `.env (my-app)`. */
  source?: string;
  createdAt: number;
}

export interface NewConnection {
  name: string;
  url: string;
  keys: Partial<Record<KeyRole, string>>;
  readOnly?: boolean;
  schemas?: string[];
  source?: string;
}

interface StoredState {
  v: 1;
  connections: ConnectionMeta[];
  activeId?: string;
}

export const STATE_KEY = 'supabaseExplorer.connections';

export function secretKeyName(connectionId: string, role: KeyRole): string {
  return `supabaseExplorer.connection/${connectionId}/${role}`;
}

export class ConnectionNotFoundError extends Error {
  override readonly name = 'ConnectionNotFoundError';
  constructor(readonly connectionId: string) {
    super(l10n.t('No saved project with id {0}.', connectionId));
  }
}

type Listener = () => void;

export class ConnectionStore {
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly state: StateStore,
    private readonly secrets: SecretStore,
  ) {}

  /** Subscribes to any change (added, removed, renamed, flags, active). Returns an unsubscribe. */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private read(): StoredState {
    const s = this.state.get<StoredState>(STATE_KEY);
    if (!s || s.v !== 1 || !Array.isArray(s.connections)) return { v: 1, connections: [] };
    return s;
  }

  private async write(s: StoredState): Promise<void> {
    await this.state.update(STATE_KEY, s);
    for (const l of [...this.listeners]) l();
  }

  list(): ConnectionMeta[] {
    return this.read().connections.map((c) => ({ ...c, keys: { ...c.keys } }));
  }

  get(id: string): ConnectionMeta | undefined {
    return this.list().find((c) => c.id === id);
  }

  require(id: string): ConnectionMeta {
    const c = this.get(id);
    if (!c) throw new ConnectionNotFoundError(id);
    return c;
  }

  findByUrl(url: string): ConnectionMeta | undefined {
    const norm = url.replace(/\/+$/, '');
    return this.list().find((c) => c.url === norm);
  }

  /** The active project, falling back to the first one. */
  active(): ConnectionMeta | undefined {
    const s = this.read();
    return s.connections.find((c) => c.id === s.activeId) ?? s.connections[0];
  }

  async setActive(id: string): Promise<void> {
    const s = this.read();
    if (!s.connections.some((c) => c.id === id)) throw new ConnectionNotFoundError(id);
    await this.write({ ...s, activeId: id });
  }

  /** A name not used yet: `name`, `name (2)`, … */
  uniqueName(name: string): string {
    const used = new Set(this.list().map((c) => c.name));
    if (!used.has(name)) return name;
    for (let i = 2; ; i++) if (!used.has(`${name} (${i})`)) return `${name} (${i})`;
  }

  /** Saves a project and its keys. The keys are classified (throws KeyFormatError on a bad key). */
  async add(input: NewConnection): Promise<ConnectionMeta> {
    const keys: ConnectionMeta['keys'] = {};
    const entries = Object.entries(input.keys).filter((e): e is [KeyRole, string] => typeof e[1] === 'string' && e[1].length > 0);
    if (entries.length === 0) throw new Error(l10n.t('A project needs at least one API key.'));
    const classified: Array<[KeyRole, string]> = [];
    for (const [, key] of entries) {
      const info = detectKey(key);
      keys[info.role] = { format: info.format };
      classified.push([info.role, key.trim()]);
    }
    const meta: ConnectionMeta = {
      id: randomUUID(),
      name: this.uniqueName(input.name.trim() || l10n.t('Supabase project')),
      url: input.url.replace(/\/+$/, ''),
      keys,
      readOnly: input.readOnly ?? false,
      runAs: keys.anon ? 'anon' : 'service_role',
      ...(input.schemas && input.schemas.length > 0 ? { schemas: [...input.schemas] } : {}),
      ...(input.source ? { source: input.source } : {}),
      createdAt: Date.now(),
    };
    for (const [role, key] of classified) await this.secrets.store(secretKeyName(meta.id, role), key);
    const s = this.read();
    await this.write({ v: 1, connections: [...s.connections, meta], activeId: s.activeId ?? meta.id });
    return meta;
  }

  private async patch(id: string, change: (c: ConnectionMeta) => ConnectionMeta): Promise<ConnectionMeta> {
    const s = this.read();
    const i = s.connections.findIndex((c) => c.id === id);
    if (i < 0) throw new ConnectionNotFoundError(id);
    const next = change({ ...s.connections[i], keys: { ...s.connections[i].keys } });
    const connections = [...s.connections];
    connections[i] = next;
    await this.write({ ...s, connections });
    return next;
  }

  async rename(id: string, name: string): Promise<ConnectionMeta> {
    const trimmed = name.trim();
    if (!trimmed) throw new Error(l10n.t('A project name cannot be empty.'));
    return this.patch(id, (c) => ({ ...c, name: trimmed }));
  }

  setReadOnly(id: string, readOnly: boolean): Promise<ConnectionMeta> {
    return this.patch(id, (c) => ({ ...c, readOnly }));
  }

  setRunAs(id: string, role: KeyRole): Promise<ConnectionMeta> {
    return this.patch(id, (c) => {
      if (!c.keys[role]) {
        throw new Error(role === 'anon' ? l10n.t('This project has no anon/publishable key.') : l10n.t('This project has no service_role/secret key.'));
      }
      return { ...c, runAs: role };
    });
  }

  setSchemas(id: string, schemas: string[] | undefined): Promise<ConnectionMeta> {
    return this.patch(id, (c) => {
      const { schemas: _old, ...rest } = c;
      return schemas && schemas.length > 0 ? { ...rest, schemas: [...schemas] } : rest;
    });
  }

  /** Stores (or replaces) the key of the role the key itself declares. Returns that role. */
  async setKey(id: string, key: string): Promise<KeyRole> {
    const info = detectKey(key);
    this.require(id);
    await this.secrets.store(secretKeyName(id, info.role), key.trim());
    await this.patch(id, (c) => ({ ...c, keys: { ...c.keys, [info.role]: { format: info.format } } }));
    return info.role;
  }

  /** The stored key of a role, from SecretStorage. */
  async getKey(id: string, role: KeyRole): Promise<string | undefined> {
    return (await this.secrets.get(secretKeyName(id, role))) ?? undefined;
  }

  /** Removes the project and deletes its keys from SecretStorage. */
  async remove(id: string): Promise<void> {
    const s = this.read();
    if (!s.connections.some((c) => c.id === id)) throw new ConnectionNotFoundError(id);
    for (const role of ['anon', 'service_role'] as const) await this.secrets.delete(secretKeyName(id, role));
    const connections = s.connections.filter((c) => c.id !== id);
    const activeId = s.activeId === id ? connections[0]?.id : s.activeId;
    await this.write({ v: 1, connections, ...(activeId ? { activeId } : {}) });
  }
}
