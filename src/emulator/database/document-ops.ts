import { randomBytes } from 'node:crypto';
import { find, update, Query } from 'mingo';
import { TcbError } from '../gateway/tcb-error';
import type { Document } from '../state/database-state';
import { isPlainObject } from './ejson';

/**
 * Query/update semantics come from mingo (MongoDB's); this file only adds what CloudBase does
 * around them: generated _ids, immutable _id, replace-vs-merge, upsert.
 */

/** CloudBase _ids are 32 hex chars. */
export function newDocumentId(): string {
  return randomBytes(16).toString('hex');
}

export interface FindOptions {
  order?: Record<string, unknown>;
  offset?: number;
  limit?: number;
  projection?: Record<string, unknown>;
}

export function findDocuments(docs: readonly Document[], query: Document, options: FindOptions = {}): Document[] {
  return asDbError(() => {
    let cursor = find(docs as Document[], query, options.projection && Object.keys(options.projection).length ? options.projection : undefined);
    if (options.order && Object.keys(options.order).length) cursor = cursor.sort(options.order);
    if (options.offset) cursor = cursor.skip(options.offset);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return cursor.all() as Document[];
  });
}

/** indexes of matching documents, in storage order */
export function matchingIndexes(docs: readonly Document[], query: Document, multi: boolean): number[] {
  return asDbError(() => {
    const compiled = new Query(query);
    const found: number[] = [];
    for (let i = 0; i < docs.length && (multi || found.length === 0); i += 1) {
      if (compiled.test(docs[i])) found.push(i);
    }
    return found;
  });
}

/** Applies update operators in place; true when the document changed. */
export function applyOperators(doc: Document, operators: Document): boolean {
  for (const [op, fields] of Object.entries(operators)) {
    if (!op.startsWith('$')) {
      throw new TcbError('DATABASE_INVALID_OPERRATOR', `update mixes operators and plain field "${op}"`);
    }
    if (isPlainObject(fields) && Object.keys(fields).some((f) => f === '_id' || f.startsWith('_id.'))) {
      throw new TcbError('DATABASE_INVALID_OPERRATOR', `${op} cannot modify the immutable field _id`);
    }
  }
  const before = JSON.stringify(doc);
  asDbError(() => update(doc, operators as Parameters<typeof update>[1]));
  // mingo reports fields it touched; comparing snapshots also catches $set to the same value (not an update).
  return JSON.stringify(doc) !== before;
}

/** Replaces a document's fields (db.doc().set), keeping its _id. */
export function replaceDocument(doc: Document, replacement: Document): void {
  assertNoOperators(replacement);
  if (replacement._id !== undefined && replacement._id !== doc._id) {
    throw new TcbError('DATABASE_INVALID_OPERRATOR', 'set() cannot change the immutable field _id');
  }
  for (const key of Object.keys(doc)) if (key !== '_id') delete doc[key];
  Object.assign(doc, { ...replacement, _id: doc._id });
}

export function assertNoOperators(doc: Document): void {
  const operator = Object.keys(doc).find((k) => k.startsWith('$'));
  if (operator) throw new TcbError('DATABASE_INVALID_OPERRATOR', `a document cannot contain the operator ${operator}`);
}

function asDbError<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof TcbError) throw err;
    throw new TcbError('DATABASE_INVALID_OPERRATOR', (err as Error).message);
  }
}
