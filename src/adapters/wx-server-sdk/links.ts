import { toWxacodeError } from '../../core/errors';
import { handleLinkEvent, type LinkReply } from '../../core/links/handle-link-event';
import { LinkCaps, readLinkCaps } from '../../core/links/link-caps';
import { LinkService } from '../../core/links/link-service';
import type { LinkKind } from '../../core/links/types';
import { invocationDeadline } from '../../core/reliability/invocation-deadline';
import { readEntrySettings } from '../../core/entries/entry-settings';
import { callerGuard, cloudRuntime, type CloudRuntime } from './index';
import { inInvocation } from './invocation';
import { CloudLinkIndex } from './link-index';
import { CloudLinkMaker } from './link-maker';

// The link functions' runtime, in a module of its own so the code functions' bundles do not carry it.
let links: LinkService | undefined;

/** The link service of this instance, made on first use over the runtime's SDK; the caps read from its environment. */
export function linkService(rt: CloudRuntime): LinkService {
  if (!links) {
    const db = rt.cloud.database();
    links = new LinkService({ maker: new CloudLinkMaker(rt.cloud), index: new CloudLinkIndex(db), caps: new LinkCaps(readLinkCaps(process.env), rt.rateCounter) });
  }
  return links;
}

/** A cloud function's `main` for one kind of link (wxacodeUrlLink, wxacodeUrlScheme, wxacodeShortLink). */
export function linkFunction(kind: LinkKind): (event: unknown, context?: unknown) => Promise<LinkReply> {
  return (event, context) =>
    inInvocation(context, async () => {
      const deadline = invocationDeadline(Date.now(), context);
      let rt: CloudRuntime;
      let service: LinkService;
      let recordEntries: boolean;
      try {
        rt = cloudRuntime();
        service = linkService(rt);
        // WXACODE_ENTRIES=off: links carry no id of their own, as nothing is recorded
        recordEntries = readEntrySettings(process.env).record !== 'off';
      } catch (error) {
        const { errCode, errMsg } = toWxacodeError(error);
        return { errCode, errMsg };
      }
      return handleLinkEvent(kind, event, service, { guard: callerGuard(rt), scenes: rt.scenes, deadline, recordEntries });
    });
}
