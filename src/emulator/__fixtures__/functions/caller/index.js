// Fixture: calls another function through cloud.callFunction (functions.invokeFunction).
const cloud = require('wx-server-sdk');
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
exports.main = async (event) => {
  try {
    return await cloud.callFunction({ name: event.target, data: event.data });
  } catch (err) {
    return { failed: true, errCode: err.errCode, errMsg: err.errMsg };
  }
};
