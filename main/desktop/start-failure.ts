// A master that cannot start explains itself in a native dialog: what went wrong and how to
// fix it (the usual causes: the agent port is taken, the data directory is not writable, the
// config file is wrong), instead of a log line nobody sees.
import { ConfigError } from '../config.ts';

export interface StartContext {
  configFile: string;
  logFile: string | null;
}

export interface StartFailure {
  title: string;
  message: string;
}

export function explainStartFailure(err: unknown, ctx: StartContext): StartFailure {
  const reason = err instanceof Error ? err.message : String(err);
  const title = 'P4 Integrator cannot start';
  const seeLog = ctx.logFile ? `\n\nThe log has the details: ${ctx.logFile}` : '';
  if (err instanceof ConfigError) return { title, message: `The config file is not valid: ${reason}\n\nFix: correct ${ctx.configFile}, or move it away to start with the defaults.` };
  const port = /^(agent|metrics) port (\S+) is already in use/.exec(reason);
  if (port) {
    const [, which, address] = port;
    const key = which === 'agent' ? 'server.port' : 'monitoring.metrics_port';
    return {
      title,
      message: `The ${which} port ${address} is already in use, most likely by another P4 Integrator master on this machine (a headless one, or the app of another user).\n\nFix: stop that master, or give this one another port: set ${key} in ${ctx.configFile}.`,
    };
  }
  if (/^cannot listen for agents on/.test(reason)) {
    return { title, message: `The master ${reason}.\n\nFix: check server.host (an address of this machine) and server.port in ${ctx.configFile}.` };
  }
  if (/^data directory .* is not writable/.test(reason)) {
    return { title, message: `The ${reason}.\n\nFix: make that folder writable for you, or choose another one: set data_dir in ${ctx.configFile}.` };
  }
  if (/^The local agent cannot run/.test(reason)) {
    return { title, message: `${reason}\n\nFix: remove local_agent.enabled from ${ctx.configFile} (and do not pass --local-agent).` };
  }
  return { title, message: `The master could not start: ${reason}${seeLog}` };
}
