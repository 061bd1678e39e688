// The desktop's OS keychain (Electron safeStorage: Keychain on macOS, DPAPI on Windows, the
// Secret Service or KWallet on Linux) guards the key that seals secret env values, so a copy
// of the data directory alone does not open them. Where it is not available, or on Linux only
// with its "basic_text" fallback (a password built into Electron, no protection), the master
// keeps its 0600 key file.
import { safeStorage } from 'electron';
import type { Keychain } from '../security/secret-box.ts';

/** Call once the app is ready (safeStorage answers only then); null: keep the key file. */
export function osKeychain(platform: NodeJS.Platform): Keychain | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    name: 'the OS keychain (Electron safeStorage)',
    encrypt: (key) => safeStorage.encryptString(key.toString('base64')),
    decrypt: (data) => Buffer.from(safeStorage.decryptString(data), 'base64'),
  };
}
