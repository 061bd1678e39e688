// One change at a time: the source changes of the job in order, each with its author, and
// where it is: submitted (with the number Perforce gave it), current (and what stops it), or
// still pending.
import type { ChainStepDto, JobDto } from '../../preload/api.ts';

const STATE_TEXT: Record<ChainStepDto['state'], string> = {
  submitted: 'submitted',
  current: 'current',
  pending: 'pending',
  nothing_to_integrate: 'nothing to integrate',
};

/** What the current step is doing, in the job's words. */
function currentText(job: JobDto): string {
  if (job.status === 'needs_resolve') return 'stopped: needs resolve';
  if (job.status === 'error') return 'stopped: error';
  if (job.status === 'cancelled') return 'stopped: cancelled';
  return `in ${job.stage}`;
}

export function ChainPanel({ job }: { job: JobDto }) {
  const chain = job.chain ?? [];
  if (chain.length === 0) return <p className="muted chain-empty">{job.status === 'done' ? 'No source change was pending.' : 'The source changes are listed before the first change is made.'}</p>;
  const done = chain.filter((s) => s.state === 'submitted' || s.state === 'nothing_to_integrate').length;
  return (
    <>
      <p className="muted small">{done} of {chain.length} source changes done, oldest first, each in its own change.</p>
      <ol className="chain-list">
        {chain.map((step) => (
          <li key={step.change} className={`chain-step chain-${step.state}`} data-change={step.change} data-state={step.state}>
            <span className={`badge chain-state status-${step.state === 'submitted' ? 'done' : step.state === 'current' ? (job.status === 'needs_resolve' ? 'needs_resolve' : 'running') : 'queued'}`}>{STATE_TEXT[step.state]}</span>
            <span className="mono">change {step.change}</span>
            <span className="chain-user">by {step.user}</span>
            <span className="ellipsis chain-description">{step.description.split('\n')[0]}</span>
            <span className="spacer" />
            <span className="muted small mono">
              {step.state === 'submitted' ? `submitted as ${step.submitted_change}` : step.state === 'current' ? `${currentText(job)}${step.changelist !== null ? ` · change ${step.changelist}` : ''}` : ''}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
