import { register } from 'node:module';
import { render } from '@react-email/render';
import { type ComponentType, createElement } from 'react';
import type { DigestRenderer } from '../edition/prepare-edition.ts';
import type { Digest } from '../render/digest-model.ts';

/** A digest renderer that picks up edited templates after `reload()`. */
export interface ReloadingRenderer {
  render: DigestRenderer;
  /** Call when a file under the templates folder changed: the next render imports a fresh copy. */
  reload(): void;
}

/**
 * Installs the resolution hook that makes `?wv-rev=N` imports of the templates complete fresh copies.
 * Process-wide; call once, from the command that runs the preview.
 */
export function registerTemplateReloading(templatesDir: URL): void {
  register('./template-hooks.ts', { parentURL: import.meta.url, data: { root: templatesDir.href } });
}

/**
 * Renders with `<templatesDir>/Digest.tsx`, imported as revision N; `reload()` moves to N + 1. A template
 * that fails to import or throws rejects the render (the preview shows it as a problem) and the next
 * revision is tried after the next change.
 */
export function createReloadingRenderer(digestModule: URL): ReloadingRenderer {
  let revision = 0;
  let component: Promise<ComponentType<{ digest: Digest }>> | undefined;
  return {
    async render(digest) {
      component ??= import(`${digestModule.href}?wv-rev=${revision}`).then(
        (module: { default: ComponentType<{ digest: Digest }> }) => module.default,
      );
      return render(createElement(await component, { digest }));
    },
    reload() {
      revision++;
      component = undefined;
    },
  };
}
