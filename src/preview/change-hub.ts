/** What changed on disk, as the live-reload script receives it. */
export interface ChangeEvent {
  /** Which watched folders changed: `content`, `issues`, `templates`. */
  kinds: string[];
  /** Changed files as `<kind>/<path inside the folder>`, e.g. `content/comparisons/x.md`. */
  paths: string[];
}

export type ChangeListener = (event: ChangeEvent) => void;

/** Fans one stream of changes out to every open preview page (one listener per SSE connection). */
export interface ChangeHub {
  publish(event: ChangeEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void;
  /** Open listeners, for tests and the start-up message. */
  size(): number;
}

export function createChangeHub(): ChangeHub {
  const listeners = new Set<ChangeListener>();
  return {
    publish(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          // A listener whose connection just closed must not stop the others.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    size: () => listeners.size,
  };
}
