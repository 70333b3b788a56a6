import type { AccountFailure } from '../../../shared/messages';

interface Props {
  id: string;
  label: string;
  /** The API's field name, to show its messages under this input. */
  field: string;
  type?: string;
  autocomplete?: string;
  value: string;
  onInput: (value: string) => void;
  error: AccountFailure | null;
}

/** A labelled input that shows the server's messages for its field and is marked invalid. */
export function Field({ id, label, field, type = 'text', autocomplete, value, onInput, error }: Props) {
  const problems = error?.fields?.[field] ?? [];
  return (
    <div class="account-field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={field}
        type={type}
        autocomplete={autocomplete}
        value={value}
        aria-invalid={problems.length > 0}
        aria-describedby={problems.length ? `${id}-problems` : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {problems.length > 0 && (
        <ul id={`${id}-problems`} class="account-field__problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
