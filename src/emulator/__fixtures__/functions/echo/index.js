// Fixture: what a deployed function sees of its event, context and environment.
const cloud = require('wx-server-sdk');
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

exports.main = async (event, context) => ({
  event,
  wxContext: cloud.getWXContext(context),
  requestId: context.request_id,
  timeLimitMs: context.time_limit_in_ms,
  pid: process.pid,
  env: {
    FIXTURE_GREETING: process.env.FIXTURE_GREETING,
    TCB_ENV: process.env.TCB_ENV,
  },
});
