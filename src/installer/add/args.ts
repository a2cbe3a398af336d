/** `wxacode-cloudbase add [dir] --functions a,b --all --pages a,b|file --dry-run --force --help` */
export interface AddArgs {
  dir?: string;
  functions?: string[];
  /** --pages: a comma list or a file, instead of the pages the project's files list */
  pages?: string;
  all: boolean;
  dryRun: boolean;
  force: boolean;
  help: boolean;
}

export class UsageError extends Error {}

export function parseAddArgs(args: readonly string[]): AddArgs {
  const out: AddArgs = { all: false, dryRun: false, force: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    switch (flag) {
      case '--functions': {
        const value = inline ?? args[++i];
        if (value === undefined || value.startsWith('--')) throw new UsageError('--functions needs a comma-separated list, e.g. --functions wxacodeGetUnlimited,wxacodeResolveScene');
        out.functions = [...(out.functions ?? []), ...value.split(',').map((s) => s.trim()).filter(Boolean)];
        break;
      }
      case '--pages': {
        const value = inline ?? args[++i];
        if (value === undefined || value.startsWith('--')) throw new UsageError('--pages needs a comma-separated list or a file, e.g. --pages pages/index/index,pages/mine/mine or --pages pages.txt');
        out.pages = value;
        break;
      }
      case '--all':
        out.all = true;
        break;
      case '--dry-run':
        out.dryRun = true;
        break;
      case '--force':
        out.force = true;
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        if (out.dir !== undefined) throw new UsageError(`one project folder only; got ${out.dir} and ${arg}`);
        out.dir = arg;
    }
  }
  if (out.all && out.functions) throw new UsageError('--all and --functions together: choose one');
  return out;
}

export const ADD_USAGE = `Usage: npx wxacode-cloudbase add [dir] [--functions a,b | --all] [--pages a,b | --pages file] [--dry-run] [--force]

Adds the code functions and the page helpers to the mini program project in dir (default: this folder).
用法：把小程序码云函数和页面辅助模块加入 dir 中的小程序项目（默认当前目录）。

  --functions a,b  these functions (default: wxacodeGet, wxacodeCreateQRCode, wxacodeGetUnlimited,
                   wxacodeResolveScene, wxacodeHousekeeping; on a second run, those added before)
  --all            every function, with weappQrcode (HTTP), wxacodeBatch, wxacodeAdmin (stats, 活码) and
                   wxacodeUrlLink, wxacodeUrlScheme, wxacodeShortLink (URL Link, URL Scheme, 短链)
  --pages a,b      the app's pages (main package and subpackages, as WeChat addresses them), when add
                   cannot read them from the project (e.g. a Taro app not built yet); or a file: an
                   app.json, or one page a line / 无法从项目读取页面时（如未构建的 Taro 项目）手动给出页面
  --dry-run        print the plan, write nothing / 只显示计划，不写入
  --force          replace files add wrote that you edited since / 覆盖你修改过的 add 写入的文件
`;
