import type { DevKey } from './seed';

async function call(apiUrl: string, token: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return parsed;
}

/** A short demo case through the public HTTP API, so a fresh `npm start` shows the system working. */
export async function runDemo(apiUrl: string, keys: DevKey[], log: (message: string) => void): Promise<void> {
  const window = keys.find((key) => key.role === 'window');
  if (!window) return;
  const caseId = `DEMO-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
  log(`demo: starting case ${caseId} (land-and-start)`);
  await call(apiUrl, window.token, 'POST', '/v1/cases', {
    caseId,
    templateId: 'land-and-start',
    applicant: { name: '示例置业有限公司', creditCode: '91310000MA1FL0DEMO' },
    project: { name: '示例产业园一期', landParcel: 'DEMO-2026-01' },
    documents: [],
  });
  const state = await call(apiUrl, window.token, 'GET', `/v1/cases/${caseId}`);
  log(`demo: ${JSON.stringify(state)}`);
}
