import { useId, type ReactNode } from 'react';

/**
 * A labelled choice. The label names the select by id rather than wrapping it, so the select's
 * name is the label alone (a wrapping label would also read out every option).
 */
export function SelectField({
  label,
  value,
  onChange,
  children,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  className?: string;
}) {
  const id = useId();
  return (
    <span className={`select-field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>{' '}
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </span>
  );
}
