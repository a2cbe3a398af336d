import { TcbError, invalidParam } from '../gateway/tcb-error';
import type { AdminActions, AdminRequest } from '../gateway/types';
import type { DatabaseState, Document, DocumentId } from '../state/database-state';
import { decodeEjson, decodeEjsonObject, encodeEjson } from './ejson';
import {
  applyOperators,
  assertNoOperators,
  findDocuments,
  matchingIndexes,
  newDocumentId,
  replaceDocument,
} from './document-ops';

/** the SDK caps limit at 1000 itself; the same cap applies to raw requests */
const MAX_LIMIT = 1000;
const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** database.* admin actions (§5 of the wire reference), backed by mingo. */
export function databaseActions(database: DatabaseState): AdminActions {
  const collectionOf = (params: Record<string, unknown>): { name: string; docs: readonly Document[] } => {
    const name = collectionName(params);
    const docs = database.documents(name);
    if (!docs) {
      // Real CloudBase never creates collections implicitly, not even on insert.
      throw new TcbError(
        'DATABASE_COLLECTION_NOT_EXIST',
        `Db or Table not exist: collection "${name}" does not exist; create it first with db.createCollection('${name}')`,
      );
    }
    return { name, docs };
  };
  /** positions of the matching documents, looked up by _id when the query names one */
  const matching = (params: Record<string, unknown>, docs: readonly Document[], query: Document, multi: boolean): number[] => {
    const scope = primaryKeyScope(database, params, query);
    if (!scope) return matchingIndexes(docs, query, multi);
    return matchingIndexes(scope, query, multi).map((i) => docs.indexOf(scope[i]));
  };

  return {
    'database.addCollection': async ({ params }: AdminRequest) => {
      const name = collectionName(params);
      if (database.has(name)) {
        throw new TcbError('DATABASE_COLLECTION_ALREADY_EXIST', `Table exist: collection "${name}" already exists`);
      }
      await database.create(name);
      return {};
    },

    'database.insertDocument': async ({ params }: AdminRequest) => {
      const { name } = collectionOf(params);
      if (!Array.isArray(params.data) || params.data.length === 0) throw invalidParam('data must be a non-empty array of EJSON documents');
      const now = Date.now();
      const incoming = params.data.map((text, i) => decodeEjsonObject(text, `data[${i}]`, now));
      const taken = new Set<unknown>();
      for (const doc of incoming) {
        assertNoOperators(doc);
        if (doc._id === undefined) doc._id = newDocumentId();
        else if (typeof doc._id !== 'string' && typeof doc._id !== 'number') throw invalidParam('_id must be a string or a number');
        if (taken.has(doc._id) || database.findById(name, doc._id as DocumentId) !== undefined) {
          throw new TcbError('DATABASE_REQUEST_FAILED', `duplicate key: a document with _id ${JSON.stringify(doc._id)} already exists in ${name}`);
        }
        taken.add(doc._id);
      }
      await database.insert(name, incoming);
      return { insertedIds: incoming.map((d) => d._id) };
    },

    'database.getDocument': async ({ params }: AdminRequest) => {
      const { docs } = collectionOf(params);
      const offset = optionalInteger(params.offset, 'offset') ?? 0;
      const limit = Math.min(optionalInteger(params.limit, 'limit') ?? 100, MAX_LIMIT);
      const query = queryOf(params);
      const list = findDocuments(primaryKeyScope(database, params, query) ?? docs, query, {
        order: params.order === undefined ? undefined : decodeEjsonObject(params.order, 'order'),
        projection: params.projection === undefined ? undefined : decodeEjsonObject(params.projection, 'projection'),
        offset,
        limit: params.queryType === 'DOC' ? 1 : limit,
      });
      return { list: list.map(encodeEjson), offset, limit };
    },

    'database.calculateDocument': async ({ params }: AdminRequest) => {
      const { docs } = collectionOf(params);
      return { total: matching(params, docs, queryOf(params), true).length };
    },

    'database.modifyDocument': async ({ params }: AdminRequest) => {
      const { name, docs } = collectionOf(params);
      const query = queryOf(params);
      const multi = params.multi === true && params.queryType !== 'DOC';
      const merge = params.merge !== false;
      const update = decodeEjsonObject(params.data, 'data');
      const operators = merge ? asOperators(update) : undefined;
      const indexes = matching(params, docs, query, multi);

      if (indexes.length === 0 && params.upsert === true) {
        const id = query._id ?? newDocumentId();
        if (typeof id !== 'string' && typeof id !== 'number') throw invalidParam('upsert needs a plain _id in the query');
        const doc: Document = { _id: id };
        if (operators) applyOperators(doc, operators);
        else replaceDocument(doc, update);
        await database.insert(name, [doc]);
        return { updated: 0, upsert_id: id };
      }

      // Work on copies so a failing operator leaves nothing half-applied.
      const changed = indexes.map((i) => structuredClone(docs[i]));
      let updated = 0;
      changed.forEach((doc) => {
        if (operators) updated += applyOperators(doc, operators) ? 1 : 0;
        else {
          replaceDocument(doc, update);
          updated += 1;
        }
      });
      if (updated > 0) await database.replaceAt(name, indexes.map((index, k) => ({ index, doc: changed[k] })));
      return { updated };
    },

    'database.removeDocument': async ({ params }: AdminRequest) => {
      const { name, docs } = collectionOf(params);
      const multi = params.multi === true && params.queryType !== 'DOC';
      const indexes = matching(params, docs, queryOf(params), multi);
      if (indexes.length > 0) await database.removeAt(name, indexes);
      return { deleted: indexes.length };
    },
  };
}

function collectionName(params: Record<string, unknown>): string {
  const name = params.collectionName;
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw invalidParam(`collectionName must be 1-64 letters, digits, "_" or "-"; got ${JSON.stringify(name)}`);
  }
  return name;
}

/** `query` is omitted when a collection is read without where() */
function queryOf(params: Record<string, unknown>): Document {
  if (params.query === undefined || params.query === '') return {};
  const query = decodeEjson(params.query, 'query');
  if (typeof query !== 'object' || query === null || Array.isArray(query)) throw invalidParam('query must encode an object');
  return query as Document;
}

/** An update without operators (raw requests) means $set, as the SDK would have encoded it. */
function asOperators(update: Document): Document {
  const keys = Object.keys(update);
  if (keys.length === 0) throw invalidParam('update data is empty');
  if (keys.every((k) => !k.startsWith('$'))) return { $set: update };
  return update;
}

function optionalInteger(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalidParam(`${field} must be a non-negative integer`);
  return value;
}

/**
 * A query on one plain _id can match only the document with that _id, so it is looked up rather than scanned, as a
 * real database answers it from its primary index. The query still runs on that document, so semantics stay mingo's.
 */
function primaryKeyScope(database: DatabaseState, params: Record<string, unknown>, query: Document): readonly Document[] | undefined {
  // `{_id: x, count: _.lt(n)}` (a conditional update) too: only the document with that _id can match it, so the
  // other conditions are tested on it alone instead of on every document of a collection that grows with its users
  const id = query._id;
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const doc = database.findById(collectionName(params), id);
  return doc ? [doc] : [];
}
