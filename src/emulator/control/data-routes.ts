import { EJSON } from 'bson';
import { sendBytes, sendJson, type RouteHandler } from '../http';
import type { EmulatorState } from '../state/emulator-state';
import { fileIdOf } from '../storage/file-id';

/**
 * The emulated env's database and storage, to read and to clean up by hand:
 *   GET    /_emulator/data/collections                          [{name, count}]
 *   GET    /_emulator/data/collections/<name>                   {name, documents: [relaxed EJSON]}
 *   DELETE /_emulator/data/collections/<name>/documents/<_id>   removes one document
 *   GET    /_emulator/data/files                                [{cloudPath, fileID, size, contentType, uploadedAt, url}]
 *   GET    /_emulator/data/files/content?cloudPath=…            the file's bytes
 *   DELETE /_emulator/data/files?cloudPath=…                    removes one file
 */
export function createDataRoutes({ state, envId }: { state: EmulatorState; envId: string }): RouteHandler {
  const { database, storage } = state;
  return async (req, res, url) => {
    const path = url.pathname;
    if (!path.startsWith('/_emulator/data/')) return false;
    const method = req.method ?? 'GET';
    const segments = path.slice('/_emulator/data/'.length).split('/').map(decodeURIComponent);

    if (segments[0] === 'collections') {
      if (segments.length === 1 && method === 'GET') {
        sendJson(res, 200, { collections: database.collectionNames().map((name) => ({ name, count: database.documents(name)?.length ?? 0 })) });
        return true;
      }
      const name = segments[1];
      const docs = name === undefined ? undefined : database.documents(name);
      if (name !== undefined && !docs) {
        sendJson(res, 404, { error: `no collection "${name}"; GET /_emulator/data/collections lists them` });
        return true;
      }
      if (segments.length === 2 && method === 'GET' && docs) {
        sendJson(res, 200, { name, documents: docs.map((doc) => EJSON.serialize(doc, { relaxed: true })) });
        return true;
      }
      if (segments.length === 4 && segments[2] === 'documents' && method === 'DELETE' && docs && name !== undefined) {
        const index = docs.findIndex((doc) => String(doc._id) === segments[3]);
        if (index < 0) {
          sendJson(res, 404, { error: `no document with _id "${segments[3]}" in "${name}"` });
          return true;
        }
        await database.removeAt(name, [index]);
        sendJson(res, 200, { deleted: true, collection: name, _id: segments[3] });
        return true;
      }
    }

    if (segments[0] === 'files') {
      const cloudPath = url.searchParams.get('cloudPath');
      if (segments.length === 1 && method === 'GET') {
        const files = storage
          .list()
          .map((f) => ({
            cloudPath: f.cloudPath,
            fileID: fileIdOf(envId, f.cloudPath),
            size: f.bytes.length,
            contentType: f.contentType,
            uploadedAt: f.uploadedAt,
            url: fileContentUrl(f.cloudPath),
          }))
          .sort((a, b) => b.uploadedAt - a.uploadedAt);
        sendJson(res, 200, { files });
        return true;
      }
      if (!cloudPath) {
        sendJson(res, 400, { error: 'name the file with ?cloudPath=<path>, as GET /_emulator/data/files lists it' });
        return true;
      }
      const file = storage.get(cloudPath);
      if (!file) {
        sendJson(res, 404, { error: `no file at cloudPath "${cloudPath}"` });
        return true;
      }
      if (segments.length === 2 && segments[1] === 'content' && method === 'GET') {
        sendBytes(res, 200, file.bytes, file.contentType);
        return true;
      }
      if (segments.length === 1 && method === 'DELETE') {
        await storage.delete(cloudPath);
        sendJson(res, 200, { deleted: true, cloudPath });
        return true;
      }
    }
    return false;
  };
}

export function fileContentUrl(cloudPath: string): string {
  return `/_emulator/data/files/content?cloudPath=${encodeURIComponent(cloudPath)}`;
}
