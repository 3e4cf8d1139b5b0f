import { materialCodesOfTemplate } from '@onewindow/catalog';
import { defaultCatalog } from '@onewindow/catalog/shipped';
import type { CaseView } from '@onewindow/case';
import { sleep } from './processes';
import type { DevKey } from './seed';

type Call = (role: string, method: string, path: string, body?: unknown) => Promise<unknown>;

function caller(apiUrl: string, keys: DevKey[]): Call {
  return async (role, method, path, body) => {
    const key =
      keys.find((candidate) => candidate.role === role) ?? keys.find((candidate) => candidate.role === 'admin');
    if (!key) throw new Error('no development API key');
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key.token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
}

export interface DemoApi {
  name: string;
  url: string;
}

/**
 * A short land-and-start case through the public HTTP API, so a fresh `npm start` shows the system working:
 * start, accept, parallel department opinions, land contract, construction permit, licence issued. With `then`, the
 * case is started through `api` and every later request goes through `then` (another API process).
 */
export async function runDemo(
  api: DemoApi,
  keys: DevKey[],
  log: (message: string) => void,
  then: DemoApi = api,
): Promise<void> {
  const start = caller(api.url, keys);
  const call = caller(then.url, keys);
  const apiUrl = then.url;
  const caseId = `DEMO-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
  const state = async (): Promise<CaseView> => (await call('auditor', 'GET', `/v1/cases/${caseId}`)) as CaseView;
  const until = async (what: string, predicate: (view: CaseView) => boolean): Promise<CaseView> => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        const view = await state();
        if (predicate(view)) return view;
      } catch {
        // the workflow is still loading its context
      }
      await sleep(200);
    }
    throw new Error(`demo: ${what} did not happen`);
  };
  const stepStatus = (view: CaseView, stepId: string) => view.steps.find((step) => step.stepId === stepId)?.status;
  const opinion = (department: string, stepId: string) =>
    call(`department:${department}`, 'POST', `/v1/cases/${caseId}/updates/department-opinion`, {
      stepId,
      opinion: 'agree',
    });

  const documents = materialCodesOfTemplate(defaultCatalog(), 'land-and-start')
    .filter((code) => code !== 'land-contract')
    .map((materialCode) => ({ materialCode }));
  log(
    `demo: case ${caseId} (拿地即开工 land-and-start), ${documents.length} materials` +
      (then === api ? '' : `; started through ${api.name} (${api.url}), continued through ${then.name} (${then.url})`),
  );
  const receipt = (await start('window', 'POST', '/v1/cases', {
    caseId,
    templateId: 'land-and-start',
    applicant: { name: '示例置业有限公司', creditCode: '91310000MA1FL0DEMO' },
    project: { name: '示例产业园一期', landParcel: 'DEMO-2026-01' },
    documents,
  })) as { queryCode: string };
  await until('receipt', (view) => view.status === 'received');
  await call('window', 'POST', `/v1/cases/${caseId}/updates/acceptance-decided`, { decision: 'accept' });
  let view = await state();
  log(
    `demo: accepted; pre-review running: ${view.steps
      .filter((s) => s.status === 'in-review')
      .map((s) => s.stepId)
      .join(', ')}`,
  );
  await opinion('natural-resources', 'design-scheme-review');
  await opinion('ecology', 'eia-approval');
  await opinion('housing', 'drawing-review');
  await opinion('fire', 'fire-design-review');
  await opinion('civil-air-defence', 'air-defence-approval');
  await call('window', 'POST', `/v1/cases/${caseId}/updates/land-contract-signed`, {
    contractNumber: 'DEMO-出让合同-001',
  });
  log('demo: land contract signed; formal steps start');
  await opinion('natural-resources', 'land-use-planning-permit');
  await opinion('natural-resources', 'works-planning-permit');
  await until('construction permit review', (v) => stepStatus(v, 'construction-permit') === 'in-review');
  await opinion('housing', 'construction-permit');
  await call('window', 'POST', `/v1/cases/${caseId}/updates/licence-issued`, {
    licences: [{ stepId: 'construction-permit', number: `DEMO-施工许可-${caseId}` }],
  });
  view = await until('completion', (v) => v.status === 'completed');
  log(
    `demo: ${view.status}; ${view.eventCount} events; steps: ${view.steps.map((s) => `${s.stepId}=${s.status}`).join(' ')}`,
  );
  log(`demo: see it in Temporal (workflow case-${caseId}) or GET ${apiUrl}/v1/cases/${caseId}`);
  log(
    `demo: the applicant follows it with the receipt's query code ${receipt.queryCode}: ` +
      `${apiUrl}/console/#/public/progress, or curl -H 'X-Query-Code: ${receipt.queryCode}' ` +
      `${apiUrl}/v1/public/cases/${caseId}/progress`,
  );
  log(
    `demo: its licence verifies without a key: GET ${apiUrl}/v1/licences/${encodeURIComponent(`DEMO-施工许可-${caseId}`)}/verify`,
  );
}
