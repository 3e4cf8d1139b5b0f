import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { canSee, SCREENS, type Screen } from '../roles';
import { useMe, useSession } from '../session';

/** Header (who is signed in, language, sign-out), the role's screens, and the page. */
export function Layout({ children }: { children: ReactNode }) {
  const { t, language, setLanguage, label } = useI18n();
  const me = useMe();
  const { signOut } = useSession();
  const [location] = useLocation();
  const current = (path: string) => (path === '/' ? location === '/' : location.startsWith(path));
  return (
    <div className="shell">
      <a
        className="skip"
        href="#main"
        onClick={(event) => (event.preventDefault(), document.getElementById('main')?.focus())}
      >
        {t('nav.skip')}
      </a>
      <header className="top">
        <div className="brand">
          <strong>{t('app.title')}</strong> <span>{t('app.subtitle')}</span>
        </div>
        <div className="who">
          <span>
            {me.name} · {label('role', me.role.split(':')[0])}
            {me.department ? ` · ${me.department}` : ''}
          </span>
          <button
            type="button"
            onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
            lang={language === 'zh' ? 'en' : 'zh-CN'}
          >
            {language === 'zh' ? 'English' : '中文'}
          </button>
          <button type="button" onClick={signOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <nav className="side" aria-label={t('nav.label')}>
        <ul>
          {SCREENS.filter(({ screen }) => canSee(me.role, screen)).map(({ path, label: key }) => (
            <li key={path}>
              <Link href={path} aria-current={current(path) ? 'page' : undefined}>
                {t(key)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** A screen for the roles it is for; any other role is told so, and the API would refuse it the same. */
export function Guard({ screen, children }: { screen: Screen; children: ReactNode }) {
  const { t, label } = useI18n();
  const me = useMe();
  if (canSee(me.role, screen)) return <>{children}</>;
  return (
    <section className="panel forbidden" role="alert">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.body', { role: label('role', me.role.split(':')[0]) })}</p>
      <Link href="/">{t('forbidden.back')}</Link>
    </section>
  );
}
