import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { Guard, Layout } from './components/Layout';
import { I18nProvider, useI18n } from './i18n/i18n';
import { ReferenceProvider } from './reference';
import { Audit } from './screens/audit/Audit';
import { CaseDetail } from './screens/case/CaseDetail';
import { CaseList } from './screens/CaseList';
import { Catalog } from './screens/catalog/Catalog';
import { Dashboard } from './screens/Dashboard';
import { DepartmentInbox } from './screens/inbox/DepartmentInbox';
import { Intake } from './screens/intake/Intake';
import { SignIn } from './screens/SignIn';
import { PublicSide } from './screens/public/PublicSide';
import { Supervision } from './screens/supervision/Supervision';
import { SessionProvider, useSession } from './session';
import './styles.css';
import './widgets.css';
import './print.css';

function Screens() {
  const { t } = useI18n();
  return (
    <Switch>
      <Route path="/">
        <Guard screen="dashboard">
          <Dashboard />
        </Guard>
      </Route>
      <Route path="/intake">
        <Guard screen="intake">
          <Intake />
        </Guard>
      </Route>
      <Route path="/cases">
        <Guard screen="cases">
          <CaseList />
        </Guard>
      </Route>
      <Route path="/cases/:caseId">
        {(params) => (
          <Guard screen="cases">
            <CaseDetail caseId={decodeURIComponent(params.caseId)} />
          </Guard>
        )}
      </Route>
      <Route path="/inbox">
        <Guard screen="inbox">
          <DepartmentInbox />
        </Guard>
      </Route>
      <Route path="/supervision">
        <Guard screen="supervision">
          <Supervision />
        </Guard>
      </Route>
      <Route path="/audit">
        <Guard screen="audit">
          <Audit />
        </Guard>
      </Route>
      <Route path="/catalog">
        <Guard screen="catalog">
          <Catalog />
        </Guard>
      </Route>
      <Route>
        <p>{t('common.notFound')}</p>
      </Route>
    </Switch>
  );
}

/** The public pages (no sign-in); signed in: the role's console; otherwise the sign-in. */
function App() {
  const { me, checking } = useSession();
  const { t } = useI18n();
  const [location] = useHashLocation();
  if (location.startsWith('/public')) return <PublicSide />;
  if (checking) return <p className="loading">{t('common.loading')}</p>;
  if (!me) return <SignIn />;
  return (
    <ReferenceProvider>
      <Router hook={useHashLocation}>
        <Layout>
          <Screens />
        </Layout>
      </Router>
    </ReferenceProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root in index.html');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
