// The read-only settings screen's data: ports, data directory and the effective pipeline
// (built-in templates with the site's pipeline.yaml overrides applied).
import { join } from 'node:path';
import type { SettingsDto } from '../../preload/api.ts';
import { DEFAULT_LIMITS } from '../jobs/decisions.ts';
import { COMMAND_STAGES, DEFAULT_TEMPLATES, PIPELINE_FILE, type Pipeline } from '../jobs/pipeline-templates.ts';

export interface SettingsSource {
  version: string;
  dataDir: string;
  agentPort: number;
  agentHost: string;
  localAgent: boolean;
  httpPort: number | null;
  pipeline: Pipeline;
}

export function settingsView(src: SettingsSource): SettingsDto {
  return {
    version: src.version,
    data_dir: src.dataDir,
    agent_port: src.agentPort,
    agent_host: src.agentHost,
    local_agent: src.localAgent,
    http_port: src.httpPort,
    pipeline_file: join(src.dataDir, PIPELINE_FILE),
    templates: COMMAND_STAGES.map((stage) => {
      const t = src.pipeline.templates[stage];
      return {
        stage,
        command: 'argv' in t ? t.argv.join(' ') : (t.display ?? t.shell),
        // loadPipeline copies the site's objects over the defaults, so identity says "overridden".
        custom: t !== DEFAULT_TEMPLATES[stage],
      };
    }),
    timeouts_s: { ...src.pipeline.timeoutsS } as Record<string, number>,
    retry_limits: { ...DEFAULT_LIMITS, ...src.pipeline.limits } as unknown as Record<string, number>,
  };
}
