/** wxacodeAdmin: staff actions on codes after the print (stats, 活码). Shared by the function, the CLI and the emulator UI. */
export const ADMIN_FUNCTION = 'wxacodeAdmin';
export const ADMIN_HTTP_PATH = '/api/wxacode/admin';

export const ADMIN_ACTIONS = ['stats', 'update', 'disable', 'enable', 'history', 'entryOf', 'forgetUser'] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/** A change as `history` answers it: `at` an ISO time, `actor` never an openid. */
export interface HistoryRow {
  at: string;
  actor: string;
  action: 'update' | 'disable' | 'enable';
  data?: Record<string, string | number | boolean>;
  page?: string;
  message?: string;
}

/** What brought a user: a code's scene or a link's short id, with the batch label of the code when it has one. */
export interface EntrySourceRow {
  kind: 'scene' | 'link';
  scene: string;
  label?: string;
  /** ISO time of the entry */
  at: string;
}
