/**
 * Logging for the extension host. The LogOutputChannel is created in `activate()` and handed to
 * `createLogger`; nothing here runs at import time. Every message and argument passes through
 * `redact()`, so API keys, JWTs and bearer tokens never reach the output channel.
 */
import type { LogOutputChannel } from 'vscode';

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const OPAQUE_KEY = /\bsb_(publishable|secret)_[A-Za-z0-9_-]+/g;
const BEARER = /(\bBearer\s+)[^\s"',;]+/gi;
const HEADER_VALUE = /(\b(?:apikey|api[-_]?key|authorization|x-api-key|service[-_]?role[-_]?key|anon[-_]?key|secret[-_]?key|publishable[-_]?key|password)\b["']?\s*[:=]\s*["']?)(?!Bearer\b)([^\s"',;}&]+)/gi;

/**
 * Replaces anything that looks like a credential: JWTs, `sb_publishable_…`/`sb_secret_…` keys,
 * `Bearer …` tokens, `apikey: …`/`password=…` style values, and every string in `secrets` (the
 * stored keys, removed verbatim even when they match no pattern; strings under 8 chars are ignored).
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(JWT, '[redacted-jwt]')
    .replace(OPAQUE_KEY, (_m, kind: string) => `sb_${kind}_[redacted]`)
    .replace(BEARER, '$1[redacted]')
    .replace(HEADER_VALUE, (m, prefix: string, value: string) =>
      value.startsWith('[redacted') || value.startsWith('sb_') ? m : `${prefix}[redacted]`,
    );
}

/** Turns any log argument into redacted text (errors keep name, message, code and cause). */
export function describeForLog(value: unknown, secrets: Iterable<string> = []): string {
  if (typeof value === 'string') return redact(value, secrets);
  if (value instanceof Error) {
    const parts = [`${value.name}: ${value.message}`];
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) parts.push(`code=${String(code)}`);
    const cause = (value as { cause?: unknown }).cause;
    if (cause !== undefined && cause !== value) parts.push(`cause: ${describeForLog(cause, secrets)}`);
    return redact(parts.join(' '), secrets);
  }
  try {
    return redact(JSON.stringify(value) ?? String(value), secrets);
  } catch {
    return redact(String(value), secrets);
  }
}

export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
  /** A logger whose lines start with `[scope]` (shares the registered secrets). */
  scope(name: string): Logger;
  /** Registers a secret (a stored key) so every later line has it removed. */
  registerSecret(secret: string | undefined): void;
  show(): void;
}

type Sink = Pick<LogOutputChannel, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'show'>;

/** Wraps a LogOutputChannel (or any sink with the same methods) in a redacting logger. */
export function createLogger(sink: Sink, scopeName?: string, secrets: Set<string> = new Set()): Logger {
  const prefix = scopeName ? `[${scopeName}] ` : '';
  const line = (message: string | Error, args: unknown[]): string => {
    const head = typeof message === 'string' ? redact(message, secrets) : describeForLog(message, secrets);
    const tail = args.map((a) => describeForLog(a, secrets)).join(' ');
    return `${prefix}${head}${tail ? ` ${tail}` : ''}`;
  };
  return {
    trace: (m, ...a) => sink.trace(line(m, a)),
    debug: (m, ...a) => sink.debug(line(m, a)),
    info: (m, ...a) => sink.info(line(m, a)),
    warn: (m, ...a) => sink.warn(line(m, a)),
    error: (m, ...a) => sink.error(line(m, a)),
    scope: (name) => createLogger(sink, scopeName ? `${scopeName}/${name}` : name, secrets),
    registerSecret: (secret) => {
      if (secret && secret.length >= 8) secrets.add(secret);
    },
    show: () => sink.show(true),
  };
}
