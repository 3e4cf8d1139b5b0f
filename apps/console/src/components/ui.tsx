import { useId, type ReactNode } from 'react';
import { ApiFailure } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** 预警 / 黄牌 / 红牌 as a coloured badge with its words (colour is never the only sign). */
export function LevelBadge({ level }: { level: string | undefined }) {
  const { label } = useI18n();
  const value = level ?? 'none';
  return <span className={`badge level-${value}`}>{label('level', value)}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const { label } = useI18n();
  return <span className={`badge status-${status}`}>{label('status', status)}</span>;
}

/** The rule in the console's language when the catalogue knows it, then the engine's own words (with the details). */
function Reason({ label, rule, message }: { label: string; rule: string; message: string }) {
  return label === rule ? (
    <>{message}</>
  ) : (
    <>
      {label} <span className="muted">({message})</span>
    </>
  );
}

/** The engine's words for a field it refused, shown next to the field. */
export function FieldErrors({ failure, field, id }: { failure: unknown; field: string; id?: string }) {
  const { label } = useI18n();
  const problems = failure instanceof ApiFailure ? failure.forField(field) : [];
  if (problems.length === 0) return null;
  return (
    <ul className="field-errors" id={id} role="alert">
      {problems.map((problem, index) => (
        <li key={index}>
          <Reason label={label('refusal', problem.rule)} rule={problem.rule} message={problem.message} />
        </li>
      ))}
    </ul>
  );
}

/** One choice of several as radio buttons under a legend; the engine's refusal for `field` sits under them. */
export function RadioGroup<T extends string>({
  legend,
  name,
  choices,
  value,
  onChange,
  labelOf,
  failure,
  field,
}: {
  legend: string;
  name: string;
  choices: readonly T[];
  value: T;
  onChange: (value: T) => void;
  labelOf: (value: T) => string;
  failure?: unknown;
  field: string;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice} className="radio">
          <input type="radio" name={name} value={choice} checked={value === choice} onChange={() => onChange(choice)} />{' '}
          {labelOf(choice)}
        </label>
      ))}
      <FieldErrors failure={failure} field={field} />
    </fieldset>
  );
}

/** A labelled select whose first choice is 全部 (any, the empty value): the filters of lists, archives, statistics. */
export function AnySelect({
  label,
  field,
  failure,
  value,
  onChange,
  options,
}: {
  label: string;
  field: string;
  failure?: unknown;
  value: string;
  onChange: (value: string) => void;
  options: ReadonlyArray<readonly [value: string, text: string]>;
}) {
  const { t } = useI18n();
  return (
    <Field label={label} field={field} failure={failure}>
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">{t('common.any')}</option>
          {options.map(([option, text]) => (
            <option key={option} value={option}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A labelled control; the engine's refusal for `field` (if any) sits under it and describes it. */
export function Field({
  label,
  field,
  failure,
  hint,
  children,
}: {
  label: string;
  field?: string;
  failure?: unknown;
  hint?: string;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const id = useId();
  const errorsId = `${id}-errors`;
  const invalid = field !== undefined && failure instanceof ApiFailure && failure.forField(field).length > 0;
  return (
    <div className={`field${invalid ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(invalid ? { 'aria-describedby': errorsId, 'aria-invalid': true } : {}) })}
      {hint ? <small className="hint">{hint}</small> : null}
      {field ? <FieldErrors failure={failure} field={field} id={errorsId} /> : null}
    </div>
  );
}

/** A failure not tied to one field: its code and the engine's words. */
export function ErrorNote({ failure }: { failure: unknown }) {
  const { t, label } = useI18n();
  if (!failure) return null;
  const message = failure instanceof Error ? failure.message : JSON.stringify(failure);
  const code = failure instanceof ApiFailure ? failure.code : undefined;
  return (
    <p className="error-note" role="alert">
      {t('common.refused')} {code ? <code>{code}</code> : null}{' '}
      {code ? <Reason label={label('refusal', code)} rule={code} message={message} /> : message}
    </p>
  );
}

export function Loading({ when }: { when: boolean }) {
  const { t } = useI18n();
  return when ? (
    <p className="loading" aria-live="polite">
      {t('common.loading')}
    </p>
  ) : null;
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={id}>
      <header className="panel-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** One figure of a `<ul className="tiles">`: its count over its label. */
export function Tile({ count, label, testId }: { count: string | number; label: string; testId?: string }) {
  return (
    <li className="tile">
      <span className="tile-count" data-testid={testId}>
        {count}
      </span>
      <span className="tile-label">{label}</span>
    </li>
  );
}
