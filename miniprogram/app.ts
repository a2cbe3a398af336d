import { CLOUD_ENV } from './config';

App({
  onLaunch() {
    if (!wx.cloud) {
      console.error('wx.cloud is missing: use base library 2.2.3 or later, and open the project with a real AppID for cloud development');
      return;
    }
    // traceUser records visitors in the CloudBase console, which helps when a scanned code "does nothing"
    wx.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true });
  },
});
