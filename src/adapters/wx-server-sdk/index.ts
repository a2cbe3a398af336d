import { CodeService } from '../../core/delivery/code-service';
import type { Delivered, Failure } from '../../core/delivery/results';
import { toWxacodeError } from '../../core/errors';
import { handleCodeEvent } from '../../core/handler/handle-code-event';
import type { WxacodeApi } from '../../core/params/types';
import { builtInAppPages } from '../../core/policy/app-pages';
import { CallerGuard } from '../../core/policy/caller-guard';
import type { Caller, CallerPolicy } from '../../core/policy/policy';
import { readPolicy } from '../../core/policy/read-policy';
import { invocationDeadline } from '../../core/reliability/invocation-deadline';
import { RetryingGenerator } from '../../core/reliability/retrying-generator';
import { lazyCloud, type CloudSdk } from './cloud';
import { CloudCodeGenerator } from './code-generator';
import { CloudCodeIndex } from './code-index';
import { CloudFileStore } from './file-store';
import { inInvocation } from './invocation';
import { installedPages } from './installed-pages';
import { CloudRateCounter } from './rate-counter';
import { CloudDatabaseSceneStore } from './scene-store';
import { CloudEntryStore } from './entry-store';
import { readEntrySettings } from '../../core/entries/entry-settings';
import { entryKeyOf } from '../../core/entries/user-hash';
import { loadSceneSecret } from '../../core/scene/scene-secret';
import type { EntryRecording } from '../../core/scene/scene-events';

export interface CloudRuntime {
  cloud: CloudSdk;
  codes: CodeService;
  policy: CallerPolicy;
  rateCounter: CloudRateCounter;
  scenes: CloudDatabaseSceneStore;
  entries: CloudEntryStore;
}

let runtime: CloudRuntime | undefined;

/**
 * One per function instance, made on first use; the policy is read once from the function's environment. Pages
 * codes may open: WXACODE_ALLOWED_PAGES, else the pages file `add` wrote beside the bundle, else the pages baked
 * in at build time.
 */
export function cloudRuntime(): CloudRuntime {
  if (!runtime) {
    const policy = readPolicy(process.env, installedPages() ?? builtInAppPages());
    const cloud = lazyCloud();
    const db = cloud.database();
    const codes = new CodeService({
      generator: new RetryingGenerator(new CloudCodeGenerator(cloud)),
      files: new CloudFileStore(cloud),
      index: new CloudCodeIndex(db),
    });
    runtime = { cloud, codes, policy, rateCounter: new CloudRateCounter(db), scenes: new CloudDatabaseSceneStore(cloud), entries: new CloudEntryStore(db) };
  }
  return runtime;
}

/** The caller of this invocation; wx-server-sdk reads it from the environment the platform sets per call. */
export function currentCaller(rt: CloudRuntime): Caller {
  const openid = rt.cloud.getWXContext().OPENID;
  return { openid: typeof openid === 'string' && openid ? openid : undefined };
}

export function callerGuard(rt: CloudRuntime): CallerGuard {
  return new CallerGuard(rt.policy, () => currentCaller(rt), rt.rateCounter);
}

/** A cloud function's `main` for one wxacode API. */
export function codeFunction(api: WxacodeApi): (event: unknown, context?: unknown) => Promise<Delivered | Failure> {
  return (event, context) =>
    inInvocation(context, async () => {
      const deadline = invocationDeadline(Date.now(), context);
      let rt: CloudRuntime;
      try {
        rt = cloudRuntime();
      } catch (error) {
        const { errCode, errMsg } = toWxacodeError(error);
        return { errCode, errMsg };
      }
      return handleCodeEvent(api, event, rt.codes, { guard: callerGuard(rt), scenes: rt.scenes, deadline });
    });
}

let entryKey: Promise<Buffer> | undefined;

/** The key of the user hash, from the environment's scene secret: read once per instance. */
export function entryKeyFor(rt: CloudRuntime): Promise<Buffer> {
  entryKey ??= loadSceneSecret(rt.scenes).then(entryKeyOf);
  entryKey.catch(() => {
    entryKey = undefined;
  });
  return entryKey;
}

/** How wxacodeResolveScene records entries: the environment's settings (WXACODE_ENTRIES …), the caller's openid. */
export function entryRecording(rt: CloudRuntime): EntryRecording {
  return {
    settings: readEntrySettings(process.env),
    store: rt.entries,
    openid: () => currentCaller(rt).openid,
    entryKey: () => entryKeyFor(rt),
  };
}
