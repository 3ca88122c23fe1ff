/**
 * One lazily created core client per (connection, role, schema). Keys are read from the
 * ConnectionStore (SecretStorage) when a client is first needed. vscode-free: the core loader and
 * the client options are injected, so it is unit-tested with a fake core.
 */
import { UserError } from '../commands/errors';
import { l10n } from '../l10n';
import type { ConnectionMeta, ConnectionStore } from './ConnectionStore';
import type { CoreClient, CoreClientOptions, CoreModule } from './coreTypes';
import type { KeyRole } from './keys';

/** Whose credentials a request uses. `user` (a signed-in user's session) is the auth issue's seam. */
export type RunAs = KeyRole | 'user';

/** Supplies a signed-in user's access token for a connection (implemented by the auth issue). */
export type UserSessionProvider = (connectionId: string) => Promise<string | undefined>;

export interface ResolvedClient {
  client: CoreClient;
  connection: ConnectionMeta;
  /** The role actually used. */
  role: RunAs;
}

export interface ClientPoolDeps {
  store: ConnectionStore;
  loadCore: () => Pick<CoreModule, 'createClient'>;
  /** Extra options for every client (proxy, timeouts, headers); read on each client creation. */
  clientOptions?: (connection: ConnectionMeta) => CoreClientOptions;
  /** Called with every key read, so the logger can redact it. */
  onKey?: (key: string) => void;
}

export function roleLabel(role: RunAs): string {
  return role === 'service_role' ? l10n.t('service_role (admin)') : role === 'anon' ? 'anon' : l10n.t('signed-in user');
}

/**
 * Picks the role to run as: the requested one when its key is stored, else the connection's
 * default; throws a UserError naming the missing key when an explicit request cannot be met.
 */
export function resolveRole(connection: ConnectionMeta, requested?: RunAs): RunAs {
  if (requested === 'user') return 'user';
  if (requested) {
    if (connection.keys[requested]) return requested;
    throw new UserError(
      requested === 'service_role'
        ? l10n.t('"{0}" has no service_role/secret key. Add one with "Set API Key…".', connection.name)
        : l10n.t('"{0}" has no anon/publishable key. Add one with "Set API Key…".', connection.name),
    );
  }
  if (connection.keys[connection.runAs]) return connection.runAs;
  return connection.keys.anon ? 'anon' : 'service_role';
}

/** The role that can read the OpenAPI document: service_role when stored (admin-only root). */
export function listingRole(connection: ConnectionMeta): KeyRole {
  return connection.keys.service_role ? 'service_role' : 'anon';
}

export class ClientPool {
  private readonly clients = new Map<string, CoreClient>();
  private userSession: UserSessionProvider | undefined;

  constructor(private readonly deps: ClientPoolDeps) {}

  /** Installs the provider of signed-in user tokens (auth issue). */
  setUserSessionProvider(provider: UserSessionProvider | undefined): void {
    this.userSession = provider;
  }

  /** The client for a connection, as the given role (default: the connection's run-as role). */
  async get(connectionId: string, runAs?: RunAs, schema?: string): Promise<ResolvedClient> {
    const connection = this.deps.store.require(connectionId);
    const role = resolveRole(connection, runAs);
    if (role === 'user') {
      if (!this.userSession) throw new UserError(l10n.t('Running as a signed-in user is not available yet.'));
      const token = await this.userSession(connectionId);
      if (!token) throw new UserError(l10n.t('No user is signed in on "{0}".', connection.name));
      const base = connection.keys.anon ? 'anon' : 'service_role';
      const key = await this.key(connection, base);
      this.deps.onKey?.(token);
      const options = this.options(connection, schema);
      const client = this.deps.loadCore().createClient(connection.url, key, {
        ...options,
        global: { ...options.global, headers: { ...options.global?.headers, Authorization: `Bearer ${token}` } },
      });
      return { client, connection, role };
    }
    const cacheKey = `${connectionId}\u0000${role}\u0000${schema ?? ''}`;
    let client = this.clients.get(cacheKey);
    if (!client) {
      const key = await this.key(connection, role);
      client = this.deps.loadCore().createClient(connection.url, key, this.options(connection, schema));
      this.clients.set(cacheKey, client);
    }
    return { client, connection, role };
  }

  /**
   * Creates a throwaway client for an unsaved URL + key (validation when adding a project). No
   * retries: an unreachable host should be reported at once. The caller closes it.
   */
  probe(url: string, key: string): CoreClient {
    this.deps.onKey?.(key);
    const pseudo: ConnectionMeta = { id: '', name: '', url, keys: {}, readOnly: true, runAs: 'anon', createdAt: 0 };
    const options = this.options(pseudo);
    return this.deps.loadCore().createClient(url, key, { ...options, db: { ...options.db, retry: false } });
  }

  private options(connection: ConnectionMeta, schema?: string): CoreClientOptions {
    const base = this.deps.clientOptions?.(connection) ?? {};
    return schema ? { ...base, db: { ...base.db, schema } } : base;
  }

  private async key(connection: ConnectionMeta, role: KeyRole): Promise<string> {
    const key = await this.deps.store.getKey(connection.id, role);
    if (!key) {
      throw new UserError(
        role === 'anon'
          ? l10n.t('The anon/publishable key of "{0}" is missing from secret storage. Set it again with "Set API Key…".', connection.name)
          : l10n.t('The service_role/secret key of "{0}" is missing from secret storage. Set it again with "Set API Key…".', connection.name),
      );
    }
    this.deps.onKey?.(key);
    return key;
  }

  /**
   * Drops (and closes) the cached clients of a connection after a key, URL or proxy change, or
   * all of them. In-flight requests of a dropped client still finish.
   */
  invalidate(connectionId?: string): void {
    for (const [k, client] of [...this.clients]) {
      if (connectionId !== undefined && !k.startsWith(`${connectionId}\u0000`)) continue;
      this.clients.delete(k);
      const close = (client as { close?: () => Promise<void> }).close;
      if (typeof close === 'function') void close.call(client).catch(() => undefined);
    }
  }

  dispose(): void {
    this.invalidate();
  }
}
