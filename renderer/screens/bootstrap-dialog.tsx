// The Bootstrap dialog: host (suggested from ~/.ssh/config), user, port, workspace, labels;
// then the bootstrap live from its events: steps, log lines, prompts answered here, a host key
// to trust by its SHA256 fingerprint, and the error in one sentence when it fails.
// Passwords and passphrases live only in their (uncontrolled) inputs: they are read on submit,
// sent, and the inputs cleared; no state, store or storage ever holds them.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { BootstrapDto, BootstrapPrompt, BootstrapStep, NewBootstrap } from '../../preload/api.ts';
import { ApiCallError, errorText } from '../api/api-call-error.ts';
import { FormField } from '../components/form-field.tsx';
import { useActions, useApp } from '../app-context.tsx';
import { TERMINAL_BOOTSTRAP } from '../store/bootstraps-slice.ts';

interface BootstrapForm {
  host: string;
  user: string;
  port: string;
  workspace: string;
  labels: string;
}

type FormErrors = Partial<Record<keyof BootstrapForm | 'form', string>>;

const EMPTY: BootstrapForm = { host: '', user: '', port: '', workspace: '', labels: '' };

export function BootstrapDialog({ following }: { following: string | null }) {
  const { closeBootstrapDialog, openBootstrapDialog, loadSshHosts } = useActions();
  const bootstrap = useApp((s) => (following ? s.bootstraps[following] : undefined));
  const [form, setForm] = useState<BootstrapForm>(EMPTY);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
    void loadSshHosts();
  }, [loadSshHosts]);

  /** Back to the form, filled with what a failed bootstrap asked for. */
  const retry = (b: BootstrapDto) => {
    setForm({
      host: b.request.host,
      user: b.request.user ?? '',
      port: b.request.port ? String(b.request.port) : '',
      workspace: b.request.workspace,
      labels: (b.request.labels ?? []).join(', '),
    });
    openBootstrapDialog(null);
  };

  return (
    <dialog ref={dialog} className="dialog bootstrap-dialog" onClose={closeBootstrapDialog} aria-labelledby="bootstrap-title" data-state={following ? (bootstrap?.state ?? 'starting') : 'form'}>
      {following === null ? (
        <BootstrapFormView form={form} setForm={setForm} onCancel={() => dialog.current?.close()} />
      ) : (
        <BootstrapProgress id={following} bootstrap={bootstrap} onClose={() => dialog.current?.close()} onRetry={retry} />
      )}
    </dialog>
  );
}

function BootstrapFormView({ form, setForm, onCancel }: { form: BootstrapForm; setForm: (f: BootstrapForm) => void; onCancel: () => void }) {
  const hosts = useApp((s) => s.sshHosts);
  const { startBootstrap } = useActions();
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (key: keyof BootstrapForm) => (e: { target: { value: string } }) => {
    setForm({ ...form, [key]: e.target.value });
    if (errors[key]) setErrors({ ...errors, [key]: undefined });
  };
  const known = hosts.find((h) => h.alias === form.host.trim());

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = toNewBootstrap(form);
    if ('errors' in parsed) return setErrors(parsed.errors);
    setBusy(true);
    setErrors({});
    try {
      await startBootstrap(parsed.input);
    } catch (err) {
      const field = err instanceof ApiCallError && err.field ? (err.field.split('.').at(-1) as keyof BootstrapForm) : null;
      setErrors(field && field in EMPTY ? { [field]: (err as ApiCallError).reason } : { form: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof BootstrapForm, label: string, input: ReactNode, hint?: ReactNode) => <FormField name={key} label={label} error={errors[key]} hint={hint}>{input}</FormField>;
  const text = (key: keyof BootstrapForm, label: string, hint?: ReactNode, placeholder?: string, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) =>
    field(key, label, <input name={key} value={form[key]} onChange={set(key)} placeholder={placeholder} aria-invalid={Boolean(errors[key])} autoComplete="off" {...extra} />, hint);

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="bootstrap-title">Bootstrap an agent over SSH</h2>
      <p className="muted small">Connects with your SSH keys and ~/.ssh/config, checks the host key, installs the agent (and Node if the host has none), starts it and waits until it is online.</p>
      {errors.form && <p className="error" role="alert">{errors.form}</p>}
      <div className="grid-2">
        {text('host', 'Host', known ? <>→ <span className="mono">{known.user}@{known.host_name}:{known.port}</span> from ~/.ssh/config</> : hosts.length ? `an alias from ~/.ssh/config (${hosts.length}) or any host name` : 'a host name or an alias from ~/.ssh/config', 'build-01', { list: 'ssh-hosts', autoFocus: true })}
        {text('workspace', 'Workspace', 'absolute path on the host; the agent\'s default directory', '/build/ws')}
        {text('user', 'User', known ? `optional (config says ${known.user})` : 'optional: default from ~/.ssh/config or your login', known?.user)}
        {text('port', 'Port', known ? `optional (config says ${known.port})` : 'optional: default 22', known ? String(known.port) : '22', { inputMode: 'numeric' })}
        {text('labels', 'Labels', 'comma separated; jobs can ask for them', 'linux, fast')}
      </div>
      <datalist id="ssh-hosts">
        {hosts.map((h) => <option key={h.alias} value={h.alias}>{`${h.user}@${h.host_name}:${h.port}`}</option>)}
      </datalist>
      <footer className="dialog-actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Starting…' : 'Bootstrap'}</button>
      </footer>
    </form>
  );
}

function toNewBootstrap(form: BootstrapForm): { input: NewBootstrap } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const host = form.host.trim();
  const workspace = form.workspace.trim();
  if (!host) errors.host = 'a host is required';
  if (!workspace) errors.workspace = 'a workspace directory is required';
  let port: number | undefined;
  if (form.port.trim()) {
    port = Number(form.port.trim());
    if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = 'a port number (1-65535)';
  }
  if (Object.keys(errors).length) return { errors };
  const labels = form.labels.split(/[,\s]+/).map((l) => l.trim()).filter(Boolean);
  const input: NewBootstrap = { host, workspace };
  if (form.user.trim()) input.user = form.user.trim();
  if (port !== undefined) input.port = port;
  if (labels.length) input.labels = labels;
  return { input };
}

const STEP_ORDER: BootstrapStep[] = ['connect', 'check_shell', 'probe', 'install', 'stop', 'start', 'register'];
const STEP_TEXT: Record<BootstrapStep, string> = {
  queued: 'Queued',
  connect: 'Connect over SSH',
  check_shell: 'Check the login shell',
  probe: 'Probe the host (OS, Node)',
  install: 'Install Node and the agent',
  stop: 'Stop the agent',
  start: 'Start the agent',
  register: 'Wait until it is online',
  finished: 'Finished',
};
const TITLE: Record<BootstrapDto['action'], string> = { start: 'Bootstrap', restart: 'Restart', stop: 'Stop' };

function stepsOf(b: BootstrapDto): BootstrapStep[] {
  const seen = new Set(b.log.map((l) => l.step));
  const wanted = b.action === 'stop' ? new Set<BootstrapStep>(['connect', 'stop']) : new Set<BootstrapStep>(['connect', 'check_shell', 'probe', 'install', 'start', 'register']);
  return STEP_ORDER.filter((s) => wanted.has(s) || seen.has(s));
}

function stepState(b: BootstrapDto, steps: BootstrapStep[], step: BootstrapStep): 'done' | 'current' | 'failed' | 'pending' | 'skipped' {
  const seen = b.log.some((l) => l.step === step);
  if (b.step === 'finished') return b.state === 'done' ? (seen ? 'done' : 'skipped') : seen ? 'done' : 'pending';
  const here = steps.indexOf(b.step);
  const at = steps.indexOf(step);
  if (at < here) return 'done';
  if (at === here) return b.state === 'failed' || b.state === 'cancelled' ? 'failed' : 'current';
  return 'pending';
}

function BootstrapProgress({ id, bootstrap: b, onClose, onRetry }: { id: string; bootstrap: BootstrapDto | undefined; onClose: () => void; onRetry: (b: BootstrapDto) => void }) {
  const { cancelBootstrap } = useActions();
  const [actionError, setActionError] = useState<string | null>(null);
  const log = useRef<HTMLOListElement>(null);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [b?.log.length]);
  if (!b) {
    return <div className="bootstrap-body"><h2 id="bootstrap-title">Bootstrap</h2><p className="muted">Starting…</p></div>;
  }
  const ended = TERMINAL_BOOTSTRAP.has(b.state);
  const steps = stepsOf(b);
  const t0 = Date.parse(b.created_at);
  const cancel = async () => {
    setActionError(null);
    try {
      await cancelBootstrap(id);
    } catch (err) {
      setActionError(errorText(err));
    }
  };
  return (
    <div className="bootstrap-body" data-bootstrap-id={b.bootstrap_id}>
      <h2 id="bootstrap-title">{TITLE[b.action]} <span className="mono">{b.agent_id}</span></h2>
      <p className="muted small">
        {b.target ? <span className="mono">{b.target.user}@{b.target.host_name}:{b.target.port}</span> : <span className="mono">{b.request.host}</span>}
        {b.target && b.target.via.length > 0 && <> via <span className="mono">{b.target.via.join(' → ')}</span></>}
        {' · '}workspace <span className="mono">{b.request.workspace}</span>
        {b.request.labels?.length ? <> · labels {b.request.labels.join(', ')}</> : null}
      </p>
      <ol className="bootstrap-steps">
        {steps.map((s) => {
          const st = stepState(b, steps, s);
          return <li key={s} className={`bstep bstep-${st}`} data-step={s} data-step-state={st}>{STEP_TEXT[s]}</li>;
        })}
      </ol>
      <StateBanner b={b} />
      {b.state === 'needs_host_key' && b.host_key && <HostKeyStop b={b} onCancel={() => void cancel()} />}
      {b.state === 'waiting_input' && b.prompt && <PromptForm key={b.prompt.prompt_id} id={id} prompt={b.prompt} />}
      {actionError && <p className="error" role="alert">{actionError}</p>}
      <ol className="bootstrap-log mono" ref={log} aria-label="Bootstrap log">
        {b.log.map((l, i) => (
          <li key={i}><span className="muted">+{((Date.parse(l.at) - t0) / 1000).toFixed(1)} s</span> <span className="log-step">{l.step}</span> {l.message}</li>
        ))}
      </ol>
      <footer className="dialog-actions">
        {ended && b.state !== 'done' && b.action === 'start' && <button type="button" onClick={() => onRetry(b)}>Edit and retry</button>}
        {!ended && b.state !== 'needs_host_key' && <button type="button" className="danger" onClick={() => void cancel()}>Cancel bootstrap</button>}
        <button type="button" className={ended ? 'primary' : undefined} onClick={onClose} title={ended ? undefined : 'It goes on in the background; open it again from Recent bootstraps'}>{ended ? 'Close' : 'Hide'}</button>
      </footer>
    </div>
  );
}

function StateBanner({ b }: { b: BootstrapDto }) {
  switch (b.state) {
    case 'running':
      return <p className="bootstrap-state state-running">{STEP_TEXT[b.step]}…</p>;
    case 'waiting_input':
      return <p className="bootstrap-state state-waiting">SSH asks for an answer.</p>;
    case 'needs_host_key':
      return null;
    case 'done':
      return (
        <p className="bootstrap-state state-done" role="status">
          {b.action === 'stop' ? <>Agent <b>{b.agent_id}</b> stopped.</> : b.reused ? <>Agent <b>{b.agent_id}</b> was already running this version: kept it.</> : <>Agent <b>{b.agent_id}</b> is online.</>}
          {b.duration_ms !== null && <span className="muted"> ({(b.duration_ms / 1000).toFixed(1)} s{b.uploaded.node_runtime ? ', Node runtime uploaded' : ''}{b.uploaded.agent_bundle ? ', agent copied' : ''}{b.tunnel_port ? `, over an SSH reverse tunnel (port ${b.tunnel_port})` : ''})</span>}
        </p>
      );
    case 'failed':
      return <p className="bootstrap-state state-failed error" role="alert">Failed at “{STEP_TEXT[b.step] ?? b.step}”: {b.error ?? 'no reason given'}</p>;
    case 'cancelled':
      return <p className="bootstrap-state state-cancelled" role="status">Cancelled.{b.error ? ` ${b.error}` : ''}</p>;
  }
}

/** The host key stop: nothing ran on the host yet; trusting writes the key to the app's known_hosts. */
function HostKeyStop({ b, onCancel }: { b: BootstrapDto; onCancel: () => void }) {
  const { approveHostKey } = useActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = b.host_key!;
  const changed = key.status === 'changed';
  const trust = async () => {
    setBusy(true);
    setError(null);
    try {
      await approveHostKey(b.bootstrap_id, key.fingerprint);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={`host-key host-key-${key.status}`} role="alert" data-status={key.status}>
      <h3>{changed ? 'WARNING: the host key has changed' : 'Unknown host key'}</h3>
      <p>
        <span className="mono">{key.host}</span> presented {changed ? 'a different' : 'a'} <span className="mono">{key.key_type}</span> key{changed ? ' from the one recorded in known_hosts' : ' that is in none of your known_hosts files'}. Nothing has run on the host.
      </p>
      <div className="fingerprint-box">
        <span className="field-label">Fingerprint</span>
        <code className="fingerprint host-key-fingerprint copyable">{key.fingerprint}</code>
      </div>
      {changed && key.known.length > 0 && (
        <div className="fingerprint-box">
          <span className="field-label">Recorded before</span>
          {key.known.map((k) => <code key={k.fingerprint} className="fingerprint known-fingerprint">{k.type} {k.fingerprint}</code>)}
        </div>
      )}
      <p className="small muted">Compare it with the host's own, e.g. <code>ssh-keygen -lf /etc/ssh/ssh_host_{key.key_type.replace(/^ssh-/, '').replace(/^ecdsa-.*/, 'ecdsa')}_key.pub</code> run on the host{changed ? ': a changed key may mean the host was reinstalled — or that someone is in the middle.' : '.'}</p>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="row">
        <button type="button" className={changed ? 'danger' : 'primary'} disabled={busy} onClick={() => void trust()}>Trust this key</button>
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </div>
  );
}

/** One input per question; secret ones are password inputs, never held in state. */
function PromptForm({ id, prompt }: { id: string; prompt: BootstrapPrompt }) {
  const { answerBootstrap } = useActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const answers = prompt.questions.map((_q, i) => (formEl.elements.namedItem(`answer-${i}`) as HTMLInputElement).value);
    setBusy(true);
    setError(null);
    try {
      await answerBootstrap(id, prompt.prompt_id, answers);
      formEl.reset();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const label = prompt.kind === 'passphrase' ? 'Key passphrase' : prompt.kind === 'password' ? 'Password' : 'SSH asks';
  return (
    <form className="bootstrap-prompt" onSubmit={(e) => void submit(e)} data-kind={prompt.kind}>
      <h3>{label}{prompt.title ? `: ${prompt.title}` : ''}</h3>
      {prompt.instructions && <p className="small">{prompt.instructions}</p>}
      {prompt.questions.map((q, i) => (
        <label key={i} className="field">
          <span className="field-label">{q.text}</span>
          <input name={`answer-${i}`} type={q.echo ? 'text' : 'password'} autoComplete="off" autoFocus={i === 0} />
        </label>
      ))}
      <p className="muted small">Sent once to SSH; never stored or logged.</p>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="row"><button type="submit" className="primary" disabled={busy}>{busy ? 'Sending…' : 'Send'}</button></div>
    </form>
  );
}
