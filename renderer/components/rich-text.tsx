// Text from the master as people should read it: ANSI colours drawn (never as raw codes), and
// UTC timestamps inside messages shown in local time (UTC on hover).
import { ansiSpans } from '../log/ansi.ts';
import { LocalTime } from './local-time.tsx';

export function AnsiText({ text }: { text: string }) {
  return (
    <span className="ansi-text">
      {text.split('\n').map((line, i) => (
        <span key={i} className="ansi-line">{ansiSpans(line).spans.map((s, k) => <span key={k} className={s.className || undefined} style={s.style}>{s.text}</span>)}</span>
      ))}
    </span>
  );
}

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

export function TextWithTimes({ text }: { text: string }) {
  const parts = text.split(ISO_TIME);
  const times = text.match(ISO_TIME) ?? [];
  return <>{parts.flatMap((p, i) => (i < times.length ? [p, <LocalTime key={i} iso={times[i]!} />] : [p]))}</>;
}
