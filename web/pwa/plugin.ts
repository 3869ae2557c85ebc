// The build step that writes dist/sw.js (pwa/service-worker.js with the release, its app shell
// and the pushes' notices, pwa/push-notices.js, filled in): the shell is the page, what it loads at once (the entry script, its static
// imports and their styles) and the files of public/ (icons, manifest); the release is a hash of
// the whole bundle, so any change to the client is a new service worker and a new cache.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { Plugin } from 'vite';

/** `notices` (an ES module of plain functions) as statements of a classic script: its `export`s dropped. */
function inlined(notices: string): string {
  return fs.readFileSync(notices, 'utf8').replace(/^export /gm, '');
}

export function serviceWorker({ template, publicDir, notices }: { template: string; publicDir: string; notices: string }): Plugin {
  return {
    name: 'parley-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      for (const name of Object.keys(bundle).sort()) {
        const item = bundle[name];
        if (!item) continue;
        hash.update(name);
        hash.update(item.type === 'chunk' ? item.code : item.source);
      }
      const shell = new Set<string>(['/', '/index.html']);
      const visit = (name: string) => {
        const item = bundle[name];
        if (!item || shell.has(`/${name}`)) return;
        shell.add(`/${name}`);
        if (item.type !== 'chunk') return;
        for (const css of item.viteMetadata?.importedCss ?? []) shell.add(`/${css}`);
        for (const asset of item.viteMetadata?.importedAssets ?? []) shell.add(`/${asset}`);
        for (const dep of item.imports) visit(dep);
      };
      for (const item of Object.values(bundle)) if (item.type === 'chunk' && item.isEntry) visit(item.fileName);
      for (const file of fs.readdirSync(publicDir)) {
        const full = path.join(publicDir, file);
        hash.update(file);
        hash.update(fs.readFileSync(full));
        shell.add(`/${file}`);
      }
      const release = hash.digest('hex').slice(0, 16);
      const source = fs
        .readFileSync(template, 'utf8')
        .replace('__PARLEY_RELEASE__', release)
        .replace('__PARLEY_SHELL__', JSON.stringify([...shell].sort(), null, 2))
        .replace('/* __PARLEY_PUSH_NOTICES__ */', () => inlined(notices));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
