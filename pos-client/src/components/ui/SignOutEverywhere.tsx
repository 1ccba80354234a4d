/**
 * "Sign out everywhere": ends every session of the signed-in person (this one included), for a lost laptop
 * or a shared computer. Asks first; `signOutEverywhere` is the console's call, `onDone` leads to sign-in.
 */
import { useState } from 'react';

export function SignOutEverywhere({
  signOutEverywhere,
  onDone,
}: {
  signOutEverywhere: () => Promise<void>;
  onDone: () => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button small"
        onClick={() => {
          if (!window.confirm('Sign out on every computer and phone where you are signed in?')) return;
          signOutEverywhere().then(onDone, (failure: unknown) =>
            setProblem(failure instanceof Error ? failure.message : String(failure)),
          );
        }}
      >
        Sign out everywhere
      </button>
      {problem && (
        <span role="alert" className="error">
          {problem}
        </span>
      )}
    </>
  );
}
