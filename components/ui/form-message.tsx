import type { ReactNode } from "react";

// Test ids rather than role="alert" lookups: Next's route announcer is an alert too.

export function FormError({ children }: { children: ReactNode }) {
  return (
    <p data-testid="form-error" role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
      {children}
    </p>
  );
}

export function FormSuccess({ children }: { children: ReactNode }) {
  return (
    <p data-testid="form-success" role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
      {children}
    </p>
  );
}
