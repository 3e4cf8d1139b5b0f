import { useState, type FormEvent } from 'react';
import { ErrorNote, Field } from '../components/ui';
import { useAction } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';

/** Paste an API key: it is kept in this tab (sessionStorage) only, and checked with GET /v1/me. */
export function SignIn() {
  const { t, language, setLanguage } = useI18n();
  const { signIn } = useSession();
  const [key, setKey] = useState('');
  const action = useAction(signIn);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(key);
  };
  return (
    <main className="sign-in" id="main">
      <form onSubmit={submit} className="panel" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        <p>{t('signIn.intro')}</p>
        <Field label={t('signIn.key')} hint={t('signIn.hint')}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={key}
              onChange={(event) => setKey(event.target.value)}
              required
            />
          )}
        </Field>
        <ErrorNote failure={action.failure} />
        <div className="actions">
          <button type="submit" className="primary" disabled={action.running || key.trim() === ''}>
            {t('signIn.submit')}
          </button>
          <button type="button" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>
            {language === 'zh' ? 'English' : '中文'}
          </button>
        </div>
      </form>
      <nav className="panel public-links" aria-label={t('public.nav')}>
        <a href="#/public/guide">{t('public.guideTitle')}</a>
        <a href="#/public/progress">{t('public.progressTitle')}</a>
      </nav>
    </main>
  );
}
