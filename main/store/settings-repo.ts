// The master's own settings (key → JSON value): choices made in the app that every face shares.
import type { Db } from './database.ts';

export class SettingsRepo {
  private readonly select;
  private readonly upsert;

  constructor(db: Db) {
    this.select = db.prepare('SELECT value_json FROM settings WHERE key = ?');
    this.upsert = db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json');
  }

  /** The stored value, or undefined when the key was never set. */
  get(key: string): unknown {
    const row = this.select.get(key) as { value_json: string } | undefined;
    return row ? (JSON.parse(row.value_json) as unknown) : undefined;
  }

  set(key: string, value: unknown): void {
    this.upsert.run(key, JSON.stringify(value));
  }
}
