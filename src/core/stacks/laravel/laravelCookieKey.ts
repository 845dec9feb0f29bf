import { offsetAt } from '../../fixes/build/fileEdits';
import { GENERATED_PLACEHOLDER } from '../../fixes/build/generatedPlaceholder';
import { FileEdit } from '../../model';
import { envLookup, setEnvValue } from '../../read/env/envFile';
import { LaravelApp } from './laravelApp';

/**
 * The cookie driver keeps the whole session in a cookie encrypted with APP_KEY: with the key empty,
 * switching to it trades a missing table for "No application encryption key has been specified".
 * So the switch also generates the key, as `php artisan key:generate` would, when the key Laravel
 * uses is empty and so is `.env`'s (a key that a cached config hides is the user's: never replaced).
 * The key is generated at apply time only and never shown.
 */
export function cookieDriverKeyEdits(app: LaravelApp): FileEdit[] {
  if (!app.env || app.appKey.value) return [];
  if (envLookup(app.env.doc, 'APP_KEY')?.value) return [];
  const e = setEnvValue(app.env.doc, 'APP_KEY', GENERATED_PLACEHOLDER);
  const a = offsetAt(app.env.doc.text, e.range.start);
  const b = offsetAt(app.env.doc.text, e.range.end);
  const oldText = a === undefined || b === undefined ? undefined : app.env.doc.text.slice(a, b);
  return [{ file: app.env.path, range: e.range, newText: e.newText, oldText, generate: 'laravel-app-key' }];
}
