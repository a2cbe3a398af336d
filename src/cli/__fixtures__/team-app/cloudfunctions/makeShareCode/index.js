// The team's own cloud function, plain JavaScript with its own node_modules: a share code for an item, made by
// calling the wxacodeGetUnlimited function that `wxacode-cloudbase add` put beside it, and noted in the database.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

exports.main = async (event) => {
  const { OPENID } = cloud.getWXContext();
  const { result } = await cloud.callFunction({
    name: 'wxacodeGetUnlimited',
    data: { scene: `sku=${event.sku}`, page: 'packageShop/pages/item/item' },
  });
  if (!result || result.errCode !== 0) return { ok: false, code: result };
  const db = cloud.database();
  // CloudBase has no collection until it is created (the emulator says so as CloudBase does)
  await db.createCollection('shares').catch((error) => {
    if (!/exist/i.test(String(error && error.message))) throw error;
  });
  await db.collection('shares').add({ data: { sku: event.sku, openid: OPENID, fileID: result.fileID } });
  const { fileList } = await cloud.getTempFileURL({ fileList: [result.fileID] });
  return { ok: true, fileID: result.fileID, tempFileURL: fileList[0].tempFileURL };
};
