import { TcbError } from '../gateway/tcb-error';
import { applyOperators, findDocuments, matchingIndexes, replaceDocument } from './document-ops';

describe('document operations', () => {
  it('does not count a $set to the same value as an update', () => {
    const doc = { _id: 'a', n: 1 };
    expect(applyOperators(doc, { $set: { n: 1 } })).toBe(false);
    expect(applyOperators(doc, { $set: { n: 2 }, $push: { tags: 'x' } })).toBe(true);
    expect(doc).toEqual({ _id: 'a', n: 2, tags: ['x'] });
  });

  it('refuses to modify _id, unknown operators and mixed updates with a database error', () => {
    const expectDbError = (work: () => unknown, text: string) => {
      try {
        work();
        throw new Error('expected a TcbError');
      } catch (err) {
        expect(err).toBeInstanceOf(TcbError);
        expect((err as TcbError).code).toBe('DATABASE_INVALID_OPERRATOR');
        expect((err as TcbError).message).toContain(text);
      }
    };
    expectDbError(() => applyOperators({ _id: 'a' }, { $set: { _id: 'b' } }), '_id');
    expectDbError(() => applyOperators({ _id: 'a' }, { $frobnicate: { n: 1 } }), '$frobnicate');
    expectDbError(() => applyOperators({ _id: 'a' }, { $set: { n: 1 }, plain: 2 }), 'plain');
    expectDbError(() => replaceDocument({ _id: 'a' }, { $set: { n: 1 } }), '$set');
  });

  it('replaces every field but _id', () => {
    const doc: Record<string, unknown> = { _id: 'a', old: 1 };
    replaceDocument(doc, { fresh: 2 });
    expect(doc).toEqual({ _id: 'a', fresh: 2 });
  });

  it('matches the first or all documents, and sorts/pages/projects like MongoDB', () => {
    const docs = [
      { _id: '1', k: 'a', n: 3, when: new Date(3) },
      { _id: '2', k: 'b', n: 1, when: new Date(1) },
      { _id: '3', k: 'a', n: 2, when: new Date(2) },
    ];
    expect(matchingIndexes(docs, { k: 'a' }, false)).toEqual([0]);
    expect(matchingIndexes(docs, { k: 'a' }, true)).toEqual([0, 2]);
    expect(matchingIndexes(docs, { when: { $gte: new Date(2) } }, true)).toEqual([0, 2]);
    const page = findDocuments(docs, {}, { order: { n: 1 }, offset: 1, limit: 1, projection: { n: 1 } });
    expect(page).toEqual([{ _id: '3', n: 2 }]);
  });
});
