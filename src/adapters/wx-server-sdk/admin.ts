import { inInvocation } from './invocation';
import { handleAdminEvent } from '../../core/admin/admin-event';
import type { AdminDeps } from '../../core/admin/admin-handler';
import { hashUser } from '../../core/entries/user-hash';
import { configuredTokens } from '../../core/http-endpoint/bearer-tokens';
import { CloudCodeDirectory } from './code-directory';
import { cloudRuntime, currentCaller, entryKeyFor } from './index';

let deps: AdminDeps | undefined;

function adminDeps(): AdminDeps {
  if (!deps) {
    const rt = cloudRuntime();
    deps = {
      scenes: rt.scenes,
      entries: rt.entries,
      codes: new CloudCodeDirectory(rt.cloud.database()),
      allowedPages: rt.policy.allowedPages,
      entryKey: () => entryKeyFor(rt),
      now: () => Date.now(),
    };
  }
  return deps;
}

/** `wxacodeAdmin`'s main: HTTP access path (bearer tokens) and callFunction events (trusted callers, admins). */
export function adminMain(event: unknown, context?: unknown) {
  return inInvocation(context, () => handleAdminEvent(event, {
    tokens: configuredTokens(process.env),
    adminOpenids: cloudRuntime().policy.adminOpenids,
    caller: () => currentCaller(cloudRuntime()),
    deps: adminDeps,
    adminActor: async (openid) => `admin ${hashUser(await entryKeyFor(cloudRuntime()), openid)}`,
  }));
}
