/**
 * The manual checklist: the questions automated evidence cannot answer, each with the auditor's
 * answer (yes / no / partial / not applicable), a note and the evidence files it cites. Every
 * answer is recorded in the audit log.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { EvidenceRecord } from '../../shared/api/index.js';
import { call, fieldErrors } from '../app/api.js';
import { formatDateTime } from '../app/format.js';
import type { Route } from '../app/navigation.js';
import { useCall } from '../app/use-call.js';
import { CHECKLIST_ANSWERS, CHECKLIST_ANSWER_LABEL, type ChecklistAnswerValue } from '../app/vocabulary.js';
import { ErrorNote, Loading } from '../components/error-note.js';
import { Field } from '../components/field.js';

type Item = { id: string; title: string; question: string; controls: string[]; why: string; answer: { answer: ChecklistAnswerValue; note: string; evidenceIds: number[]; actor: string; answeredAt: string } | null };

export function ChecklistScreen({ route }: { route: Extract<Route, { screen: 'checklist' }> }) {
  const items = useCall('checklist.items', {}, { refreshOn: ['checklist'] });
  const evidence = useCall('evidence.list', {}, { refreshOn: ['evidence'] });
  const [onlyOpen, setOnlyOpen] = useState(false);

  if (!items.data) {
    return (
      <div>
        {items.loading && <Loading what="the checklist" />}
        <ErrorNote error={items.error} title="The checklist could not be read" />
      </div>
    );
  }
  const all = items.data.items as Item[];
  const answered = all.filter((i) => i.answer !== null).length;
  const shown = onlyOpen ? all.filter((i) => i.answer === null) : all;
  return (
    <div className="checklist">
      <div className="toolbar">
        <p>
          <strong>{answered}</strong> of {all.length} answered.
        </p>
        <label className="check">
          <input type="checkbox" checked={onlyOpen} onChange={(e) => setOnlyOpen(e.target.checked)} /> Only unanswered
        </label>
      </div>
      <ErrorNote error={evidence.error} title="The evidence list could not be read" />
      <ol className="checklist-items">
        {shown.map((item) => (
          <ChecklistItem key={item.id} item={item} evidence={evidence.data?.items ?? []} focus={route.item === item.id} />
        ))}
      </ol>
    </div>
  );
}

function ChecklistItem({ item, evidence, focus }: { item: Item; evidence: readonly EvidenceRecord[]; focus: boolean }) {
  const [answer, setAnswer] = useState<ChecklistAnswerValue | null>(item.answer?.answer ?? null);
  const [note, setNote] = useState(item.answer?.note ?? '');
  const [cited, setCited] = useState<number[]>(item.answer?.evidenceIds ?? []);
  const [error, setError] = useState<unknown>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLLIElement>(null);

  useEffect(() => {
    if (focus) {
      ref.current?.scrollIntoView({ block: 'center' });
      ref.current?.querySelector<HTMLInputElement>('input')?.focus();
    }
  }, [focus]);

  const dirty = answer !== (item.answer?.answer ?? null) || note !== (item.answer?.note ?? '') || cited.join() !== (item.answer?.evidenceIds ?? []).join();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setError(null);
    if (!answer) {
      setErrors({ answer: 'Choose an answer.' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await call('checklist.answer', { itemId: item.id, answer, note, evidenceIds: cited });
      setSaved(true);
    } catch (e) {
      const byField = fieldErrors(e);
      if (byField.note || byField.evidenceIds) setErrors(byField);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  const headingId = `chk-${item.id}`;
  return (
    <li ref={ref} className={`panel checklist-item${focus ? ' is-focus' : ''}`} aria-labelledby={headingId} data-testid={`checklist-${item.id}`}>
      <h3 id={headingId}>
        {item.title} <span className="muted small">{item.controls.join(', ')}</span>
      </h3>
      <p className="question">{item.question}</p>
      <p className="muted small">Why a person answers this: {item.why}</p>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset className="segmented" aria-invalid={Boolean(errors.answer)}>
          <legend className="visually-hidden">Answer</legend>
          {CHECKLIST_ANSWERS.map((value) => (
            <label key={value} className={`segment answer-${value.replace('/', '')}${answer === value ? ' is-on' : ''}`}>
              <input type="radio" name={`answer-${item.id}`} value={value} checked={answer === value} onChange={() => setAnswer(value)} />
              {CHECKLIST_ANSWER_LABEL[value]}
            </label>
          ))}
        </fieldset>
        {errors.answer && (
          <p className="field-error" role="alert">
            {errors.answer}
          </p>
        )}
        <Field label="Note" error={errors.note}>
          {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        {evidence.length > 0 && (
          <fieldset className="cited">
            <legend>Evidence cited</legend>
            {evidence.map((e) => (
              <label key={e.id} className="check">
                <input
                  type="checkbox"
                  checked={cited.includes(e.id)}
                  onChange={(ev) => setCited((c) => (ev.target.checked ? [...c, e.id] : c.filter((id) => id !== e.id)))}
                />{' '}
                {e.name}
              </label>
            ))}
          </fieldset>
        )}
        {errors.evidenceIds && (
          <p className="field-error" role="alert">
            {errors.evidenceIds}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy || !dirty}>
            Save answer
          </button>
          {saved && !dirty && (
            <span className="ok-text" role="status">
              Saved.
            </span>
          )}
          {item.answer && (
            <span className="muted small">
              Answered {CHECKLIST_ANSWER_LABEL[item.answer.answer].toLowerCase()} by {item.answer.actor}, {formatDateTime(item.answer.answeredAt)}
            </span>
          )}
        </div>
        <ErrorNote error={error} title="The answer was not saved" />
      </form>
    </li>
  );
}
