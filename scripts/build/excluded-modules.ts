import type { Plugin } from 'esbuild';
import path from 'node:path';

/**
 * Packages that wx-server-sdk (through @cloudbase/node-sdk) requires at load time but that no path our functions
 * take ever calls: openapi, cloud storage (uploadFile, getTempFileURL, downloadFile), the database and
 * getWXContext. Each is replaced in the bundle by a stub that throws a clear error if anything ever calls into it,
 * so a wrong entry fails loudly instead of misbehaving. Reachability is checked by the real-SDK end-to-end tests
 * (src/e2e/), the emulator tests and `npm run check:runtimes` on Node 16 and 18; scripts/build/excluded-modules.test.ts
 * fails if a bundle still carries one of these packages.
 *
 * Removing these takes each bundle from ~1.6 MB to under 1 MB: less to read and compile at every cold start.
 */
export const EXCLUDED_MODULES: Readonly<Record<string, string>> = {
  // CloudBase AI (cloud.ai()): node-sdk's createAI is its only user of @cloudbase/ai, @cloudbase/app (the web
  // client SDK with its mini program adapter) and web-streams-polyfill, and nothing here calls ai()
  '@cloudbase/node-sdk/dist/ai/index.js': 'CloudBase AI (cloud.ai()), with @cloudbase/ai, @cloudbase/app and web-streams-polyfill behind it',
  // data models (cloud.models) and MySQL (cloud.mysql / rdb): node-sdk's constructor wraps the call that builds
  // them in try/catch ("为防止 init 报错"), so with the stub they are simply absent, as when that call fails
  '@cloudbase/wx-cloud-client-sdk': 'data models and MySQL clients (cloud.models, cloud.mysql), built inside a try/catch in init',
  // custom login: auth().createTicket signs a JWT with the env's private key; only for a client's custom login
  jsonwebtoken: "custom-login tickets (auth().createTicket), signed with the env's private key",
  // XML output: xml2js's Builder is its only user; node-sdk only parses COS's XML replies (parseString, kept)
  xmlbuilder: "writing XML (xml2js's Builder); node-sdk only reads XML",
  // realtime listeners: only collection().watch() / doc().watch() construct the websocket client
  '@cloudbase/database/dist/commonjs/realtime/websocket-client.js': 'realtime database listeners (watch()) over a websocket',
};

/** A package's name, or a file inside a package, that a bundle leaves out. */
function excludedEntry(specifier: string, importer: string): string | undefined {
  if (!specifier.startsWith('.')) {
    const packageName = specifier.match(/^(@[^/]+\/[^/]+|[^/]+)/)?.[1];
    return packageName && Object.prototype.hasOwnProperty.call(EXCLUDED_MODULES, packageName) ? packageName : undefined;
  }
  const target = path.join(path.dirname(importer), specifier).split(path.sep).join('/');
  return Object.keys(EXCLUDED_MODULES).find((entry) => {
    const file = `/node_modules/${entry}`;
    return [`${target}.js`, `${target}/index.js`, target].some((candidate) => candidate.endsWith(file));
  });
}

/** Resolves every excluded package (and its subpaths) and excluded file to a stub module instead. */
export function excludeUnreachableModules(): Plugin {
  return {
    name: 'exclude-unreachable-modules',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (!args.importer.includes('node_modules')) return undefined;
        const entry = excludedEntry(args.path, args.importer);
        return entry ? { path: entry, namespace: 'excluded-module' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'excluded-module' }, (args) => ({
        contents: excludedModuleStub(args.path, EXCLUDED_MODULES[args.path]),
        loader: 'js',
      }));
    },
  };
}

/**
 * What `require(name)` returns in a bundle: any property chain can be read (node-sdk reads e.g.
 * `wx_cloud_client_sdk_1.default.generateHTTPClient` and `__esModule` at load time), and calling or constructing
 * anything throws an error naming the package, why it was left out, and what to do.
 */
export function excludedModuleStub(name: string, why: string): string {
  const message = `${name} is not in this bundle: scripts/build.ts leaves it out because these functions never use it (${why}). If you need it, remove it from EXCLUDED_MODULES in scripts/build/excluded-modules.ts and rebuild.`;
  return `"use strict";
var message = ${JSON.stringify(message)};
function fail() { throw new Error(message); }
var stub = new Proxy(function excludedModule() {}, {
  get: function (target, key) {
    if (key === "__esModule" || key === "then" || typeof key === "symbol") return undefined;
    if (key === "prototype") return target.prototype;
    return stub;
  },
  apply: fail,
  construct: fail,
});
module.exports = stub;
`;
}
