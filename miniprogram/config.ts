/**
 * Your CloudBase environment id (CloudBase console → Settings → Environment ID). Left empty, wx.cloud uses the
 * default environment of this AppID, which is right for a single-environment project.
 */
export const CLOUD_ENV = '';
