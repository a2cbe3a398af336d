import { cacheKey, cloudPathFor } from '../cache/cache-key';
import { checkEventParams } from '../handler/check-event-params';
import type { FileStore, StoredFile } from '../ports';
import { isLinkBatchApi, type BatchApi, type CodeBatchApi } from './contract';
import type { BatchItemRecord } from './records';
import { WXACODE_API_OF } from './validate-items';

/**
 * Where an item's code is stored. Workers settle the items they made in bulk, without a fileID each: the path follows
 * from the item's event (content-addressed, as the code service names files). An item whose scene came from
 * sceneData carries its fileID, as its scene exists only once the payload is stored.
 */
export function codePathOf(item: BatchItemRecord, api: BatchApi): string {
  if (item.fileID) return item.fileID.replace(/^cloud:\/\/[^/]+\//, '');
  const { checked } = checkEventParams(WXACODE_API_OF[api as CodeBatchApi], item.event, []);
  return cloudPathFor(checked, cacheKey(checked));
}

/** The stored file (fileID and temporary URL) of each made or cached item, by item _id: one request per 50 items. */
export async function storedFilesOf(items: readonly BatchItemRecord[], api: BatchApi, files: FileStore): Promise<Map<string, StoredFile>> {
  // a link job's items carry their link, not a file
  if (isLinkBatchApi(api)) return new Map();
  const done = items.filter((item) => item.status === 'made' || item.status === 'cached');
  const found = done.length > 0 ? await files.findAt(done.map((item) => codePathOf(item, api))) : [];
  const byItem = new Map<string, StoredFile>();
  done.forEach((item, k) => {
    const stored = found[k];
    if (stored) byItem.set(item._id, stored);
  });
  return byItem;
}
