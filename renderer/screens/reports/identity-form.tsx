/** Creating a signing identity: a self-signed certificate kept under a passphrase on this machine. */
import { useState, type FormEvent } from 'react';
import type { IdentitySummary } from '../../../shared/api/index.js';
import { call, fieldErrors } from '../../app/api.js';
import { ErrorNote } from '../../components/error-note.js';
import { Field } from '../../components/field.js';

export function IdentityForm({ onCreated, onCancel }: { onCreated(identity: IdentitySummary): void; onCancel(): void }) {
  const [name, setName] = useState('');
  const [org, setOrg] = useState('');
  const [email, setEmail] = useState('');
  const [keyType, setKeyType] = useState<'rsa-3072' | 'ec-p256'>('rsa-3072');
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'The signer name is required.';
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) local.email = 'Give an e-mail address.';
    if (passphrase.length < 8) local.passphrase = 'Use at least 8 characters.';
    else if (passphrase !== again) local.again = 'The two passphrases differ.';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const identity = await call('identities.create', { name: name.trim(), org: org.trim(), email: email.trim(), keyType, passphrase });
      setPassphrase('');
      setAgain('');
      onCreated(identity);
    } catch (e) {
      const byField = fieldErrors(e);
      if (Object.keys(byField).some((k) => k !== '')) setErrors(byField);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form-grid identity-form" onSubmit={(e) => void submit(e)} noValidate data-testid="identity-form">
      <Field label="Signer name" error={errors.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />}
      </Field>
      <Field label="Organisation" error={errors.org}>
        {(p) => <input {...p} value={org} onChange={(e) => setOrg(e.target.value)} autoComplete="organization" />}
      </Field>
      <Field label="E-mail" error={errors.email}>
        {(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" />}
      </Field>
      <Field label="Key" error={errors.keyType}>
        {(p) => (
          <select {...p} value={keyType} onChange={(e) => setKeyType(e.target.value as 'rsa-3072' | 'ec-p256')}>
            <option value="rsa-3072">RSA 3072</option>
          </select>
        )}
      </Field>
      <Field label="Passphrase" error={errors.passphrase} hint="Protects the key; asked for every signature. It cannot be recovered.">
        {(p) => <input {...p} type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="new-password" />}
      </Field>
      <Field label="Passphrase again" error={errors.again}>
        {(p) => <input {...p} type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" />}
      </Field>
      <div className="form-actions field-wide">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="identity-create">
          {busy ? 'Creating the key…' : 'Create identity'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorNote error={error ?? errors[''] ?? null} title="The identity was not created" />
    </form>
  );
}
