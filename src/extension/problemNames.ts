import * as vscode from 'vscode';
import { Problem } from '../core/model';

/**
 * A problem's name in a few words, for the status bar when it is the only one: "Session table
 * missing" says more than "1 problem". The full message is in the tooltip and the quick pick.
 */
export function problemName(p: Problem): string {
  // Every stack's missing table (`<stack>.sessionTableMissing`), and the run-time detector's.
  if (p.code.endsWith('.sessionTableMissing')) return vscode.l10n.t('Session table missing');
  // …and every stack's session table that lacks columns (`<stack>.sessionColumnsMissing`).
  if (p.code.endsWith('.sessionColumnsMissing')) return vscode.l10n.t('Session table column missing');
  switch (p.code) {
    case 'runtime.sessionTableElsewhere':
      return vscode.l10n.t('Process uses another database');
    case 'prisma.databaseFileMissing':
    case 'laravel.databaseFileMissing':
    case 'django.databaseFileMissing':
      return vscode.l10n.t('Database file missing');
    case 'runtime.sessionColumnMissing':
      return vscode.l10n.t('Session table column missing');
    case 'betterAuth.tablesMissing':
      return vscode.l10n.t('Better Auth tables missing');
    case 'betterAuth.columnsMissing':
      return vscode.l10n.t('Better Auth columns missing');
    case 'runtime.djangoUnapplied':
      return vscode.l10n.t('Sessions migration not applied');
    case 'prisma.migrationLockProviderMismatch':
      return vscode.l10n.t('Migrations for another database');
    case 'prisma.schemaInvalid':
      return vscode.l10n.t('Prisma schema unreadable');
    case 'laravel.configCached':
      return vscode.l10n.t('Laravel config cached');
    case 'laravel.envInvalid':
      return vscode.l10n.t('.env invalid');
    case 'laravel.envLinesIgnored':
      return vscode.l10n.t('.env partly ignored');
    case 'laravel.envMissing':
      return vscode.l10n.t('.env missing');
    case 'laravel.appKeyMissing':
      return vscode.l10n.t('APP_KEY empty');
    case 'laravel.invalidDriver':
      return vscode.l10n.t('Unknown SESSION_DRIVER');
    default:
      return vscode.l10n.t('Sessions: 1 problem');
  }
}
