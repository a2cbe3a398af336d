// Fixture: drives the real wx-server-sdk through one scenario per `event.op` and reports what the
// SDK handed back, errors included, so tests see exactly what function code would see.
const cloud = require('wx-server-sdk');
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();
const _ = db.command;

function failure(err) {
  return { failed: true, errCode: err.errCode, errMsg: err.errMsg, code: err.code, message: err.message };
}

const ops = {
  async getUnlimited({ params }) {
    const res = await cloud.openapi.wxacode.getUnlimited(params);
    return { contentType: res.contentType, bytes: res.buffer.toString('base64'), errCode: res.errCode, errMsg: res.errMsg };
  },
  async createQRCode({ params }) {
    const res = await cloud.openapi.wxacode.createQRCode(params);
    return { contentType: res.contentType, bytes: res.buffer.toString('base64'), errMsg: res.errMsg };
  },
  // any cloud.openapi.<namespace>.<method>(params): what a function's code reads from a JSON-answering API (links)
  async openapi({ api, params }) {
    const [namespace, method] = api.split('.');
    return cloud.openapi[namespace][method](params);
  },
  async upload({ cloudPath, base64 }) {
    return cloud.uploadFile({ cloudPath, fileContent: Buffer.from(base64, 'base64') });
  },
  async tempUrls({ fileList }) {
    return cloud.getTempFileURL({ fileList });
  },
  async download({ fileID }) {
    const res = await cloud.downloadFile({ fileID });
    return { base64: res.fileContent.toString('base64'), statusCode: res.statusCode, errMsg: res.errMsg };
  },
  async remove({ fileList }) {
    return cloud.deleteFile({ fileList });
  },
  async createCollection({ name }) {
    return cloud.database().createCollection(name);
  },
  async add({ collection, data }) {
    return db.collection(collection).add({ data: { ...data, createdAt: db.serverDate() } });
  },
  async getDoc({ collection, id }) {
    const res = await db.collection(collection).doc(id).get();
    return { data: res.data, createdAtIsDate: res.data.createdAt instanceof Date, errMsg: res.errMsg };
  },
  async query({ collection, where, minN, orderBy, skip, limit, field }) {
    let q = db.collection(collection);
    const condition = { ...(where || {}) };
    if (minN !== undefined) condition.n = _.gte(minN);
    if (Object.keys(condition).length) q = q.where(condition);
    if (orderBy) q = q.orderBy(orderBy[0], orderBy[1]);
    if (skip) q = q.skip(skip);
    if (limit) q = q.limit(limit);
    if (field) q = q.field(field);
    return q.get();
  },
  async inc({ collection, id, by }) {
    return db.collection(collection).doc(id).update({ data: { n: _.inc(by), touched: true } });
  },
  async set({ collection, id, data }) {
    return db.collection(collection).doc(id).set({ data });
  },
  async count({ collection, where }) {
    return db.collection(collection).where(where || {}).count();
  },
  async removeWhere({ collection, where }) {
    return db.collection(collection).where(where).remove();
  },
  async removeDoc({ collection, id }) {
    return db.collection(collection).doc(id).remove();
  },
  async callOther({ name, data }) {
    return cloud.callFunction({ name, data });
  },
  async context() {
    return cloud.getWXContext();
  },
};

exports.main = async (event) => {
  const op = ops[event.op];
  if (!op) throw new Error(`unknown op ${event.op}`);
  try {
    return await op(event);
  } catch (err) {
    return failure(err);
  }
};
