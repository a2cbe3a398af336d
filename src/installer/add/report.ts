import type { DetectedProject } from '../project/detect';
import type { AddPlan, FileAction } from './plan';
import { LOCK_FILE } from './lock';

const FRAMEWORK_NAMES: Record<DetectedProject['framework'], [string, string]> = {
  'native-js': ['native JavaScript', '原生 JavaScript'],
  'native-ts': ['native TypeScript', '原生 TypeScript'],
  taro: ['Taro', 'Taro'],
  uniapp: ['uni-app', 'uni-app'],
};

const MARKS: Record<FileAction, string> = { create: '+', update: '~', unchanged: '=', edited: '!', remove: '-', 'edited-stale': '!' };

export function describeProject(p: DetectedProject): string {
  const [en, zh] = FRAMEWORK_NAMES[p.framework];
  const lang = p.framework.startsWith('native') ? '' : p.typescript ? ' (TypeScript)' : ' (JavaScript)';
  return [
    `Project ${p.root}: ${en}${lang}, ${p.pages.length} pages from ${p.pagesFile}, cloud functions in ${p.cloudfunctionRoot ?? '(none)'}/`,
    `项目：${zh}${lang}，${p.pages.length} 个页面（${p.pagesFile}），云函数目录 ${p.cloudfunctionRoot ?? '（无）'}/`,
  ].join('\n');
}

/** The plan (dry run) or the changes made, one line a file, then cloudbaserc.json and the record. */
export function describePlan(plan: AddPlan, dryRun: boolean): string {
  const lines: string[] = [dryRun ? 'Plan (dry run: nothing written) / 计划（试运行，未写入任何文件）:' : 'Changes / 改动:'];
  const unchanged = plan.files.filter((f) => f.action === 'unchanged').length;
  for (const f of plan.files) {
    if (f.action === 'unchanged') continue;
    let note = '';
    if (f.action === 'edited') note = '  edited since add wrote it, left as it is (--force replaces it) / 已被修改，未覆盖（--force 可覆盖）';
    if (f.action === 'edited-stale') note = '  no longer written by add, edited, left as it is / 已不再需要但被修改过，保留';
    if (f.action === 'remove') note = '  no longer written by add / 已不再需要，删除';
    lines.push(`  ${MARKS[f.action]} ${f.path}${note}`);
  }
  if (unchanged > 0) lines.push(`  = ${unchanged} files unchanged / ${unchanged} 个文件无变化`);
  const rc = plan.cloudbaserc;
  const rcParts: string[] = [];
  if (rc.created) rcParts.push('created / 新建');
  if (rc.added.length) rcParts.push(`added / 新增 ${rc.added.join(', ')}`);
  if (rc.updated.length) rcParts.push(`updated / 更新 ${rc.updated.join(', ')}`);
  if (rc.edited.length) rcParts.push(`edited by you, left as they are / 已被修改，未覆盖: ${rc.edited.join(', ')}`);
  lines.push(`  cloudbaserc.json: ${rcParts.length ? rcParts.join('; ') : 'unchanged / 无变化'}`);
  for (const note of rc.notes) lines.push(`  note / 注意: ${note}`);
  lines.push(`  ${LOCK_FILE}: ${Object.keys(plan.lock.files).length} files recorded / 记录 ${Object.keys(plan.lock.files).length} 个文件`);
  return lines.join('\n');
}

/** How a page imports the helpers, in the project's own module form. */
function importExample(p: DetectedProject, plan: AddPlan): string {
  const names = '{ sceneFromQuery, resolveScene, wxacodeGetUnlimited }';
  if (plan.helperForm === 'cjs') return `const ${names} = require('../../wxacode/index')`;
  return `import ${names} from '../../wxacode/index'`;
}

export function nextSteps(p: DetectedProject, plan: AddPlan, timeouts: Map<string, number>): string {
  const cf = p.cloudfunctionRoot ?? 'cloudfunctions';
  const fns = plan.functions;
  const timeoutList = fns.map((f) => `${f} ${timeouts.get(f) ?? 20} s`).join(', ');
  const http = fns.filter((f) => f === 'weappQrcode' || f === 'wxacodeBatch' || f === 'wxacodeAdmin');
  const timers = fns.filter((f) => f === 'wxacodeHousekeeping' || f === 'wxacodeBatch');
  const example = importExample(p, plan);
  const en = [
    'Next steps:',
    `  1. In WeChat DevTools, right-click each of ${fns.join(', ')} under ${cf}/ → "Upload and Deploy: Install Dependencies in Cloud". The bundles are self-contained; nothing to npm install.`,
    timers.length ? `     ${timers.join(', ')}: also right-click → "Upload Triggers" (hourly timer in config.json).` : '',
    `  2. Timeout: the platform's default 3 s is too short. In the CloudBase console → Cloud functions → each function's configuration, set the timeout: ${timeoutList}. (\`tcb fn deploy\` applies cloudbaserc.json's timeouts itself.)`,
    `  3. Environment variables (optional): WXACODE_ALLOWED_PAGES, WXACODE_ADMIN_OPENIDS, WXACODE_RATE_LIMIT${http.length ? `; ${http.join(', ')} need WXACODE_HTTP_TOKENS` : ''}.`,
    `  4. Pages: the functions make codes only for the app's ${p.pages.length} pages (${PAGES_NOTE}). After adding a page, run \`npx wxacode-cloudbase add\` again and upload the functions; otherwise codes for it are refused with -700104.`,
    `  5. In a page (${p.sourceRoot ? `${p.sourceRoot}/` : ''}pages/x/x): ${example}`,
  ];
  const zh = [
    '下一步：',
    `  1. 在微信开发者工具中，右键 ${cf}/ 下的 ${fns.join('、')}，选择「上传并部署：云端安装依赖」。函数已打包，无需 npm install。`,
    timers.length ? `     ${timers.join('、')} 还需右键 →「上传触发器」（config.json 中的每小时定时触发器）。` : '',
    `  2. 超时时间：默认 3 秒太短。在云开发控制台 → 云函数 → 函数配置中设置超时时间：${timeoutList}。（\`tcb fn deploy\` 会按 cloudbaserc.json 自动设置。）`,
    `  3. 环境变量（可选）：WXACODE_ALLOWED_PAGES、WXACODE_ADMIN_OPENIDS、WXACODE_RATE_LIMIT${http.length ? `；${http.join('、')} 需要 WXACODE_HTTP_TOKENS` : ''}。`,
    `  4. 页面：云函数只为本小程序的 ${p.pages.length} 个页面生成码（见各云函数目录中的 wxacode.pages.json）。新增页面后请再次运行 \`npx wxacode-cloudbase add\` 并重新上传云函数，否则该页面的码会被拒绝（-700104）。`,
    `  5. 在页面中（${p.sourceRoot ? `${p.sourceRoot}/` : ''}pages/x/x）：${example}`,
  ];
  const text = (lines: string[]) => lines.filter((l) => l !== '').join('\n');
  return `${text(en)}\n\n${text(zh)}`;
}

const PAGES_NOTE = 'wxacode.pages.json beside each function';
