// The unbundled baseline: what a team writes by hand, wx-server-sdk required from node_modules.
const cloud = require('wx-server-sdk');

exports.main = async (event) => {
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  return cloud.openapi.wxacode.getUnlimited({ scene: event.scene });
};
