/** Chinese and English. English keys, so a missing translation shows readable English rather than nothing. */

export type Lang = 'zh' | 'en';

const ZH: Record<string, string> = {
  'wxacode emulator': 'wxacode 本地模拟器',
  Make: '生成',
  Calls: '调用',
  Codes: '小程序码',
  Limits: '额度',
  Usage: '用量',
  'CloudBase requests since': '云开发请求，自',
  'calls (调用次数)': '次调用（调用次数）',
  'refused by the emulated limits': '被模拟限额拒绝',
  'monthly calls': '每月调用次数',
  'calls this month': '本月调用次数',
  'Billing unit': '计费项',
  Used: '用量',
  'Database reads': '数据库读操作',
  'Database writes': '数据库写操作',
  'Storage uploads': '云存储上传操作',
  Downloads: '下载操作',
  'Temporary URL requests': '获取临时链接',
  'Storage deletes': '云存储删除操作',
  'Cloud calls (wx.openApi)': '云调用（wx.openApi）',
  'Function invocations': '云函数调用',
  'Bytes uploaded': '上传字节',
  'CDN / outbound bytes': 'CDN / 外网出流量',
  'Other requests': '其他请求',
  'What each function costs per call': '每个云函数每次调用的开销',
  'No function has run yet: make a code, then come back.': '还没有云函数运行过：先生成一个小程序码再回来看。',
  Invocations: '调用次数',
  'Calls per invocation': '每次调用的调用次数',
  'Requests per invocation, by action': '每次调用发出的请求（按 action）',
  'Calls per invocation: the requests its process sent that CloudBase bills as 调用次数, plus the invocation itself.':
    '每次调用的调用次数：云函数进程发出的、云开发计入调用次数的请求，加上这次调用本身。',
  'What that would use of each plan': '按各套餐的调用次数估算',
  'codes a month': '每月小程序码数',
  'made by': '由',
  Plan: '套餐',
  '调用次数 a month': '每月调用次数',
  'These codes use': '这些码占用',
  Source: '来源',
  'at these calls': '按当前每次调用的开销',
  'codes a month use': '个码每月占用',
  'Plan figures as of': '套餐数据截至',
  'CloudBase has changed its plans several times: check the sources.': '云开发的套餐调整过多次，请以来源页面为准。',
  'Requests by action': '按 action 统计的请求',
  Faults: '故障',
  Data: '数据',
  'Make a code': '生成小程序码',
  Function: '云函数',
  'Caller OPENID': '调用者 OPENID',
  'empty: the emulator default user': '留空：模拟器默认用户',
  'leave empty for the default': '留空使用默认值',
  default: '默认',
  'scene (string)': 'scene（字符串）',
  'sceneData (object)': 'sceneData（对象）',
  'sceneData as JSON': 'sceneData（JSON）',
  'sceneData is not JSON': 'sceneData 不是合法的 JSON',
  'Use the cache': '使用缓存',
  'Make the code': '生成',
  'Making…': '生成中…',
  "Checked here with the functions' own rules: nothing is sent while a field is refused.":
    '在浏览器里用与云函数相同的规则检查：有字段不合格时不会发送任何请求。',
  'Ready to send': '可以发送',
  'The event': '将要发送的 event',
  'Same call with curl': '用 curl 发送同样的调用',
  Result: '结果',
  'What WeChat received': '微信收到的参数',
  "read from the code's QR payload in this browser": '在浏览器中扫描二维码读出',
  'unreadable': '无法识别',
  'Open as scanned': '模拟扫码打开',
  'query.scene the page gets (URL-encoded)': '页面收到的 query.scene（URL 编码）',
  'What pages/index/index shows': 'pages/index/index 显示的内容',
  'decoded inline in the page': '页面内直接解码（inline）',
  'resolved with wxacodeResolveScene': '通过 wxacodeResolveScene 解析（stored）',
  'query the page gets': '页面收到的 query',
  'DevTools compile condition (paste into project.config.json → condition.miniprogram.list)':
    '开发者工具编译条件（粘贴到 project.config.json → condition.miniprogram.list）',
  'from the cache, no WeChat call': '来自缓存，未调用微信',
  'made now by WeChat': '刚由微信生成',
  'Live log of function invocations and WeChat calls': '云函数调用与微信接口调用的实时日志',
  'all functions': '全部函数',
  'all errCodes': '全部 errCode',
  'errors only': '仅错误',
  Time: '时间',
  Kind: '类型',
  Caller: '调用者',
  Parameters: '参数',
  Duration: '耗时',
  Cache: '缓存',
  function: '云函数',
  WeChat: '微信',
  trusted: '可信调用方',
  hit: '命中',
  miss: '未命中',
  'No calls yet.': '还没有调用。',
  'Click a row to see the whole record.': '点击一行查看完整记录。',
  connected: '已连接',
  reconnecting: '重新连接中',
  Close: '关闭',
  'Stored codes': '已存储的小程序码',
  'No stored codes yet.': '还没有存储的小程序码。',
  Download: '下载',
  Delete: '删除',
  Refresh: '刷新',
  'Delete this code? The next request makes it anew (and spends quota for get / createQRCode).':
    '删除这个小程序码？下次请求会重新生成（get / createQRCode 会再消耗额度）。',
  'Lifetime quota of get + createQRCode': 'get + createQRCode 的终身额度',
  used: '已用',
  left: '剩余',
  'getUnlimited calls in the last minute': 'getUnlimited 最近一分钟调用次数',
  "Per-user windows of the functions' rate limit": '云函数按用户限流的时间窗口',
  'new codes per user per': '每个用户的新码上限，窗口',
  seconds: '秒',
  'rate limit off': '未限流',
  'No open windows.': '没有进行中的窗口。',
  'Window (hashed OPENID : start)': '窗口（OPENID 哈希 : 开始时间）',
  Count: '次数',
  'Ends at': '结束时间',
  'Daily cap of get': 'get 的每日上限',
  'resets at midnight Beijing time': '北京时间零点重置',
  'not enforced by this emulator version': '当前模拟器版本未实现',
  'Faults of the simulated WeChat': '模拟微信的故障注入',
  'Applied to the next call at once. Reset returns to the start.': '立即作用于下一次调用。重置后恢复初始设置。',
  systemErrorRate: '系统错误率',
  'Share of WeChat calls answered with errcode -1 “system error” (0 to 1). The functions retry -1 up to 3 attempts.':
    '按比例让微信调用返回 errcode -1“系统繁忙”（0 到 1）。云函数会对 -1 最多尝试 3 次。',
  latencyMs: '延迟（毫秒）',
  'Milliseconds added to every WeChat call before it is answered.': '每次微信调用在应答前额外等待的毫秒数。',
  force45009: '强制 45009',
  'Every getUnlimited call answers 45009 (per-minute frequency limit). The functions retry it with backoff.':
    '所有 getUnlimited 调用返回 45009（每分钟频率限制）。云函数会退避重试。',
  force45029: '强制 45029',
  'Every get / createQRCode call answers 45029 (lifetime quota used up). Never retried.':
    '所有 get / createQRCode 调用返回 45029（终身额度用尽）。不会重试。',
  // links (the Links page and the link faults)
  linkErrcode: '链接接口错误码',
  appUnreleased: '小程序未发布',
  'Every URL Link / URL Scheme / Short Link call answers this errcode (0: off). Any errcode of the link APIs’ tables.':
    '所有 URL Link / URL Scheme / Short Link 接口调用都返回这个错误码（0：关闭），可选链接接口文档错误码表中的任一错误码。',
  'The mini program has no released version: every link generation answers 85079.': '小程序尚无线上版本：所有生成链接的调用返回 85079。',
  Links: '链接',
  'Open a link': '打开链接',
  'Paste a URL Link, URL Scheme, Short Link or plain-text scheme: see the page it opens, the query onLoad receives and the 场景值 — or why it would not open.':
    '粘贴 URL Link、URL Scheme、Short Link 或明文 Scheme：查看它打开的页面、onLoad 收到的 query 和场景值，或者它为什么打不开。',
  'opened inside WeChat': '在微信内打开',
  Open: '打开',
  opens: '可以打开',
  'does not open': '无法打开',
  Page: '页面',
  'onLoad(options) receives': 'onLoad(options) 收到',
  'as written: decode once': '原样传入：需解码一次',
  '场景值 (scene)': '场景值',
  'URL Link (outside WeChat)': 'URL Link（微信外打开）',
  'URL Link inside WeChat (H5 open tag)': 'URL Link（微信内，经开放标签打开）',
  'URL Scheme': 'URL Scheme',
  'Short Link': 'Short Link',
  'plain-text URL Scheme': '明文 URL Scheme',
  Expires: '失效时间',
  never: '永久',
  'Link caps today (China time)': '今日链接额度（北京时间）',
  "WeChat's link caps today (China time)": '微信链接额度今日用量（北京时间）',
  'WeChat no longer reports how many links an app made; the emulator counts them as the toolkit must.': '微信已不再返回小程序生成了多少链接；模拟器按工具包自己计数的方式统计。',
  'Links made': '已生成的链接',
  'No links yet: call urllink.generate, urlscheme.generate or shortlink.generate.': '还没有链接：调用 urllink.generate、urlscheme.generate 或 shortlink.generate 生成。',
  Link: '链接',
  'URL Link + URL Scheme made today (44993)': '今日生成的 URL Link + URL Scheme（44993）',
  'Short Links made today (45009)': '今日生成的 Short Link（45009）',
  'permanent Short Links + NFC schemes, ever (85400)': '永久有效的 Short Link + NFC Scheme 累计（85400）',
  'URL Link + URL Scheme openings today (85406)': '今日 URL Link + URL Scheme 打开次数（85406）',
  'The day resets at': '额度重置时间',
  'calls in the last second': '最近一秒的调用',
  on: '开',
  off: '关',
  Apply: '应用',
  'Reset the emulator': '重置模拟器',
  'Forget all files, documents, calls, quota and faults?': '清空所有文件、文档、调用记录、额度和故障设置？',
  Collections: '集合',
  'Storage files': '存储文件',
  documents: '个文档',
  'Pick a collection or the storage files.': '选择一个集合或存储文件。',
  'Delete this document?': '删除这个文档？',
  'Delete this file?': '删除这个文件？',
  Size: '大小',
  Uploaded: '上传时间',
  Saved: '已保存',
  'Batch jobs': '批量任务',
  'Submit jobs with npm run batch or the wxacodeBatch function; progress comes from its status action.':
    '用 npm run batch 或 wxacodeBatch 云函数提交任务；进度来自它的 status 操作。',
  'No batch jobs yet.': '还没有批量任务。',
  running: '进行中',
  preparing: '准备中',
  done: '已完成',
  cancelled: '已取消',
  stopped: '已停止',
  key: 'jobKey',
  total: '总数',
  made: '已生成',
  cached: '来自缓存',
  failed: '失败',
  remaining: '剩余',
  rate: '速度',
  ETA: '预计剩余时间',
  'per minute': '个/分钟',
  'failed by errCode': '按 errCode 统计的失败',
  Manifest: '清单',
  'ZIP of the codes': '小程序码 ZIP',
  'Print sheet (PDF)': '打印页（PDF）',
  'Retry failed': '重试失败项',
  'Cancel job': '取消任务',
  'Cancel this job? Codes already made stay.': '取消这个任务？已生成的码会保留。',
  Language: '语言',
};

const STORAGE_KEY = 'wxacode-ui-lang';

/** a stored choice wins; otherwise Chinese when the browser lists Chinese first among zh/en */
export function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'zh' || stored === 'en') return stored;
  for (const language of navigator.languages?.length ? navigator.languages : [navigator.language]) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

let current: Lang = 'en';

export function setLang(lang: Lang): void {
  current = lang;
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export function lang(): Lang {
  return current;
}

/** Chinese for a page's own strings, kept beside the page (pages added later do not edit one shared table) */
export function addZh(entries: Record<string, string>): void {
  Object.assign(ZH, entries);
}

export function t(english: string): string {
  return current === 'zh' ? (ZH[english] ?? english) : english;
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(current === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(current === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}
