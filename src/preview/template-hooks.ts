/**
 * Module resolution hooks (node:module `register`) that let the editor preview re-import edited digest
 * templates. An import of `Digest.tsx?wv-rev=N` would give a fresh Digest but the old, cached children;
 * this hook passes the `wv-rev` query on to every module under the templates folder that such a module
 * imports, so revision N is a complete, fresh copy of the templates. Everything else stays cached.
 */

interface HookData {
  /** file: URL of the templates folder, with a trailing slash. */
  root: string;
}

type ResolveResult = { url: string; format?: string | null | undefined; shortCircuit?: boolean | undefined };
type NextResolve = (specifier: string, context: ResolveContext) => Promise<ResolveResult>;
interface ResolveContext {
  parentURL?: string | undefined;
  conditions?: string[] | undefined;
}

// The hooks API hands configuration to `initialize` once; the hooks thread keeps it here.
let root = '';

export function initialize(data: HookData): void {
  root = data.root;
}

export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  const result = await nextResolve(specifier, context);
  if (!root || !context.parentURL || !result.url.startsWith(root)) return result;
  const revision = new URL(context.parentURL).searchParams.get('wv-rev');
  if (revision === null) return result;
  const url = new URL(result.url);
  url.searchParams.set('wv-rev', revision);
  return { ...result, url: url.href };
}
