import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { BatchPage } from './batch-page';
import { CallsPage } from './calls-page';
import { CodesPage } from './codes-page';
import { DataPage } from './data-page';
import { FaultsPage } from './faults-page';
import { initialLang, setLang, t, type Lang } from './i18n';
import { LimitsPage } from './limits-page';
import { LinksPage } from './links-page';
import { MakePage } from './make-page';
import { StatsPage } from './stats-page';
import { UsagePage } from './usage-page';

const PAGES = {
  make: { title: 'Make', Page: MakePage },
  links: { title: 'Links', Page: LinksPage },
  calls: { title: 'Calls', Page: CallsPage },
  codes: { title: 'Codes', Page: CodesPage },
  limits: { title: 'Limits', Page: LimitsPage },
  usage: { title: 'Usage', Page: UsagePage },
  faults: { title: 'Faults', Page: FaultsPage },
  data: { title: 'Data', Page: DataPage },
  batch: { title: 'Batch jobs', Page: BatchPage },
  stats: { title: 'Stats', Page: StatsPage },
} as const;
type PageId = keyof typeof PAGES;

const pageOfHash = (): PageId => {
  const id = location.hash.replace(/^#\/?/, '');
  return id in PAGES ? (id as PageId) : 'make';
};

function App() {
  const [page, setPage] = useState<PageId>(pageOfHash);
  const [lang, setLangState] = useState<Lang>(() => {
    const chosen = initialLang();
    setLang(chosen);
    return chosen;
  });
  useEffect(() => {
    const onHash = () => setPage(pageOfHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = `${t(PAGES[page].title)} · ${t('wxacode emulator')}`;
  }, [page, lang]);
  const choose = (next: Lang) => {
    setLang(next);
    setLangState(next);
  };
  const { Page } = PAGES[page];
  return (
    <>
      <header class="top">
        <div class="brand">
          <span class="logo" aria-hidden="true">▦</span>
          <b>{t('wxacode emulator')}</b>
          <code class="muted origin">{location.origin}</code>
        </div>
        <nav class="tabs" data-testid="nav">
          {(Object.keys(PAGES) as PageId[]).map((id) => (
            <a href={`#/${id}`} data-testid={`nav-${id}`} aria-current={page === id ? 'page' : undefined}>
              {t(PAGES[id].title)}
            </a>
          ))}
        </nav>
        <div class="lang" role="group" aria-label={t('Language')}>
          <button type="button" data-testid="lang-zh" aria-pressed={lang === 'zh'} onClick={() => choose('zh')}>
            中文
          </button>
          <button type="button" data-testid="lang-en" aria-pressed={lang === 'en'} onClick={() => choose('en')}>
            English
          </button>
        </div>
      </header>
      <main key={lang}>
        <Page />
      </main>
    </>
  );
}

const root = document.getElementById('app')!;
// the "Loading…" placeholder of index.html; render() would keep it beside the app
root.textContent = '';
render(<App />, root);
