import { addZh } from './i18n';

/** The 场景值 a code or link produces (场景值列表), for "scan as" and for naming bars. */
export const ENTRY_SCENE_VALUES: readonly [number, string][] = [
  [1047, 'scanned 小程序码'],
  [1048, 'long-pressed 小程序码 image'],
  [1049, '小程序码 from the album'],
  [1011, 'scanned QR code'],
  [1124, 'scanned 一物一码'],
  [1065, 'URL Scheme'],
  [1167, 'H5 / URL Link inside WeChat'],
  [1194, 'URL Link outside WeChat'],
  [1179, 'Short Link'],
  [1286, 'plain-text URL Scheme'],
];

addZh({
  'scanned 小程序码': '扫描小程序码',
  'long-pressed 小程序码 image': '长按图片识别小程序码',
  '小程序码 from the album': '相册选取小程序码',
  'scanned QR code': '扫描二维码',
  'scanned 一物一码': '扫描一物一码',
  'H5 / URL Link inside WeChat': 'H5 / 微信内打开 URL Link',
  'URL Link outside WeChat': '微信外打开 URL Link',
  'plain-text URL Scheme': '明文 URL Scheme',
});

export function sceneValueName(value: string | number): string {
  return ENTRY_SCENE_VALUES.find(([v]) => String(v) === String(value))?.[1] ?? '';
}
