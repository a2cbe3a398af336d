import { adminMain } from '../adapters/wx-server-sdk/admin';

/**
 * Cloud function `wxacodeAdmin`: staff actions after the print. `stats` (entries, users, new users per code, by 场景值
 * and China-time day), 活码 (`update` data or landing page, `disable` with a message, `enable`, `history`), `entryOf`.
 * HTTP path /api/wxacode/admin (bearer tokens), or callFunction from a trusted caller or an admin.
 */
export const main = adminMain;
