import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { api, unwrap, type Schemas } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { ErrorNote, Field, Section, Tile } from '../../components/ui';
import { dateTime } from '../../format';
import { useAction, useLoad } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';
import { useMe } from '../../session';
import type { Overview } from './Supervision';

type Complaint = Schemas['Complaint'];
type Record = Schemas['AccountabilityRecord'];

const complaintColumn = createColumnHelper<Complaint>();
const recordColumn = createColumnHelper<Record>();

const caseLink = (caseId: string) => <Link href={`/cases/${encodeURIComponent(caseId)}`}>{caseId}</Link>;

/** A supervisor's answer to an open complaint: which one, the finding (成立 / 不成立), what the applicant is told. */
function AnswerForm({ open, onDone }: { open: Complaint[]; onDone: () => void }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState('');
  const [finding, setFinding] = useState<'upheld' | 'not-upheld'>('upheld');
  const [answer, setAnswer] = useState('');
  const id = open.some((complaint) => complaint.id === chosen) ? chosen : (open[0]?.id ?? '');
  const send = useAction(async () => {
    unwrap(await api.POST('/v1/complaints/{id}/answer', { params: { path: { id } }, body: { finding, answer } }));
    setAnswer('');
    onDone();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send.run();
  };
  if (open.length === 0) return null;
  return (
    <form onSubmit={submit} className="opinion-form" aria-label={t('complaints.answerForm')}>
      <Field label={t('complaints.which')}>
        {(props) => (
          <select {...props} value={id} onChange={(e) => setChosen(e.target.value)}>
            {open.map((complaint) => (
              <option key={complaint.id} value={complaint.id}>
                {complaint.caseId} · {complaint.subject.slice(0, 40)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('complaints.finding')} field="finding" failure={send.failure}>
        {(props) => (
          <select {...props} value={finding} onChange={(e) => setFinding(e.target.value as typeof finding)}>
            <option value="upheld">{t('complaints.finding.upheld')}</option>
            <option value="not-upheld">{t('complaints.finding.not-upheld')}</option>
          </select>
        )}
      </Field>
      <Field label={t('complaints.answer')} field="answer" failure={send.failure}>
        {(props) => <input {...props} value={answer} onChange={(e) => setAnswer(e.target.value)} />}
      </Field>
      <ErrorNote failure={send.failure} />
      <button type="submit" disabled={send.running}>
        {t('complaints.send')}
      </button>
    </form>
  );
}

/** A supervisor's finding on an open record: which one, 过错 / 无过错, the reasons, the measure taken. */
function CloseForm({ open, onDone }: { open: Record[]; onDone: () => void }) {
  const { t } = useI18n();
  const reference = useReference();
  const [chosen, setChosen] = useState('');
  const [finding, setFinding] = useState<'at-fault' | 'no-fault'>('at-fault');
  const [reasons, setReasons] = useState('');
  const [measure, setMeasure] = useState('');
  const id = open.some((record) => record.id === chosen) ? chosen : (open[0]?.id ?? '');
  const send = useAction(async () => {
    unwrap(
      await api.POST('/v1/accountability/{id}/close', {
        params: { path: { id } },
        body: { finding, reasons, ...(measure.trim() ? { measure } : {}) },
      }),
    );
    setReasons('');
    setMeasure('');
    onDone();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send.run();
  };
  if (open.length === 0) return null;
  return (
    <form onSubmit={submit} className="opinion-form" aria-label={t('accountability.closeForm')}>
      <Field label={t('accountability.which')}>
        {(props) => (
          <select {...props} value={id} onChange={(e) => setChosen(e.target.value)}>
            {open.map((record) => (
              <option key={record.id} value={record.id}>
                {record.caseId} · {reference.departmentName(record.department)} ·{' '}
                {t(`accountability.source.${record.source}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('accountability.finding')} field="finding" failure={send.failure}>
        {(props) => (
          <select {...props} value={finding} onChange={(e) => setFinding(e.target.value as typeof finding)}>
            <option value="at-fault">{t('accountability.finding.at-fault')}</option>
            <option value="no-fault">{t('accountability.finding.no-fault')}</option>
          </select>
        )}
      </Field>
      <Field label={t('accountability.reasons')} field="reasons" failure={send.failure}>
        {(props) => <input {...props} value={reasons} onChange={(e) => setReasons(e.target.value)} />}
      </Field>
      <Field label={t('accountability.measure')} field="measure" failure={send.failure}>
        {(props) => <input {...props} value={measure} onChange={(e) => setMeasure(e.target.value)} />}
      </Field>
      <ErrorNote failure={send.failure} />
      <button type="submit" disabled={send.running}>
        {t('accountability.close')}
      </button>
    </form>
  );
}

/**
 * 评议投诉 and 过错责任追究 in 电子监察: the figures, the complaints (a supervisor answers the open ones with a finding
 * told back to the applicant) and the accountability records a 红牌, a late 整改 or an upheld complaint opened (a
 * supervisor closes each with a finding, the reasons and the measure taken). Auditors read.
 */
export function Accountability({
  summary,
  onChanged,
}: {
  summary: Pick<Overview, 'complaints' | 'accountability'>;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const reference = useReference();
  const decides = useMe().role === 'supervisor';
  const complaints = useLoad(async () => unwrap(await api.GET('/v1/complaints', { params: { query: {} } })), []);
  const records = useLoad(async () => unwrap(await api.GET('/v1/accountability', { params: { query: {} } })), []);
  const changed = () => {
    complaints.reload();
    records.reload();
    onChanged();
  };
  const complaintColumns = useMemo(
    () => [
      complaintColumn.accessor('filedAt', {
        header: t('complaints.filedAt'),
        cell: (info) => dateTime(info.getValue()),
      }),
      complaintColumn.accessor('caseId', { header: t('complaints.case'), cell: (info) => caseLink(info.getValue()) }),
      complaintColumn.accessor((row) => row.departments.map(reference.departmentName).join('、'), {
        id: 'departments',
        header: t('case.department'),
      }),
      complaintColumn.accessor('subject', { header: t('complaints.subject') }),
      complaintColumn.accessor('deadline', {
        header: t('complaints.deadline'),
        cell: (info) => dateTime(info.getValue()),
      }),
      complaintColumn.accessor((row) => row.finding ?? '', {
        id: 'state',
        header: t('complaints.state'),
        cell: (info) => {
          const row = info.row.original;
          if (row.finding === null) return row.overdue ? t('complaints.overdue') : t('complaints.open');
          return `${t(`complaints.finding.${row.finding}`)} · ${row.onTime ? t('complaints.onTime') : t('complaints.late')}`;
        },
      }),
      complaintColumn.accessor((row) => row.answer ?? '', { id: 'answer', header: t('complaints.answer') }),
    ],
    [t, reference],
  );
  const recordColumns = useMemo(
    () => [
      recordColumn.accessor('openedAt', {
        header: t('accountability.openedAt'),
        cell: (info) => dateTime(info.getValue()),
      }),
      recordColumn.accessor('source', {
        header: t('accountability.source'),
        cell: (info) => t(`accountability.source.${info.getValue()}`),
      }),
      recordColumn.accessor('caseId', { header: t('complaints.case'), cell: (info) => caseLink(info.getValue()) }),
      recordColumn.accessor('department', {
        header: t('case.department'),
        cell: (info) => reference.departmentName(info.getValue()),
      }),
      recordColumn.accessor((row) => row.reviewer ?? '—', { id: 'reviewer', header: t('accountability.reviewer') }),
      recordColumn.accessor((row) => row.finding ?? '', {
        id: 'finding',
        header: t('accountability.finding'),
        cell: (info) => {
          const row = info.row.original;
          return row.finding === null ? t('accountability.open') : t(`accountability.finding.${row.finding}`);
        },
      }),
      recordColumn.accessor((row) => [row.reasons, row.measure].filter(Boolean).join('；'), {
        id: 'reasons',
        header: t('accountability.reasonsAndMeasure'),
      }),
    ],
    [t, reference],
  );
  const openComplaints = (complaints.data?.items ?? []).filter((complaint) => complaint.finding === null);
  const openRecords = (records.data?.items ?? []).filter((record) => record.finding === null);
  return (
    <>
      <Section title={t('complaints.title')}>
        <ul className="tiles">
          <Tile count={summary.complaints.filed} label={t('complaints.filed')} testId="complaints-filed" />
          <Tile
            count={summary.complaints.open}
            label={t('complaints.openCount', { overdue: summary.complaints.overdue })}
            testId="complaints-open"
          />
          <Tile count={summary.complaints.upheld} label={t('complaints.upheld')} />
          <Tile
            count={summary.accountability.open}
            label={t('accountability.openCount', { opened: summary.accountability.opened })}
            testId="accountability-open"
          />
          <Tile
            count={summary.accountability.atFault}
            label={t('accountability.atFault')}
            testId="accountability-at-fault"
          />
        </ul>
        <ErrorNote failure={complaints.error} />
        <DataTable
          caption={t('complaints.caption', { count: complaints.data?.items.length ?? 0 })}
          columns={complaintColumns}
          data={complaints.data?.items ?? []}
          rowKey={(row) => row.id}
        />
        {decides ? <AnswerForm open={openComplaints} onDone={changed} /> : null}
      </Section>
      <Section title={t('accountability.title')}>
        <ErrorNote failure={records.error} />
        <DataTable
          caption={t('accountability.caption', { count: records.data?.items.length ?? 0 })}
          columns={recordColumns}
          data={records.data?.items ?? []}
          rowKey={(row) => row.id}
        />
        {decides ? <CloseForm open={openRecords} onDone={changed} /> : null}
      </Section>
    </>
  );
}
