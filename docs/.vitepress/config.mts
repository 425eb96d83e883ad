import { defineConfig } from 'vitepress';

/** Where the repository's own files live: docs pages link to benches and examples outside docs/. */
const REPOSITORY = 'https://github.com/assay-dev/assay';

/**
 * The documentation site (`pnpm docs:build`, output in docs/.vitepress/dist). Served at
 * https://assay-dev.github.io/assay/, the address error messages link to (`DOCS_SITE` in
 * @assay/history), so pages keep their file names: /flaky-tests, /reference/cli.
 */
export default defineConfig({
  title: 'assay',
  description: 'Real unit tests for TypeScript code, and test suites you can trust.',
  base: '/assay/',
  cleanUrls: true,
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/getting-started' },
      { text: 'Reference', link: '/reference/cli' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/getting-started' },
          { text: 'Flaky tests and quarantine (Vitest)', link: '/flaky-tests' },
          { text: 'Jest', link: '/jest' },
          { text: 'Shards and memory budgets', link: '/sharding' },
          { text: 'CI: history, JUnit, gates', link: '/ci' },
          { text: 'Workers', link: '/workers' },
          { text: 'The sandbox', link: '/sandbox' },
          { text: 'Tests from EARS specs', link: '/spec' },
          { text: 'MCP server for coding agents', link: '/mcp' },
        ],
      },
      {
        text: 'Reference (generated from the sources)',
        items: [
          { text: 'Command line', link: '/reference/cli' },
          { text: 'Configuration', link: '/reference/config' },
        ],
      },
    ],
    search: { provider: 'local' },
    socialLinks: [{ icon: 'github', link: REPOSITORY }],
  },
  markdown: {
    // Shiki has no .gitignore grammar; highlight those blocks as INI (comments and names) instead of warning at every build.
    languageAlias: { gitignore: 'ini' },
    config(md) {
      // `../bench/x/README.md` leaves docs/: on the site it points at the file in the repository.
      const render = md.renderer.rules.link_open;
      md.renderer.rules.link_open = (tokens, index, options, env, self) => {
        const href = tokens[index]?.attrGet('href');
        if (href && /^(\.\.\/)+/.test(href) && !/\.md(#|$)/.test(href.replace(/README\.md(#|$)/, ''))) {
          const target = href.replace(/^(\.\.\/)+/, '');
          const kind = /\.[a-z]+(#|$)/i.test(target) ? 'blob' : 'tree';
          tokens[index]?.attrSet('href', `${REPOSITORY}/${kind}/main/${target}`);
        }
        return render ? render(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
      };
    },
  },
});
