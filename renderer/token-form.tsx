// Shown when the page was opened without its token: the user pastes the token file's content.
import { useState } from 'react';

export function TokenForm({ onToken, problem }: { onToken: (token: string) => void; problem?: string }) {
  const [token, setToken] = useState('');
  return (
    <form className="token-form card" onSubmit={(e) => { e.preventDefault(); if (token.trim()) onToken(token.trim()); }}>
      <h1>P4 Integrator</h1>
      <p>{problem ?? 'This page needs the master\'s API token.'} Open the link that <code>npm run master</code> printed, or paste the content of <code>&lt;data-dir&gt;/api-token</code>:</p>
      <input type="password" aria-label="API token" value={token} onChange={(e) => setToken(e.target.value)} autoFocus />
      <button type="submit" className="primary">Open</button>
    </form>
  );
}
