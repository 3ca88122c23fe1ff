/** Raised when a chain description holds something a language cannot express (NaN, a function…). */
export class CodegenError extends Error {
  override readonly name = 'CodegenError';
  readonly brand = 'CodegenError' as const;
  /** Where in the description the bad value sits, e.g. `steps[2].value.a`. */
  readonly path: string;

  constructor(message: string, path: string) {
    super(`${message} (at ${path || 'description'})`);
    this.path = path;
  }

  toJSON(): { name: string; message: string; path: string } {
    return { name: this.name, message: this.message, path: this.path };
  }
}

export function isCodegenError(e: unknown): e is CodegenError {
  return typeof e === 'object' && e !== null && (e as { brand?: unknown }).brand === 'CodegenError';
}
